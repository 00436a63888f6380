// A12.3: what the door tablet (kiosk) reads and how it identifies an escort.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TEST_PIN } from '../helpers/door-pin.js';
import { OK_CHECKLIST, useRegisterFixture } from '../helpers/door-tablet.js';
import { gql, signIn } from '../helpers/graphql.js';
import { DEMO_PASSWORD } from '../helpers/app.js';
import { DEMO } from '../helpers/people.js';

const { f, pairTablet, storedCount, contractorAuthorisation } = useRegisterFixture(new Date('2026-11-26T01:00:00Z'));

describe('A12.3 door tablet: who is inside, escorts', () => {
  it('A12.3: doorInside lists people inside the tablet’s own rooms only, with names, until they leave', async () => {
    const r1 = await pairTablet(['R01']);
    const r2 = await pairTablet(['R02']);
    const enter = r1.event({ staffId: f.idOf(DEMO.itStaff) });
    const elsewhere = r2.event({ staffId: f.idOf(DEMO.itStaff), roomId: f.rooms.R02 });
    await r1.send([enter]);
    await r2.send([elsewhere]);
    const Q = `{ doorInside { clientEventId roomId staffId contractorAuthorisationId name enteredAt purpose } }`;
    const inside = (await r1.query(Q)).data.doorInside;
    expect(inside).toContainEqual({
      clientEventId: enter.clientEventId,
      roomId: f.rooms.R01,
      staffId: f.idOf(DEMO.itStaff),
      contractorAuthorisationId: null,
      name: expect.stringMatching(/\S+ \S+/),
      enteredAt: f.clock.toISOString(),
      purpose: 'サーバー保守',
    });
    expect(inside.map((x: any) => x.clientEventId)).not.toContain(elsewhere.clientEventId);
    // an entry never closed a month ago is the manager's NOT_CLOSED anomaly, not someone at the door
    const forgotten = r1.event({
      staffId: f.idOf(DEMO.formerManager),
      deviceTime: new Date(f.clock.getTime() - 31 * 86_400_000).toISOString(),
    });
    await r1.send([forgotten]);
    const now = (await r1.query(Q)).data.doorInside.map((x: any) => x.clientEventId);
    expect(now).toContain(enter.clientEventId);
    expect(now).not.toContain(forgotten.clientEventId);
    await r1.send([r1.event({ staffId: f.idOf(DEMO.itStaff), direction: 'EXIT', checklist: OK_CHECKLIST })]);
    const after = (await r1.query(Q)).data.doorInside;
    expect(after.map((x: any) => x.clientEventId)).not.toContain(enter.clientEventId);
  });

  it('A12.3: a tablet paired again resends waiting events under new numbers: DUPLICATE, stored once', async () => {
    const old = await pairTablet(['R01']);
    const renewed = await pairTablet(['R01'], old); // it shows its previous credential
    const e = old.event({ staffId: f.idOf(DEMO.itJunior) });
    expect((await old.send([e])).data.recordAccessEvents.results[0].outcome).toBe('ACCEPTED');
    // the answer was lost; the tablet was paired again and numbered its waiting events afresh
    const [again] = (await renewed.send([{ ...e, deviceSeq: 1 }])).data.recordAccessEvents.results;
    expect(again.outcome).toBe('DUPLICATE');
    expect(await storedCount([e.clientEventId])).toBe(1);
    // its new number 1 was used: the next one (2) leaves no gap behind it
    const next = (await renewed.send([renewed.event({ staffId: f.idOf(DEMO.itJunior), deviceSeq: 2 })])).data
      .recordAccessEvents;
    expect(next.sequenceGaps).toEqual([]);
    // a different event under an id it used under its previous pairing is still refused
    const [other] = (await renewed.send([{ ...e, deviceSeq: 3, purpose: '別の作業' }])).data.recordAccessEvents.results;
    expect(other).toMatchObject({ outcome: 'REFUSED', code: 'CLIENT_ID_TAKEN' });
  });

  it('A12.3: the number of a refused event was used: it is neither reported nor swept as a gap', async () => {
    const tablet = await pairTablet(['R01']);
    const refused = tablet.event({ staffId: f.idOf(DEMO.itStaff), roomId: f.rooms.R02 }); // not this tablet's room
    const answer = (
      await tablet.send([
        tablet.event({ staffId: f.idOf(DEMO.itStaff) }),
        refused,
        tablet.event({ staffId: f.idOf(DEMO.itStaff), direction: 'EXIT', checklist: OK_CHECKLIST }),
      ])
    ).data.recordAccessEvents;
    expect(answer.results.map((r: any) => r.outcome)).toEqual(['ACCEPTED', 'REFUSED', 'ACCEPTED']);
    expect(answer.sequenceGaps).toEqual([]);
    // a refused number far above the rest is not kept: it cannot move the window of gaps
    const far = { ...refused, clientEventId: randomUUID(), deviceSeq: 1_900_000_000 };
    expect((await tablet.send([far])).data.recordAccessEvents.sequenceGaps).toEqual([]);
    tablet.skip(1); // a number really missing is still reported
    const later = (await tablet.send([tablet.event({ staffId: f.idOf(DEMO.itJunior) })])).data.recordAccessEvents;
    expect(later.sequenceGaps).toEqual([{ from: 4, to: 4 }]);
    f.clock = new Date(f.clock.getTime() + 2 * 3_600_000);
    try {
      await f.t.app.services.accessRegister.sweep();
      const [row] = await f.t.db.dataSource.query(
        `SELECT array_agg(e."deviceSeq" ORDER BY e."deviceSeq") AS seqs FROM access_anomaly a
           JOIN access_event e ON e.id = a."eventId" WHERE a.kind = 'SEQUENCE_GAP' AND e."deviceId" = $1`,
        [tablet.deviceId],
      );
      expect(row.seqs).toEqual([5]);
    } finally {
      f.clock = new Date('2026-11-26T01:00:00Z');
    }
  });

  it('A12.3: a tablet in use for more than 90 days has no false gap at the edge of the sweep’s window', async () => {
    const tablet = await pairTablet(['R01']);
    await tablet.send([tablet.event({ staffId: f.idOf(DEMO.itStaff) })]);
    f.clock = new Date(f.clock.getTime() + 91 * 86_400_000);
    try {
      await tablet.send([tablet.event({ staffId: f.idOf(DEMO.itStaff), deviceTime: f.clock.toISOString() })]);
      f.clock = new Date(f.clock.getTime() + 2 * 3_600_000);
      await f.t.app.services.accessRegister.sweep();
      const [row] = await f.t.db.dataSource.query(
        `SELECT count(*)::int AS n FROM access_anomaly a JOIN access_event e ON e.id = a."eventId"
          WHERE a.kind = 'SEQUENCE_GAP' AND e."deviceId" = $1`,
        [tablet.deviceId],
      );
      expect(row.n).toBe(0);
    } finally {
      f.clock = new Date('2026-11-26T01:00:00Z');
      f.manager = await signIn(f.t.app.http, DEMO.manager.staffNumber, DEMO_PASSWORD);
    }
  });

  it('A12.3: doorInside is for tablets only', async () => {
    const res = await gql(f.t.app.http, `{ doorInside { name } }`, {}, f.manager);
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('A12.3: an outside person is identified by the escort’s PIN; wrong or missing is an anomaly', async () => {
    const contractor = await contractorAuthorisation();
    const tablet = await pairTablet(['R01']);
    const escort = f.idOf(DEMO.itJunior);
    const withPin = (pin: string | null) => {
      const e = tablet.event({ contractorAuthorisationId: contractor, escortStaffId: escort });
      return pin ? { ...e, pin: tablet.pinFor(e, pin) } : e;
    };
    const [ok, wrong, none] = (await tablet.send([withPin(TEST_PIN), withPin('000001'), withPin(null)])).data
      .recordAccessEvents.results;
    expect(ok).toMatchObject({ outcome: 'ACCEPTED', anomalies: [] });
    expect(wrong.anomalies).toContain('PIN_FAILED');
    expect(none.anomalies).toContain('PIN_MISSING');
    const inside = (await tablet.query(`{ doorInside { contractorAuthorisationId name } }`)).data.doorInside;
    expect(inside).toContainEqual({ contractorAuthorisationId: contractor, name: '株式会社みどりシステム 佐藤 健' });
  });
});
