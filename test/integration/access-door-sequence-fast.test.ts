// Hardening §7 (issue 11): a tablet sending its next number skips the search for missing numbers.
// The write decides it from what its own statement sees (the mark, the highest number used, the
// batch's new numbers), never from the look-up's older reading; every other case searches as before,
// so a number skipped, arriving late, or a mark that lags behind is still answered right (A12.3).
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { OK_CHECKLIST, useRegisterFixture } from '../helpers/door-tablet.js';
import { DEMO } from '../helpers/people.js';
import { aroundPgQueries } from '../helpers/pg-spy.js';

const { f, pairTablet } = useRegisterFixture(new Date('2026-11-28T01:00:00Z'));

type Tablet = Awaited<ReturnType<typeof pairTablet>>;

/** what `send` answered, with whether each write took the next numbers' way (no search) */
async function sent(tablet: Tablet, events: Record<string, unknown>[]) {
  const next: boolean[] = [];
  const res = await aroundPgQueries(
    (_client, args, query) => {
      const answer = query(args);
      const q = args[0] as { text?: string };
      if (q?.text?.trimStart().startsWith('WITH ins AS') && answer instanceof Promise)
        void answer.then(
          (r: { rows: { nextNumbers: boolean }[] }) => next.push(r.rows[0].nextNumbers),
          () => undefined,
        );
      return answer;
    },
    () => tablet.send(events),
  );
  expect(res.errors).toBeUndefined();
  const { sequenceGaps, results } = res.data.recordAccessEvents;
  return { gaps: sequenceGaps, outcomes: results.map((r: any) => r.code ?? r.outcome), next };
}

const markOf = async (tablet: Tablet) =>
  (
    await f.t.db.dataSource.query(`SELECT "contiguousTo" FROM access_device_sequence WHERE "deviceId" = $1`, [
      tablet.deviceId,
    ])
  )[0]?.contiguousTo as number | undefined;

describe('Hardening §7 the next number skips the search for missing ones', () => {
  const enter = (tablet: Tablet, fields: Record<string, unknown> = {}) =>
    tablet.event({ staffId: f.idOf(DEMO.itStaff), pin: null, ...fields });

  it('A12.3 / Hardening §7: the next numbers, alone or in a batch, take no search and move the mark', async () => {
    const tablet = await pairTablet(['R01']);
    for (let n = 1; n <= 3; n++) expect(await sent(tablet, [enter(tablet)])).toMatchObject({ gaps: [], next: [true] });
    expect(await markOf(tablet)).toBe(3);
    const batch = [enter(tablet), enter(tablet, { direction: 'EXIT', checklist: OK_CHECKLIST }), enter(tablet)];
    expect(await sent(tablet, batch)).toMatchObject({ gaps: [], next: [true] });
    expect(await markOf(tablet)).toBe(6);
    // a refused event's number was used too: it continues the run (A12.3)
    const refused = enter(tablet, { roomId: f.rooms.R02 }); // not this tablet's room
    expect(await sent(tablet, [refused, enter(tablet)])).toMatchObject({
      outcomes: ['ROOM_NOT_SERVED', 'ACCEPTED'],
      gaps: [],
      next: [true],
    });
    expect(await markOf(tablet)).toBe(8);
    // a replay adds no number: nothing missing, nothing searched, the mark stays
    expect(await sent(tablet, [batch[0]])).toMatchObject({ outcomes: ['DUPLICATE'], gaps: [], next: [true] });
    expect(await markOf(tablet)).toBe(8);
  });

  it('A12.3 / Hardening §7: a skipped number is still reported until it comes, and the mark waits below it', async () => {
    const tablet = await pairTablet(['R01']);
    expect(await sent(tablet, [enter(tablet)])).toMatchObject({ gaps: [], next: [true] });
    const late = enter(tablet); // 2, sent last
    expect(await sent(tablet, [enter(tablet)])).toMatchObject({ gaps: [{ from: 2, to: 2 }], next: [false] });
    // 4 follows 3, but 2 is still missing below: searched, and still reported
    expect(await sent(tablet, [enter(tablet)])).toMatchObject({ gaps: [{ from: 2, to: 2 }], next: [false] });
    expect(await markOf(tablet)).toBe(1);
    // a number used again (by another id) while one is missing reports it too
    expect(await sent(tablet, [{ ...late, clientEventId: randomUUID(), deviceSeq: 3 }])).toMatchObject({
      outcomes: ['SEQUENCE_REUSED'],
      gaps: [{ from: 2, to: 2 }],
    });
    // 2 comes: it is the mark's next number, but numbers above it are used: searched, none missing
    expect(await sent(tablet, [late])).toMatchObject({ gaps: [], next: [false] });
    expect(await markOf(tablet)).toBe(4);
    expect(await sent(tablet, [enter(tablet)])).toMatchObject({ gaps: [], next: [true] });
    expect(await markOf(tablet)).toBe(5);
  });

  it('A12.3 / Hardening §7: a batch with a hole, or whose first number is not the next, is searched', async () => {
    const tablet = await pairTablet(['R01']);
    const one = enter(tablet);
    const two = enter(tablet);
    const three = enter(tablet);
    // a hole inside the batch (2): searched
    expect(await sent(tablet, [one, three])).toMatchObject({ gaps: [{ from: 2, to: 2 }], next: [false] });
    expect(await sent(tablet, [two])).toMatchObject({ gaps: [], next: [false] });
    // a number skipped before the batch (4), the batch itself without a hole (5, 6)
    tablet.skip(1);
    expect(await sent(tablet, [enter(tablet), enter(tablet)])).toMatchObject({
      gaps: [{ from: 4, to: 4 }],
      next: [false],
    });
    // a malformed event's number is not kept (its id is no UUID): it stays missing
    const bad = enter(tablet, { clientEventId: 'not-a-uuid' });
    expect(await sent(tablet, [bad, enter(tablet)])).toMatchObject({
      outcomes: ['INVALID_EVENT', 'ACCEPTED'],
      gaps: [
        { from: 4, to: 4 },
        { from: 7, to: 7 },
      ],
      next: [false],
    });
    expect(await markOf(tablet)).toBe(3);
  });

  it('A12.3 / Hardening §7: a mark that lags behind the numbers used, or none at all, is searched and set right', async () => {
    const tablet = await pairTablet(['R01']);
    for (let n = 1; n <= 3; n++) await sent(tablet, [enter(tablet)]);
    // as if the mark had not moved with the last events (the owner's connection: the test's database)
    await f.t.db.dataSource.query(`UPDATE access_device_sequence SET "contiguousTo" = 1 WHERE "deviceId" = $1`, [
      tablet.deviceId,
    ]);
    expect(await sent(tablet, [enter(tablet)])).toMatchObject({ gaps: [], next: [false] });
    expect(await markOf(tablet)).toBe(4);
    await f.t.db.dataSource.query(`DELETE FROM access_device_sequence WHERE "deviceId" = $1`, [tablet.deviceId]);
    tablet.skip(1);
    expect(await sent(tablet, [enter(tablet)])).toMatchObject({ gaps: [{ from: 5, to: 5 }], next: [false] });
    expect(await markOf(tablet)).toBe(4);
    expect(await sent(tablet, [enter(tablet)])).toMatchObject({ gaps: [{ from: 5, to: 5 }], next: [false] });
  });
});
