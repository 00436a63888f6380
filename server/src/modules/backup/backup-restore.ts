// npm run restore -- <file>: a backup into an empty database (or the embedded PostgreSQL of an
// empty DATA_DIR), as the database owner.
//
// 1. The schema comes from the migrations the backup names (the code must know them all).
// 2. In one transaction: user triggers off on the tables being loaded, the rows COPYed in in
//    dependency order (foreign keys are still checked), the sequences set, the triggers on again.
//    Switching the triggers off is what keeps the audit trail as it was: the trigger that moves a
//    chain head would refuse the stored heads (they are loaded as they were), and a trigger that
//    stamps an entry would restamp it. UPDATE/DELETE/TRUNCATE triggers never fire (only inserts).
//    Any damage, a wrong row count or hash, or a wrong passphrase rolls everything back.
// 3. Migrations newer than the backup run; the secrets are written to SECRETS_DIR; the audit
//    chains are verified with the restored key.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createDataSource } from '../../db/data-source.js';
import { migrations } from '../../db/migrations/index.js';
import { installJobSchema } from '../../jobs/job-queue.js';
import { verifyAuditTrail } from '../audit-trail/index.js';
import { BackupFileError, readBackup, type BackupRecord, type JsonRecord } from './backup-file.js';
import type { BackupManifest, TableManifest } from './backup-write.js';

export interface RestoreOptions {
  file: string;
  passphrase: string;
  /** the owner of the (empty) database to restore into */
  databaseUrl: string;
  /** where the backup's secrets go (empty, or holding the very same files) */
  secretsDir: string;
  log?: (line: string) => void;
}

export interface RestoreResult {
  createdAt: string;
  tables: TableManifest[];
  audit: { ok: boolean; entriesChecked: number; problems: number };
}

/** A backup's xids above the new server's by more than this are not caught up (see advanceXids). */
const MAX_XID_CATCH_UP = 20_000_000;

export async function restoreBackup(opts: RestoreOptions): Promise<RestoreResult> {
  const log = opts.log ?? (() => undefined);
  const records = readBackup(opts.file, opts.passphrase);
  const next = async (): Promise<BackupRecord> => {
    const r = await records.next();
    if (r.done) throw new BackupFileError('the backup ends too early');
    return r.value;
  };
  const json = async (kind: string): Promise<JsonRecord> => {
    const r = await next();
    if (r.type !== 'json' || r.value.kind !== kind) throw new BackupFileError(`expected ${kind} in the backup`);
    return r.value;
  };
  try {
    const head = (await json('backup')) as unknown as { createdAt: string; migrations: string[]; tables: string[] };
    const secrets = ((await json('secrets')) as unknown as { files: { file: string; content: string }[] }).files.map(
      (s) => ({ file: s.file, content: Buffer.from(s.content, 'base64') }),
    );
    const known = migrations.map((m) => ({ m, name: new m().name ?? m.name }));
    const unknown = head.migrations.filter((n) => !known.some((k) => k.name === n));
    if (unknown.length) {
      throw new Error(
        `the backup was made by a newer version (migrations ${unknown.join(', ')}): restore it with that version`,
      );
    }
    await checkSecretsDir(opts.secretsDir, secrets);
    await checkEmpty(opts.databaseUrl);

    log(`backup of ${head.createdAt}: building the schema (${head.migrations.length} migrations)`);
    const asOfBackup = createDataSource({
      url: opts.databaseUrl,
      migrations: known.filter((k) => head.migrations.includes(k.name)).map((k) => k.m),
    });
    await asOfBackup.initialize();
    try {
      await asOfBackup.runMigrations({ transaction: 'each' });
    } finally {
      await asOfBackup.destroy();
    }

    const tables = await loadRows(opts.databaseUrl, head.tables, next, log);

    log('migrations newer than the backup, the job queue, the secrets');
    const ds = createDataSource({ url: opts.databaseUrl });
    await ds.initialize();
    try {
      await ds.runMigrations({ transaction: 'each' });
      await installJobSchema(opts.databaseUrl, {
        error: () => undefined,
        warn: () => undefined,
        debug: () => undefined,
      });
      await writeSecrets(opts.secretsDir, secrets);
      const chainKey = secrets.find((s) => s.file === 'audit-chain.key');
      const report = await verifyAuditTrail(ds, {
        chainKey: Buffer.from((chainKey?.content ?? Buffer.alloc(0)).toString('utf8').trim(), 'base64'),
      });
      return {
        createdAt: head.createdAt,
        tables,
        audit: { ok: report.ok, entriesChecked: report.entriesChecked, problems: report.problems.length },
      };
    } finally {
      await ds.destroy();
    }
  } finally {
    await records.return(undefined);
  }
}

/** A range partition's bound as pg_get_expr writes it: nothing else reaches the SQL. */
const PARTITION_BOUND = /^FOR VALUES FROM \('[0-9 :+.-]+'\) TO \('[0-9 :+.-]+'\)$/;

async function loadRows(
  url: string,
  tables: string[],
  next: () => Promise<BackupRecord>,
  log: (line: string) => void,
): Promise<TableManifest[]> {
  const client = new pg.Client({ connectionString: url, application_name: 'jukinet-restore' });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL statement_timeout = 0');
    for (const t of tables) await client.query(`ALTER TABLE ${pg.escapeIdentifier(t)} DISABLE TRIGGER USER`);
    const loaded: TableManifest[] = [];
    for (;;) {
      const r = await next();
      if (r.type !== 'json') throw new BackupFileError('table data outside a table');
      const rec = r.value;
      if (rec.kind === 'table') {
        const table = rec.table as string;
        if (!tables.includes(table)) throw new BackupFileError(`table ${table} is not in the backup's list`);
        const cols = (rec.columns as string[]).map((c) => pg.escapeIdentifier(c)).join(', ');
        for (const p of (rec.partitions ?? []) as { name: string; bound: string }[]) {
          // the months of a partitioned table (operation_record) the migrations did not make
          if (!PARTITION_BOUND.test(p.bound)) throw new BackupFileError(`partition ${p.name}: unexpected bound`);
          await client.query(
            `CREATE TABLE IF NOT EXISTS ${pg.escapeIdentifier(p.name)} PARTITION OF ${pg.escapeIdentifier(table)} ${p.bound}`,
          );
        }
        // rows a migration put in (operation_type's seed) are in the backup as they were then
        await client.query(`DELETE FROM ${pg.escapeIdentifier(table)}`);
        const hash = createHash('sha256');
        let end: JsonRecord | undefined;
        const chunks = async function* () {
          for (;;) {
            const d = await next();
            if (d.type === 'json') {
              end = d.value;
              return;
            }
            hash.update(d.value);
            yield d.value;
          }
        };
        const sink = client.query(copyFrom(`COPY ${pg.escapeIdentifier(table)} (${cols}) FROM STDIN`));
        await pipeline(Readable.from(chunks()), sink);
        const rows = sink.rowCount;
        const sha256 = hash.digest('hex');
        if (end?.kind !== 'tableEnd' || end.table !== table || end.rows !== rows || end.sha256 !== sha256) {
          throw new BackupFileError(`table ${table} does not match the backup's manifest`);
        }
        loaded.push({ table, rows, sha256 });
        log(`${table}: ${rows} rows`);
      } else if (rec.kind === 'sequences') {
        for (const s of rec.sequences as { sequence: string; lastValue: string; isCalled: boolean }[]) {
          await client.query('SELECT setval($1::regclass, $2::bigint, $3)', [
            pg.escapeIdentifier(s.sequence),
            s.lastValue,
            s.isCalled,
          ]);
        }
      } else if (rec.kind === 'manifest') {
        const m = rec as unknown as BackupManifest;
        const same =
          m.tables.length === loaded.length &&
          m.tables.every(
            (t, i) => t.table === loaded[i].table && t.rows === loaded[i].rows && t.sha256 === loaded[i].sha256,
          );
        if (!same) throw new BackupFileError('the tables restored differ from the backup manifest');
        break;
      } else {
        throw new BackupFileError(`unexpected ${rec.kind} in the backup`);
      }
    }
    for (const t of tables) await client.query(`ALTER TABLE ${pg.escapeIdentifier(t)} ENABLE TRIGGER USER`);
    await client.query('COMMIT');
    await advanceXids(client, log);
    return loaded;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    await client.end();
  }
}

/**
 * Audit entries carry the id of the transaction that wrote them (txid); incremental pulls page by
 * it and skip what is not yet visible. A new server (an empty data directory) counts transaction
 * ids from the start, so its next entries would sort before the restored ones and a client pulling
 * from where it stopped would never see them. The counter is moved past the restored ids by using
 * up ids in subtransactions (a few seconds per million).
 */
async function advanceXids(client: pg.Client, log: (line: string) => void): Promise<void> {
  const { rows } = await client.query<{ restored: string | null; next: string }>(
    `SELECT (SELECT max(txid) FROM audit_entry)::text AS restored,
            pg_snapshot_xmax(pg_current_snapshot())::text AS next`,
  );
  if (rows[0].restored === null) return;
  const gap = Number(BigInt(rows[0].restored) - BigInt(rows[0].next)) + 1;
  if (gap <= 0) return;
  if (gap > MAX_XID_CATCH_UP) {
    log(
      `warning: this server's transaction ids are ${gap} behind the backup's; new audit entries will sort before ` +
        'the restored ones in incremental pulls (move the epoch on with pg_resetwal -e before restoring)',
    );
    return;
  }
  log(`moving the transaction counter on by ${gap} (past the restored audit entries)`);
  await client.query('SET statement_timeout = 0');
  await client.query(`DO $$ BEGIN
      CREATE TEMP TABLE jukinet_restore_xids (x int) ON COMMIT DROP;
      FOR i IN 1..${gap} LOOP
        BEGIN
          INSERT INTO jukinet_restore_xids VALUES (1);
          RAISE EXCEPTION USING ERRCODE = 'P0001';
        EXCEPTION WHEN raise_exception THEN NULL;
        END;
      END LOOP;
    END $$`);
}

/** No rows in any table: a new database, or one whose earlier restore was rolled back. */
async function checkEmpty(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      `SELECT relname AS name FROM pg_class
        WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p') AND relname <> 'typeorm_migrations'`,
    );
    for (const { name } of rows) {
      const r = await client.query(`SELECT 1 FROM ${pg.escapeIdentifier(name)} LIMIT 1`);
      if (r.rowCount) throw new Error(`the database is not empty (table ${name} has rows): restore into a new one`);
    }
  } finally {
    await client.end();
  }
}

async function checkSecretsDir(dir: string, secrets: { file: string; content: Buffer }[]): Promise<void> {
  for (const s of secrets) {
    const file = path.join(dir, s.file);
    if (existsSync(file) && !(await readFile(file)).equals(s.content)) {
      throw new Error(`${file} holds another key than the backup's: restore into an empty SECRETS_DIR`);
    }
  }
}

async function writeSecrets(dir: string, secrets: { file: string; content: Buffer }[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  await chmod(dir, 0o700);
  for (const s of secrets) {
    const file = path.join(dir, s.file);
    if (!existsSync(file)) await writeFile(file, s.content, { mode: 0o600 });
  }
}

/** Reads the whole file (every chunk's tag) and checks each table against the manifest; restores nothing. */
export async function checkBackup(file: string, passphrase: string): Promise<BackupManifest> {
  const seen: TableManifest[] = [];
  let table: { name: string; hash: ReturnType<typeof createHash>; rows: number } | undefined;
  for await (const r of readBackup(file, passphrase)) {
    if (r.type === 'data') {
      if (!table) throw new BackupFileError('table data outside a table');
      table.hash.update(r.value);
      for (let i = r.value.indexOf(10); i !== -1; i = r.value.indexOf(10, i + 1)) table.rows++;
      continue;
    }
    const rec = r.value;
    if (rec.kind === 'table') table = { name: rec.table as string, hash: createHash('sha256'), rows: 0 };
    if (rec.kind === 'tableEnd') {
      const got = { table: table!.name, rows: table!.rows, sha256: table!.hash.digest('hex') };
      if (rec.table !== got.table || rec.rows !== got.rows || rec.sha256 !== got.sha256) {
        throw new BackupFileError(`table ${got.table} does not match the backup's manifest`);
      }
      seen.push(got);
      table = undefined;
    }
    if (rec.kind === 'manifest') {
      const m = rec as unknown as BackupManifest;
      if (m.tables.length !== seen.length || m.tables.some((t, i) => t.sha256 !== seen[i].sha256)) {
        throw new BackupFileError('the tables in the file differ from the backup manifest');
      }
      return m;
    }
  }
  throw new BackupFileError('the backup has no manifest');
}
