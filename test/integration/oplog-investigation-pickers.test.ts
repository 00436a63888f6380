// A21 (調査), the new-investigation form's pickers: the manager picks the person asked to cooperate
// (by default the operations manager of the subject's section) and the request lands on the picked
// person's 対応が必要; an unknown or ended person is refused with a code. A record to link is found
// by operator ID and day, ten at a time (keyset), and picked: its key comes back exactly as stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../helpers/app.js';
import { lastAuditEntryOf, staffIdOf } from '../helpers/factories.js';
import { errorCode, gql, signIn } from '../helpers/graphql.js';
import { DEMO } from '../helpers/people.js';

let t: TestApp;
const DAY = 86_400_000;
const cookies: Record<string, string> = {};
const ids: Record<string, string> = {};
const PEOPLE = {
  manager: DEMO.manager,
  opsManager: DEMO.operationsManager,
  picked: DEMO.insuranceOperationsManager,
  subject: DEMO.citizenSectionClerk,
  ended: DEMO.welfareClerk,
};
const OPEN = `mutation($i: OpenInvestigationInput!) { openInvestigation(input: $i) { id } }`;
const TODOS = `{ myTodos { id count } }`;
const REQUESTS = `{ investigationCooperationRequests { id subjectName } }`;
const FIND = `query($from: DateTimeISO!, $to: DateTimeISO!, $op: String!, $after: String) {
  operationRecords(from: $from, to: $to, operatorId: $op, first: 10, after: $after) {
    nodes { at sourceId line operatorId } endCursor hasNextPage } }`;
const LINK = `mutation($i: LinkInvestigationRecordInput!) { linkInvestigationRecord(input: $i) { id } }`;
const READ = `query($id: ID!) { investigation(id: $id) { links { recordSourceId recordLine recordAt } } }`;
const as = (who: string, q: string, v?: Record<string, unknown>) => gql(t.app.http, q, v, cookies[who]);
const openInput = (over: Record<string, unknown> = {}) => ({
  subjectId: ids.subject,
  scope: '住民票の写しの照会の業務外利用の疑い',
  from: new Date(Date.now() - 30 * DAY),
  to: new Date(),
  cooperationMessage: '聞き取りへの協力をお願いします',
  ...over,
});
const todoCount = async (who: string) =>
  ((await as(who, TODOS)).data!.myTodos as { id: string; count: number }[]).find(
    (x) => x.id === 'oplog.investigationCooperation',
  )?.count ?? 0;

// a Tokyo day two days ago; the operator's 12 records on it (milliseconds kept), one the day after,
// and another operator's on the same day
const tokyoDay = new Date(Date.now() + 9 * 3_600_000 - 2 * DAY).toISOString().slice(0, 10);
const dayStart = new Date(`${tokyoDay}T00:00:00+09:00`);
const at = (hour: number, ms = 0) => new Date(dayStart.getTime() + hour * 3_600_000 + ms);

beforeAll(async () => {
  t = await startTestApp();
  for (const [k, p] of Object.entries(PEOPLE)) {
    cookies[k] = await signIn(t.app.http, p.staffNumber, DEMO_PASSWORD);
    ids[k] = await staffIdOf(t.db.dataSource, p);
  }
  const db = t.db.dataSource;
  for (const d of [tokyoDay, new Date(dayStart.getTime() + DAY + 9 * 3_600_000).toISOString().slice(0, 10)])
    await db.query(`SELECT oplog_ensure_partition($1::date)`, [d]);
  const rows: [Date, string, number, string][] = [];
  for (let i = 0; i < 12; i++) rows.push([at(8, i * 60_000 + 123), 'pick-src', i + 1, 'OP5001']);
  rows.push([at(25), 'pick-src', 13, 'OP5001'], [at(9), 'pick-src', 14, 'OP5002']);
  for (const [when, src, line, op] of rows)
    await db.query(
      `INSERT INTO operation_record ("at", "sourceId", line, "terminalCode", "operatorId", "operationType", result)
       VALUES ($1, $2, $3, 'T-1', $4, 'INQUIRY', 'SUCCESS')`,
      [when, src, line, op],
    );
});
afterAll(() => t.close());

describe('A21 investigation pickers', () => {
  let id: string;

  it('A21: the picked person is asked to cooperate (their 対応が必要), not the section’s operations manager', async () => {
    const r = await as('manager', OPEN, { i: openInput({ cooperatorId: ids.picked }) });
    expect(r.errors).toBeUndefined();
    id = r.data!.openInvestigation.id;
    expect(await todoCount('picked')).toBe(1);
    expect((await as('picked', REQUESTS)).data!.investigationCooperationRequests).toEqual([
      { id, subjectName: DEMO.citizenSectionClerk.fullName },
    ]);
    expect(await todoCount('opsManager')).toBe(0);
    expect(await lastAuditEntryOf(t.db.dataSource, 'Mutation.openInvestigation')).toMatchObject({
      outcome: 'OK',
      targetId: id,
    });
    // nobody picked: the default stays the subject's operations manager
    expect((await as('manager', OPEN, { i: openInput() })).errors).toBeUndefined();
    expect(await todoCount('opsManager')).toBe(1);
    expect(await todoCount('picked')).toBe(1);
  });

  it('A21: an unknown or ended person picked to cooperate is refused (INVESTIGATION_BAD_STAFF), audited, nothing opened', async () => {
    const before = (await t.db.dataSource.query(`SELECT count(*)::int AS n FROM investigation`))[0].n;
    expect(
      errorCode(await as('manager', OPEN, { i: openInput({ cooperatorId: '00000000-0000-4000-8000-000000000000' }) })),
    ).toBe('INVESTIGATION_BAD_STAFF');
    // not an id at all: refused by its type, before the service
    expect(errorCode(await as('manager', OPEN, { i: openInput({ cooperatorId: 'not-an-id' }) }))).toBe(
      'BAD_USER_INPUT',
    );
    await t.db.dataSource.query(`UPDATE staff SET active = false WHERE id = $1`, [ids.ended]);
    expect(errorCode(await as('manager', OPEN, { i: openInput({ cooperatorId: ids.ended }) }))).toBe(
      'INVESTIGATION_BAD_STAFF',
    );
    expect(await lastAuditEntryOf(t.db.dataSource, 'Mutation.openInvestigation')).toMatchObject({
      outcome: 'REFUSED',
      reason: 'INVESTIGATION_BAD_STAFF',
    });
    expect((await t.db.dataSource.query(`SELECT count(*)::int AS n FROM investigation`))[0].n).toBe(before);
  });

  it('A21: a record to link is found by operator ID and day, ten at a time, and linked by the key it came with', async () => {
    const v = {
      from: dayStart,
      to: new Date(dayStart.getTime() + DAY),
      op: 'OP5001',
    };
    const first = (await as('manager', FIND, v)).data!.operationRecords;
    expect(first.nodes).toHaveLength(10);
    expect(first.hasNextPage).toBe(true);
    const second = (await as('manager', FIND, { ...v, after: first.endCursor })).data!.operationRecords;
    expect(second.hasNextPage).toBe(false);
    const all = [...first.nodes, ...second.nodes];
    // that operator's records of that day only, oldest first, none twice
    expect(all.map((n: any) => n.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(new Set(all.map((n: any) => n.operatorId))).toEqual(new Set(['OP5001']));

    const pick = all[4];
    expect(pick.at).toBe(at(8, 4 * 60_000 + 123).toISOString()); // milliseconds: no typed timestamp carries them
    const ok = await as('manager', LINK, {
      i: {
        investigationId: id,
        kind: 'OPERATION_RECORD',
        recordSourceId: pick.sourceId,
        recordLine: pick.line,
        recordAt: pick.at,
      },
    });
    expect(ok.errors).toBeUndefined();
    expect((await as('manager', READ, { id })).data!.investigation.links).toEqual([
      { recordSourceId: 'pick-src', recordLine: 5, recordAt: pick.at },
    ]);
    // the same key a second short (the minute typed, the milliseconds lost) finds nothing
    const typed = new Date(Math.floor(new Date(pick.at).getTime() / 1000) * 1000);
    expect(
      errorCode(
        await as('manager', LINK, {
          i: {
            investigationId: id,
            kind: 'OPERATION_RECORD',
            recordSourceId: 'pick-src',
            recordLine: 5,
            recordAt: typed,
          },
        }),
      ),
    ).toBe('INVESTIGATION_BAD_LINK');
  });
});
