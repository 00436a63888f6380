// Hardening §7 (issue 11): the cost of one door event per request. No timing here (that is
// `npm run bench -- --only=access`): the round trips a request makes, whatever the tablet's history,
// and never a query on a connection that is still busy with another.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { OK_CHECKLIST, useRegisterFixture } from '../helpers/door-tablet.js';
import { DEMO } from '../helpers/people.js';

const { f, pairTablet } = useRegisterFixture(new Date('2026-11-28T01:00:00Z'));

const statementsOf = async (send: () => Promise<unknown>) => {
  const before = f.t.db.logger.statements;
  await send();
  return f.t.db.logger.statements - before;
};

describe('Hardening §7 one event per request', () => {
  it('Hardening §7: a request carrying one event makes 7 round trips to the database, entry or exit, after 600 events as after 1', async () => {
    const who = f.idOf(DEMO.itStaff);
    const tablet = await pairTablet(['R01']);
    // without a PIN (checking one is argon2's deliberate cost); the tablet's last-seen time is kept once a minute
    await tablet.send([tablet.event({ staffId: who, pin: null })]);
    // the device credential, BEGIN, one look-up, one write (events, anomalies, refused numbers,
    // gaps), the audit entry (its chain head, the entry), COMMIT
    const enter = await statementsOf(() => tablet.send([tablet.event({ staffId: who, pin: null })]));
    const exit = await statementsOf(() =>
      tablet.send([tablet.event({ staffId: who, pin: null, direction: 'EXIT', checklist: OK_CHECKLIST })]),
    );
    expect(enter).toBe(7);
    expect(exit).toBe(7);
    // a history of open entries and numbers does not add round trips (nor rows read: an entry reads no
    // open entries, and missing numbers are looked for above the last number with none missing below)
    for (let i = 0; i < 2; i++)
      await tablet.send(Array.from({ length: 300 }, () => tablet.event({ staffId: who, pin: null })));
    expect(await statementsOf(() => tablet.send([tablet.event({ staffId: who, pin: null })]))).toBe(7);
    const [mark] = await f.t.db.dataSource.query(
      `SELECT "contiguousTo" FROM access_device_sequence WHERE "deviceId" = $1`,
      [tablet.deviceId],
    );
    expect(mark.contiguousTo).toBe(604);
    // a number that has not come yet is still reported, and the mark waits below it until it comes
    const late = tablet.event({ staffId: who, pin: null });
    const after = (await tablet.send([tablet.event({ staffId: who, pin: null })])).data.recordAccessEvents;
    expect(after.sequenceGaps).toEqual([{ from: 605, to: 605 }]);
    expect((await tablet.send([late])).data.recordAccessEvents.sequenceGaps).toEqual([]);
  });

  it('Hardening §7: a batch never sends a query on a connection still busy with another (pg 9 refuses it)', async () => {
    const who = f.idOf(DEMO.itJunior);
    const tablet = await pairTablet(['R01']);
    const busy: string[] = [];
    const proto = pg.Client.prototype as unknown as {
      query: (this: { _queryQueue?: unknown[] }, ...args: unknown[]) => unknown;
    };
    const original = proto.query;
    proto.query = function (this: { _queryQueue?: unknown[] }, ...args: unknown[]) {
      // what pg 8 warns about ("already executing a query") and pg 9 removes
      if ((this._queryQueue?.length ?? 0) > 0) busy.push(String(args[0]).slice(0, 60));
      return original.apply(this, args);
    };
    try {
      await tablet.send([
        tablet.event({ staffId: who }),
        tablet.event({ staffId: who, direction: 'EXIT', checklist: OK_CHECKLIST }),
      ]);
    } finally {
      proto.query = original;
    }
    expect(busy).toEqual([]);
  });
});
