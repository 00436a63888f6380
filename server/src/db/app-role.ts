// The application does not run as the database owner: after migrations, the owner creates a login
// role for the application with only the rights it needs. It cannot alter or remove audit-trail
// entries (no UPDATE/DELETE/TRUNCATE on audit_entry), nor switch triggers off (not superuser, not
// owner), so the append-only trigger and the grants hold whatever the application does.
import { createHmac } from 'node:crypto';
import pg from 'pg';
import { JOB_SCHEMA } from '../jobs/job-queue.js';

export interface AppRole {
  url: string;
  role: string;
}

/**
 * Creates or refreshes the application's role for the database behind ownerUrl and returns a URL
 * that logs in as it; null when the owner may not create roles (then the owner's URL is used and
 * only the trigger protects the audit trail: the caller logs a warning).
 */
export async function ensureAppRole(
  ownerUrl: string,
  hmacKey: Buffer,
  statementTimeoutMs: number,
): Promise<AppRole | null> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const [{ db, can }] = (
      await client.query(
        `SELECT current_database() AS db, (rolsuper OR rolcreaterole) AS can FROM pg_roles WHERE rolname = current_user`,
      )
    ).rows;
    if (!can) return null;
    const role = `${db}_app`.slice(0, 63);
    const password = createHmac('sha256', hmacKey).update(`database role ${role}`).digest('base64url');
    const ident = pg.escapeIdentifier(role);
    const lit = pg.escapeLiteral(password);
    const { rowCount } = await client.query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [role]);
    await client.query(
      rowCount
        ? `ALTER ROLE ${ident} LOGIN PASSWORD ${lit} NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS`
        : `CREATE ROLE ${ident} LOGIN PASSWORD ${lit} NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS`,
    );
    await client.query(`ALTER ROLE ${ident} SET statement_timeout = ${Math.round(statementTimeoutMs)}`);
    await client.query(`GRANT CONNECT ON DATABASE ${pg.escapeIdentifier(db)} TO ${ident}`);
    await client.query(`GRANT USAGE ON SCHEMA public TO ${ident}`);
    await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${ident}`);
    await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${ident}`);
    // History is append-only; the migration ledger belongs to the owner.
    await client.query(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_entry FROM ${ident}`);
    // The entry/exit register (A12.3) is a record too: what a tablet stored stays as stored.
    await client.query(`REVOKE UPDATE, DELETE, TRUNCATE ON access_event FROM ${ident}`);
    // The operation history (A20.2) is kept 7 years as received: the table and each month's partition
    // (the grant above reached the partitions made since the last start).
    const { rows: oplogTables } = await client.query<{ t: string }>(
      `SELECT c.oid::regclass::text AS t FROM pg_class c
        WHERE c.oid = to_regclass('operation_record')
           OR c.oid IN (SELECT inhrelid FROM pg_inherits WHERE inhparent = to_regclass('operation_record'))`,
    );
    for (const { t } of oplogTables) await client.query(`REVOKE UPDATE, DELETE, TRUNCATE ON ${t} FROM ${ident}`);
    // the history's per-operator, per-day summary moves with the records only: the ingest adds to it
    // (INSERT, UPDATE), the archiving function (the owner) removes an archived month's days
    await client.query(`REVOKE DELETE, TRUNCATE ON operation_day FROM ${ident}`);
    // a legal hold and an archived month stay on record (a hold is lifted, never deleted)
    await client.query(`REVOKE DELETE, TRUNCATE ON oplog_legal_hold, oplog_archive FROM ${ident}`);
    // Chain heads move only through the owner's trigger; the app may lock a head row (the no-op
    // UPDATE of "stream" in ON CONFLICT) but not change its seq or hash, nor delete it.
    await client.query(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_stream_head FROM ${ident}`);
    await client.query(`GRANT UPDATE (stream) ON audit_stream_head TO ${ident}`);
    await client.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON typeorm_migrations FROM ${ident}`);
    await grantJobQueue(client, role);
    const u = new URL(ownerUrl);
    u.username = encodeURIComponent(role);
    u.password = encodeURIComponent(password);
    return { url: u.toString(), role };
  } finally {
    await client.end();
  }
}

/**
 * The durable job queue (jobs/job-queue.ts) runs as the application's role on graphile-worker's
 * schema, which the owner installed. Its tables have row-level security switched on and no policy
 * (only their owner sees rows), so the role gets one policy per table that lets it use every row;
 * graphile-worker's migration ledger stays the owner's. Run on every start: an upgrade of
 * graphile-worker may add tables. Nothing to do where the schema is not installed.
 */
async function grantJobQueue(client: pg.Client, role: string): Promise<void> {
  const { rowCount } = await client.query(`SELECT 1 FROM pg_namespace WHERE nspname = $1`, [JOB_SCHEMA]);
  if (!rowCount) return;
  const ident = pg.escapeIdentifier(role);
  const schema = pg.escapeIdentifier(JOB_SCHEMA);
  await client.query(`GRANT USAGE ON SCHEMA ${schema} TO ${ident}`);
  await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${ident}`);
  await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${schema} TO ${ident}`);
  await client.query(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${schema} TO ${ident}`);
  await client.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ${schema}.migrations FROM ${ident}`);
  const { rows } = await client.query<{ relname: string }>(
    `SELECT c.relname FROM pg_class c
      WHERE c.relnamespace = $1::regnamespace AND c.relkind = 'r' AND c.relrowsecurity
        AND NOT EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid AND p.polname = $2)`,
    [JOB_SCHEMA, role],
  );
  for (const { relname } of rows) {
    try {
      await client.query(
        `CREATE POLICY ${ident} ON ${schema}.${pg.escapeIdentifier(relname)} TO ${ident} USING (true) WITH CHECK (true)`,
      );
    } catch (e) {
      // another server process starting at the same moment made it
      if ((e as { code?: string }).code !== '42710') throw e;
    }
  }
}
