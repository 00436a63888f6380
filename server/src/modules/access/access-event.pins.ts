// The door PINs a tablet's batch carries, checked before the batch is stored (outside its retried
// transaction, so that a failure counts once).
import type { DataSource } from 'typeorm';
import type { RequestMeta } from '../../shared/audit.js';
import { pairingsOf } from './access-event.lookups.js';
import {
  eventSkew,
  identifiedBy,
  MAX_CLOCK_SKEW_SECONDS,
  occurredAtOf,
  scopeRefusal,
  shapeProblem,
  type EventSubmission,
  type Recorder,
} from './access-event.rules.js';
import { PinCheck, type DoorPinService } from './door-pin.service.js';

/** The tablet's clocks when it sent the batch, and the server's when it arrived. */
export interface SendingClock {
  deviceNow: Date;
  now: Date;
  monotonicMs?: number | null;
  bootId?: string | null;
}

/**
 * Checks the PINs of a tablet's events not stored yet (by this tablet, under this pairing or one it
 * follows), once per submission; a few at a time, argon2 being deliberately slow. Hardening §5: only
 * events that pass the scope checks (form, a room the tablet serves), and only for people the tablet
 * may let in at the time the event happened, by the event's own clock correction (the clock may
 * have changed between recording and sending); the others' PINs are not looked at (NOT_SERVED).
 * An event recorded before the tablet was paired again carries a cipher made under its previous
 * pairing: that is this tablet's cipher, checked as such (the person did type the PIN here).
 */
export async function checkEventPins(
  ds: DataSource,
  pins: DoorPinService,
  clock: SendingClock,
  events: EventSubmission[],
  by: Extract<Recorder, { kind: 'device' }>,
  meta: RequestMeta,
): Promise<Map<string, PinCheck>> {
  const withPin = events.filter((e) => e.pin && identifiedBy(e) && !shapeProblem(e) && !scopeRefusal(e, by));
  const checks = new Map<string, PinCheck>();
  if (!withPin.length) return checks;
  const [tablet] = (await ds.query(
    `WITH RECURSIVE ${pairingsOf('$2::uuid')}
     SELECT ARRAY(SELECT "clientEventId"::text FROM access_event
                   WHERE "deviceId" IN (SELECT id FROM lineage) AND "clientEventId" = ANY($1::uuid[])) AS stored,
            ARRAY(SELECT id::text FROM lineage WHERE depth > 0) AS "earlierPairings",
            (SELECT "pairedAt" FROM lineage WHERE depth = 0) AS "pairedAt"`,
    [withPin.map((e) => e.clientEventId), by.deviceId],
  )) as { stored: string[]; earlierPairings: string[]; pairedAt: Date | null }[];
  const stored = new Set(tablet.stored);
  const todo = withPin.filter((e) => !stored.has(e.clientEventId));
  const { now } = clock;
  const batch = { skew: Math.round((now.getTime() - clock.deviceNow.getTime()) / 1000), receivedAt: now, ...clock };
  const at = todo.map((e) => occurredAtOf(e.deviceTime, eventSkew(e, batch), now).at);
  const served = await pins.servable(
    by.roomIds,
    todo.map((e, i) => ({ staffId: identifiedBy(e)!, roomId: e.roomId, at: at[i] })),
  );
  todo.forEach((e, i) => served.has(i) || checks.set(e.clientEventId, PinCheck.NOT_SERVED));
  // recorded before the present pairing (within the clock tolerance): made under an earlier one
  const pairedAt = tablet.pairedAt?.getTime() ?? 0;
  const before = (i: number) => at[i].getTime() <= pairedAt + MAX_CLOCK_SKEW_SECONDS * 1000;

  const asks = todo.map((e, i) => ({ e, i })).filter(({ i }) => served.has(i));
  for (let k = 0; k < asks.length; k += 4) {
    await Promise.all(
      asks.slice(k, k + 4).map(async ({ e, i }) => {
        const binding = {
          clientEventId: e.clientEventId,
          staffId: identifiedBy(e)!,
          roomId: e.roomId,
          direction: e.direction,
          deviceTime: e.deviceTime,
        };
        const earlierPairings = before(i) ? tablet.earlierPairings : [];
        const answer = await pins.check(
          { cipher: e.pin!, binding, deviceId: by.deviceId, earlierPairings },
          meta,
          'Mutation.recordAccessEvents',
        );
        checks.set(e.clientEventId, answer.result);
      }),
    );
  }
  return checks;
}
