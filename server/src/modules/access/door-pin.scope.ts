// Whom a door tablet may ask about (Hardening §5): a PIN is checked, and a failure counted, only for
// someone the tablet could let in. Anyone else is answered as an unknown person.
import type { DataSource } from 'typeorm';

export interface ServableAsk {
  staffId: string;
  roomId: string;
  at: Date;
}

/**
 * Of these (person, room, instant), the ones a tablet serving `roomIds` may let in, by index: the
 * person holds an approved authorisation for that room within 12 hours of the instant (revoked
 * since or not: the event is flagged on its own), or entered that room in the 30 days before it
 * (to leave). Anyone else is answered as an unknown person.
 */
export async function servablePeople(
  ds: DataSource,
  roomIds: readonly string[],
  asks: ServableAsk[],
): Promise<Set<number>> {
  if (!asks.length || !roomIds.length) return new Set();
  const rows = (await ds.query(
    `SELECT x.i::int AS i FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[]) WITH ORDINALITY AS x(staff, room, at, i)
      WHERE x.room = ANY($4::uuid[])
        AND (EXISTS (SELECT 1 FROM room_authorisation a
                       JOIN room_authorisation_room ar ON ar."authorisationId" = a.id AND ar."roomId" = x.room
                      WHERE a."staffId" = x.staff AND a."approvedAt" IS NOT NULL
                        AND a."validFrom" <= x.at + interval '12 hours' AND a."validTo" >= x.at - interval '12 hours')
             OR EXISTS (SELECT 1 FROM access_event e
                         WHERE e."staffId" = x.staff AND e."roomId" = x.room AND e.direction = 'ENTER'
                           AND e."occurredAt" BETWEEN x.at - interval '30 days' AND x.at + interval '12 hours'))`,
    [asks.map((a) => a.staffId), asks.map((a) => a.roomId), asks.map((a) => a.at), [...roomIds]],
  )) as { i: number }[];
  return new Set(rows.map((r) => r.i - 1));
}
