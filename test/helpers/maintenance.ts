// The maintenance work order tests' common start (A26): the app with a clock the test sets, sign-ins
// by demo person, the order's operations, register lines typed in by hand, and orders made for one
// test: approved (each person's room authorisation approved by the chief) or started (the register
// lines of a first visit entered).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect } from 'vitest';
import { DEMO_PASSWORD, startTestApp, type TestApp } from './app.js';
import { OK_CHECKLIST } from './door-tablet.js';
import { roomIdsByCode, staffIdsByNumber } from './factories.js';
import { gql, signIn, type GqlResult } from './graphql.js';
import { DEMO, type DemoPerson } from './people.js';

/** Tokyo wall-clock time on a day ('YYYY-MM-DD') → instant */
export const at = (day: string, hm: string) => new Date(`${day}T${hm}:00+09:00`);
/** Tokyo wall-clock time on a November 2026 day → instant */
export const tokyo = (day: number, hm: string) => at(`2026-11-${String(day).padStart(2, '0')}`, hm);

const ORDER_FIELDS = `id state contractorCompany contractorContact people work configurationItems startsAt endsAt
  startedAt result completedAt resultDue mayComplete rooms { code } instructedBy { staffNumber }
  completedBy { staffNumber } cancelReason
  authorisations { id status subjectKind contractorName escortRequired requestedBy { staffNumber } rooms { code } }
  entries { id direction occurredAt source escort { staffNumber } room { code } }`;
export const INSTRUCT = `mutation($i: InstructMaintenanceWorkInput!) { instructMaintenanceWork(input: $i) { ${ORDER_FIELDS} } }`;
export const ORDER = `query($id: ID!) { maintenanceWorkOrder(id: $id) { ${ORDER_FIELDS} } }`;
export const LIST = `query($f: WorkOrderFilterInput, $first: Int, $after: String) {
  maintenanceWorkOrders(filter: $f, first: $first, after: $after) {
    nodes { id state entries { id } authorisations { id } rooms { code } } endCursor hasNextPage } }`;
export const COMPLETE = `mutation($i: CompleteMaintenanceWorkInput!) { completeMaintenanceWork(input: $i) { id state result completedBy { staffNumber } } }`;
export const CANCEL = `mutation($i: CancelMaintenanceWorkInput!) { cancelMaintenanceWork(input: $i) { id state cancelReason } }`;
export const APPROVE = `mutation($i: AuthorisationIdInput!) { approveRoomAuthorisation(input: $i) { id status } }`;
const RECORD = `mutation($i: RecordAccessEventsInput!) { recordAccessEvents(input: $i) { results { outcome anomalies eventId } } }`;
const TODOS = `{ myTodos { id count } }`;

type Fields = Record<string, unknown>;
export type RegisterLine = { at: Date } & Fields;

export interface MaintenanceFixture {
  t: TestApp;
  clock: Date;
  readonly rooms: Record<string, string>;
  readonly staff: Record<string, string>;
  /** moves the app's clock; sessions signed in at another time may have ended, so everyone signs in again */
  setClock(at: Date): void;
  /** one operation as a demo person */
  call(who: DemoPerson, query: string, variables?: Fields): Promise<GqlResult<any>>;
  /** an order as the manager (or `who`) instructs it: 10:00–12:00 on 2 November in R01, unless told otherwise */
  instruct(fields?: Fields, who?: DemoPerson): Promise<GqlResult<any>>;
  /** the manager types in register lines by hand (the paper fallback), sent at the clock's time */
  byHand(events: RegisterLine[]): Promise<{ outcome: string; anomalies: string[]; eventId: string }[]>;
  /** an outside person's entry (and exit, unless null) on an authorisation, escorted by the IT staff member */
  contractorVisit(authorisationId: string, enter: Date, exit: Date | null, extra?: Fields): RegisterLine[];
  /** the count of a to-do on a demo person's list (0 when it is not there) */
  todo(who: DemoPerson, id: string): Promise<number>;
  /** article A26 on /compliance as the chief sees it (today, or `on`) */
  a26(on?: string): Promise<any>;
}

export function useMaintenanceFixture(): MaintenanceFixture {
  const cookies = new Map<string, string>();
  const m: MaintenanceFixture = {
    t: undefined as unknown as TestApp,
    clock: tokyo(2, '09:00'),
    rooms: {},
    staff: {},
    setClock(to) {
      m.clock = to;
      cookies.clear();
    },
    async call(who, query, variables = {}) {
      if (!cookies.has(who.staffNumber))
        cookies.set(who.staffNumber, await signIn(m.t.app.http, who.staffNumber, DEMO_PASSWORD));
      return gql(m.t.app.http, query, variables, cookies.get(who.staffNumber)!);
    },
    instruct: (fields = {}, who = DEMO.manager) =>
      m.call(who, INSTRUCT, {
        i: {
          contractorCompany: 'みどり野システム保守株式会社',
          contractorContact: '03-0000-0000',
          people: ['保守 太郎'],
          work: 'サーバーのディスク交換',
          configurationItems: '住基サーバー1号機',
          startsAt: tokyo(2, '10:00').toISOString(),
          endsAt: tokyo(2, '12:00').toISOString(),
          roomIds: [m.rooms.R01],
          ...fields,
        },
      }),
    async byHand(events) {
      const res = await m.call(DEMO.manager, RECORD, {
        i: {
          deviceNow: m.clock.toISOString(),
          events: events.map(({ at, ...e }) => ({
            clientEventId: randomUUID(),
            roomId: m.rooms.R01,
            purpose: 'サーバー保守',
            deviceTime: at.toISOString(),
            ...(e.direction === 'EXIT' ? { checklist: OK_CHECKLIST } : {}),
            ...e,
          })),
        },
      });
      expect(res.errors).toBeUndefined();
      return res.data!.recordAccessEvents.results;
    },
    contractorVisit(authorisationId, enter, exit, extra = {}) {
      const line = (when: Date, direction: string) => ({
        at: when,
        direction,
        contractorAuthorisationId: authorisationId,
        escortStaffId: m.staff[DEMO.itStaff.staffNumber],
        ...extra,
      });
      return [line(enter, 'ENTER'), ...(exit ? [line(exit, 'EXIT')] : [])];
    },
    async todo(who, id) {
      const todos = (await m.call(who, TODOS)).data!.myTodos as { id: string; count: number }[];
      return todos.find((x) => x.id === id)?.count ?? 0;
    },
    async a26(on) {
      const res = await m.call(
        DEMO.chief,
        `query($on: LocalDate) { compliance(on: $on) { articles { id status controls { status reason link } } } }`,
        { on },
      );
      expect(res.errors).toBeUndefined();
      return (res.data!.compliance.articles as any[]).find((a) => a.id === 'A26');
    },
  };
  beforeAll(async () => {
    m.t = await startTestApp({ now: () => m.clock });
    Object.assign(m.rooms, await roomIdsByCode(m.t.db.dataSource));
    Object.assign(m.staff, await staffIdsByNumber(m.t.db.dataSource));
  });
  afterAll(() => m.t?.close());
  return m;
}

/**
 * An order of its own for one test: instructed at 09:00 on `day` for 保守 太郎 and 保守 次郎,
 * 10:00–12:00 in R01, and both people's authorisations approved by the chief at 09:10.
 */
export async function approvedOrder(m: MaintenanceFixture, day = '2026-11-02', fields: Fields = {}): Promise<any> {
  m.setClock(at(day, '09:00'));
  const res = await m.instruct({
    people: ['保守 太郎', '保守 次郎'],
    startsAt: at(day, '10:00').toISOString(),
    endsAt: at(day, '12:00').toISOString(),
    ...fields,
  });
  expect(res.errors).toBeUndefined();
  const order = res.data!.instructMaintenanceWork;
  m.setClock(at(day, '09:10'));
  for (const a of order.authorisations)
    expect((await m.call(DEMO.chief, APPROVE, { i: { id: a.id } })).errors).toBeUndefined();
  return order;
}

/**
 * The register lines of an approved order's day, typed in at 12:30 after its window: 太郎 before the
 * window (09:30–09:40, not the order's), 太郎 within it (10:05, out at 12:10: the order's two
 * entries), and 次郎 into R02, which the order does not name (10:30, no exit).
 */
export async function firstVisits(m: MaintenanceFixture, order: any, day = '2026-11-02') {
  m.setClock(at(day, '12:30'));
  const [taro, jiro] = order.authorisations.map((a: any) => a.id as string);
  return m.byHand([
    ...m.contractorVisit(taro, at(day, '09:30'), at(day, '09:40')),
    ...m.contractorVisit(taro, at(day, '10:05'), at(day, '12:10')),
    ...m.contractorVisit(jiro, at(day, '10:30'), null, { roomId: m.rooms.R02 }),
  ]);
}

/** An order of its own, approved and started by its first visits (IN_PROGRESS, its result due); the clock at 12:30. */
export async function startedOrder(m: MaintenanceFixture, day = '2026-11-02'): Promise<any> {
  const order = await approvedOrder(m, day);
  await firstVisits(m, order, day);
  return order;
}
