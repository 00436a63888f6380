// A20.2, the retention step: a month of the operation history older than 7 years is exported to a
// file under DATA_DIR (its SHA-256 recorded) and its partition dropped, only by the manager's
// explicit, audited step; a legal hold blocks even that. The database function that drops a month
// checks the age and the holds itself, so the application's role cannot get round the service.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUMMARISE_RECORDS } from '../../server/src/modules/oplog/oplog.sql.js';
import { sqlState } from '../../server/src/shared/errors.js';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../helpers/app.js';
import { lastAuditEntryOf } from '../helpers/factories.js';
import { errorCode, gql, signIn } from '../helpers/graphql.js';
import { DEMO } from '../helpers/people.js';

let t: TestApp;
let dataDir: string;
const cookies: Record<string, string> = {};

/** 'YYYY-MM' of the Tokyo month `months` before now */
function monthAgo(months: number): string {
  const d = new Date(Date.now() + 9 * 3_600_000);
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.toISOString().slice(0, 7);
}
const OLD = monthAgo(8 * 12 + 3); // past 7 years
const OLD_HELD = monthAgo(8 * 12 + 5);
const YOUNG = monthAgo(6 * 12 + 11); // 6 years 11 months: kept
const part = (m: string) => `operation_record_${m.replace('-', '_')}`;

async function insert(month: string, rows: number) {
  const owner = t.db.dataSource;
  await owner.query(`SELECT oplog_ensure_partition($1::date)`, [`${month}-01`]);
  await owner.query(
    `INSERT INTO operation_record ("at", "sourceId", line, "terminalCode", "operatorId", "operationType", result)
     SELECT ($1::date::timestamp AT TIME ZONE 'Asia/Tokyo') + make_interval(hours => 9, mins => g), 'archive-' || $1, g,
            'T-1', 'OP' || (g % 3), 'INQUIRY', 'SUCCESS'
       FROM generate_series(1, $2::int) g`,
    [`${month}-01`, rows],
  );
}
const exists = async (m: string) =>
  (await t.db.dataSource.query(`SELECT to_regclass($1) IS NOT NULL AS e`, [part(m)]))[0].e as boolean;

const ARCHIVE = `mutation($i: ArchiveOperationRecordMonthInput!) {
  archiveOperationRecordMonth(input: $i) { month file sha256 rows bytes archivedAt } }`;
const SET_HOLD = `mutation($i: SetOplogLegalHoldInput!) { setOplogLegalHold(input: $i) { id reason from to liftedAt } }`;
const LIFT_HOLD = `mutation($i: LiftOplogLegalHoldInput!) { liftOplogLegalHold(input: $i) { id liftedAt liftReason } }`;
const MONTHS = `{ operationRecordMonths { month pastRetention held } }`;

const as = (who: keyof typeof cookies, q: string, v?: Record<string, unknown>) => gql(t.app.http, q, v, cookies[who]);

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'jukinet-archive-'));
  t = await startTestApp({ env: { DATA_DIR: dataDir } });
  await insert(OLD, 50);
  await insert(OLD_HELD, 5);
  await insert(YOUNG, 5);
  // the per-day summary of those records, as the migration's backfill makes it (inserted by hand, not ingested)
  await t.db.dataSource.query(`DELETE FROM operation_day`);
  await t.db.dataSource.query(SUMMARISE_RECORDS);
  for (const [k, p] of Object.entries({
    manager: DEMO.manager,
    chief: DEMO.chief,
    auditor: DEMO.auditor,
    sysadmin: DEMO.systemAdministrator,
    operator: DEMO.operator,
  }))
    cookies[k] = await signIn(t.app.http, p.staffNumber, DEMO_PASSWORD);
});
afterAll(async () => {
  await t.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('A20.2 retention: archiving a month past 7 years, legal holds', () => {
  it('A20.2: a month younger than 7 years is refused (OPLOG_PARTITION_TOO_YOUNG), audited, and stays', async () => {
    const r = await as('manager', ARCHIVE, { i: { month: YOUNG } });
    expect(errorCode(r)).toBe('OPLOG_PARTITION_TOO_YOUNG');
    expect(await exists(YOUNG)).toBe(true);
    expect(await lastAuditEntryOf(t.db.dataSource, 'Mutation.archiveOperationRecordMonth')).toMatchObject({
      outcome: 'REFUSED',
      reason: 'OPLOG_PARTITION_TOO_YOUNG',
      targetId: YOUNG,
    });
    const months = (await as('manager', MONTHS)).data!.operationRecordMonths as { month: string }[];
    expect(months).toContainEqual({ month: YOUNG, pastRetention: false, held: false });
    expect(months).toContainEqual({ month: OLD, pastRetention: true, held: false });
  });

  it('A20.2: a month under a legal hold is refused (OPLOG_LEGAL_HOLD) however old; lifted, it may go', async () => {
    const from = new Date(`${OLD_HELD}-10T00:00:00+09:00`);
    const set = await as('manager', SET_HOLD, {
      i: { reason: '訴訟 (令和8年(ワ)第1号) の証拠保全', from, to: new Date(from.getTime() + 86_400_000) },
    });
    expect(set.errors).toBeUndefined();
    const hold = set.data!.setOplogLegalHold;
    expect(await lastAuditEntryOf(t.db.dataSource, 'Mutation.setOplogLegalHold')).toMatchObject({
      outcome: 'OK',
      targetId: hold.id,
    });
    expect((await as('auditor', MONTHS)).data!.operationRecordMonths).toContainEqual({
      month: OLD_HELD,
      pastRetention: true,
      held: true,
    });

    const refused = await as('manager', ARCHIVE, { i: { month: OLD_HELD } });
    expect(errorCode(refused)).toBe('OPLOG_LEGAL_HOLD');
    expect(await exists(OLD_HELD)).toBe(true);
    expect(await readdirSafe()).not.toContain(`${part(OLD_HELD)}.csv.gz`);

    // the database function refuses it too, called directly on the application's role
    const direct = await t.app.services.ds
      .query(`SELECT oplog_archive_partition($1::date, 5)`, [`${OLD_HELD}-01`])
      .catch((e: unknown) => sqlState(e));
    expect(direct).toBe('OL002');
    expect(await exists(OLD_HELD)).toBe(true);

    expect(errorCode(await as('manager', LIFT_HOLD, { i: { id: hold.id, reason: '' } }))).toBe('BAD_USER_INPUT');
    const lifted = await as('manager', LIFT_HOLD, { i: { id: hold.id, reason: '判決確定' } });
    expect(lifted.data!.liftOplogLegalHold).toMatchObject({ liftReason: '判決確定' });
    expect(errorCode(await as('manager', LIFT_HOLD, { i: { id: hold.id, reason: '二度目' } }))).toBe(
      'OPLOG_BAD_LEGAL_HOLD',
    );
    const done = await as('manager', ARCHIVE, { i: { month: OLD_HELD } });
    expect(done.errors).toBeUndefined();
    expect(await exists(OLD_HELD)).toBe(false);
  });

  it('A20.2: a month past 7 years is exported (gzip CSV under DATA_DIR, SHA-256 recorded) and its partition dropped', async () => {
    const r = await as('manager', ARCHIVE, { i: { month: OLD } });
    expect(r.errors).toBeUndefined();
    const a = r.data!.archiveOperationRecordMonth;
    expect(a).toMatchObject({ month: OLD, rows: '50', file: `oplog-archive/${part(OLD)}.csv.gz` });
    const bytes = await readFile(path.join(dataDir, a.file));
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(a.sha256);
    expect(String(bytes.length)).toBe(a.bytes);
    const lines = gunzipSync(bytes).toString('utf8').trim().split('\n');
    expect(lines[0]).toBe('at,sourceId,line,terminalCode,operatorId,operationType,result,targetHmac,receivedAt');
    expect(lines).toHaveLength(51);
    expect(await exists(OLD)).toBe(false);
    const n = await t.db.dataSource.query(`SELECT count(*)::int AS n FROM operation_record WHERE "sourceId" = $1`, [
      `archive-${OLD}-01`,
    ]);
    expect(n[0].n).toBe(0);
    // the month's operator-days went with its records; the other months' stay
    const days = async (m: string) =>
      (
        await t.db.dataSource.query(
          `SELECT coalesce(sum(records), 0)::int AS n FROM operation_day WHERE to_char("day", 'YYYY-MM') = $1`,
          [m],
        )
      )[0].n as number;
    expect(await days(OLD)).toBe(0);
    expect(await days(YOUNG)).toBe(5);
    expect(await lastAuditEntryOf(t.db.dataSource, 'Mutation.archiveOperationRecordMonth')).toMatchObject({
      outcome: 'OK',
      targetId: OLD,
      changes: expect.objectContaining({ sha256: [null, a.sha256], rows: [null, '50'] }),
    });
    // archived once: a second time there is nothing
    expect(errorCode(await as('manager', ARCHIVE, { i: { month: OLD } }))).toBe('OPLOG_NO_PARTITION');
    const listed = (await as('chief', `{ oplogArchives { month sha256 } }`)).data!.oplogArchives;
    expect(listed).toContainEqual({ month: OLD, sha256: a.sha256 });
  });

  it('A20.2: the database function refuses a young month on the application’s role, and the role cannot delete a hold', async () => {
    const ds = t.app.services.ds;
    expect(
      await ds.query(`SELECT oplog_archive_partition($1::date, 5)`, [`${YOUNG}-01`]).catch((e: unknown) => sqlState(e)),
    ).toBe('OL001');
    expect(await exists(YOUNG)).toBe(true);
    expect(await ds.query(`DELETE FROM oplog_legal_hold`).catch((e: unknown) => sqlState(e))).toBe('42501');
    // the app role still cannot delete a young row (A20.2)
    expect(await ds.query(`DELETE FROM operation_record`).catch((e: unknown) => sqlState(e))).toBe('42501');
    // nor the per-day summary, which moves with the records only
    expect(await ds.query(`DELETE FROM operation_day`).catch((e: unknown) => sqlState(e))).toBe('42501');
  });

  it('A20.2: only the manager archives and holds; chief, auditor, system administrator and staff are refused', async () => {
    for (const who of ['chief', 'auditor', 'sysadmin', 'operator'] as const) {
      expect(errorCode(await as(who, ARCHIVE, { i: { month: YOUNG } })), who).toBe('FORBIDDEN');
      expect(errorCode(await as(who, SET_HOLD, { i: { reason: 'x' } })), who).toBe('FORBIDDEN');
    }
    for (const who of ['sysadmin', 'operator'] as const) {
      expect(errorCode(await as(who, MONTHS)), who).toBe('FORBIDDEN');
    }
  });
});

async function readdirSafe(): Promise<string[]> {
  const { readdir } = await import('node:fs/promises');
  return readdir(path.join(dataDir, 'oplog-archive')).catch(() => []);
}
