// What a batch writes to the register, each as one statement however long the batch (arrays per
// column through unnest): the events, their anomalies, and the numbers of refused events.
import type { EntityManager } from 'typeorm';
import type { AccessEvent, AnomalyKind } from './access-event.entity.js';
import { isUuid } from '../../shared/ids.js';
import type { Prepared } from './access-event.rules.js';

/**
 * Inserts the prepared events; returns the ids actually stored. A row a concurrent batch stored
 * first (or an exit closing an entry another exit closed meanwhile) is skipped by the unique keys.
 */
export async function insertEvents(em: EntityManager, prepared: Prepared[], receivedAt: Date): Promise<Set<string>> {
  const inserted = new Set<string>();
  if (!prepared.length) return inserted;
  const col = <K extends keyof AccessEvent>(k: K) => prepared.map((p) => p.row[k]);
  const rows = (await em.query(
    `INSERT INTO access_event (id, "clientEventId", "deviceId", "deviceSeq", "recordedByStaffId", direction,
       "subjectKind", "staffId", "contractorAuthorisationId", "escortStaffId", "roomId", purpose, "deviceTime",
       "clockSkewSeconds", "occurredAt", "receivedAt", "authorisationId", "entryEventId", checklist, note, anomalies)
     SELECT u.id, u.cid, u.dev, u.seq, u.rec, u.dir::access_direction, u.kind::authorisation_subject_kind, u.staff,
       u.contractor, u.escort, u.room, u.purpose, u.dtime, u.skew, u.occ, $15, u.auth, u.entry, u.checklist::jsonb,
       u.note, coalesce(string_to_array(u.anomalies, ','), '{}')::access_anomaly_kind[]
     FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::int[], $5::uuid[], $6::text[], $7::text[], $8::uuid[],
       $9::uuid[], $10::uuid[], $11::uuid[], $12::text[], $13::timestamptz[], $16::timestamptz[], $17::uuid[],
       $18::uuid[], $19::text[], $20::text[], $21::text[], $14::int[])
       AS u(id, cid, dev, seq, rec, dir, kind, staff, contractor, escort, room, purpose, dtime, occ, auth, entry,
            checklist, note, anomalies, skew)
     ON CONFLICT DO NOTHING RETURNING id`,
    [
      col('id'),
      col('clientEventId'),
      col('deviceId'),
      col('deviceSeq'),
      col('recordedByStaffId'),
      col('direction'),
      col('subjectKind'),
      col('staffId'),
      col('contractorAuthorisationId'),
      col('escortStaffId'),
      col('roomId'),
      col('purpose'),
      col('deviceTime'),
      col('clockSkewSeconds'),
      receivedAt,
      col('occurredAt'),
      col('authorisationId'),
      col('entryEventId'),
      prepared.map((p) => (p.row.checklist ? JSON.stringify(p.row.checklist) : null)),
      col('note'),
      prepared.map((p) => (p.anomalies.length ? p.anomalies.join(',') : null)),
    ],
  )) as { id: string }[];
  for (const r of rows) inserted.add(r.id);
  return inserted;
}

/** One row per anomaly of the stored events, for the manager to resolve. */
export async function insertAnomalies(
  em: EntityManager,
  rows: { eventId: string; kind: AnomalyKind }[],
  detectedAt: Date,
): Promise<void> {
  if (!rows.length) return;
  await em.query(
    `INSERT INTO access_anomaly ("eventId", kind, "detectedAt")
     SELECT u.e, u.k::access_anomaly_kind, $3 FROM unnest($1::uuid[], $2::text[]) AS u(e, k)`,
    [rows.map((r) => r.eventId), rows.map((r) => r.kind), detectedAt],
  );
}

/** How far above the tablet's highest used number a refused number may be kept (two full batches). */
const NEAR = 1000;

/**
 * The numbers of a tablet's refused events, so they do not read as missing ones (SEQUENCE_GAP).
 * The first refusal of a number counts.
 */
export async function recordRefusedNumbers(
  em: EntityManager,
  deviceId: string,
  refused: { clientEventId: string; deviceSeq?: number | null; code: string | null }[],
  receivedAt: Date,
): Promise<void> {
  const numbered = refused.filter(
    (r) =>
      Number.isInteger(r.deviceSeq) &&
      (r.deviceSeq ?? 0) >= 1 &&
      (r.deviceSeq ?? 0) <= 2_000_000_000 &&
      isUuid(r.clientEventId),
  );
  if (!numbered.length) return;
  await em.query(
    `INSERT INTO access_event_refusal ("deviceId", "deviceSeq", "clientEventId", code, "receivedAt")
     SELECT $1, u.seq, u.cid, u.code, $5 FROM unnest($2::int[], $3::uuid[], $4::text[]) AS u(seq, cid, code)
     -- only near the numbers the tablet has used: one far-off number must not move its window of gaps
     WHERE u.seq <= greatest((SELECT coalesce(max("deviceSeq"), 0) FROM access_event WHERE "deviceId" = $1),
                             (SELECT coalesce(max("deviceSeq"), 0) FROM access_event_refusal WHERE "deviceId" = $1))
                    + ${NEAR}
     ON CONFLICT ("deviceId", "deviceSeq") DO NOTHING`,
    [
      deviceId,
      numbered.map((r) => r.deviceSeq),
      numbered.map((r) => r.clientEventId),
      numbered.map((r) => r.code ?? 'REFUSED'),
      receivedAt,
    ],
  );
}
