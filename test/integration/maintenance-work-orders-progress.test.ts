// A26 an order's progress: the register lines of its people in its rooms within its window are its
// entries, the first entry starts the work, and once its window has ended the manager or an escort
// confirms the result, which closes it.
import { describe, expect, it } from 'vitest';
import { auditEntriesOf } from '../helpers/factories.js';
import { errorCode } from '../helpers/graphql.js';
import {
  approvedOrder,
  CANCEL,
  COMPLETE,
  firstVisits,
  ORDER,
  startedOrder,
  tokyo,
  useMaintenanceFixture,
} from '../helpers/maintenance.js';
import { DEMO } from '../helpers/people.js';

const m = useMaintenanceFixture();
const { call, todo } = m;

describe('A26 an order’s entries and result', () => {
  it('A26 the register lines of its people in its rooms within its window are the order’s entries; the first entry starts the work', async () => {
    const order = await approvedOrder(m, '2026-11-02');
    // 太郎 before the window (and before the authorisation): not the order's; 太郎 within it, with an
    // exit after the window ends (closing an entry of the order); 次郎 into R02, which the order does not name
    const results = await firstVisits(m, order, '2026-11-02');
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
    const batches = await auditEntriesOf(m.t.db.dataSource, 'Mutation.recordAccessEvents');
    expect(batches.at(-1).changes.maintenanceWorkStarted).toEqual([null, [order.id]]);
  });

  it('A26 the order’s window ended without a result: a to-do for the manager; the escort confirms the result, and the order is closed', async () => {
    m.setClock(tokyo(7, '09:00'));
    const toConfirm = await todo(DEMO.manager, 'maintenance.resultsToConfirm');
    const escorted = await todo(DEMO.itStaff, 'maintenance.escortedResults');
    const order = await startedOrder(m, '2026-11-07');
    expect(await todo(DEMO.manager, 'maintenance.resultsToConfirm')).toBe(toConfirm + 1);
    expect(await todo(DEMO.itStaff, 'maintenance.escortedResults')).toBe(escorted + 1);
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
    expect(await todo(DEMO.manager, 'maintenance.resultsToConfirm')).toBe(toConfirm);
    const again = await call(DEMO.manager, COMPLETE, { i: { id: order.id, result: '再確認' } });
    expect(errorCode(again)).toBe('WORK_ORDER_CLOSED');
    const cancel = await call(DEMO.manager, CANCEL, { i: { id: order.id, reason: '誤り' } });
    expect(errorCode(cancel)).toBe('WORK_ORDER_CLOSED');
  });
});
