// What a batch needs to know from the register before it writes, in one statement (Hardening §7:
// a request carrying one event paid a round trip for each of these): the events already stored
// under the batch's ids or numbers, which people and rooms exist, the authorisations of the people
// named, and the entries still open that the batch's exits may close.
import { AccessEvent, AccessDirection } from './access-event.entity.js';
import { subjectKey, type EventSubmission, type OpenEntry } from './access-event.rules.js';
import { AuthorisationStatus, RoomAuthorisation, type SubjectKind } from './room-authorisation.entity.js';
import type { Room } from './room.entity.js';
import type { SqlPart } from '../../shared/audit.js';
import { paramsAfter, type SqlParam } from '../../shared/sql-params.js';
import { queryNamed, type Queryable } from './access-event.writes.js';

/**
 * The pairings of one tablet, newest first: the device `$n` and the ones it follows (a tablet paired
 * again names its previous credential: identity's door_device."previousDeviceId"), 20 at most.
 */
export const pairingsOf = (param: string) => `lineage AS (
  SELECT d.id, d."previousDeviceId", d."pairedAt", 0 AS depth FROM door_device d WHERE d.id = ${param}
  UNION ALL
  SELECT p.id, p."previousDeviceId", p."pairedAt", l.depth + 1
    FROM lineage l JOIN door_device p ON p.id = l."previousDeviceId" WHERE l.depth < 20)`;

/** What lookUp finds for a batch. */
export interface BatchLookup {
  /**
   * stored events under the batch's ids by this tablet (under this or an earlier pairing; by hand:
   * by hand), or under the tablet's numbers
   */
  stored: AccessEvent[];
  /** the pairings this tablet's present one follows (it was paired again) */
  earlierPairings: Set<string>;
  /** of the staff ids named (people and escorts), the existing ones */
  staff: Set<string>;
  /** of the rooms named, the existing ones */
  rooms: Set<string>;
  /** approved (or since revoked) authorisations of the staff named, with their rooms */
  authorisations: RoomAuthorisation[];
  /** the outside people's authorisations named, in any state */
  contractors: RoomAuthorisation[];
  /** entries still open (no exit yet) of the people and rooms of the batch's exits, by person+room */
  open: Map<string, OpenEntry[]>;
  /** what the `also` part's column returned */
  also?: unknown;
}

interface AuthorisationRow {
  id: string;
  subjectKind: SubjectKind;
  staffId: string | null;
  validFrom: string;
  validTo: string;
  escortRequired: boolean;
  status: AuthorisationStatus;
  approvedAt: string | null;
  decidedAt: string | null;
  roomIds: string[];
}
type StoredRow = Omit<AccessEvent, 'deviceTime' | 'occurredAt'> & { deviceTime: string; occurredAt: string };
type OpenRow = Omit<OpenEntry, 'occurredAt'> & {
  occurredAt: string;
  staffId: string | null;
  contractorAuthorisationId: string | null;
  roomId: string;
};

const date = (s: string | null) => (s === null ? null : new Date(s));

/**
 * Everything a batch reads before it writes, as one statement whatever the batch's size (each part
 * a subquery over arrays). `deviceId` is the recording tablet (null: a manager by hand).
 */
export async function lookUp(
  /** the transaction's EntityManager, or a pipelined transaction (its first statement travels with BEGIN) */
  db: Queryable,
  deviceId: string | null,
  events: EventSubmission[],
  /** read in the same statement (Hardening §7): the audit entry's chain head (AuditedWrites.headPart) */
  also?: (p: SqlParam) => SqlPart,
): Promise<BatchLookup> {
  const staffIds = [...new Set(events.flatMap((e) => [e.staffId, e.escortStaffId]).filter((x): x is string => !!x))];
  const subjects = events.map((e) => e.staffId).filter((x): x is string => !!x);
  const contractorIds = [...new Set(events.map((e) => e.contractorAuthorisationId).filter((x): x is string => !!x))];
  const seqs = deviceId ? events.map((e) => e.deviceSeq).filter((s): s is number => typeof s === 'number') : [];
  // an entry needs no open entries; only the batch's exits are paired with them
  const exits = events.filter((e) => e.direction === AccessDirection.EXIT);
  const params: unknown[] = [
    events.map((e) => e.clientEventId),
    deviceId,
    seqs,
    staffIds,
    [...new Set(events.map((e) => e.roomId))],
    subjects.length ? [...new Set(subjects)] : [],
    contractorIds,
    [...new Set(exits.map((e) => e.staffId).filter(Boolean))],
    [...new Set(exits.map((e) => e.contractorAuthorisationId).filter(Boolean))],
    [...new Set(exits.map((e) => e.roomId))],
  ];
  const extra = also?.(paramsAfter(params));
  const [row] = (await queryNamed(
    db,
    'access_lookup',
    `WITH RECURSIVE ${pairingsOf('$2::uuid')}${extra ? `, ${extra.cte}` : ''}
     SELECT${extra ? ` ${extra.column} AS "also",` : ''}
       ARRAY(SELECT id::text FROM lineage WHERE depth > 0) AS "earlierPairings",
       (SELECT coalesce(json_agg(s), '[]'::json) FROM (
          SELECT id, "clientEventId", "deviceId", "deviceSeq", direction, "staffId", "contractorAuthorisationId",
                 "escortStaffId", "roomId", purpose, "deviceTime", checklist, note, anomalies, "occurredAt"
            FROM access_event
           WHERE ("clientEventId" = ANY($1::uuid[])
                  AND ("deviceId" IN (SELECT id FROM lineage) OR ($2::uuid IS NULL AND "deviceId" IS NULL)))
              OR ("deviceId" = $2 AND "deviceSeq" = ANY($3::int[]))) s) AS stored,
       ARRAY(SELECT id::text FROM staff WHERE id = ANY($4::uuid[])) AS staff,
       ARRAY(SELECT id::text FROM room WHERE id = ANY($5::uuid[])) AS rooms,
       (SELECT coalesce(json_agg(json_build_object(
                 'id', a.id, 'subjectKind', a."subjectKind", 'staffId', a."staffId", 'validFrom', a."validFrom",
                 'validTo', a."validTo", 'escortRequired', a."escortRequired", 'status', a.status,
                 'approvedAt', a."approvedAt", 'decidedAt', a."decidedAt",
                 'roomIds', ARRAY(SELECT ar."roomId" FROM room_authorisation_room ar WHERE ar."authorisationId" = a.id))),
               '[]'::json)
          FROM room_authorisation a
         WHERE (a."staffId" = ANY($6::uuid[]) AND a.status IN ('APPROVED', 'REVOKED')) OR a.id = ANY($7::uuid[])
       ) AS authorisations,
       (SELECT coalesce(json_agg(o ORDER BY o."occurredAt"), '[]'::json) FROM (
          SELECT e.id, e."occurredAt", e."deviceId", e."deviceSeq", e."staffId", e."contractorAuthorisationId", e."roomId"
            FROM access_event e
           WHERE e.direction = 'ENTER' AND e."roomId" = ANY($10::uuid[])
             AND (e."staffId" = ANY($8::uuid[]) OR e."contractorAuthorisationId" = ANY($9::uuid[]))
             AND NOT EXISTS (SELECT 1 FROM access_event x WHERE x."entryEventId" = e.id)) o) AS open`,
    params,
  )) as {
    also?: unknown;
    earlierPairings: string[];
    stored: StoredRow[];
    staff: string[];
    rooms: string[];
    authorisations: AuthorisationRow[];
    open: OpenRow[];
  }[];
  const stored = row.stored.map((s) =>
    Object.assign(new AccessEvent(), s, { deviceTime: new Date(s.deviceTime), occurredAt: new Date(s.occurredAt) }),
  );
  const all = row.authorisations.map((a) =>
    Object.assign(new RoomAuthorisation(), {
      ...a,
      validFrom: new Date(a.validFrom),
      validTo: new Date(a.validTo),
      approvedAt: date(a.approvedAt),
      decidedAt: date(a.decidedAt),
      rooms: a.roomIds.map((id) => ({ id }) as Room),
    }),
  );
  const open = new Map<string, OpenEntry[]>();
  for (const r of row.open) {
    const key = subjectKey(r);
    open.set(key, [
      ...(open.get(key) ?? []),
      { id: r.id, occurredAt: new Date(r.occurredAt), deviceId: r.deviceId, deviceSeq: r.deviceSeq },
    ]);
  }
  const live = new Set([AuthorisationStatus.APPROVED, AuthorisationStatus.REVOKED]);
  const subjectSet = new Set(subjects);
  return {
    also: row.also,
    stored,
    earlierPairings: new Set(row.earlierPairings),
    staff: new Set(row.staff),
    rooms: new Set(row.rooms),
    authorisations: all.filter(
      (a) => live.has(a.status) && ((a.staffId && subjectSet.has(a.staffId)) || contractorIds.includes(a.id)),
    ),
    contractors: all.filter((a) => contractorIds.includes(a.id)),
    open,
  };
}
