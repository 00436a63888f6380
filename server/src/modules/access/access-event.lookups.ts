// What a batch needs to know from the register before it writes: authorisations of the people
// named, entries still open, and the tablet's missing sequence numbers. One statement each.
import { type EntityManager } from 'typeorm';
import { subjectKey, type EventSubmission, type OpenEntry } from './access-event.rules.js';
import { AuthorisationStatus, RoomAuthorisation } from './room-authorisation.entity.js';

/**
 * Missing sequence numbers of a device among its latest 10 000 (ranges, inclusive). A number
 * used by a refused event is not missing: the tablet did send it.
 */
export async function sequenceGaps(em: EntityManager, deviceId: string): Promise<{ from: number; to: number }[]> {
  return (await em.query(
    `WITH top AS (
       SELECT greatest((SELECT coalesce(max("deviceSeq"), 0) FROM access_event WHERE "deviceId" = $1),
                       (SELECT coalesce(max("deviceSeq"), 0) FROM access_event_refusal WHERE "deviceId" = $1)) AS m
     ), recent AS (
       SELECT "deviceSeq" AS seq FROM access_event, top WHERE "deviceId" = $1 AND "deviceSeq" > top.m - 10000
       UNION
       SELECT "deviceSeq" FROM access_event_refusal, top WHERE "deviceId" = $1 AND "deviceSeq" > top.m - 10000
     ), paired AS (
       SELECT seq, coalesce(lag(seq) OVER (ORDER BY seq), (SELECT greatest(m - 10000, 0) FROM top)) AS prev
       FROM recent
     )
     SELECT prev + 1 AS "from", seq - 1 AS "to" FROM paired
     WHERE seq - prev > 1 ORDER BY seq LIMIT 100`,
    [deviceId],
  )) as { from: number; to: number }[];
}

/** Approved (or since revoked) authorisations of these people, with their rooms. */
export async function authorisationsOf(em: EntityManager, staffIds: string[], contractorIds: string[]) {
  if (!staffIds.length && !contractorIds.length) return [];
  return em
    .getRepository(RoomAuthorisation)
    .createQueryBuilder('a')
    .leftJoinAndSelect('a.rooms', 'r')
    .where('a.status IN (:...statuses)', { statuses: [AuthorisationStatus.APPROVED, AuthorisationStatus.REVOKED] })
    .andWhere(`(a.staffId IN (:...staffIds) OR a.id IN (:...contractorIds))`, {
      staffIds: staffIds.length ? [...new Set(staffIds)] : ['00000000-0000-0000-0000-000000000000'],
      contractorIds: contractorIds.length ? contractorIds : ['00000000-0000-0000-0000-000000000000'],
    })
    .getMany();
}

/** Entries still open (no exit yet) of the people and rooms in the batch, by person+room. */
export async function openEntries(em: EntityManager, events: EventSubmission[]) {
  const open = new Map<string, OpenEntry[]>();
  if (!events.length) return open;
  const rows = (await em.query(
    `SELECT e.id, e."occurredAt", e."deviceId", e."deviceSeq", e."staffId", e."contractorAuthorisationId", e."roomId" FROM access_event e
     WHERE e.direction = 'ENTER' AND e."roomId" = ANY($3::uuid[])
       AND (e."staffId" = ANY($1::uuid[]) OR e."contractorAuthorisationId" = ANY($2::uuid[]))
       AND NOT EXISTS (SELECT 1 FROM access_event x WHERE x."entryEventId" = e.id)
     ORDER BY e."occurredAt"`,
    [
      [...new Set(events.map((e) => e.staffId).filter(Boolean))],
      [...new Set(events.map((e) => e.contractorAuthorisationId).filter(Boolean))],
      [...new Set(events.map((e) => e.roomId))],
    ],
  )) as {
    id: string;
    occurredAt: Date;
    deviceId: string | null;
    deviceSeq: number | null;
    staffId: string | null;
    contractorAuthorisationId: string | null;
    roomId: string;
  }[];
  for (const r of rows) {
    const key = subjectKey(r);
    open.set(key, [
      ...(open.get(key) ?? []),
      { id: r.id, occurredAt: r.occurredAt, deviceId: r.deviceId, deviceSeq: r.deviceSeq },
    ]);
  }
  return open;
}
