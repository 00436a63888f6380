import type { MigrationInterface, QueryRunner } from 'typeorm';

// Documents' approvals and review dates (A7.2, A14.6, A22.2, A27). Versions stored before get the
// review date a year after they took effect, and no approval: their owners are asked to approve them.
export class DocumentApprovalAndReview1796211045032 implements MigrationInterface {
  name = 'DocumentApprovalAndReview1796211045032';

  async up(q: QueryRunner): Promise<void> {
    await q.query("ALTER TABLE \"configuration_document_version\" ADD \"reviewOn\" date");
    await q.query(
      "UPDATE \"configuration_document_version\" SET \"reviewOn\" = (\"effectiveOn\" + interval '1 year')::date",
    );
    await q.query("ALTER TABLE \"configuration_document_version\" ALTER COLUMN \"reviewOn\" SET NOT NULL");
    await q.query("ALTER TABLE \"configuration_document_version\" ADD \"approvedAt\" TIMESTAMP(3) WITH TIME ZONE");
    await q.query("ALTER TABLE \"configuration_document_version\" ADD \"approvedById\" uuid");
    await q.query("ALTER TABLE \"configuration_document_version\" ADD CONSTRAINT \"configuration_document_version_approved_by_fk\" FOREIGN KEY (\"approvedById\") REFERENCES \"staff\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("ALTER TABLE \"configuration_document_version\" DROP CONSTRAINT \"configuration_document_version_approved_by_fk\"");
    await q.query("ALTER TABLE \"configuration_document_version\" DROP COLUMN \"approvedById\"");
    await q.query("ALTER TABLE \"configuration_document_version\" DROP COLUMN \"approvedAt\"");
    await q.query("ALTER TABLE \"configuration_document_version\" DROP COLUMN \"reviewOn\"");
  }
}
