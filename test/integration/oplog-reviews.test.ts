// A20.1: the monthly review of the operation history — a reviewer (the manager, the chief or the
// deputy chief) opens a month, marks records as explained or findings and writes the findings; only
// the manager signs it off, once the month is over; auditors read. A month with records and no
// signed review is a gap on /compliance and the manager's 対応が必要.
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, useTestApp } from '../helpers/app.js';
import { errorCode, gql, signIn } from '../helpers/graphql.js';
import { apiToken, CSV_HEADER, postBatch } from '../helpers/oplog.js';
import { DEMO, type DemoPerson } from '../helpers/people.js';

const clock = new Date('2026-12-10T01:00:00Z'); // 10:00 in Tokyo, 12/10
const f = useTestApp({ now: () => clock });
const cookies = new Map<string, string>();
const as = async (p: DemoPerson) => {
  if (!cookies.has(p.staffNumber)) cookies.set(p.staffNumber, await signIn(f.t.app.http, p.staffNumber, DEMO_PASSWORD));
  return cookies.get(p.staffNumber)!;
};
const call = async (p: DemoPerson, query: string, variables: Record<string, unknown> = {}) =>
  gql<any>(f.t.app.http, query, variables, await as(p));

const CREATE = `mutation($m: String!) { createOplogReview(month: $m) { id month state reviewer { id } } }`;
const FINDINGS = `mutation($id: ID!, $t: String!) { recordOplogReviewFindings(id: $id, findings: $t) { id findings } }`;
const SIGN = `mutation($i: SignOffOplogReviewInput!) { signOffOplogReview(input: $i) { id state signedOffAt signOffNote signedOffBy { id } } }`;
const MARK = `mutation($i: MarkOperationRecordInput!) { markOperationRecord(input: $i) { line verdict note reviewId } }`;
const COMPLIANCE = `{ compliance { articles { id status controls { article status reason link } } } }`;
const TODOS = `{ myTodos { id count link } }`;

const a201 = async () => {
  const res = await call(DEMO.chief, COMPLIANCE);
  expect(res.errors).toBeUndefined();
  return res.data.compliance.articles.find((a: any) => a.id === 'A20.1').controls[0];
};
const reviewsDue = async (p: DemoPerson = DEMO.manager) =>
  (await call(p, TODOS)).data.myTodos.find((t: any) => t.id === 'oplog.reviewsDue')?.count ?? 0;

let october: string;
let november: string;

beforeAll(async () => {
  const token = await apiToken(f.t, DEMO.manager.staffNumber, ['WRITE_OPLOG']);
  const csv = [
    CSV_HEADER,
    '2026-10-15 10:00:00,T-001,OP1,INQUIRY,SUCCESS,',
    '2026-11-16 22:30:00,T-001,OP1,INQUIRY,SUCCESS,', // after hours: the one to mark
    '2026-11-17 10:00:00,T-001,OP1,INQUIRY,SUCCESS,',
  ].join('\n');
  expect((await postBatch(f.t, 'reviews', csv, { token })).body).toMatchObject({ stored: 3 });
});

describe('A20.1 reviews of the operation history', () => {
  it('A20.1 before any review: each ended month with records is due — a gap on /compliance, the manager’s to-do', async () => {
    expect((await call(DEMO.manager, `{ oplogReviewsDue }`)).data.oplogReviewsDue).toEqual(['2026-10', '2026-11']);
    expect(await a201()).toMatchObject({ status: 'VIOLATION', link: '/oplog/reviews' });
    expect((await a201()).reason).toContain('2026-10');
    expect(await reviewsDue()).toBe(2);
    expect(await reviewsDue(DEMO.chief)).toBe(0); // the manager's item
  });

  it('A20.1 the manager, the chief and the deputy chief open a review; an auditor or an operator may not; one per month, none ahead', async () => {
    for (const p of [DEMO.auditor, DEMO.operator])
      expect(errorCode(await call(p, CREATE, { m: '2026-10' }))).toBe('FORBIDDEN');
    const oct = await call(DEMO.chief, CREATE, { m: '2026-10' });
    expect(oct.errors).toBeUndefined();
    expect(oct.data.createOplogReview).toMatchObject({ month: '2026-10', state: 'OPEN' });
    october = oct.data.createOplogReview.id;
    const nov = await call(DEMO.manager, CREATE, { m: '2026-11' });
    november = nov.data.createOplogReview.id;
    expect(errorCode(await call(DEMO.deputyChief, CREATE, { m: '2026-11' }))).toBe('OPLOG_REVIEW_EXISTS');
    expect(errorCode(await call(DEMO.deputyChief, CREATE, { m: '2027-01' }))).toBe('OPLOG_REVIEW_BAD_MONTH');
    expect(errorCode(await call(DEMO.deputyChief, CREATE, { m: '2026/09' }))).toBe('OPLOG_REVIEW_BAD_MONTH');
    const audits = await f.t.db.dataSource.query(
      `SELECT outcome FROM audit_entry WHERE action = 'Mutation.createOplogReview' ORDER BY id`,
    );
    expect(audits.map((a: any) => a.outcome)).toEqual([
      'REFUSED',
      'REFUSED',
      'OK',
      'OK',
      'REFUSED',
      'REFUSED',
      'REFUSED',
    ]);
  });

  it('A20.1 the reviewer marks a record a finding; it shows on the saved query; someone else’s review or an unknown record is refused', async () => {
    const [row] = await f.t.db.dataSource.query(
      `SELECT "at", "sourceId", line FROM operation_record WHERE "sourceId" = 'reviews' AND line = 3`,
    );
    const input = {
      at: row.at.toISOString(),
      sourceId: 'reviews',
      line: 3,
      verdict: 'FINDING',
      note: '深夜の照会: 本人に確認する',
    };
    expect(errorCode(await call(DEMO.chief, MARK, { i: input }))).toBe('OPLOG_NOT_YOUR_REVIEW');
    expect(errorCode(await call(DEMO.auditor, MARK, { i: input }))).toBe('FORBIDDEN');
    expect(errorCode(await call(DEMO.manager, MARK, { i: { ...input, line: 99 } }))).toBe('OPLOG_RECORD_NOT_FOUND');
    const marked = await call(DEMO.manager, MARK, { i: input });
    expect(marked.errors).toBeUndefined();
    expect(marked.data.markOperationRecord).toMatchObject({ verdict: 'FINDING', reviewId: november });
    // marked again, it is replaced (one verdict per record)
    await call(DEMO.manager, MARK, { i: { ...input, verdict: 'EXPLAINED', note: '残業命令あり' } });
    const q = await call(
      DEMO.auditor,
      `{ oplogFlaggedRecords(query: OUTSIDE_HOURS, from: "2026-11-01", until: "2026-11-30") { nodes { line markVerdict markNote } } }`,
    );
    expect(q.data.oplogFlaggedRecords.nodes).toEqual([{ line: 3, markVerdict: 'EXPLAINED', markNote: '残業命令あり' }]);
  });

  it('A20.1 only the manager signs off, once the findings are written; then nothing more is recorded on it', async () => {
    expect(errorCode(await call(DEMO.manager, SIGN, { i: { id: october } }))).toBe('OPLOG_REVIEW_NOT_READY');
    expect(errorCode(await call(DEMO.manager, FINDINGS, { id: october, t: '問題なし' }))).toBe('OPLOG_NOT_YOUR_REVIEW');
    expect(
      (await call(DEMO.chief, FINDINGS, { id: october, t: '時間外・カードなしの操作なし。問題なし' })).errors,
    ).toBeUndefined();
    for (const p of [DEMO.chief, DEMO.deputyChief, DEMO.auditor])
      expect(errorCode(await call(p, SIGN, { i: { id: october } }))).toBe('FORBIDDEN');
    const signed = await call(DEMO.manager, SIGN, { i: { id: october, note: '確認しました' } });
    expect(signed.errors).toBeUndefined();
    expect(signed.data.signOffOplogReview).toMatchObject({ state: 'SIGNED_OFF', signOffNote: '確認しました' });
    expect(signed.data.signOffOplogReview.signedOffAt).toBe(clock.toISOString());
    expect(errorCode(await call(DEMO.manager, SIGN, { i: { id: october } }))).toBe('OPLOG_REVIEW_SIGNED_OFF');
    expect(errorCode(await call(DEMO.chief, FINDINGS, { id: october, t: '書き換え' }))).toBe('OPLOG_REVIEW_SIGNED_OFF');
    const [audit] = await f.t.db.dataSource.query(
      `SELECT outcome, changes FROM audit_entry WHERE action = 'Mutation.signOffOplogReview' AND outcome = 'OK'`,
    );
    expect(audit.changes.state).toEqual(['OPEN', 'SIGNED_OFF']);
  });

  it('A20.1 the month just ended and unsigned is ATTENTION until the end of the next; signed, A20.1 is OK and the to-do gone', async () => {
    expect(await a201()).toMatchObject({ status: 'ATTENTION' });
    expect(await reviewsDue()).toBe(1);
    await call(DEMO.manager, FINDINGS, { id: november, t: '深夜の照会1件: 残業命令を確認、説明済み' });
    expect((await call(DEMO.manager, SIGN, { i: { id: november } })).errors).toBeUndefined();
    expect(await a201()).toMatchObject({ status: 'OK' });
    expect(await reviewsDue()).toBe(0);
    expect((await call(DEMO.manager, `{ oplogReviewsDue }`)).data.oplogReviewsDue).toEqual([]);
  });

  it('A20.1 a month not over cannot be signed off', async () => {
    const dec = await call(DEMO.manager, CREATE, { m: '2026-12' });
    await call(DEMO.manager, FINDINGS, { id: dec.data.createOplogReview.id, t: '途中' });
    expect(errorCode(await call(DEMO.manager, SIGN, { i: { id: dec.data.createOplogReview.id } }))).toBe(
      'OPLOG_REVIEW_NOT_READY',
    );
  });

  it('A20.1 auditors read the reviews with their reviewer, sign-off and marks; an operator may not', async () => {
    const res = await call(
      DEMO.auditor,
      `{ oplogReviews { month state findings reviewer { staffNumber } signedOffBy { staffNumber } marks { line verdict } } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.oplogReviews.map((r: any) => [r.month, r.state, r.reviewer.staffNumber])).toEqual([
      ['2026-12', 'OPEN', DEMO.manager.staffNumber],
      ['2026-11', 'SIGNED_OFF', DEMO.manager.staffNumber],
      ['2026-10', 'SIGNED_OFF', DEMO.chief.staffNumber],
    ]);
    expect(res.data.oplogReviews[1].marks).toEqual([{ line: 3, verdict: 'EXPLAINED' }]);
    expect(res.data.oplogReviews[2].signedOffBy.staffNumber).toBe(DEMO.manager.staffNumber);
    expect(errorCode(await call(DEMO.operator, `{ oplogReviews { id } }`))).toBe('FORBIDDEN');
  });
});
