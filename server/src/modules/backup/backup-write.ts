// npm run backup, and the nightly job: one consistent copy of the database and the secrets.
//
// Why a logical backup through COPY, not pg_backup_start/stop with the WAL: the embedded
// PostgreSQL package ships no pg_dump (nor pg_basebackup), and Debian's pg_dump 15 refuses an 18
// server; a physical copy would also bind the restore to the same major version and platform and
// needs the WAL archived beside it. COPY inside one REPEATABLE READ, READ ONLY transaction sees one
// snapshot of every table (as pg_dump does), runs as the application's own role (it may read every
// table), and its text format restores into PostgreSQL 15 to 18 alike. The schema is not copied: the
// restore builds it from the migrations the backup names, then loads the rows.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { BackupWriter } from './backup-file.js';
import { dependencyOrder, readSchema } from './backup-schema.js';

export const BACKUP_SUFFIX = '.jkbackup';

export interface TableManifest {
  table: string;
  rows: number;
  sha256: string;
}

export interface BackupManifest {
  kind: 'manifest';
  createdAt: string;
  migrations: string[];
  tables: TableManifest[];
  secrets: { file: string; sha256: string }[];
}

export interface BackupResult {
  file: string;
  /** SHA-256 of the whole file, also written beside it as <file>.sha256 (sha256sum -c) */
  sha256: string;
  manifest: BackupManifest;
}

export interface BackupOptions {
  /** any role that may read every table of the public schema (the owner, or the application's role) */
  databaseUrl: string;
  secretsDir: string;
  /** the folder the file goes to (made if missing) */
  dir: string;
  passphrase: string;
  now?: Date;
}

export const MIN_PASSPHRASE = 12;

/** Writes <dir>/jukinet-<time>.jkbackup and its .sha256; the file appears only once complete. */
export async function writeBackup(opts: BackupOptions): Promise<BackupResult> {
  if (opts.passphrase.length < MIN_PASSPHRASE) {
    throw new Error(`the backup passphrase must be at least ${MIN_PASSPHRASE} characters`);
  }
  const now = opts.now ?? new Date();
  await mkdir(opts.dir, { recursive: true, mode: 0o700 });
  const name = `jukinet-${now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, 'Z')}${BACKUP_SUFFIX}`;
  const file = path.join(opts.dir, name);
  if (existsSync(file)) throw new Error(`${file} exists already`);
  const partial = `${file}.partial`;
  await rm(partial, { force: true });
  const secrets = await readSecrets(opts.secretsDir);
  const client = new pg.Client({ connectionString: opts.databaseUrl, application_name: 'jukinet-backup' });
  await client.connect();
  const out = await BackupWriter.create(partial, opts.passphrase, now);
  try {
    // One snapshot for every table. DEFERRABLE only matters under SERIALIZABLE; the application
    // takes no SERIALIZABLE transactions, so REPEATABLE READ gives the same consistent view.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    await client.query('SET LOCAL statement_timeout = 0');
    const schema = await readSchema(client);
    const tables = dependencyOrder(schema);
    const migrations = (
      await client.query<{ name: string }>('SELECT name FROM typeorm_migrations ORDER BY "timestamp", id')
    ).rows.map((r) => r.name);
    await out.json({
      kind: 'backup',
      format: 1,
      createdAt: now.toISOString(),
      migrations,
      tables: tables.map((t) => t.name),
    });
    await out.json({
      kind: 'secrets',
      files: secrets.map((s) => ({ file: s.file, content: s.content.toString('base64') })),
    });
    const manifest: BackupManifest = {
      kind: 'manifest',
      createdAt: now.toISOString(),
      migrations,
      tables: [],
      secrets: secrets.map((s) => ({ file: s.file, sha256: sha256(s.content) })),
    };
    for (const t of tables) {
      await out.json({ kind: 'table', table: t.name, columns: t.columns, partitions: t.partitions });
      const hash = createHash('sha256');
      let rows = 0;
      const cols = t.columns.map((c) => pg.escapeIdentifier(c)).join(', ');
      // a partitioned table is copied through its parent (COPY refuses the parent itself)
      const source = client.query(
        copyTo(
          t.partitions
            ? `COPY (SELECT ${cols} FROM ${pg.escapeIdentifier(t.name)}) TO STDOUT`
            : `COPY ${pg.escapeIdentifier(t.name)} (${cols}) TO STDOUT`,
        ),
      );
      await pipeline(
        source,
        new Writable({
          write(chunk: Buffer, _enc, done) {
            hash.update(chunk);
            // COPY's text format escapes newlines inside values: one newline ends one row
            for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) rows++;
            out.data(chunk).then(() => done(), done);
          },
        }),
      );
      const entry = { table: t.name, rows, sha256: hash.digest('hex') };
      manifest.tables.push(entry);
      await out.json({ kind: 'tableEnd', ...entry });
    }
    const sequences = [];
    for (const s of schema.sequences) {
      const { rows } = await client.query<{ last_value: string; is_called: boolean }>(
        `SELECT last_value, is_called FROM ${pg.escapeIdentifier(s)}`,
      );
      sequences.push({ sequence: s, lastValue: rows[0].last_value, isCalled: rows[0].is_called });
    }
    await out.json({ kind: 'sequences', sequences });
    await out.json(manifest);
    await client.query('COMMIT');
    const digest = await out.close();
    await rename(partial, file);
    await writeFile(`${file}.sha256`, `${digest}  ${name}\n`, { mode: 0o600 });
    return { file, sha256: digest, manifest };
  } catch (e) {
    await out.abort();
    await rm(partial, { force: true });
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    await client.end();
  }
}

/** Keeps the newest `keep` backups in dir (by the time in their names) and removes the rest. */
export async function pruneBackups(dir: string, keep: number): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const files = (await readdir(dir)).filter((f) => /^jukinet-\d{8}T\d{6}Z\.jkbackup$/.test(f)).sort();
  const old = files.slice(0, Math.max(0, files.length - keep));
  for (const f of old) {
    await rm(path.join(dir, f), { force: true });
    await rm(path.join(dir, `${f}.sha256`), { force: true });
  }
  return old;
}

async function readSecrets(dir: string): Promise<{ file: string; content: Buffer }[]> {
  if (!existsSync(dir)) throw new Error(`no secrets in ${dir}: set SECRETS_DIR to the server's secrets`);
  const out = [];
  for (const file of (await readdir(dir)).sort()) {
    const full = path.join(dir, file);
    if ((await stat(full)).isFile()) out.push({ file, content: await readFile(full) });
  }
  if (!out.some((s) => s.file === 'audit-chain.key')) {
    throw new Error(`no audit chain key in ${dir}: set SECRETS_DIR to the server's secrets`);
  }
  return out;
}

export const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
