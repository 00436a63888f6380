import type { MigrationInterface, QueryRunner } from 'typeorm';

// A20.2, the retention step: legal holds and the archived months (generated from the entities),
// and by hand the function that detaches and drops a month's partition as the table's owner (the
// application's role owns no table). It checks the age and the holds itself, so nothing running
// on the application's role can drop a month younger than 7 years or under a hold, and it counts
// the partition's rows after the detach's lock against what the caller exported.
export class OplogArchive1796210027991 implements MigrationInterface {
  name = 'OplogArchive1796210027991';

  async up(q: QueryRunner): Promise<void> {
    await q.query("CREATE TABLE \"oplog_legal_hold\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"reason\" character varying(1000) NOT NULL, \"from\" TIMESTAMP WITH TIME ZONE, \"to\" TIMESTAMP WITH TIME ZONE, \"setById\" uuid NOT NULL, \"setAt\" TIMESTAMP WITH TIME ZONE NOT NULL, \"liftedById\" uuid, \"liftedAt\" TIMESTAMP WITH TIME ZONE, \"liftReason\" character varying(1000), CONSTRAINT \"oplog_legal_hold_lifted\" CHECK ((\"liftedAt\" IS NULL) = (\"liftedById\" IS NULL) AND (\"liftedAt\" IS NULL) = (\"liftReason\" IS NULL)), CONSTRAINT \"oplog_legal_hold_reason\" CHECK (length(btrim(\"reason\")) > 0), CONSTRAINT \"oplog_legal_hold_period\" CHECK (\"from\" IS NULL OR \"to\" IS NULL OR \"from\" < \"to\"), CONSTRAINT \"PK_45769ea0412a55a6c3d27291de0\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE INDEX \"oplog_legal_hold_in_force\" ON \"oplog_legal_hold\"  (\"setAt\") WHERE \"liftedAt\" IS NULL");
    await q.query("CREATE TABLE \"oplog_archive\" (\"month\" character(7) NOT NULL, \"file\" character varying(200) NOT NULL, \"sha256\" character(64) NOT NULL, \"rows\" bigint NOT NULL, \"bytes\" bigint NOT NULL, \"archivedById\" uuid NOT NULL, \"archivedAt\" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT \"oplog_archive_sha256\" CHECK (\"sha256\" ~ '^[0-9a-f]{64}$'), CONSTRAINT \"oplog_archive_month\" CHECK (\"month\" ~ '^2[0-9]{3}-(0[1-9]|1[0-2])$'), CONSTRAINT \"PK_79f53552916dc548bb04078ddbf\" PRIMARY KEY (\"month\"))");
    await q.query("ALTER TABLE \"oplog_legal_hold\" ADD CONSTRAINT \"oplog_legal_hold_set_by_fk\" FOREIGN KEY (\"setById\") REFERENCES \"staff\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"oplog_legal_hold\" ADD CONSTRAINT \"oplog_legal_hold_lifted_by_fk\" FOREIGN KEY (\"liftedById\") REFERENCES \"staff\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"oplog_archive\" ADD CONSTRAINT \"oplog_archive_archived_by_fk\" FOREIGN KEY (\"archivedById\") REFERENCES \"staff\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await q.query(`CREATE FUNCTION oplog_archive_partition(p_month date, p_rows bigint) RETURNS bigint
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        m date := date_trunc('month', p_month)::date;
        part text := 'operation_record_' || to_char(m, 'YYYY_MM');
        lower timestamptz := m::timestamp AT TIME ZONE 'Asia/Tokyo';
        upper timestamptz := (m + interval '1 month')::timestamp AT TIME ZONE 'Asia/Tokyo';
        n bigint;
      BEGIN
        IF to_regclass(part) IS NULL OR NOT EXISTS (
          SELECT 1 FROM pg_inherits WHERE inhrelid = to_regclass(part) AND inhparent = 'operation_record'::regclass) THEN
          RAISE EXCEPTION 'no operation-record partition for %', to_char(m, 'YYYY-MM') USING ERRCODE = 'OL004';
        END IF;
        IF upper > now() - interval '7 years' THEN
          RAISE EXCEPTION 'operation records of % are kept 7 years (A20.2)', to_char(m, 'YYYY-MM') USING ERRCODE = 'OL001';
        END IF;
        -- the holds are read after the partition's lock: a hold set meanwhile is seen
        EXECUTE format('ALTER TABLE operation_record DETACH PARTITION %I', part);
        IF EXISTS (SELECT 1 FROM oplog_legal_hold h WHERE h."liftedAt" IS NULL
                     AND (h."from" IS NULL OR h."from" < upper) AND (h."to" IS NULL OR h."to" > lower)) THEN
          RAISE EXCEPTION 'operation records of % are under a legal hold', to_char(m, 'YYYY-MM') USING ERRCODE = 'OL002';
        END IF;
        EXECUTE format('SELECT count(*) FROM %I', part) INTO n;
        IF n <> p_rows THEN
          RAISE EXCEPTION 'the partition of % has % rows, % were exported', to_char(m, 'YYYY-MM'), n, p_rows
            USING ERRCODE = 'OL003';
        END IF;
        EXECUTE format('DROP TABLE %I', part);
        RETURN n;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION oplog_archive_partition(date, bigint)`);
    await q.query("ALTER TABLE \"oplog_archive\" DROP CONSTRAINT \"oplog_archive_archived_by_fk\"");
    await q.query("ALTER TABLE \"oplog_legal_hold\" DROP CONSTRAINT \"oplog_legal_hold_lifted_by_fk\"");
    await q.query("ALTER TABLE \"oplog_legal_hold\" DROP CONSTRAINT \"oplog_legal_hold_set_by_fk\"");
    await q.query("DROP TABLE \"oplog_archive\"");
    await q.query("DROP INDEX \"public\".\"oplog_legal_hold_in_force\"");
    await q.query("DROP TABLE \"oplog_legal_hold\"");
  }
}
