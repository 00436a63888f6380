import type { MigrationInterface, QueryRunner } from 'typeorm';

// By hand: every change to the tables that decide who a caller is and what they may do tells the
// servers at once (NOTIFY jukinet_identity), so the in-memory principal cache of every server
// process drops its entries (server/src/modules/identity/principal-cache.ts). Statement triggers:
// one notification per statement, deduplicated by PostgreSQL within a transaction, sent on commit.
// A session's idle clock and a token's last use change on every minute of use and decide nothing
// the cache keeps (it checks them itself): updates that change only those do not notify.
const TOUCHED = { staff_session: 'lastSeenAt', api_token: 'lastUsedAt' };
const TABLES = [
  'staff',
  'staff_credential',
  'role_assignment',
  'acting_assignment',
  'app_role_grant',
];

export class IdentityChangeNotify1796174795890 implements MigrationInterface {
  name = 'IdentityChangeNotify1796174795890';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION identity_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('jukinet_identity', '');
        RETURN NULL;
      END $$`);
    for (const t of TABLES) {
      await q.query(`CREATE TRIGGER identity_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "${t}"
        FOR EACH STATEMENT EXECUTE FUNCTION identity_changed()`);
    }
    for (const [t, column] of Object.entries(TOUCHED)) {
      await q.query(`CREATE TRIGGER identity_changed AFTER INSERT OR DELETE OR TRUNCATE ON "${t}"
        FOR EACH STATEMENT EXECUTE FUNCTION identity_changed()`);
      await q.query(`CREATE TRIGGER identity_changed_row AFTER UPDATE ON "${t}" FOR EACH ROW
        WHEN ((to_jsonb(OLD) - '${column}') IS DISTINCT FROM (to_jsonb(NEW) - '${column}'))
        EXECUTE FUNCTION identity_changed()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of Object.keys(TOUCHED)) await q.query(`DROP TRIGGER identity_changed_row ON "${t}"`);
    for (const t of [...TABLES, ...Object.keys(TOUCHED)]) await q.query(`DROP TRIGGER identity_changed ON "${t}"`);
    await q.query('DROP FUNCTION identity_changed()');
  }
}
