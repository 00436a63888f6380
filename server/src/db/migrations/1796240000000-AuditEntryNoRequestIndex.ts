import type { MigrationInterface, QueryRunner } from 'typeorm';

// Written by hand. audit_entry_request ("requestId") was made for the refused-mutation plugin's
// "is this request audited yet?" (AuditIntegrity1795665792926); since hardening §3 that question is
// answered in memory (RequestAudits), and nothing else reads entries by request id (the auditors'
// list filters by actor, target, action and time). Every audit INSERT still paid for it: about a
// seventh of the database's time for a transfer round's 3,000 entries (bench/cards.profile.ts).
export class AuditEntryNoRequestIndex1796240000000 implements MigrationInterface {
  name = 'AuditEntryNoRequestIndex1796240000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX "public"."audit_entry_request"');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX "audit_entry_request" ON "audit_entry" ("requestId") ');
  }
}
