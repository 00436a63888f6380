// Hardening §5 (issue 11), what was left: an event id belongs to the tablet that made it (another
// tablet cannot squat it), a PIN is checked in scope at the time the event really happened, and a
// tablet paired again keeps the PINs typed on it before.
import { describe, expect, it } from 'vitest';
import { useRegisterFixture } from '../helpers/door-tablet.js';
import { DEMO } from '../helpers/people.js';

// the real time: a pairing is dated by the database's clock
const { f, pairTablet } = useRegisterFixture(new Date(Math.floor(Date.now() / 60_000) * 60_000));

const pinRow = async (staffId: string) =>
  (
    await f.t.db.dataSource.query(`SELECT "failedAttempts", "lockedAt" FROM door_pin WHERE "staffId" = $1`, [staffId])
  )[0] as { failedAttempts: number; lockedAt: Date | null };
const resetPin = (staffId: string) =>
  f.t.db.dataSource.query(`UPDATE door_pin SET "failedAttempts" = 0, "lockedAt" = NULL WHERE "staffId" = $1`, [
    staffId,
  ]);
const storedBy = async (deviceId: string) =>
  (await f.t.db.dataSource.query(`SELECT count(*)::int AS n FROM access_event WHERE "deviceId" = $1`, [deviceId]))[0]
    .n as number;

describe('Hardening §5 door tablets: ids per tablet, clocks, pairing again', () => {
  it('Hardening §5: another tablet that uses a tablet’s event ids first takes nothing from it (an id is unique per tablet)', async () => {
    const who = f.idOf(DEMO.itStaff);
    const genuine = await pairTablet(['R01']);
    const squatter = await pairTablet(['R01']);
    const e = genuine.event({ staffId: who });
    const copy = genuine.event({ staffId: who });
    // the squatter stores an event of its own under the first id, and a copy (with the captured
    // cipher) under the second
    const [own, copied] = (
      await squatter.send([
        { ...e, deviceSeq: 1, purpose: '別の作業', pin: squatter.pinFor(e) },
        { ...copy, deviceSeq: 2 },
      ])
    ).data.recordAccessEvents.results;
    expect(own.outcome).toBe('ACCEPTED');
    expect(copied.anomalies).toContain('PIN_FAILED');
    // the genuine tablet's events are stored as its own, their PINs checked
    const sent = (await genuine.send([e, copy])).data.recordAccessEvents.results;
    expect(sent.map((r: any) => [r.outcome, r.code, r.anomalies])).toEqual([
      ['ACCEPTED', null, []],
      ['ACCEPTED', null, []],
    ]);
    // sent again, each is the same event: resends stay idempotent per tablet
    const again = (await genuine.send([e, copy])).data.recordAccessEvents.results;
    expect(again.map((r: any) => [r.outcome, r.eventId])).toEqual(sent.map((r: any) => ['DUPLICATE', r.eventId]));
    expect(await storedBy(genuine.deviceId)).toBe(2);
    expect(await pinRow(who)).toEqual({ failedAttempts: 0, lockedAt: null });
  });

  it('Hardening §5: the PIN scope check dates each event by its own clock correction, not the batch’s', async () => {
    const who = f.idOf(DEMO.itJunior); // authorised for R01 from 1 h ago for 8 h
    const tablet = await pairTablet(['R01']);
    // recorded while the tablet's clock ran two days fast (it knew: offset −2 days), sent once it was
    // put right: by the batch's skew the event lies two days ahead, outside the authorisation
    const e = tablet.event({
      staffId: who,
      pin: null,
      deviceTime: new Date(f.clock.getTime() + 2 * 86_400_000).toISOString(),
      clockOffsetSeconds: -2 * 86_400,
    });
    const [r] = (await tablet.send([{ ...e, pin: tablet.pinFor(e, '000001') }])).data.recordAccessEvents.results;
    // at its real time the person may be let in: the PIN is looked at, found wrong and counted
    expect(r.outcome).toBe('ACCEPTED');
    expect(r.anomalies).toContain('PIN_FAILED');
    expect((await pinRow(who)).failedAttempts).toBe(1);
    await resetPin(who);
  });

  it('Hardening §5: events recorded before a tablet was paired again are checked with the PINs typed then, never failed for the pairing', async () => {
    const who = f.idOf(DEMO.itJunior);
    const old = await pairTablet(['R01']);
    // typed on the old pairing (offline), still waiting when the tablet was paired again
    const right = old.event({ staffId: who });
    const wrong = old.event({ staffId: who, pin: null });
    const renewed = await pairTablet(['R01'], old);
    const [a, b] = (
      await renewed.send([
        { ...right, deviceSeq: 1 },
        { ...wrong, deviceSeq: 2, pin: old.pinFor(wrong, '000002') },
      ])
    ).data.recordAccessEvents.results;
    expect(a).toMatchObject({ outcome: 'ACCEPTED', anomalies: [] });
    // a wrong PIN typed is a wrong PIN, counted as the old pairing would have
    expect(b.anomalies).toContain('PIN_FAILED');
    expect((await pinRow(who)).failedAttempts).toBe(1);
    // after the pairing again the tablet seals under its new pairing: a cipher naming the old one
    // for a later event is not its PIN, and the person is not counted for it
    renewed.skip(2); // its numbers 1 and 2 went to the events above
    const start = f.clock;
    f.clock = new Date(start.getTime() + 3_600_000); // an hour after the pairing again
    try {
      const later = renewed.event({ staffId: who, pin: null });
      const [c] = (await renewed.send([{ ...later, pin: old.pinFor(later) }])).data.recordAccessEvents.results;
      expect(c).toMatchObject({ outcome: 'ACCEPTED', anomalies: ['PIN_FAILED'] });
    } finally {
      f.clock = start;
    }
    // nor is it for a tablet that is not the same one (it did not show the old credential)
    const stranger = await pairTablet(['R01']);
    const [d] = (await stranger.send([{ ...right, deviceSeq: 1 }])).data.recordAccessEvents.results;
    expect(d).toMatchObject({ outcome: 'ACCEPTED', anomalies: ['PIN_FAILED'] });
    expect((await pinRow(who)).failedAttempts).toBe(1);
    await resetPin(who);
  });
});
