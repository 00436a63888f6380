// A26 who may instruct, read and confirm work orders (the manager instructs; the chief, deputy chief and
// auditor read all; an escort what they escorted; API clients with READ_INCIDENTS), and the list's
// filters, read in the same number of statements whatever the page size.
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../helpers/app.js';
import { errorCode, gqlBearer } from '../helpers/graphql.js';
import {
  at,
  CANCEL,
  COMPLETE,
  LIST,
  ORDER,
  startedOrder,
  tokyo,
  useMaintenanceFixture,
} from '../helpers/maintenance.js';
import { DEMO } from '../helpers/people.js';

const m = useMaintenanceFixture();
const { call, instruct } = m;

describe('A26 reading work orders', () => {
  it('A26 who may instruct, read and confirm: the manager instructs; the chief, deputy chief and auditor read all; an escort reads what they escorted; others nothing', async () => {
    const order = await startedOrder(m, '2026-11-02'); // escorted by the IT staff member
    m.setClock(tokyo(6, '09:00'));
    for (const who of [DEMO.operator, DEMO.chief, DEMO.operationsManager, DEMO.auditor])
      expect(errorCode(await instruct({}, who))).toBe('FORBIDDEN');
    const created = (
      await instruct({ startsAt: tokyo(6, '10:00').toISOString(), endsAt: tokyo(6, '12:00').toISOString() })
    ).data!.instructMaintenanceWork;
    for (const who of [DEMO.manager, DEMO.chief, DEMO.deputyChief, DEMO.auditor]) {
      const ids = (await call(who, LIST, { first: 100 })).data!.maintenanceWorkOrders.nodes.map((n: any) => n.id);
      expect(ids).toEqual(expect.arrayContaining([order.id, created.id]));
    }
    // the escort of the started order sees that one only; someone else sees none, and reads it as absent
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
    const withScope = await gqlBearer(m.t.app.http, await token(['READ_INCIDENTS']), LIST, { first: 100 });
    expect(withScope.errors).toBeUndefined();
    expect(errorCode(await gqlBearer(m.t.app.http, await token(['READ']), LIST, { first: 100 }))).toBe('FORBIDDEN');
  });

  it('A26 filters by state and month, and reads a page of orders with their entries in the same number of statements for 2 and 8', async () => {
    // a month of its own: an order started and done on the 5th, two more later with no entries
    const day = '2027-01-05';
    const order = await startedOrder(m, day);
    const done = await call(DEMO.itStaff, COMPLETE, { i: { id: order.id, result: '交換済み' } });
    expect(done.errors).toBeUndefined();
    for (const later of ['2027-01-20', '2027-01-21'])
      expect(
        (await instruct({ startsAt: at(later, '10:00').toISOString(), endsAt: at(later, '12:00').toISOString() }))
          .errors,
      ).toBeUndefined();
    const ids = async (f: Record<string, unknown>) =>
      (await call(DEMO.manager, LIST, { f, first: 100 })).data!.maintenanceWorkOrders.nodes.map((n: any) => n.id);
    expect(await ids({ state: 'DONE', month: '2027-01' })).toEqual([order.id]);
    expect(await ids({ month: '2026-10' })).toEqual([]);
    expect(await ids({ month: '2027-01' })).toHaveLength(3);
    expect(errorCode(await call(DEMO.manager, LIST, { f: { month: '2026-13' } }))).toBe('BAD_USER_INPUT');

    // six more orders in the first order's window, linking its authorisations: each has entries
    m.setClock(at(day, '09:20'));
    for (let i = 0; i < 6; i++) {
      const res = await instruct({
        people: [],
        authorisationIds: order.authorisations.map((a: any) => a.id),
        work: `追加作業 ${i}`,
        startsAt: at(day, '10:00').toISOString(),
        endsAt: at(day, '12:00').toISOString(),
      });
      expect(res.errors).toBeUndefined();
    }
    const pull = async (first: number) => {
      const before = m.t.db.logger.statements;
      const res = await call(DEMO.manager, LIST, { f: { month: '2027-01' }, first });
      expect(res.errors).toBeUndefined();
      const nodes = res.data!.maintenanceWorkOrders.nodes as any[];
      expect(nodes).toHaveLength(first);
      return { statements: m.t.db.logger.statements - before, nodes };
    };
    const small = await pull(2);
    const large = await pull(8);
    expect(large.statements).toBe(small.statements);
    // the two newest orders have no entries; the six of the 5th each have the entry and its exit
    expect(large.nodes.map((n) => n.entries.length)).toEqual([0, 0, 2, 2, 2, 2, 2, 2]);
  });
});
