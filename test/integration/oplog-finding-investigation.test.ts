// A20.1 → A21: a record a review marked as a finding opens an investigation, linked to it in the same
// audited step (the mark's note goes with it); a mark shows the staff member behind the record's
// operator ID. A20.2 on 対応が必要: the months past 7 years neither archived nor held, for the manager.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../helpers/app.js';
import { lastAuditEntryOf, staffIdOf } from '../helpers/factories.js';
import { errorCode, gql, signIn } from '../helpers/graphql.js';
import { DEMO } from '../helpers/people.js';

let t: TestApp;
let dataDir: string;
const cookies: Record<string, string> = {};
let subjectId = '';
let reviewId = '';

/** 'YYYY-MM' of the Tokyo month `months` before now */
function monthAgo(months: number): string {
  const d = new Date(Date.now() + 9 * 3_600_000);
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.toISOString().slice(0, 7);
}
const LAST = monthAgo(1);
const FOUND_AT = new Date(`${LAST}-15T22:00:00+09:00`);
const EXPLAINED_AT = new Date(`${LAST}-16T10:00:00+09:00`);
const OLD = monthAgo(8 * 12 + 2); // past 7 years
const OLD_HELD = monthAgo(8 * 12 + 4);
const YOUNG = monthAgo(6 * 12 + 11);

const as = (who: string, q: string, v?: Record<string, unknown>) => gql(t.app.http, q, v, cookies[who]);
const OPEN = `mutation($i: OpenInvestigationInput!) { openInvestigation(input: $i) {
  id links { kind recordSourceId recordLine recordAt note } } }`;
const MARK = `mutation($i: MarkOperationRecordInput!) { markOperationRecord(input: $i) { line verdict } }`;
const REVIEW = `query($id: ID!) { oplogReview(id: $id) { marks { line verdict operator { operatorId staff { id fullName } } } } }`;
const TODOS = `{ myTodos { id count link } }`;
const MONTHS = `{ operationRecordMonths { month pastRetention held estimatedRows } }`;

async function record(at: Date, line: number, operatorId: string) {
  const owner = t.db.dataSource;
  await owner.query(`SELECT oplog_ensure_partition(($1::timestamptz AT TIME ZONE 'Asia/Tokyo')::date)`, [at]);
  await owner.query(
    `INSERT INTO operation_record ("at", "sourceId", line, "terminalCode", "operatorId", "operationType", result)
     VALUES ($1, 'finding-src', $2, 'T-1', $3, 'INQUIRY', 'SUCCESS')`,
    [at, line, operatorId],
  );
}
const openInput = (fromRecord: Record<string, unknown>) => ({
  subjectId,
  scope: '時間外の照会',
  from: new Date(`${LAST}-01T00:00:00+09:00`),
  to: new Date(`${LAST}-28T00:00:00+09:00`),
  cooperationMessage: '聞き取りへの協力をお願いします',
  fromRecord,
});
const countOf = async (who: string, id: string) =>
  ((await as(who, TODOS)).data!.myTodos as { id: string; count: number }[]).find((x) => x.id === id)?.count ?? 0;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'jukinet-finding-'));
  t = await startTestApp({ env: { DATA_DIR: dataDir } });
  for (const [k, p] of Object.entries({ manager: DEMO.manager, chief: DEMO.chief }))
    cookies[k] = await signIn(t.app.http, p.staffNumber, DEMO_PASSWORD);
  subjectId = await staffIdOf(t.db.dataSource, DEMO.citizenSectionClerk);
  // the subject holds operator ID OP5001 in the operator register (A16) since long ago
  await t.db.dataSource.query(
    `INSERT INTO card_operator ("staffId", "operatorCode", "sectionId", since)
     SELECT id, 'OP5001', "sectionId", '2000-01-01' FROM staff WHERE id = $1`,
    [subjectId],
  );
  await record(FOUND_AT, 1, 'OP5001');
  await record(EXPLAINED_AT, 2, 'OP9999');
  reviewId = (await as('manager', `mutation($m: String!) { createOplogReview(month: $m) { id } }`, { m: LAST })).data!
    .createOplogReview.id;
  const marked = await as('manager', MARK, {
    i: { at: FOUND_AT, sourceId: 'finding-src', line: 1, verdict: 'FINDING', note: '深夜の照会、業務の記録なし' },
  });
  expect(marked.errors).toBeUndefined();
  await as('manager', MARK, {
    i: { at: EXPLAINED_AT, sourceId: 'finding-src', line: 2, verdict: 'EXPLAINED', note: '窓口の照会' },
  });
});
afterAll(async () => {
  await t.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('A20.1 → A21: a finding opens an investigation', () => {
  it('A20.1: a mark shows its record’s operator ID and the staff member who held it that day (none if unlisted)', async () => {
    const r = await as('chief', REVIEW, { id: reviewId });
    expect(r.errors).toBeUndefined();
    const marks = r.data!.oplogReview.marks as any[];
    expect(marks.find((m) => m.line === 1).operator).toEqual({
      operatorId: 'OP5001',
      staff: { id: subjectId, fullName: DEMO.citizenSectionClerk.fullName },
    });
    expect(marks.find((m) => m.line === 2).operator).toEqual({ operatorId: 'OP9999', staff: null });
  });

  it('A21: opened from a finding, the record is linked with the finding’s note in the same audited step', async () => {
    const r = await as('manager', OPEN, { i: openInput({ at: FOUND_AT, sourceId: 'finding-src', line: 1 }) });
    expect(r.errors).toBeUndefined();
    const inv = r.data!.openInvestigation;
    expect(inv.links).toEqual([
      {
        kind: 'OPERATION_RECORD',
        recordSourceId: 'finding-src',
        recordLine: 1,
        recordAt: FOUND_AT.toISOString(),
        note: '深夜の照会、業務の記録なし',
      },
    ]);
    const audit = await lastAuditEntryOf(t.db.dataSource, 'Mutation.openInvestigation');
    expect(audit).toMatchObject({ outcome: 'OK', targetId: inv.id });
    expect(JSON.stringify(audit)).toContain('finding-src:1');
  });

  it('A21: a record not marked as a finding, or no record, is refused (INVESTIGATION_BAD_LINK), audited, and nothing is opened', async () => {
    const before = (await t.db.dataSource.query(`SELECT count(*)::int AS n FROM investigation`))[0].n;
    for (const key of [
      { at: EXPLAINED_AT, sourceId: 'finding-src', line: 2 }, // explained, not a finding
      { at: FOUND_AT, sourceId: 'finding-src', line: 99 }, // no such record
      { at: FOUND_AT, sourceId: 'bad source!', line: 1 }, // no source has that id
    ]) {
      const r = await as('manager', OPEN, { i: openInput(key) });
      expect(errorCode(r), JSON.stringify(key)).toBe('INVESTIGATION_BAD_LINK');
      expect(await lastAuditEntryOf(t.db.dataSource, 'Mutation.openInvestigation')).toMatchObject({
        outcome: 'REFUSED',
      });
    }
    expect((await t.db.dataSource.query(`SELECT count(*)::int AS n FROM investigation`))[0].n).toBe(before);
  });
});

describe('A20.2 on 対応が必要: months ready to archive', () => {
  it('A20.2: the manager is shown months past 7 years neither archived nor held; not the chief; a hold or archiving takes one off', async () => {
    const owner = t.db.dataSource;
    for (const m of [OLD, OLD_HELD, YOUNG]) {
      await owner.query(`SELECT oplog_ensure_partition($1::date)`, [`${m}-01`]);
      await owner.query(
        `INSERT INTO operation_record ("at", "sourceId", line, "terminalCode", "operatorId", "operationType", result)
         VALUES ($1::date::timestamp AT TIME ZONE 'Asia/Tokyo' + interval '10 hours', 'old', 1, 'T-1', 'OP1', 'INQUIRY', 'SUCCESS')`,
        [`${m}-01`],
      );
    }
    const todo = 'oplog.monthsToArchive';
    expect(await countOf('manager', todo)).toBe(2);
    expect(((await as('manager', TODOS)).data!.myTodos as any[]).find((x) => x.id === todo).link).toBe(
      '/oplog/retention',
    );
    expect(await countOf('chief', todo)).toBe(0);

    const from = new Date(`${OLD_HELD}-01T00:00:00+09:00`);
    const hold = await as('manager', `mutation($i: SetOplogLegalHoldInput!) { setOplogLegalHold(input: $i) { id } }`, {
      i: { reason: '訴訟の証拠保全', from, to: new Date(from.getTime() + 86_400_000) },
    });
    expect(hold.errors).toBeUndefined();
    expect(await countOf('manager', todo)).toBe(1);

    const archived = await as(
      'manager',
      `mutation($i: ArchiveOperationRecordMonthInput!) { archiveOperationRecordMonth(input: $i) { month } }`,
      { i: { month: OLD } },
    );
    expect(archived.errors).toBeUndefined();
    expect(await countOf('manager', todo)).toBe(0);
  });

  it('A20.2: a month’s rows are the planner’s estimate once analysed (none before)', async () => {
    const part = `operation_record_${YOUNG.replace('-', '_')}`;
    const months = async () =>
      ((await as('manager', MONTHS)).data!.operationRecordMonths as any[]).find((m) => m.month === YOUNG);
    expect(await months()).toEqual({ month: YOUNG, pastRetention: false, held: false, estimatedRows: null });
    await t.db.dataSource.query(`ANALYZE ${part}`);
    expect((await months()).estimatedRows).toBe(1);
  });
});
