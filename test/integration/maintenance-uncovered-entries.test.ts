// A26 on /compliance and 対応が必要: an outside person's entry that no work order covers is ATTENTION
// until the manager looks at it (the look is dated); an entry within an order made for it is covered,
// and after the order was cancelled it is not.
import { describe, expect, it } from 'vitest';
import { REQUEST_AUTHORISATION } from '../helpers/factories.js';
import { errorCode } from '../helpers/graphql.js';
import { APPROVE, CANCEL, ORDER, startedOrder, tokyo, useMaintenanceFixture } from '../helpers/maintenance.js';
import { DEMO } from '../helpers/people.js';

const m = useMaintenanceFixture();
const { call, instruct, byHand, contractorVisit, todo, a26 } = m;

describe('A26 on /compliance and 対応が必要: outside people’s entries no work order covers', () => {
  it('A26 an outside person’s entry without an order is ATTENTION until the manager looks at it; one within an order is not counted', async () => {
    // an order on the 2nd with its first visits: 太郎 before its window and 次郎 into R02 are not its entries
    const order = await startedOrder(m, '2026-11-02');
    // a visitor authorised (A12.2) for R02 on the 10th, with no work order
    m.setClock(tokyo(10, '08:00'));
    const asked = await call(DEMO.manager, REQUEST_AUTHORISATION, {
      i: {
        subjectKind: 'CONTRACTOR',
        contractorCompany: '配送株式会社',
        contractorName: '配送 花子',
        roomIds: [m.rooms.R02],
        validFrom: tokyo(10, '08:00').toISOString(),
        validTo: tokyo(10, '18:00').toISOString(),
        purpose: '機器の搬入',
      },
    });
    const visitor = asked.data!.requestRoomAuthorisation.id as string;
    expect((await call(DEMO.deputyChief, APPROVE, { i: { id: visitor } })).errors).toBeUndefined();
    const dayBefore = await a26('2026-11-09');
    m.setClock(tokyo(10, '12:00'));
    const [entry] = await byHand(
      contractorVisit(visitor, tokyo(10, '10:00'), tokyo(10, '10:30'), { roomId: m.rooms.R02 }),
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
    m.setClock(tokyo(12, '08:00'));
    const created = (
      await instruct({
        people: ['保守 四郎'],
        roomIds: [m.rooms.R02],
        startsAt: tokyo(12, '09:00').toISOString(),
        endsAt: tokyo(12, '17:00').toISOString(),
      })
    ).data!.instructMaintenanceWork;
    const [a] = created.authorisations;
    expect((await call(DEMO.chief, APPROVE, { i: { id: a.id } })).errors).toBeUndefined();
    m.setClock(tokyo(12, '11:00'));
    await byHand(contractorVisit(a.id, tokyo(12, '09:30'), tokyo(12, '10:45'), { roomId: m.rooms.R02 }));
    expect((await a26()).status).toBe('OK');
    expect(await todo(DEMO.manager, 'maintenance.entriesToReview')).toBe(0);
    const read = (await call(DEMO.itStaff, ORDER, { id: created.id })).data!.maintenanceWorkOrder;
    expect(read).toMatchObject({ state: 'IN_PROGRESS', mayComplete: true, resultDue: false });
    expect(read.entries).toHaveLength(2);

    // the same person after the order was cancelled is not covered by it
    const cancelled = await call(DEMO.manager, CANCEL, { i: { id: created.id, reason: '作業中止' } });
    expect(cancelled.errors).toBeUndefined();
    m.setClock(tokyo(12, '13:00'));
    await byHand(contractorVisit(a.id, tokyo(12, '12:00'), null, { roomId: m.rooms.R02 }));
    expect((await a26()).status).toBe('ATTENTION');
  });
});
