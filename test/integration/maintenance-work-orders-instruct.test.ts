// A26: 保守作業の実施にあたっては、実施者は、管理者の指示に基づき行うものとする. The manager instructs
// maintenance work (contractor, people, what, when, rooms); the order asks for each person's room
// authorisation (A12.2), which the chief or the deputy chief approves (Hardening §1: the manager is
// its requester). An instruction sent again is stored once; bad ones are refused with their codes.
// (Linked authorisations and cancelling: maintenance-work-orders-authorisations; entries and results:
// -progress; who reads what: -reading; entries no order covers: maintenance-uncovered-entries.)
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { auditEntriesOf } from '../helpers/factories.js';
import { errorCode } from '../helpers/graphql.js';
import { APPROVE, at, ORDER, tokyo, useMaintenanceFixture } from '../helpers/maintenance.js';
import { DEMO } from '../helpers/people.js';

const m = useMaintenanceFixture();
const { call, instruct, todo } = m;

describe('A26 the manager instructs maintenance work', () => {
  it('A26 the manager instructs the work: each person gets an authorisation request (A12.2) the manager cannot approve and the chief does', async () => {
    m.setClock(tokyo(2, '09:00'));
    const waiting = await todo(DEMO.chief, 'access.managerRequestsToDecide');
    const res = await instruct({ people: ['保守 太郎', '保守 次郎'] });
    expect(res.errors).toBeUndefined();
    const order = res.data!.instructMaintenanceWork;
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
    const [entry] = (await auditEntriesOf(m.t.db.dataSource, 'Mutation.instructMaintenanceWork')).filter(
      (e) => e.targetId === order.id,
    );
    expect(entry).toMatchObject({ outcome: 'OK', targetId: order.id });
    expect(entry.changes.authorisationsRequested[1]).toEqual(order.authorisations.map((a: any) => a.id));
    const requests = (await auditEntriesOf(m.t.db.dataSource, 'Mutation.requestRoomAuthorisation')).filter(
      (e) => e.requestId === entry.requestId,
    );
    expect(requests.map((e) => e.targetId).sort()).toEqual(order.authorisations.map((a: any) => a.id).sort());

    // Hardening §1: the manager is the requester, so the instruction is not the approval
    const own = await call(DEMO.manager, APPROVE, { i: { id: order.authorisations[0].id } });
    expect(errorCode(own)).toBe('OWN_CASE');
    expect(await todo(DEMO.chief, 'access.managerRequestsToDecide')).toBe(waiting + 2);
    m.setClock(tokyo(2, '09:10'));
    for (const a of order.authorisations) {
      const approved = await call(DEMO.chief, APPROVE, { i: { id: a.id } });
      expect(approved.errors).toBeUndefined();
    }
    const read = (await call(DEMO.manager, ORDER, { id: order.id })).data!.maintenanceWorkOrder;
    expect(read.authorisations.map((a: any) => a.status)).toEqual(['APPROVED', 'APPROVED']);
  });

  it('A26 an instruction sent again with its clientId (the answer was lost) is stored once, even twice at once; other content under the id is refused', async () => {
    m.setClock(at('2026-12-07', '09:00'));
    const clientId = randomUUID();
    const window = {
      startsAt: at('2026-12-08', '10:00').toISOString(),
      endsAt: at('2026-12-08', '12:00').toISOString(),
    };
    const send = () => instruct({ clientId, people: ['保守 七郎'], ...window });
    const [a, b] = await Promise.all([send(), send()]);
    const c = await send();
    for (const r of [a, b, c]) expect(r.errors).toBeUndefined();
    const ids = new Set([a, b, c].map((r) => r.data!.instructMaintenanceWork.id));
    expect(ids.size).toBe(1);
    const [{ orders }] = await m.t.db.dataSource.query(
      `SELECT count(*)::int AS orders FROM maintenance_work_order WHERE "clientId" = $1`,
      [clientId],
    );
    expect(orders).toBe(1);
    const [{ requests }] = await m.t.db.dataSource.query(
      `SELECT count(*)::int AS requests FROM room_authorisation WHERE "contractorName" = '保守 七郎'`,
    );
    expect(requests).toBe(1);
    const other = await instruct({ clientId, people: ['保守 八郎'], ...window });
    expect(errorCode(other)).toBe('CLIENT_ID_REUSED');
  });

  it('A26 refuses unknown rooms and bad windows with their codes, and nothing is stored', async () => {
    m.setClock(tokyo(5, '09:00'));
    const w5 = { startsAt: tokyo(5, '10:00').toISOString(), endsAt: tokyo(5, '12:00').toISOString() };
    const before = await m.t.db.dataSource.query(`SELECT count(*)::int AS n FROM room_authorisation`);
    const unknownRoom = await instruct({ ...w5, roomIds: [m.rooms.R01, randomUUID()] });
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
    const after = await m.t.db.dataSource.query(`SELECT count(*)::int AS n FROM room_authorisation`);
    expect(after[0].n).toBe(before[0].n);
  });
});
