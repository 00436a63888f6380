// A26 with A12.2: a work order links an existing authorisation of an outside person instead of
// asking for one (refusing one that does not fit), and cancelling an order ends the authorisations
// it asked for while one linked to it stays.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { auditEntriesOf, REQUEST_AUTHORISATION } from '../helpers/factories.js';
import { errorCode } from '../helpers/graphql.js';
import { APPROVE, at, CANCEL, ORDER, tokyo, useMaintenanceFixture } from '../helpers/maintenance.js';
import { DEMO } from '../helpers/people.js';

const m = useMaintenanceFixture();
const { call, instruct } = m;

/** A contractor's authorisation for R01 asked for by an operations manager and approved by the manager. */
async function standingAuthorisation(contractorName: string, validFrom: Date, validTo: Date): Promise<string> {
  const asked = await call(DEMO.operationsManager, REQUEST_AUTHORISATION, {
    i: {
      subjectKind: 'CONTRACTOR',
      contractorCompany: 'みどり野システム保守株式会社',
      contractorName,
      roomIds: [m.rooms.R01],
      validFrom: validFrom.toISOString(),
      validTo: validTo.toISOString(),
      purpose: '月次点検',
    },
  });
  expect(asked.errors).toBeUndefined();
  const id = asked.data!.requestRoomAuthorisation.id as string;
  expect((await call(DEMO.manager, APPROVE, { i: { id } })).errors).toBeUndefined();
  return id;
}

describe('A26 an order’s authorisations (A12.2)', () => {
  it('A26 links an existing authorisation of an outside person instead of asking for one; refuses one that does not fit', async () => {
    m.setClock(tokyo(3, '09:00'));
    // an operations manager asks for a contractor for the month, the manager approves
    const standing = await standingAuthorisation('保守 三郎', tokyo(3, '08:00'), tokyo(30, '18:00'));

    const window = { startsAt: tokyo(4, '13:00').toISOString(), endsAt: tokyo(4, '15:00').toISOString() };
    const res = await instruct({ people: [], authorisationIds: [standing], ...window });
    expect(res.errors).toBeUndefined();
    expect(res.data!.instructMaintenanceWork.authorisations).toEqual([
      expect.objectContaining({ id: standing, status: 'APPROVED', contractorName: '保守 三郎' }),
    ]);
    expect(res.data!.instructMaintenanceWork.people).toEqual(['保守 三郎']);

    // not covering the rooms, a staff member's, one unknown: refused with the code, audited
    const refusedBefore = (await auditEntriesOf(m.t.db.dataSource, 'Mutation.instructMaintenanceWork')).filter(
      (e) => e.outcome === 'REFUSED',
    ).length;
    const rooms2 = await instruct({
      people: [],
      authorisationIds: [standing],
      roomIds: [m.rooms.R01, m.rooms.R02],
      ...window,
    });
    expect(errorCode(rooms2)).toBe('WORK_AUTHORISATION_UNUSABLE');
    const ownAsk = await call(DEMO.itStaff, REQUEST_AUTHORISATION, {
      i: {
        subjectKind: 'STAFF',
        roomIds: [m.rooms.R01],
        validFrom: window.startsAt,
        validTo: window.endsAt,
        purpose: '点検',
      },
    });
    const staffOne = await instruct({
      people: [],
      authorisationIds: [ownAsk.data!.requestRoomAuthorisation.id],
      ...window,
    });
    expect(errorCode(staffOne)).toBe('WORK_AUTHORISATION_UNUSABLE');
    const unknown = await instruct({ people: [], authorisationIds: [randomUUID()], ...window });
    expect(errorCode(unknown)).toBe('WORK_AUTHORISATION_UNUSABLE');
    const refused = (await auditEntriesOf(m.t.db.dataSource, 'Mutation.instructMaintenanceWork')).filter(
      (e) => e.outcome === 'REFUSED',
    );
    expect(refused.slice(refusedBefore).map((e) => e.reason)).toEqual(Array(3).fill('WORK_AUTHORISATION_UNUSABLE'));
  });

  it('A26 cancelling an order ends the authorisations it asked for (approved: revoked, pending: refused); one linked to it stays', async () => {
    const dec = (day: number, hm: string) => at(`2026-12-${String(day).padStart(2, '0')}`, hm);
    m.setClock(dec(1, '09:00'));
    const standingId = await standingAuthorisation('保守 四郎', dec(1, '08:00'), dec(20, '18:00'));
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
    const [entry] = (await auditEntriesOf(m.t.db.dataSource, 'Mutation.cancelMaintenanceWork')).filter(
      (e) => e.targetId === made.id,
    );
    expect([...entry.changes.authorisationsEnded[1]].sort()).toEqual([...asked].sort());
  });
});
