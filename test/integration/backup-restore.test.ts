// Deployment §2: a backup of a populated instance restores elsewhere with the same rows, the audit
// chains verifying, sign-in and the door tablets' credentials working (server/src/modules/backup).
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createApp, type App } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/config.js';
import { ensureAppRole } from '../../server/src/db/app-role.js';
import { createDataSource } from '../../server/src/db/data-source.js';
import { verifyAuditTrail } from '../../server/src/modules/audit-trail/index.js';
import { entryHash } from '../../server/src/modules/audit-trail/audit-hash.js';
import {
  BackupFileError,
  checkBackup,
  restoreBackup,
  writeBackup,
  type BackupResult,
} from '../../server/src/modules/backup/index.js';
import { loadOrCreateSecrets, type Secrets } from '../../server/src/shared/secrets.js';
import { DEMO_PASSWORD } from '../helpers/app.js';
import { admin } from '../helpers/database.js';
import { encryptPin, TEST_PIN } from '../helpers/door-pin.js';
import { OK_CHECKLIST, RECORD, useRegisterFixture } from '../helpers/door-tablet.js';
import { pairDevice } from '../helpers/factories.js';
import { gql, gqlBearer, signIn } from '../helpers/graphql.js';
import { DEMO } from '../helpers/people.js';

const PASSPHRASE = 'correct horse battery staple';
const START = new Date('2026-11-26T01:00:00Z');
const scratch = await mkdtemp(path.join(tmpdir(), 'jukinet-backup-test-'));
const BACKUP_DIR = path.join(scratch, 'backups');
const { f } = useRegisterFixture(START, {
  env: { BACKUP_PASSPHRASE: PASSPHRASE, BACKUP_DIR, BACKUP_KEEP: '2', JOBS_ENABLED: 'true' },
});

const urlOf = (name: string) => {
  const u = new URL(inject('pgAdminUrl'));
  u.pathname = `/${name}`;
  return u.toString();
};

async function rowCounts(url: string): Promise<Record<string, number>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ name: string }>(
      `SELECT relname AS name FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p') AND NOT relispartition
        AND relname <> 'typeorm_migrations' ORDER BY relname`,
    );
    const out: Record<string, number> = {};
    for (const { name } of rows) {
      out[name] = (await c.query(`SELECT count(*)::int AS n FROM ${pg.escapeIdentifier(name)}`)).rows[0].n as number;
    }
    return out;
  } finally {
    await c.end();
  }
}

async function sql<T extends pg.QueryResultRow>(url: string, text: string, values?: unknown[]): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(text, values)).rows;
  } finally {
    await c.end();
  }
}

/** The application on a restored database, as the server starts it (its own role, the restored secrets). */
async function startOn(
  url: string,
  secretsDir: string,
): Promise<{ app: App; secrets: Secrets; close(): Promise<void> }> {
  const secrets = await loadOrCreateSecrets(secretsDir);
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: url,
    RATE_LIMIT_SIGN_IN: '100000',
    JOBS_ENABLED: 'false',
  });
  const role = await ensureAppRole(url, secrets.hmacKey, config.statementTimeoutMs);
  const ds = createDataSource({ url: role!.url, installExtensions: false });
  await ds.initialize();
  const app = await createApp(config, ds, pino({ level: 'silent' }), secrets, () => f.clock);
  return {
    app,
    secrets,
    async close() {
      await app.close();
      await ds.destroy();
    },
  };
}

describe('Deployment §2 backup and restore', () => {
  const target = `jukinet_restore_${randomUUID().slice(0, 8)}`;
  const targetSecrets = path.join(scratch, 'restored-secrets');
  let credential = '';
  let deviceId = '';
  let deviceSeq = 0;
  let before: Record<string, number>;
  let backup: BackupResult;
  let bumpedTxid = 0n;

  beforeAll(async () => {
    // a populated instance: the demo office, a paired tablet, entries and exits, sign-ins
    const tablet = await pairDevice(f.t.app.http, f.manager, [f.rooms.R01], 'server-room door');
    credential = tablet.credential;
    deviceId = tablet.deviceId;
    for (const direction of ['ENTER', 'EXIT', 'ENTER', 'EXIT']) {
      const [r] = (await send(f.t.app, direction)).data!.recordAccessEvents.results;
      expect(r.outcome).toBe('ACCEPTED');
    }
    await signIn(f.t.app.http, DEMO.itStaff.staffNumber, DEMO_PASSWORD);
    // an entry written by a transaction the new server has not reached yet (a restore into a new
    // PostgreSQL counts transaction ids from the start)
    const su = await f.t.db.superuser();
    try {
      const [{ next }] = (await su.query(`SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS next`)).rows;
      bumpedTxid = BigInt(next) + 3000n;
      await su.query('ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_no_change');
      await su.query(`UPDATE audit_entry SET txid = $1 WHERE id = (SELECT max(id) FROM audit_entry)`, [
        bumpedTxid.toString(),
      ]);
      // txid is in the hash (version 2): seal the entry again, as the server would have written it
      const [row] = (
        await su.query(`SELECT *, txid::text AS txid FROM audit_entry WHERE id = (SELECT max(id) FROM audit_entry)`)
      ).rows;
      const hash = entryHash(f.t.secrets.auditChainKey, row.prevHash, row);
      await su.query(`UPDATE audit_entry SET hash = $2 WHERE id = $1`, [row.id, hash]);
      await su.query(`UPDATE audit_stream_head SET hash = $2 WHERE stream = $1`, [row.stream, hash]);
      await su.query('ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_no_change');
    } finally {
      await su.end();
    }
    // an operation record of a month the migrations do not make (A20): its partition comes back on restore
    await f.t.db.dataSource.query(`SELECT oplog_ensure_partition('2024-03-01')`);
    await f.t.db.dataSource.query(
      `INSERT INTO operation_record ("at", "sourceId", line, "terminalCode", "operatorId", "operationType", result)
       VALUES ('2024-03-15T01:00:00Z', 'backup-test', 2, 'T-1', 'OP1', 'INQUIRY', 'SUCCESS')`,
    );
    before = await rowCounts(f.t.db.url);
    backup = await writeBackup({
      databaseUrl: f.t.db.url,
      secretsDir: f.t.secretsDir,
      dir: BACKUP_DIR,
      passphrase: PASSPHRASE,
      now: START,
    });
    await admin((c) => c.query(`CREATE DATABASE ${pg.escapeIdentifier(target)}`));
  });

  afterAll(async () => {
    await admin(async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(target)} WITH (FORCE)`);
      await c.query(`DROP ROLE IF EXISTS ${pg.escapeIdentifier(`${target}_app`)}`);
    });
    await rm(scratch, { recursive: true, force: true });
  });

  const send = (app: App, direction: string) => {
    const event = {
      clientEventId: randomUUID(),
      deviceSeq: ++deviceSeq,
      direction,
      roomId: f.rooms.R01,
      purpose: 'サーバー保守',
      deviceTime: f.clock.toISOString(),
      staffId: f.idOf(DEMO.itStaff),
      ...(direction === 'EXIT' ? { checklist: OK_CHECKLIST } : {}),
    };
    return gqlBearer(app.http, credential, RECORD, {
      i: {
        deviceNow: f.clock.toISOString(),
        events: [{ ...event, pin: encryptPin(f.t.secrets.doorPinKey, TEST_PIN, deviceId, event) }],
      },
    });
  };

  it('§2: writes one encrypted file with a SHA-256 beside it and a manifest of every table', async () => {
    expect(path.dirname(backup.file)).toBe(BACKUP_DIR);
    expect(await readFile(`${backup.file}.sha256`, 'utf8')).toBe(`${backup.sha256}  ${path.basename(backup.file)}\n`);
    const bytes = await readFile(backup.file);
    // no row, name or key in the clear
    for (const plain of [DEMO.manager.staffNumber, 'サーバー保守', 'audit_entry']) {
      expect(bytes.includes(Buffer.from(plain))).toBe(false);
    }
    expect(Object.fromEntries(backup.manifest.tables.map((t) => [t.table, t.rows]))).toEqual(before);
    expect(backup.manifest.secrets.map((s) => s.file)).toContain('audit-chain.key');
    const checked = await checkBackup(backup.file, PASSPHRASE);
    expect(checked.tables).toEqual(backup.manifest.tables);
  });

  it('§2: a wrong passphrase, a changed byte or a file cut short restore nothing', async () => {
    const opts = { databaseUrl: urlOf(target), secretsDir: targetSecrets };
    await expect(restoreBackup({ ...opts, file: backup.file, passphrase: 'not the passphrase' })).rejects.toThrow(
      /wrong passphrase/,
    );
    const bytes = await readFile(backup.file);
    const changed = path.join(scratch, 'changed.jkbackup');
    const flipped = Buffer.from(bytes);
    flipped[bytes.length - 40] ^= 1;
    await writeFile(changed, flipped);
    await expect(restoreBackup({ ...opts, file: changed, passphrase: PASSPHRASE })).rejects.toThrow(BackupFileError);
    const cut = path.join(scratch, 'cut.jkbackup');
    await writeFile(cut, bytes.subarray(0, bytes.length - 100));
    await expect(restoreBackup({ ...opts, file: cut, passphrase: PASSPHRASE })).rejects.toThrow(BackupFileError);
    // the failed loads were rolled back: every table is still empty, and no secret was written
    expect(Object.values(await rowCounts(urlOf(target))).every((n) => n === 0)).toBe(true);
    expect(existsSync(path.join(targetSecrets, 'audit-chain.key'))).toBe(false);
  });

  it('§2: refuses a database that has rows', async () => {
    await expect(
      restoreBackup({
        file: backup.file,
        passphrase: PASSPHRASE,
        databaseUrl: f.t.db.url,
        secretsDir: path.join(scratch, 'elsewhere'),
      }),
    ).rejects.toThrow(/not empty/);
  });

  it('§2: restores into a new database: same rows, audit chains verify, sign-in and the tablet work', async () => {
    const result = await restoreBackup({
      file: backup.file,
      passphrase: PASSPHRASE,
      databaseUrl: urlOf(target),
      secretsDir: targetSecrets,
    });
    expect(result.audit).toMatchObject({ ok: true, problems: 0 });
    expect(result.audit.entriesChecked).toBe(before.audit_entry);
    expect(await rowCounts(urlOf(target))).toEqual(before);
    // every sequence goes on from where it was
    const seq = async (url: string) =>
      sql<{ last_value: string }>(url, `SELECT last_value::text FROM audit_entry_id_seq`).then((r) => r[0].last_value);
    expect(await seq(urlOf(target))).toBe(await seq(f.t.db.url));
    // the append-only trigger is on again, for the owner too
    await expect(sql(urlOf(target), `UPDATE audit_entry SET reason = 'x' WHERE id = 1`)).rejects.toThrow(/append-only/);

    const restored = await startOn(urlOf(target), targetSecrets);
    try {
      const cookie = await signIn(restored.app.http, DEMO.manager.staffNumber, DEMO_PASSWORD);
      const me = await gql(restored.app.http, `{ me { staff { staffNumber } } }`, undefined, cookie);
      expect(me.data).toEqual({ me: { staff: { staffNumber: DEMO.manager.staffNumber } } });
      // the paired tablet's credential, its sequence numbers and the door PINs still hold
      const [entered] = (await send(restored.app, 'ENTER')).data!.recordAccessEvents.results;
      expect(entered.outcome).toBe('ACCEPTED');
      const inside = await gqlBearer(restored.app.http, credential, `{ doorInside { staffId } }`);
      expect(inside.data!.doorInside).toEqual([{ staffId: f.idOf(DEMO.itStaff) }]);
      // new entries extend the restored chains, after the restored transaction ids
      const report = await verifyAuditTrail(restored.app.services.ds, { chainKey: restored.secrets.auditChainKey });
      expect(report).toMatchObject({ ok: true, problems: [] });
      expect(report.entriesChecked).toBeGreaterThan(before.audit_entry);
      const [{ newest }] = await sql<{ newest: string }>(
        urlOf(target),
        `SELECT txid::text AS newest FROM audit_entry ORDER BY id DESC LIMIT 1`,
      );
      expect(BigInt(newest)).toBeGreaterThan(bumpedTxid);
    } finally {
      await restored.close();
    }
  });

  it('§2: the nightly job writes a backup as the application role and keeps the newest BACKUP_KEEP', async () => {
    for (const hours of [24, 48, 72]) {
      f.clock = new Date(START.getTime() + hours * 3_600_000);
      const name = `jukinet-${f.clock.toISOString().replace(/[-:]/g, '').replace(/\..*$/, 'Z')}.jkbackup`;
      await f.t.app.jobs.enqueue('backup.nightly', {});
      // a failed run shows its error instead of a bare false
      const written = async () =>
        existsSync(path.join(BACKUP_DIR, name)) ||
        ((await f.t.db.dataSource.query(
          `SELECT j.last_error FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id
            WHERE t.identifier = 'backup.nightly' AND j.last_error IS NOT NULL`,
        )) as { last_error: string }[]);
      await expect.poll(written, { timeout: 60_000 }).toBe(true);
    }
    f.clock = START;
    await expect
      .poll(async () => (await readdir(BACKUP_DIR)).sort())
      .toEqual([
        'jukinet-20261128T010000Z.jkbackup',
        'jukinet-20261128T010000Z.jkbackup.sha256',
        'jukinet-20261129T010000Z.jkbackup',
        'jukinet-20261129T010000Z.jkbackup.sha256',
      ]);
    const newest = await checkBackup(path.join(BACKUP_DIR, 'jukinet-20261129T010000Z.jkbackup'), PASSPHRASE);
    expect(newest.tables.find((t) => t.table === 'access_event')!.rows).toBe(before.access_event);
  });
});
