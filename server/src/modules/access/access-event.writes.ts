// What a batch writes to the register, as one statement however long the batch (arrays per column
// through unnest; Hardening §7: one round trip, not one per kind of row): the events with their
// anomalies, the numbers of refused events, and the tablet's missing numbers as they now stand.
import type { AccessEvent } from './access-event.entity.js';
import { isUuid } from '../../shared/ids.js';
import type { Prepared } from './access-event.rules.js';
import type { SqlPart } from '../../shared/audit.js';
import { paramsAfter, type SqlParam } from '../../shared/sql-params.js';
import { statementName } from '../../db/pipelined-transaction.js';

/** What runs a batch's statements: the transaction's EntityManager, or a pipelined transaction. */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown[]>;
  /**
   * The same as a prepared statement of the connection, planned once per connection rather than per
   * request (Hardening §7); absent where statements cannot be named (TypeORM's EntityManager).
   */
  named?(name: string, sql: string, params: unknown[]): Promise<unknown[]>;
}

/**
 * Runs `sql` as the prepared statement `name` (+ a hash of the text) where `db` can, plainly otherwise.
 *
 * A prepared statement lives on its pooled connection until the connection ends. After a schema
 * change PostgreSQL replans it, but refuses to run it when its result columns would change
 * (SQLSTATE 0A000 "cached plan must not change result type") until the connection is renewed. Two
 * things keep the door working across a migration, both pinned by
 * test/integration/access-door-prepared-schema.test.ts:
 * - a named statement answers fixed columns only (arrays and json built in the statement, never
 *   `SELECT *` nor a table's row), so altering `access_event` does not change its result type;
 * - migrations run at start-up only (db/database.ts, before the server listens), so no statement is
 *   prepared on a schema older than the one it runs on. A migration run while the server serves
 *   requests would have to renew the pool (or make sure of the first point for every named statement).
 */
export const queryNamed = (db: Queryable, name: string, sql: string, params: unknown[]): Promise<unknown[]> =>
  db.named ? db.named(statementName(name, sql), sql, params) : db.query(sql, params);

/** PostgreSQL's division_by_zero: how the write refuses to go on when a row was skipped (see writeBatch's `allOrError`). */
export const NOT_ALL_STORED = '22012';

/** How far above the tablet's highest used number a refused number may be kept (two full batches). */
const NEAR = 1000;

/** A number of the tablet's that the server did not store as an event (refused, or stored under another tablet). */
export interface UsedNumber {
  clientEventId: string;
  deviceSeq?: number | null;
  code: string | null;
}

export interface Written {
  /** the ids of the prepared events actually stored */
  inserted: Set<string>;
  /** the tablet's missing numbers among its latest 10 000, after this batch (none for a manager) */
  sequenceGaps: { from: number; to: number }[];
  /**
   * the batch's numbers ran on from the tablet's mark with none used above it, so the search for
   * missing numbers was skipped (none can be missing); true for a manager's batch, which has no numbers
   */
  nextNumbers: boolean;
}

/**
 * Stores a batch in one statement:
 * - the prepared events, and one anomaly row per anomaly of each (for the manager to resolve); a
 *   row a concurrent batch stored first (or an exit closing an entry another exit closed
 *   meanwhile) is skipped by the unique keys, and is missing from `inserted`;
 * - the numbers of the tablet's refused events, so they do not read as missing ones
 *   (SEQUENCE_GAP); the first refusal of a number counts, and only near the numbers the tablet
 *   has used (one far-off number must not move its window of gaps);
 * - the numbers still missing among the latest 10 000 (a refused number is not missing: the
 *   tablet did send it), looked for only above the number up to which none is missing
 *   (access_device_sequence), which it moves forward: the answer costs the same after 10 000
 *   events as after 10. Not looked for at all (Hardening §7) when the statement itself sees that
 *   nothing is used above the mark and the batch's new numbers continue it without a hole: the
 *   usual case of a tablet sending its next event. Decided here, not from the look-up, whose
 *   reading of the mark may be older than this statement's.
 */
export async function writeBatch(
  db: Queryable,
  deviceId: string | null,
  prepared: Prepared[],
  refused: UsedNumber[],
  receivedAt: Date,
  /** written by the same statement (Hardening §7): the batch's audit entry (AuditedWrites.entryPart) */
  also?: (p: SqlParam) => Pick<SqlPart, 'cte'> | null,
  /**
   * the statement fails (error NOT_ALL_STORED) instead of answering when a prepared event was skipped:
   * so a COMMIT sent behind it without waiting (pipelinedTransaction) keeps nothing of a raced batch
   */
  allOrError = false,
): Promise<Written> {
  const col = <K extends keyof AccessEvent>(k: K) => prepared.map((p) => p.row[k]);
  const numbered = deviceId
    ? refused.filter(
        (r) =>
          Number.isInteger(r.deviceSeq) &&
          (r.deviceSeq ?? 0) >= 1 &&
          (r.deviceSeq ?? 0) <= 2_000_000_000 &&
          isUuid(r.clientEventId),
      )
    : [];
  const params: unknown[] = [
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
    deviceId,
    numbered.map((r) => r.deviceSeq),
    numbered.map((r) => r.clientEventId),
    numbered.map((r) => r.code ?? 'REFUSED'),
  ];
  // a divisor of 0 when fewer rows were stored than prepared: not a constant, so evaluated when run
  // (the count is a parameter, so one prepared statement serves every batch size)
  const guard = allOrError
    ? `, 1 / ((SELECT count(*) FROM ins) = $${params.push(prepared.length)}::int)::int AS "allStored"`
    : '';
  const extra = also?.(paramsAfter(params));
  const [row] = (await queryNamed(
    db,
    'access_write',
    `WITH ins AS (
       INSERT INTO access_event (id, "clientEventId", "deviceId", "deviceSeq", "recordedByStaffId", direction,
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
       ON CONFLICT DO NOTHING RETURNING id, anomalies, "deviceSeq"
     ), anomaly AS (
       INSERT INTO access_anomaly ("eventId", kind, "detectedAt")
       SELECT ins.id, k, $15 FROM ins CROSS JOIN LATERAL unnest(ins.anomalies) AS k
     ), before AS (
       SELECT greatest((SELECT coalesce(max("deviceSeq"), 0) FROM access_event WHERE "deviceId" = $22),
                       (SELECT coalesce(max("deviceSeq"), 0) FROM access_event_refusal WHERE "deviceId" = $22)) AS m,
              coalesce((SELECT "contiguousTo" FROM access_device_sequence WHERE "deviceId" = $22), 0) AS c
     ), used AS (
       SELECT greatest(before.m, (SELECT coalesce(max("deviceSeq"), 0) FROM ins)) AS m FROM before
     ), refused AS (
       INSERT INTO access_event_refusal ("deviceId", "deviceSeq", "clientEventId", code, "receivedAt")
       SELECT $22, u.seq, u.cid, u.code, $15
         FROM unnest($23::int[], $24::uuid[], $25::text[]) AS u(seq, cid, code), used
        WHERE $22::uuid IS NOT NULL AND cardinality($23::int[]) > 0 AND u.seq <= used.m + ${NEAR}
       ON CONFLICT ("deviceId", "deviceSeq") DO NOTHING RETURNING "deviceSeq"
     ), top AS (
       SELECT greatest(used.m, (SELECT coalesce(max("deviceSeq"), 0) FROM refused)) AS m FROM used
     ), numbers AS (
       SELECT min(seq) AS lo, max(seq) AS hi, count(*) AS n
         FROM (SELECT "deviceSeq" AS seq FROM ins WHERE $22::uuid IS NOT NULL UNION SELECT "deviceSeq" FROM refused) s
     ), fast AS (
       -- the next numbers (Hardening §7): none missing up to the mark, none used above it, and the batch's
       -- new numbers run on from it without a hole, so none is missing now either: no search
       SELECT coalesce(before.m = before.c AND (numbers.n = 0 OR (numbers.lo = before.c + 1
                       AND numbers.hi - numbers.lo + 1 = numbers.n)), false) AS next
         FROM before, numbers
     ), known AS (
       SELECT greatest(top.m - 10000, 0, before.c) AS f FROM top, before
     ), recent AS (
       SELECT "deviceSeq" AS seq FROM access_event, known WHERE "deviceId" = $22 AND "deviceSeq" > known.f
       UNION SELECT "deviceSeq" FROM access_event_refusal, known WHERE "deviceId" = $22 AND "deviceSeq" > known.f
       UNION SELECT "deviceSeq" FROM ins, known WHERE $22::uuid IS NOT NULL AND "deviceSeq" > known.f
       UNION SELECT "deviceSeq" FROM refused, known WHERE "deviceSeq" > known.f
     ), paired AS (
       SELECT seq, coalesce(lag(seq) OVER (ORDER BY seq), (SELECT f FROM known)) AS prev FROM recent
     ), gaps AS (
       SELECT prev + 1 AS "from", seq - 1 AS "to" FROM paired WHERE NOT (SELECT next FROM fast) AND seq - prev > 1
     ), mark AS (
       INSERT INTO access_device_sequence ("deviceId", "contiguousTo")
       SELECT $22, coalesce((SELECT min("from") - 1 FROM gaps), (SELECT m FROM top)) WHERE $22::uuid IS NOT NULL
       ON CONFLICT ("deviceId") DO UPDATE
         SET "contiguousTo" = greatest(access_device_sequence."contiguousTo", excluded."contiguousTo")
         WHERE access_device_sequence."contiguousTo" < excluded."contiguousTo"
     )${extra ? `, ${extra.cte}` : ''}
     SELECT ARRAY(SELECT id::text FROM ins) AS inserted,
            (SELECT coalesce(json_agg(g), '[]'::json)
               FROM (SELECT "from", "to" FROM gaps ORDER BY "from" LIMIT 100) g) AS gaps,
            (SELECT next FROM fast) AS "nextNumbers"${guard}`,
    params,
  )) as { inserted: string[]; gaps: { from: number; to: number }[]; nextNumbers: boolean }[];
  return { inserted: new Set(row.inserted), sequenceGaps: deviceId ? row.gaps : [], nextNumbers: row.nextNumbers };
}
