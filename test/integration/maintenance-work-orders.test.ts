// A26: 保守作業の実施にあたっては、実施者は、管理者の指示に基づき行うものとする. The manager instructs
// maintenance work (contractor, people, what, when, rooms); the order asks for each person's room
// authorisation (A12.2), which the chief or the deputy chief approves (Hardening §1: the manager is
// its requester), or links an existing one; the register's lines of its people are its entries; the
// first entry starts the work; the manager or an escort confirms the result. An outside person's
// entry no order covers shows on /compliance.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../helpers/app.js';
import { OK_CHECKLIST } from '../helpers/door-tablet.js';
import { auditEntriesOf, roomIdsByCode, staffIdsByNumber } from '../helpers/factories.js';
import { errorCode, gql, gqlBearer, signIn, type GqlResult } from '../helpers/graphql.js';
import { DEMO, type DemoPerson } from '../helpers/people.js';

/** Tokyo wall-clock time on a November 2026 day → instant */
const tokyo = (day: number, hm: string) => new Date(`2026-11-${String(day).padStart(2, '0')}T${hm}:00+09:00`);

let t: TestApp;
let clock = tokyo(2, '09:00');
let rooms: Record<string, string>;
let staff: Record<string, string>;
const cookies = new Map<string, string>();
/** Moves the app's clock; sessions signed in at another time may have ended, so everyone signs in again. */
const setClock = (at: Date) => {
  clock = at;
  cookies.clear();
};
const as = async (who: DemoPerson) => {
  if (!cookies.has(who.staffNumber))
    cookies.set(who.staffNumber, await signIn(t.app.http, who.staffNumber, DEMO_PASSWORD));
  return cookies.get(who.staffNumber)!;
};
const call = async (who: DemoPerson, query: string, variables: Record<string, unknown> = {}) =>
  gql(t.app.http, query, variables, await as(who));

beforeAll(async () => {
  t = await startTestApp({ now: () => clock });
  rooms = await roomIdsByCode(t.db.dataSource);
  staff = await staffIdsByNumber(t.db.dataSource);
});
afterAll(() => t.close());

const ORDER_FIELDS = `id state contractorCompany contractorContact people work configurationItems startsAt endsAt
  startedAt result completedAt resultDue mayComplete rooms { code } instructedBy { staffNumber }
  completedBy { staffNumber } cancelReason
  authorisations { id status subjectKind contractorName escortRequired requestedBy { staffNumber } rooms { code } }
  entries { id direction occurredAt source escort { staffNumber } room { code } }`;
const INSTRUCT = `mutation($i: InstructMaintenanceWorkInput!) { instructMaintenanceWork(input: $i) { ${ORDER_FIELDS} } }`;
const ORDER = `query($id: ID!) { maintenanceWorkOrder(id: $id) { ${ORDER_FIELDS} } }`;
const LIST = `query($f: WorkOrderFilterInput, $first: Int, $after: String) {
  maintenanceWorkOrders(filter: $f, first: $first, after: $after) {
    nodes { id state entries { id } authorisations { id } rooms { code } } endCursor hasNextPage } }`;
const COMPLETE = `mutation($i: CompleteMaintenanceWorkInput!) { completeMaintenanceWork(input: $i) { id state result completedBy { staffNumber } } }`;
const CANCEL = `mutation($i: CancelMaintenanceWorkInput!) { cancelMaintenanceWork(input: $i) { id state cancelReason } }`;
const APPROVE = `mutation($i: AuthorisationIdInput!) { approveRoomAuthorisation(input: $i) { id status } }`;
const RECORD = `mutation($i: RecordAccessEventsInput!) { recordAccessEvents(input: $i) { results { outcome anomalies eventId } } }`;
const TODOS = `{ myTodos { id count } }`;

/** A work order as the manager instructs it: 10:00–12:00 on 2 November in R01, unless told otherwise. */
const instruction = (fields: Record<string, unknown> = {}) => ({
  contractorCompany: 'みどり野システム保守株式会社',
  contractorContact: '03-0000-0000',
  people: ['保守 太郎'],
  work: 'サーバーのディスク交換',
  configurationItems: '住基サーバー1号機',
  startsAt: tokyo(2, '10:00').toISOString(),
  endsAt: tokyo(2, '12:00').toISOString(),
  roomIds: [rooms.R01],
  ...fields,
});
const instruct = async (fields: Record<string, unknown> = {}, who: DemoPerson = DEMO.manager) =>
  call(who, INSTRUCT, { i: instruction(fields) }) as Promise<GqlResult<any>>;

/** The manager types in register lines by hand (the paper fallback), sent at the clock's time. */
async function byHand(events: ({ at: Date } & Record<string, unknown>)[]) {
  const res = await call(DEMO.manager, RECORD, {
    i: {
      deviceNow: clock.toISOString(),
      events: events.map(({ at, ...e }) => ({
        clientEventId: randomUUID(),
        roomId: rooms.R01,
        purpose: 'サーバー保守',
        deviceTime: at.toISOString(),
        ...(e.direction === 'EXIT' ? { checklist: OK_CHECKLIST } : {}),
        ...e,
      })),
    },
  });
  expect(res.errors).toBeUndefined();
  return res.data!.recordAccessEvents.results as { outcome: string; anomalies: string[]; eventId: string }[];
}
const contractorVisit = (
  authorisationId: string,
  enter: Date,
  exit: Date | null,
  extra: Record<string, unknown> = {},
) => [
  {
    at: enter,
    direction: 'ENTER',
    contractorAuthorisationId: authorisationId,
    escortStaffId: staff[DEMO.itStaff.staffNumber],
    ...extra,
  },
  ...(exit
    ? [
        {
          at: exit,
          direction: 'EXIT',
          contractorAuthorisationId: authorisationId,
          escortStaffId: staff[DEMO.itStaff.staffNumber],
          ...extra,
        },
      ]
    : []),
];
const todo = async (who: DemoPerson, id: string): Promise<number> =>
  ((await call(who, TODOS)).data!.myTodos as { id: string; count: number }[]).find((x) => x.id === id)?.count ?? 0;
const a26 = async (on?: string) => {
  const res = await call(
    DEMO.chief,
    `query($on: LocalDate) { compliance(on: $on) { articles { id status controls { status reason link } } } }`,
    { on },
  );
  expect(res.errors).toBeUndefined();
  return (res.data!.compliance.articles as any[]).find((a) => a.id === 'A26');
};

/** the first order, instructed in the first test and read by the later ones */
let order: any;

describe('A26 maintenance work orders', () => {
  it('A26 the manager instructs the work: each person gets an authorisation request (A12.2) the manager cannot approve and the chief does', async () => {
    setClock(tokyo(2, '09:00'));
    const res = await instruct({ people: ['保守 太郎', '保守 次郎'] });
    expect(res.errors).toBeUndefined();
    order = res.data!.instructMaintenanceWork;
    expect(order).toMatchObject({
      state: 'INSTRUCTED',
      contractorCompany: 'みどり野システム保守株式会社',
      people: ['保守 太郎', '保守 次郎'],
      work: 'サーバーのディスク交換',
      configurationItems: '住基サーバー1号機',
      rooms: [{ code: 'R01' }],
      instructedBy: { staffNumber: DEMO.manager.staffNumber },
      startedAt: null,
      resultDue: false,
      entries: [],
    });
    // one request per person: an outside person's, escorted, for the order's rooms and window
    expect(order.authorisations).toHaveLength(2);
    for (const a of order.authorisations)
      expect(a).toMatchObject({
        status: 'REQUESTED',
        subjectKind: 'CONTRACTOR',
        escortRequired: true,
        requestedBy: { staffNumber: DEMO.manager.staffNumber },
        rooms: [{ code: 'R01' }],
      });
    // the order and the requests commit together, each with its audit entry, in one request
    const [entry] = await auditEntriesOf(t.db.dataSource, 'Mutation.instructMaintenanceWork');
    expect(entry).toMatchObject({ outcome: 'OK', targetId: order.id });
    expect(entry.changes.authorisationsRequested[1]).toEqual(order.authorisations.map((a: any) => a.id));
    const requests = (await auditEntriesOf(t.db.dataSource, 'Mutation.requestRoomAuthorisation')).filter(
      (e) => e.requestId === entry.requestId,
    );
    expect(requests.map((e) => e.targetId).sort()).toEqual(order.authorisations.map((a: any) => a.id).sort());

    // Hardening §1: the manager is the requester, so the instruction is not the approval
    const own = await call(DEMO.manager, APPROVE, { i: { id: order.authorisations[0].id } });
    expect(errorCode(own)).toBe('OWN_CASE');
    expect(await todo(DEMO.chief, 'access.managerRequestsToDecide')).toBe(2);
    setClock(tokyo(2, '09:10'));
    for (const a of order.authorisations) {
      const approved = await call(DEMO.chief, APPROVE, { i: { id: a.id } });
      expect(approved.errors).toBeUndefined();
    }
    const read = (await call(DEMO.manager, ORDER, { id: order.id })).data!.maintenanceWorkOrder;
    expect(read.authorisations.map((a: any) => a.status)).toEqual(['APPROVED', 'APPROVED']);
  });

  it('A26 the register lines of its people in its rooms within its window are the order’s entries; the first entry starts the work', async () => {
    setClock(tokyo(2, '12:30'));
    const [taro, jiro] = order.authorisations.map((a: any) => a.id);
    const results = await byHand([
      // before the window (and before the authorisation): not the order's
      ...contractorVisit(taro, tokyo(2, '09:30'), tokyo(2, '09:40')),
      // within it, 太郎 with an exit after the window ends (closing an entry of the order)
      ...contractorVisit(taro, tokyo(2, '10:05'), tokyo(2, '12:10')),
      // 次郎 into R02, which the order does not name (nor his authorisation)
      ...contractorVisit(jiro, tokyo(2, '10:30'), null, { roomId: rooms.R02 }),
    ]);
    expect(results.map((r) => r.outcome)).toEqual(Array(5).fill('ACCEPTED'));
    const read = (await call(DEMO.manager, ORDER, { id: order.id })).data!.maintenanceWorkOrder;
    expect(
      read.entries.map((e: any) => [e.direction, e.occurredAt, e.room.code, e.source, e.escort.staffNumber]),
    ).toEqual([
      ['ENTER', tokyo(2, '10:05').toISOString(), 'R01', 'PAPER_FALLBACK', DEMO.itStaff.staffNumber],
      ['EXIT', tokyo(2, '12:10').toISOString(), 'R01', 'PAPER_FALLBACK', DEMO.itStaff.staffNumber],
    ]);
    expect(read).toMatchObject({ state: 'IN_PROGRESS', startedAt: tokyo(2, '10:05').toISOString(), resultDue: true });
    // the start is recorded with the register's batch, in its audit entry
    const batches = await auditEntriesOf(t.db.dataSource, 'Mutation.recordAccessEvents');
    expect(batches.at(-1).changes.maintenanceWorkStarted).toEqual([null, [order.id]]);
  });

  it('A26 the order’s window ended without a result: a to-do for the manager; the escort confirms the result, and the order is closed', async () => {
    expect(await todo(DEMO.manager, 'maintenance.resultsToConfirm')).toBe(1);
    expect(await todo(DEMO.itStaff, 'maintenance.escortedResults')).toBe(1);
    const empty = await call(DEMO.itStaff, COMPLETE, { i: { id: order.id, result: '   ' } });
    expect(errorCode(empty)).toBe('INVALID_WORK_ORDER');
    const done = await call(DEMO.itStaff, COMPLETE, {
      i: { id: order.id, result: 'ディスクを交換し、動作を確認した' },
    });
    expect(done.errors).toBeUndefined();
    expect(done.data!.completeMaintenanceWork).toMatchObject({
      state: 'DONE',
      result: 'ディスクを交換し、動作を確認した',
      completedBy: { staffNumber: DEMO.itStaff.staffNumber },
    });
    expect(await todo(DEMO.manager, 'maintenance.resultsToConfirm')).toBe(0);
    const again = await call(DEMO.manager, COMPLETE, { i: { id: order.id, result: '再確認' } });
    expect(errorCode(again)).toBe('WORK_ORDER_CLOSED');
    const cancel = await call(DEMO.manager, CANCEL, { i: { id: order.id, reason: '誤り' } });
    expect(errorCode(cancel)).toBe('WORK_ORDER_CLOSED');
  });

  it('A26 links an existing authorisation of an outside person instead of asking for one; refuses one that does not fit', async () => {
    setClock(tokyo(3, '09:00'));
    // an operations manager asks for a contractor for the month, the manager approves
    const asked = await call(
      DEMO.operationsManager,
      `mutation($i: RequestRoomAuthorisationInput!) { requestRoomAuthorisation(input: $i) { id } }`,
      {
        i: {
          subjectKind: 'CONTRACTOR',
          contractorCompany: 'みどり野システム保守株式会社',
          contractorName: '保守 三郎',
          roomIds: [rooms.R01],
          validFrom: tokyo(3, '08:00').toISOString(),
          validTo: tokyo(30, '18:00').toISOString(),
          purpose: '月次点検',
        },
      },
    );
    expect(asked.errors).toBeUndefined();
    const standing = asked.data!.requestRoomAuthorisation.id as string;
    expect((await call(DEMO.manager, APPROVE, { i: { id: standing } })).errors).toBeUndefined();

    const window = { startsAt: tokyo(4, '13:00').toISOString(), endsAt: tokyo(4, '15:00').toISOString() };
    const res = await instruct({ people: [], authorisationIds: [standing], ...window });
    expect(res.errors).toBeUndefined();
    expect(res.data!.instructMaintenanceWork.authorisations).toEqual([
      expect.objectContaining({ id: standing, status: 'APPROVED', contractorName: '保守 三郎' }),
    ]);
    expect(res.data!.instructMaintenanceWork.people).toEqual(['保守 三郎']);

    // not covering the rooms, a staff member's, one unknown: refused with the code, audited
    const rooms2 = await instruct({
      people: [],
      authorisationIds: [standing],
      roomIds: [rooms.R01, rooms.R02],
      ...window,
    });
    expect(errorCode(rooms2)).toBe('WORK_AUTHORISATION_UNUSABLE');
    const ownAsk = await call(
      DEMO.itStaff,
      `mutation($i: RequestRoomAuthorisationInput!) { requestRoomAuthorisation(input: $i) { id } }`,
      {
        i: {
          subjectKind: 'STAFF',
          roomIds: [rooms.R01],
          validFrom: window.startsAt,
          validTo: window.endsAt,
          purpose: '点検',
        },
      },
    );
    const staffOne = await instruct({
      people: [],
      authorisationIds: [ownAsk.data!.requestRoomAuthorisation.id],
      ...window,
    });
    expect(errorCode(staffOne)).toBe('WORK_AUTHORISATION_UNUSABLE');
    const unknown = await instruct({ people: [], authorisationIds: [randomUUID()], ...window });
    expect(errorCode(unknown)).toBe('WORK_AUTHORISATION_UNUSABLE');
    const refused = await auditEntriesOf(t.db.dataSource, 'Mutation.instructMaintenanceWork');
    expect(refused.filter((e) => e.outcome === 'REFUSED').map((e) => e.reason)).toEqual(
      Array(3).fill('WORK_AUTHORISATION_UNUSABLE'),
    );
  });

  it('A26 cancelling an order ends the authorisations it asked for (approved: revoked, pending: refused); one linked to it stays', async () => {
    const dec = (day: number, hm: string) => new Date(`2026-12-${String(day).padStart(2, '0')}T${hm}:00+09:00`);
    setClock(dec(1, '09:00'));
    const standing = await call(
      DEMO.operationsManager,
      `mutation($i: RequestRoomAuthorisationInput!) { requestRoomAuthorisation(input: $i) { id } }`,
      {
        i: {
          subjectKind: 'CONTRACTOR',
          contractorCompany: 'みどり野システム保守株式会社',
          contractorName: '保守 四郎',
          roomIds: [rooms.R01],
          validFrom: dec(1, '08:00').toISOString(),
          validTo: dec(20, '18:00').toISOString(),
          purpose: '月次点検',
        },
      },
    );
    const standingId = standing.data!.requestRoomAuthorisation.id as string;
    expect((await call(DEMO.manager, APPROVE, { i: { id: standingId } })).errors).toBeUndefined();
    const res = await instruct({
      people: ['保守 五郎', '保守 六郎'],
      authorisationIds: [standingId],
      startsAt: dec(3, '10:00').toISOString(),
      endsAt: dec(3, '12:00').toISOString(),
    });
    expect(res.errors).toBeUndefined();
    const made = res.data!.instructMaintenanceWork;
    const asked = made.authorisations.filter((a: any) => a.id !== standingId).map((a: any) => a.id as string);
    expect(asked).toHaveLength(2);
    expect((await call(DEMO.chief, APPROVE, { i: { id: asked[0] } })).errors).toBeUndefined();

    const cancelled = await call(DEMO.manager, CANCEL, { i: { id: made.id, reason: '作業日の変更' } });
    expect(cancelled.errors).toBeUndefined();
    const read = (await call(DEMO.manager, ORDER, { id: made.id })).data!.maintenanceWorkOrder;
    const statusOf = (id: string) => read.authorisations.find((a: any) => a.id === id).status;
    expect([statusOf(asked[0]), statusOf(asked[1]), statusOf(standingId)]).toEqual(['REVOKED', 'REFUSED', 'APPROVED']);
    // in the cancellation's own audit entry, in the same transaction
    const [entry] = (await auditEntriesOf(t.db.dataSource, 'Mutation.cancelMaintenanceWork')).filter(
      (e) => e.targetId === made.id,
    );
    expect([...entry.changes.authorisationsEnded[1]].sort()).toEqual([...asked].sort());
  });

  it('A26 an instruction sent again with its clientId (the answer was lost) is stored once, even twice at once; other content under the id is refused', async () => {
    const dec = (day: number, hm: string) => new Date(`2026-12-${String(day).padStart(2, '0')}T${hm}:00+09:00`);
    setClock(dec(7, '09:00'));
    const clientId = randomUUID();
    const window = { startsAt: dec(8, '10:00').toISOString(), endsAt: dec(8, '12:00').toISOString() };
    const send = () => instruct({ clientId, people: ['保守 七郎'], ...window });
    const [a, b] = await Promise.all([send(), send()]);
    const c = await send();
    for (const r of [a, b, c]) expect(r.errors).toBeUndefined();
    const ids = new Set([a, b, c].map((r) => r.data!.instructMaintenanceWork.id));
    expect(ids.size).toBe(1);
    const [{ orders }] = await t.db.dataSource.query(
      `SELECT count(*)::int AS orders FROM maintenance_work_order WHERE "clientId" = $1`,
      [clientId],
    );
    expect(orders).toBe(1);
    const [{ requests }] = await t.db.dataSource.query(
      `SELECT count(*)::int AS requests FROM room_authorisation WHERE "contractorName" = '保守 七郎'`,
    );
    expect(requests).toBe(1);
    const other = await instruct({ clientId, people: ['保守 八郎'], ...window });
    expect(errorCode(other)).toBe('CLIENT_ID_REUSED');
  });

  it('A26 refuses unknown rooms and bad windows with their codes, and nothing is stored', async () => {
    setClock(tokyo(5, '09:00'));
    const w5 = { startsAt: tokyo(5, '10:00').toISOString(), endsAt: tokyo(5, '12:00').toISOString() };
    const before = await t.db.dataSource.query(`SELECT count(*)::int AS n FROM room_authorisation`);
    const unknownRoom = await instruct({ ...w5, roomIds: [rooms.R01, randomUUID()] });
    expect(errorCode(unknownRoom)).toBe('UNKNOWN_ROOM');
    const reversed = await instruct({
      startsAt: tokyo(5, '12:00').toISOString(),
      endsAt: tokyo(5, '10:00').toISOString(),
    });
    expect(errorCode(reversed)).toBe('INVALID_WORK_PERIOD');
    const over = await instruct({ startsAt: tokyo(4, '10:00').toISOString(), endsAt: tokyo(4, '12:00').toISOString() });
    expect(errorCode(over)).toBe('INVALID_WORK_PERIOD');
    const tooLong = await instruct({
      startsAt: tokyo(5, '10:00').toISOString(),
      endsAt: new Date('2026-12-20T00:00:00Z').toISOString(),
    });
    expect(errorCode(tooLong)).toBe('INVALID_WORK_PERIOD');
    const nobody = await instruct({ ...w5, people: [] });
    expect(errorCode(nobody)).toBe('INVALID_WORK_ORDER');
    const blank = await instruct({ ...w5, work: '  ' });
    expect(errorCode(blank)).toBe('INVALID_WORK_ORDER');
    const badId = await instruct({ ...w5, roomIds: ['R01'] });
    expect(errorCode(badId)).toBe('BAD_USER_INPUT');
    const after = await t.db.dataSource.query(`SELECT count(*)::int AS n FROM room_authorisation`);
    expect(after[0].n).toBe(before[0].n);
  });

  it('A26 who may instruct, read and confirm: the manager instructs; the chief, deputy chief and auditor read all; an escort reads what they escorted; others nothing', async () => {
    setClock(tokyo(6, '09:00'));
    for (const who of [DEMO.operator, DEMO.chief, DEMO.operationsManager, DEMO.auditor])
      expect(errorCode(await instruct({}, who))).toBe('FORBIDDEN');
    const created = (
      await instruct({ startsAt: tokyo(6, '10:00').toISOString(), endsAt: tokyo(6, '12:00').toISOString() })
    ).data!.instructMaintenanceWork;
    for (const who of [DEMO.manager, DEMO.chief, DEMO.deputyChief, DEMO.auditor]) {
      const ids = (await call(who, LIST, { first: 100 })).data!.maintenanceWorkOrders.nodes.map((n: any) => n.id);
      expect(ids).toEqual(expect.arrayContaining([order.id, created.id]));
    }
    // the escort of the first order sees that one only; someone else sees none, and reads it as absent
    const escorted = (await call(DEMO.itStaff, LIST, { first: 100 })).data!.maintenanceWorkOrders.nodes;
    expect(escorted.map((n: any) => n.id)).toEqual([order.id]);
    expect((await call(DEMO.operator, LIST, { first: 100 })).data!.maintenanceWorkOrders.nodes).toEqual([]);
    expect(errorCode(await call(DEMO.operator, ORDER, { id: order.id }))).toBe('WORK_ORDER_NOT_FOUND');
    expect(errorCode(await call(DEMO.operator, COMPLETE, { i: { id: created.id, result: '完了' } }))).toBe(
      'WORK_ORDER_NOT_FOUND',
    );
    // the chief reads every order but does not confirm results; nobody confirms work not begun
    expect(errorCode(await call(DEMO.chief, COMPLETE, { i: { id: created.id, result: '完了' } }))).toBe(
      'NOT_YOUR_WORK_ORDER',
    );
    expect(errorCode(await call(DEMO.manager, COMPLETE, { i: { id: created.id, result: '完了' } }))).toBe(
      'WORK_NOT_STARTED',
    );
    expect(errorCode(await call(DEMO.chief, CANCEL, { i: { id: created.id, reason: '中止' } }))).toBe('FORBIDDEN');
    const cancelled = await call(DEMO.manager, CANCEL, { i: { id: created.id, reason: '業者の都合により延期' } });
    expect(cancelled.data!.cancelMaintenanceWork).toMatchObject({
      state: 'CANCELLED',
      cancelReason: '業者の都合により延期',
    });

    // API clients read work orders with READ_INCIDENTS, the standard's chapter 5; READ does not reach them
    const token = async (scopes: string[]) =>
      (
        await call(DEMO.auditor, `mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { token } }`, {
          i: { name: '監査用', scopes, currentPassword: DEMO_PASSWORD },
        })
      ).data!.createApiToken.token as string;
    const withScope = await gqlBearer(t.app.http, await token(['READ_INCIDENTS']), LIST, { first: 100 });
    expect(withScope.errors).toBeUndefined();
    expect(errorCode(await gqlBearer(t.app.http, await token(['READ']), LIST, { first: 100 }))).toBe('FORBIDDEN');
  });

  it('A26 filters by state and month, and reads a page of orders with their entries in the same number of statements for 2 and 8', async () => {
    const ids = async (f: Record<string, unknown>) =>
      (await call(DEMO.manager, LIST, { f, first: 100 })).data!.maintenanceWorkOrders.nodes.map((n: any) => n.id);
    expect(await ids({ state: 'DONE' })).toEqual([order.id]);
    expect(await ids({ month: '2026-10' })).toEqual([]);
    expect((await ids({ month: '2026-11' })).length).toBeGreaterThanOrEqual(3);
    expect(errorCode(await call(DEMO.manager, LIST, { f: { month: '2026-13' } }))).toBe('BAD_USER_INPUT');

    // six more orders in the first order's window, linking its authorisations: each has entries
    setClock(tokyo(2, '09:20'));
    for (let i = 0; i < 6; i++) {
      const res = await instruct({
        people: [],
        authorisationIds: order.authorisations.map((a: any) => a.id),
        work: `追加作業 ${i}`,
      });
      expect(res.errors).toBeUndefined();
    }
    const pull = async (first: number) => {
      const before = t.db.logger.statements;
      const res = await call(DEMO.manager, LIST, { f: { month: '2026-11' }, first });
      expect(res.errors).toBeUndefined();
      const nodes = res.data!.maintenanceWorkOrders.nodes as any[];
      expect(nodes).toHaveLength(first);
      return { statements: t.db.logger.statements - before, nodes };
    };
    const small = await pull(2);
    const large = await pull(8);
    expect(large.statements).toBe(small.statements);
    // the two newest orders have no entries; the six of the 2nd each have the entry and its exit
    expect(large.nodes.map((n) => n.entries.length)).toEqual([0, 0, 2, 2, 2, 2, 2, 2]);
  });
});

describe('A26 on /compliance and 対応が必要: outside people’s entries no work order covers', () => {
  it('A26 an outside person’s entry without an order is ATTENTION until the manager looks at it; one within an order is not counted', async () => {
    // a visitor authorised (A12.2) for R02 on the 10th, with no work order
    setClock(tokyo(10, '08:00'));
    const asked = await call(
      DEMO.manager,
      `mutation($i: RequestRoomAuthorisationInput!) { requestRoomAuthorisation(input: $i) { id } }`,
      {
        i: {
          subjectKind: 'CONTRACTOR',
          contractorCompany: '配送株式会社',
          contractorName: '配送 花子',
          roomIds: [rooms.R02],
          validFrom: tokyo(10, '08:00').toISOString(),
          validTo: tokyo(10, '18:00').toISOString(),
          purpose: '機器の搬入',
        },
      },
    );
    const visitor = asked.data!.requestRoomAuthorisation.id as string;
    expect((await call(DEMO.deputyChief, APPROVE, { i: { id: visitor } })).errors).toBeUndefined();
    const dayBefore = await a26('2026-11-09');
    setClock(tokyo(10, '12:00'));
    const [entry] = await byHand(
      contractorVisit(visitor, tokyo(10, '10:00'), tokyo(10, '10:30'), { roomId: rooms.R02 }),
    );
    expect(entry.anomalies).toEqual([]);

    // 次郎's entry into R02 on the 2nd (no order names R02) was uncovered too
    const uncovered = (
      await call(DEMO.manager, `{ uncoveredContractorEntries { id occurredAt authorisation { subjectName } } }`)
    ).data!.uncoveredContractorEntries as any[];
    expect(uncovered.map((e) => e.authorisation.subjectName)).toEqual([
      '配送株式会社 配送 花子',
      'みどり野システム保守株式会社 保守 次郎',
      'みどり野システム保守株式会社 保守 太郎',
    ]);
    // (太郎 at 09:30, before the window, is the third)
    expect(uncovered).toHaveLength(3);
    const now = await a26();
    expect(now.status).toBe('ATTENTION');
    expect(now.controls[0]).toMatchObject({
      status: 'ATTENTION',
      reason: '作業の指示のない外部の者の入室が3件あり、管理者の確認を待っています',
      link: '/maintenance#uncovered',
    });
    expect(await todo(DEMO.manager, 'maintenance.entriesToReview')).toBe(3);
    // as of the 1st, before any of them, OK (the first order's entries were covered all along)
    expect((await a26('2026-11-01')).status).toBe('OK');
    expect(dayBefore.status).toBe('ATTENTION');

    // the manager looks at each: the entry no longer counts (the note stays, audited)
    const REVIEW = `mutation($i: ReviewUncoveredEntryInput!) { reviewUncoveredEntry(input: $i) { id note event { id } reviewedBy { staffNumber } } }`;
    for (const e of uncovered) {
      const res = await call(DEMO.manager, REVIEW, {
        i: { eventId: e.id, note: '保守作業ではない (搬入・誤入室の確認済み)' },
      });
      expect(res.errors).toBeUndefined();
    }
    const twice = await call(DEMO.manager, REVIEW, { i: { eventId: uncovered[0].id, note: 'もう一度' } });
    expect(errorCode(twice)).toBe('ENTRY_NOT_UNCOVERED');
    // an entry an order covers is not one to look at
    const coveredEntry = (await call(DEMO.manager, ORDER, { id: order.id })).data!.maintenanceWorkOrder.entries[0].id;
    expect(errorCode(await call(DEMO.manager, REVIEW, { i: { eventId: coveredEntry, note: 'x' } }))).toBe(
      'ENTRY_NOT_UNCOVERED',
    );
    expect((await a26()).status).toBe('OK');
    // as of the 9th, the two of the 2nd were still waiting (the look is dated)
    expect((await a26('2026-11-09')).controls[0].reason).toContain('2件');
    expect(await todo(DEMO.manager, 'maintenance.entriesToReview')).toBe(0);
  });

  it('A26 an entry within an order made for it is covered: no ATTENTION, and the work starts', async () => {
    setClock(tokyo(12, '08:00'));
    const created = (
      await instruct({
        people: ['保守 四郎'],
        roomIds: [rooms.R02],
        startsAt: tokyo(12, '09:00').toISOString(),
        endsAt: tokyo(12, '17:00').toISOString(),
      })
    ).data!.instructMaintenanceWork;
    const [a] = created.authorisations;
    expect((await call(DEMO.chief, APPROVE, { i: { id: a.id } })).errors).toBeUndefined();
    setClock(tokyo(12, '11:00'));
    await byHand(contractorVisit(a.id, tokyo(12, '09:30'), tokyo(12, '10:45'), { roomId: rooms.R02 }));
    expect((await a26()).status).toBe('OK');
    expect(await todo(DEMO.manager, 'maintenance.entriesToReview')).toBe(0);
    const read = (await call(DEMO.itStaff, ORDER, { id: created.id })).data!.maintenanceWorkOrder;
    expect(read).toMatchObject({ state: 'IN_PROGRESS', mayComplete: true, resultDue: false });
    expect(read.entries).toHaveLength(2);

    // the same person after the order was cancelled is not covered by it
    const cancelled = await call(DEMO.manager, CANCEL, { i: { id: created.id, reason: '作業中止' } });
    expect(cancelled.errors).toBeUndefined();
    setClock(tokyo(12, '13:00'));
    await byHand(contractorVisit(a.id, tokyo(12, '12:00'), null, { roomId: rooms.R02 }));
    expect((await a26()).status).toBe('ATTENTION');
  });
});
