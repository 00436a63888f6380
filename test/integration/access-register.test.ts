// A12.3: the entry/exit register, server side: submissions. Tablets submit batches, often late and
// more than once; whatever happens in between, each event is stored exactly once, odd ones are
// stored with their anomalies, and the tablet learns per event what to drop and what to show.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../helpers/app.js';
import { OK_CHECKLIST, useRegisterFixture } from '../helpers/door-tablet.js';
import { gql, signIn } from '../helpers/graphql.js';
import { DEMO } from '../helpers/people.js';

const { f, pairTablet, authorise, storedCount } = useRegisterFixture(new Date('2026-11-26T01:00:00Z')); // 10:00 in Tokyo

describe('A12.3 entry/exit register: submissions', () => {
  it('A12.3: the same batch sent 3 times stores each event once, and every replay gets the first answer', async () => {
    const tablet = await pairTablet(['R01']);
    const batch = [
      tablet.event({ staffId: f.idOf(DEMO.itStaff) }),
      tablet.event({ staffId: f.idOf(DEMO.itJunior) }),
      tablet.event({ staffId: f.idOf(DEMO.itStaff), direction: 'EXIT', checklist: OK_CHECKLIST }),
    ];
    const first = await tablet.send(batch);
    expect(first.errors).toBeUndefined();
    expect(first.data.recordAccessEvents.results.map((r: any) => r.outcome)).toEqual([
      'ACCEPTED',
      'ACCEPTED',
      'ACCEPTED',
    ]);
    for (let i = 0; i < 2; i++) {
      const again = (await tablet.send(batch)).data.recordAccessEvents.results;
      expect(again.map((r: any) => r.outcome)).toEqual(['DUPLICATE', 'DUPLICATE', 'DUPLICATE']);
      expect(again.map((r: any) => r.eventId)).toEqual(
        first.data.recordAccessEvents.results.map((r: any) => r.eventId),
      );
    }
    expect(await storedCount(batch.map((e) => e.clientEventId as string))).toBe(3);
  });

  it('A12.3: two identical batches sent at the same moment store each event once', async () => {
    const tablet = await pairTablet(['R01']);
    const batch = Array.from({ length: 40 }, (_, i) =>
      tablet.event({
        staffId: f.staff[i % 2 ? DEMO.itStaff.staffNumber : DEMO.itJunior.staffNumber],
        direction: 'ENTER',
      }),
    );
    const [a, b] = await Promise.all([tablet.send(batch), tablet.send(batch)]);
    const outcomes = [...a.data.recordAccessEvents.results, ...b.data.recordAccessEvents.results].map(
      (r: any) => r.outcome,
    );
    expect(outcomes.filter((o) => o === 'ACCEPTED')).toHaveLength(40);
    expect(outcomes.filter((o) => o === 'DUPLICATE')).toHaveLength(40);
    expect(await storedCount(batch.map((e) => e.clientEventId as string))).toBe(40);
  });

  it('A12.3: a reply lost after the commit, then the retry, stores once (the retry is told DUPLICATE)', async () => {
    const tablet = await pairTablet(['R01']);
    const batch = [tablet.event({ staffId: f.idOf(DEMO.itStaff) })];
    void (await tablet.send(batch)); // committed; the tablet never saw this answer
    const retry = await tablet.send(batch);
    expect(retry.data.recordAccessEvents.results[0]).toMatchObject({ outcome: 'DUPLICATE', code: null });
    expect(await storedCount([batch[0].clientEventId as string])).toBe(1);
  });

  it('A12.3: a device clock a day off is stored, flagged and corrected by the server clock; order follows it', async () => {
    const tablet = await pairTablet(['R02']);
    f.clock = new Date(f.clock.getTime() + 600_000); // ten minutes after the approval
    const dayAhead = new Date(f.clock.getTime() + 86_400_000);
    const events = [
      tablet.event({
        staffId: f.idOf(DEMO.itStaff),
        roomId: f.rooms.R02,
        deviceTime: dayAhead.toISOString(),
      }),
      tablet.event({
        staffId: f.idOf(DEMO.itStaff),
        roomId: f.rooms.R02,
        direction: 'EXIT',
        checklist: OK_CHECKLIST,
        deviceTime: new Date(dayAhead.getTime() + 60_000).toISOString(),
      }),
    ];
    const res = (await tablet.send(events, new Date(dayAhead.getTime() + 120_000))).data.recordAccessEvents;
    expect(res.clockSkewed).toBe(true);
    expect(res.clockSkewSeconds).toBe(-86_520);
    expect(res.results.map((r: any) => r.anomalies)).toEqual([['CLOCK_SKEW'], ['CLOCK_SKEW']]);
    const rows = await f.t.db.dataSource.query(
      `SELECT "deviceTime", "occurredAt", "entryEventId", anomalies FROM access_event WHERE id = ANY($1::uuid[]) ORDER BY "deviceSeq"`,
      [res.results.map((r: any) => r.eventId)],
    );
    expect(rows[0].deviceTime.toISOString()).toBe(events[0].deviceTime); // what the tablet said is kept
    expect(rows[0].occurredAt.toISOString()).toBe(new Date(f.clock.getTime() - 120_000).toISOString());
    expect(rows[1].occurredAt.toISOString()).toBe(new Date(f.clock.getTime() - 60_000).toISOString());
    // authorised at the corrected time (the authorisation ends in 8 hours, not tomorrow)
    expect(res.results[0].anomalies).not.toContain('UNAUTHORISED');
    expect(rows[1].entryEventId).toBe(res.results[0].eventId);
    f.clock = new Date('2026-11-26T01:00:00Z');
  });

  it('A12.2/A12.3: an entry without an authorisation in force is stored and flagged, never refused', async () => {
    const tablet = await pairTablet(['R01', 'R02']);
    const nobody = tablet.event({ staffId: f.idOf(DEMO.operator) }); // 森: no authorisation
    const wrongRoom = tablet.event({ staffId: f.idOf(DEMO.itJunior), roomId: f.rooms.R02 }); // 山崎: R01 only
    const res = (await tablet.send([nobody, wrongRoom])).data.recordAccessEvents.results;
    expect(res.map((r: any) => [r.outcome, r.anomalies])).toEqual([
      ['ACCEPTED', ['UNAUTHORISED']],
      ['ACCEPTED', ['UNAUTHORISED']],
    ]);
    const open = await gql(
      f.t.app.http,
      `{ accessAnomalies { id kind event { id staff { staffNumber } } } }`,
      {},
      f.manager,
    );
    const mine = open.data!.accessAnomalies.filter((a: any) => [res[0].eventId, res[1].eventId].includes(a.event.id));
    expect(mine.map((a: any) => a.kind)).toEqual(['UNAUTHORISED', 'UNAUTHORISED']);
  });

  it('A12.2: an event recorded offline before a revocation counts as authorised; one after it does not', async () => {
    const id = await authorise(DEMO.citizenSectionStaff.staffNumber, ['R01']);
    const revokeAt = new Date(f.clock.getTime() + 3_600_000);
    const tablet = await pairTablet(['R01']);
    const before = tablet.event({
      staffId: f.idOf(DEMO.citizenSectionStaff),
      deviceTime: new Date(f.clock.getTime() + 1_800_000).toISOString(),
    });
    const after = tablet.event({
      staffId: f.idOf(DEMO.citizenSectionStaff),
      deviceTime: new Date(f.clock.getTime() + 5_400_000).toISOString(),
    });
    f.clock = revokeAt;
    await gql(
      f.t.app.http,
      `mutation($i: AuthorisationDecisionInput!) { revokeRoomAuthorisation(input: $i) { id } }`,
      { i: { id, reason: '作業中止' } },
      await signIn(f.t.app.http, DEMO.manager.staffNumber, DEMO_PASSWORD),
    );
    f.clock = new Date(revokeAt.getTime() + 3 * 3_600_000); // the tablet syncs later
    const res = (await tablet.send([before, after], f.clock)).data.recordAccessEvents.results;
    expect(res.map((r: any) => r.anomalies)).toEqual([[], ['UNAUTHORISED']]);
    f.clock = new Date('2026-11-26T01:00:00Z');
    f.manager = await signIn(f.t.app.http, DEMO.manager.staffNumber, DEMO_PASSWORD);
  });

  it('A12.3: pairs an exit with the open entry; flags an exit without entry and an incomplete checklist', async () => {
    const tablet = await pairTablet(['R01']);
    const res = (
      await tablet.send([
        tablet.event({
          staffId: f.idOf(DEMO.welfareClerk),
          direction: 'EXIT',
          checklist: OK_CHECKLIST,
          note: '入室記録の漏れ',
        }),
        tablet.event({
          staffId: f.idOf(DEMO.welfareClerk),
          direction: 'ENTER',
        }),
        tablet.event({
          staffId: f.idOf(DEMO.welfareClerk),
          direction: 'EXIT',
          checklist: { ...OK_CHECKLIST, noMediaLeft: false },
        }),
      ])
    ).data.recordAccessEvents.results;
    // the welfare clerk has no authorisation and no earlier entry in R01
    expect(res.map((r: any) => r.anomalies)).toEqual([
      ['EXIT_WITHOUT_ENTRY'],
      ['UNAUTHORISED'],
      ['CHECKLIST_INCOMPLETE'],
    ]);
    const [exit] = await f.t.db.dataSource.query(`SELECT "entryEventId" FROM access_event WHERE id = $1`, [
      res[2].eventId,
    ]);
    expect(exit.entryEventId).toBe(res[1].eventId);
  });

  it('A12.3: refuses with a code what cannot be stored, and accepts the rest of the batch', async () => {
    // the same tablet, paired before: an id it used then is still its own
    const other = await pairTablet(['R01']);
    const tablet = await pairTablet(['R01'], other);
    const taken = other.event({ staffId: f.idOf(DEMO.itStaff) });
    await other.send([taken]);
    const good = tablet.event({ staffId: f.idOf(DEMO.itStaff) });
    const res = (
      await tablet.send([
        tablet.event({ staffId: f.idOf(DEMO.itStaff), roomId: f.rooms.R02 }),
        tablet.event({ staffId: '00000000-0000-4000-8000-000000000000' }),
        tablet.event({ staffId: f.idOf(DEMO.itStaff), direction: 'EXIT' }), // no checklist
        tablet.event({ staffId: f.idOf(DEMO.itStaff), contractorAuthorisationId: randomUUID() }), // two subjects
        { ...taken, deviceSeq: 99, purpose: '別の作業' }, // same id, another event
        good,
        { ...tablet.event({ staffId: f.idOf(DEMO.itJunior) }), deviceSeq: good.deviceSeq },
      ])
    ).data.recordAccessEvents.results;
    expect(res.map((r: any) => r.code ?? r.outcome)).toEqual([
      'ROOM_NOT_SERVED',
      'UNKNOWN_PERSON',
      'INVALID_EVENT',
      'INVALID_EVENT',
      'CLIENT_ID_TAKEN',
      'ACCEPTED',
      'SEQUENCE_REUSED',
    ]);
    expect(res[0].message).toContain('この端末の電算室等ではありません');
  });

  it('A12.3: reports gaps in a device sequence until the missing events arrive', async () => {
    const tablet = await pairTablet(['R01']);
    const one = tablet.event({ staffId: f.idOf(DEMO.itStaff) });
    const missing = [tablet.event({ staffId: f.idOf(DEMO.itStaff) }), tablet.event({ staffId: f.idOf(DEMO.itJunior) })];
    const four = tablet.event({ staffId: f.idOf(DEMO.itJunior) });
    expect((await tablet.send([one, four])).data.recordAccessEvents.sequenceGaps).toEqual([{ from: 2, to: 3 }]);
    expect((await tablet.send(missing)).data.recordAccessEvents.sequenceGaps).toEqual([]);
  });

  it('A12.3: a malformed event is refused alone (INVALID_EVENT), the rest stored; batches are capped at 500', async () => {
    const tablet = await pairTablet(['R01']);
    const bad = tablet.event({ staffId: f.idOf(DEMO.itStaff), clientEventId: 'not-a-uuid' });
    const long = tablet.event({ staffId: f.idOf(DEMO.itStaff), purpose: '長'.repeat(201) });
    const good = tablet.event({ staffId: f.idOf(DEMO.itStaff) });
    const answer = (await tablet.send([bad, long, good])).data.recordAccessEvents;
    expect(answer.results.map((r: any) => [r.outcome, r.code])).toEqual([
      ['REFUSED', 'INVALID_EVENT'],
      ['REFUSED', 'INVALID_EVENT'],
      ['ACCEPTED', null],
    ]);
    expect(answer.results[1].message).toContain('purpose');
    expect(await storedCount([long.clientEventId as string, good.clientEventId as string])).toBe(1);
    // the refused numbers were used: only the malformed id's number (not a UUID, not kept) is missing
    expect(answer.sequenceGaps).toEqual([{ from: bad.deviceSeq, to: bad.deviceSeq }]);
    const tooMany = Array.from({ length: 501 }, () => tablet.event({ staffId: f.idOf(DEMO.itStaff) }));
    expect((await tablet.send(tooMany)).errors![0].extensions.code).toBe('BAD_USER_INPUT');
    expect(await storedCount(tooMany.map((e) => e.clientEventId as string))).toBe(0);
  });
});
