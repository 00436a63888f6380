// A12.3: awkward submissions: id case, conflicting copies, races, clocks, bad input, late anomalies.
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../helpers/app.js';
import { OK_CHECKLIST, useRegisterFixture } from '../helpers/door-tablet.js';
import { gql, signIn } from '../helpers/graphql.js';
import { DEMO } from '../helpers/people.js';

const { f, pairTablet, authorise, storedCount, contractorAuthorisation } = useRegisterFixture(
  new Date('2026-11-26T01:00:00Z'),
); // 10:00 in Tokyo

describe('A12.3 entry/exit register: awkward submissions', () => {
  it('A12.3: treats upper-case ids like lower-case ones (a retry is still a duplicate)', async () => {
    const tablet = await pairTablet(['R01']);
    const e = tablet.event({ staffId: f.idOf(DEMO.itStaff).toUpperCase() });
    const upper = { ...e, clientEventId: (e.clientEventId as string).toUpperCase(), roomId: f.rooms.R01.toUpperCase() };
    const first = (await tablet.send([upper])).data.recordAccessEvents.results[0];
    expect(first).toMatchObject({ outcome: 'ACCEPTED', anomalies: [] });
    const again = (await tablet.send([upper])).data.recordAccessEvents.results[0];
    expect(again).toMatchObject({ outcome: 'DUPLICATE', eventId: first.eventId });
    const lower = (await tablet.send([{ ...upper, clientEventId: e.clientEventId }])).data.recordAccessEvents
      .results[0];
    expect(lower).toMatchObject({ outcome: 'DUPLICATE', eventId: first.eventId });
  });

  it('A12.3: within one batch, one id with two contents is refused, a copy counts once, a sequence number once', async () => {
    const tablet = await pairTablet(['R01']);
    const a = tablet.event({ staffId: f.idOf(DEMO.itStaff) });
    const b = tablet.event({ staffId: f.idOf(DEMO.itJunior) });
    const c = tablet.event({ staffId: f.idOf(DEMO.itJunior) });
    const res = (await tablet.send([a, { ...a, purpose: '別の目的' }, b, b, { ...c, deviceSeq: b.deviceSeq }])).data
      .recordAccessEvents.results;
    expect(res.map((r: any) => r.code ?? r.outcome)).toEqual([
      'INVALID_EVENT',
      'INVALID_EVENT',
      'ACCEPTED',
      'ACCEPTED',
      'SEQUENCE_REUSED',
    ]);
    expect(await storedCount([a.clientEventId as string, b.clientEventId as string, c.clientEventId as string])).toBe(
      1,
    );
  });

  it('A12.3: a batch racing a retry of part of it still closes the real entry (no phantom pairing)', async () => {
    for (let round = 0; round < 5; round++) {
      const tablet = await pairTablet(['R01']);
      const enter = tablet.event({ staffId: f.idOf(DEMO.residentRecordsChief) });
      const exit = tablet.event({
        staffId: f.idOf(DEMO.residentRecordsChief),
        direction: 'EXIT',
        checklist: OK_CHECKLIST,
      });
      const [, both] = await Promise.all([tablet.send([enter]), tablet.send([enter, exit])]);
      expect(both.errors).toBeUndefined();
      const [stored] = await f.t.db.dataSource.query(
        `SELECT x."entryEventId" = e.id AS paired FROM access_event e, access_event x
         WHERE e."clientEventId" = $1 AND x."clientEventId" = $2`,
        [enter.clientEventId, exit.clientEventId],
      );
      expect(stored.paired).toBe(true);
    }
  });

  it('A12.2: an outside person whose authorisation is not approved is stored and flagged, not refused', async () => {
    const contractor = await contractorAuthorisation(false); // asked, never approved
    const tablet = await pairTablet(['R01']);
    const [r] = (
      await tablet.send([
        tablet.event({
          contractorAuthorisationId: contractor,
          escortStaffId: f.idOf(DEMO.operationsManager),
        }),
      ])
    ).data.recordAccessEvents.results;
    expect(r).toMatchObject({ outcome: 'ACCEPTED', anomalies: ['UNAUTHORISED', 'PIN_MISSING'] });
  });

  it('A12.2: an entry recorded before the approval (synced after it) was not authorised in advance', async () => {
    const tablet = await pairTablet(['R01']);
    const early = tablet.event({
      staffId: f.idOf(DEMO.citizenSectionClerk),
      deviceTime: f.clock.toISOString(),
    });
    f.clock = new Date(f.clock.getTime() + 600_000);
    try {
      await authorise(DEMO.citizenSectionClerk.staffNumber, ['R01'], -1, 8); // approved now, valid from an hour ago
      const [r] = (await tablet.send([early])).data.recordAccessEvents.results;
      expect(r.anomalies).toContain('UNAUTHORISED');
    } finally {
      f.clock = new Date('2026-11-26T01:00:00Z');
      f.manager = await signIn(f.t.app.http, DEMO.manager.staffNumber, DEMO_PASSWORD);
    }
  });

  it('A12.3: a clock corrected between recording and sending is still caught (events in the future)', async () => {
    const tablet = await pairTablet(['R01']);
    const ahead = tablet.event({
      staffId: f.idOf(DEMO.itStaff),
      deviceTime: new Date(f.clock.getTime() + 86_400_000).toISOString(),
    });
    const [r] = (await tablet.send([ahead], f.clock)).data.recordAccessEvents.results;
    expect(r.anomalies).toContain('CLOCK_SKEW');
  });

  it('A12.3: a tablet whose clock was reset to 1970 is not refused: its times are corrected and flagged', async () => {
    const tablet = await pairTablet(['R01']);
    const reset = new Date('1970-01-01T00:10:00Z');
    const e = tablet.event({
      staffId: f.idOf(DEMO.itStaff),
      deviceTime: new Date(reset.getTime() - 300_000).toISOString(),
    });
    const answer = (await tablet.send([e], reset)).data.recordAccessEvents;
    expect(answer.clockSkewed).toBe(true);
    expect(answer.results[0]).toMatchObject({ outcome: 'ACCEPTED' });
    expect(answer.results[0].anomalies).toContain('CLOCK_SKEW');
    const [row] = await f.t.db.dataSource.query(`SELECT "occurredAt" FROM access_event WHERE "clientEventId" = $1`, [
      e.clientEventId,
    ]);
    expect(row.occurredAt.getTime()).toBe(f.clock.getTime() - 300_000);
  });

  it('A12.3: events recorded before the tablet’s clock reset to 1970 keep their own (plausible) time', async () => {
    const tablet = await pairTablet(['R01']);
    const before = tablet.event({
      staffId: f.idOf(DEMO.itJunior),
      deviceTime: new Date(f.clock.getTime() - 600_000).toISOString(),
    });
    const [r] = (await tablet.send([before], new Date('1970-01-01T00:03:00Z'))).data.recordAccessEvents.results;
    expect(r.outcome).toBe('ACCEPTED');
    expect(r.anomalies).toContain('CLOCK_SKEW');
    const [row] = await f.t.db.dataSource.query(`SELECT "occurredAt" FROM access_event WHERE "clientEventId" = $1`, [
      before.clientEventId,
    ]);
    expect(row.occurredAt.getTime()).toBe(f.clock.getTime() - 600_000);
  });

  it('A12.3: impossible times and NUL characters are refused with a code, never a 500', async () => {
    const tablet = await pairTablet(['R01']);
    const res = await tablet.send([tablet.event({ staffId: f.idOf(DEMO.itStaff) })], new Date('0001-01-01T00:00:00Z'));
    expect(res.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    // an impossible event time is not a reason to lose a real entry: stored at its arrival, flagged
    const far = (
      await tablet.send([tablet.event({ staffId: f.idOf(DEMO.itStaff), deviceTime: '9999-12-31T00:00:00Z' })])
    ).data.recordAccessEvents.results[0];
    expect(far.outcome).toBe('ACCEPTED');
    expect(far.anomalies).toContain('CLOCK_SKEW');
    const nul = await tablet.send([tablet.event({ staffId: f.idOf(DEMO.itStaff), purpose: 'a\u0000b' })]);
    expect(nul.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    const dashes = await gql(
      f.t.app.http,
      `query($r: ID) { accessInside(roomId: $r) { id } }`,
      { r: '-'.repeat(36) },
      f.manager,
    );
    expect(dashes.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
  });

  it('A12.3: the register never calls a closed entry an overstay', async () => {
    const tablet = await pairTablet(['R01']);
    const long = new Date(f.clock.getTime() - 5 * 3_600_000);
    await tablet.send([
      tablet.event({ staffId: f.idOf(DEMO.itStaff), deviceTime: long.toISOString() }),
      tablet.event({
        staffId: f.idOf(DEMO.itStaff),
        direction: 'EXIT',
        checklist: OK_CHECKLIST,
        deviceTime: f.clock.toISOString(),
      }),
    ]);
    const rows = (
      await gql(f.t.app.http, `{ accessEvents(first: 100) { nodes { overstay direction } } }`, {}, f.manager)
    ).data!.accessEvents.nodes;
    expect(rows.filter((r: any) => r.overstay)).toEqual([]);
  });
});
