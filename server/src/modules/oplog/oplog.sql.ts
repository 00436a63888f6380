// Every statement on the operation history (A20), in one file: the table itself is made by hand in
// its migration (db/migrations/*-OperationRecords.ts: partitioned by month, which TypeORM cannot
// declare), so no entity describes it and the schema comparison of migration:check never sees it.
//
// Indexes (per partition): the primary key ("sourceId", line, at) for idempotent ingest; a BRIN on
// at for time ranges; ("operatorId", at) for one operator's records.
//
// operation_day (db/migrations/*-OperationDays.ts, by hand like the history): one row per operator
// and Tokyo day — records, first and last, the clock hours — kept by the ingest in the statement
// that stores the records, so the per-day saved queries (unusual volume, all day) read a few
// thousand summary rows a month instead of every record of it.

import type { OperatorDay } from './oplog-line.js';

/** Columns in the order of the staging table (COPY text, tab-separated). */
export const STAGE_COLUMNS = ['line', 'at', 'terminal', 'operator', 'type', 'result', 'target'] as const;

/**
 * A batch that may overlap what is stored (or met a month with no partition) is COPYed here first
 * (one per connection, emptied per batch), then inserted in one statement; a new batch goes straight
 * into operation_record (COPY_RECORDS).
 */
export const CREATE_STAGE = `CREATE TEMP TABLE IF NOT EXISTS oplog_stage (
  line integer NOT NULL, at timestamptz NOT NULL, terminal text NOT NULL, operator text NOT NULL,
  type text NOT NULL, result text NOT NULL, target text)`;

export const EMPTY_STAGE = `TRUNCATE oplog_stage`;

export const COPY_STAGE = `COPY oplog_stage (${STAGE_COLUMNS.join(', ')}) FROM STDIN`;

/** $1: a day of the month (Asia/Tokyo); true when the partition was made now. Runs as the owner (SECURITY DEFINER). */
export const ENSURE_PARTITION = `SELECT oplog_ensure_partition($1::date) AS made`;

/** A record's Tokyo day and clock hour (0–23), as operation_day keeps them. */
const TOKYO_DAY = (at: string) => `(${at} AT TIME ZONE 'Asia/Tokyo')::date`;
const HOUR_BIT = (at: string) => `(1 << extract(hour FROM ${at} AT TIME ZONE 'Asia/Tokyo')::int)`;

/**
 * operation_day's columns from a set of records `r` ("at", "operatorId"), one row per operator and
 * Tokyo day: the records, the first and the last, and the clock hours as a bitmask (bit h: a record
 * in hour h). The one definition of the summary: the ingest adds what it stored, the migration and
 * the bench summarise what is there, and the tests recompute it from the records.
 */
const SUMMARY_OF = (records: string) => `
SELECT ${TOKYO_DAY('r."at"')} AS "day", r."operatorId", count(*)::int AS "records", min(r."at") AS "firstAt",
       max(r."at") AS "lastAt", bit_or(${HOUR_BIT('r."at"')}) AS "hours"
  FROM ${records} r
 GROUP BY 1, 2`;

/** The summary recomputed from the whole history, ordered by its key (the tests compare it with operation_day). */
export const DAYS_OF_RECORDS = `${SUMMARY_OF('operation_record')}
 ORDER BY 1, 2`;

/**
 * Summarises the history into an empty operation_day (or one without the days of those records):
 * the migration's backfill and the bench's generated history, the same statement.
 */
export const SUMMARISE_RECORDS = `
INSERT INTO operation_day ("day", "operatorId", "records", "firstAt", "lastAt", "hours")
${SUMMARY_OF('operation_record')}`;

/**
 * The staged rows into the history ($1: the source id) when some of their lines may be stored
 * already (LINES_STORED), and what was stored into the per-operator,
 * per-day summary (operation_day), in one statement. A line already stored (the same batch sent
 * again, or an import resumed) conflicts on the primary key and is skipped, so only the rows
 * RETURNING reports as inserted are counted into the summary, and "stored" is what is new. The
 * summary's rows are upserted in key order, so two batches of the same days wait for each other
 * rather than deadlock.
 */
export const INSERT_STAGED = `
WITH stored AS (
  INSERT INTO operation_record ("at", "sourceId", "line", "terminalCode", "operatorId", "operationType", "result", "targetHmac")
  SELECT at, $1, line, terminal, operator, type, result, decode(target, 'hex') FROM oplog_stage
  ON CONFLICT DO NOTHING
  RETURNING "at", "operatorId"
), days AS (
  INSERT INTO operation_day ("day", "operatorId", "records", "firstAt", "lastAt", "hours")
  SELECT * FROM (${SUMMARY_OF('stored')}) s ORDER BY 1, 2
  ON CONFLICT ("day", "operatorId") DO UPDATE SET
    "records" = operation_day."records" + EXCLUDED."records",
    "firstAt" = least(operation_day."firstAt", EXCLUDED."firstAt"),
    "lastAt" = greatest(operation_day."lastAt", EXCLUDED."lastAt"),
    "hours" = operation_day."hours" | EXCLUDED."hours"
)
SELECT count(*)::int AS stored FROM stored`;

/**
 * Locks the source's row ($1 id, $2 now) for the batch's transaction, making it when new: batches of
 * one source run one after the other from here, so what LINES_STORED answers holds until the commit.
 * Its counts are added at the end of the batch (ADD_BATCH).
 */
export const LOCK_SOURCE = `
INSERT INTO operation_source (id, "firstReceivedAt", "lastReceivedAt", batches, stored)
VALUES ($1, $2, $2, 0, 0)
ON CONFLICT (id) DO UPDATE SET "lastReceivedAt" = EXCLUDED."lastReceivedAt"`;

/** The batch ($1 source) into its row: one batch more, its records stored ($2), received now ($3). */
export const ADD_BATCH = `
UPDATE operation_source SET batches = batches + 1, stored = stored + $2, "lastReceivedAt" = $3 WHERE id = $1`;

/**
 * Whether the source ($1) has a line stored in [$2, $3] (the first and the last line of the batch):
 * when not, none of the batch's lines can be there already (the source is locked: LOCK_SOURCE), and
 * they are stored without ON CONFLICT: before the body is read, from the batch's first possible line
 * to LAST_POSSIBLE_LINE (COPY_RECORDS); after staging, its first and last accepted line
 * (INSERT_STAGED_NEW). The primary key's index of each partition.
 */
export const LINES_STORED = `
SELECT EXISTS (SELECT 1 FROM operation_record WHERE "sourceId" = $1 AND line BETWEEN $2 AND $3) AS stored`;

/**
 * The staged rows into the history ($1: the source id) when none of their lines is stored
 * (LINES_STORED): a plain insert, the primary key its safety net (a duplicate fails the batch, never
 * stores a line twice). Its operator-days are added apart (ADD_DAYS), from the parser's count.
 */
export const INSERT_STAGED_NEW = `
INSERT INTO operation_record ("at", "sourceId", "line", "terminalCode", "operatorId", "operationType", "result", "targetHmac")
SELECT at, $1, line, terminal, operator, type, result, decode(target, 'hex') FROM oplog_stage`;

/** Lines no batch can have ($3 of LINES_STORED for "from this line on"): the largest integer. */
export const LAST_POSSIBLE_LINE = 2_147_483_647;

/**
 * A batch none of whose lines can be stored (LINES_STORED from its first possible line on, under the
 * source's lock) straight into the history, in the batch's transaction: no staging table. The rows
 * are the parser's direct COPY text (the source id first, the target's HMAC as bytea).
 */
export const COPY_RECORDS = `COPY operation_record ("sourceId", line, at, "terminalCode", "operatorId", "operationType", result, "targetHmac") FROM STDIN`;

/**
 * The rows a batch COPYed straight into the history so far ($source, lines from $from on: all the
 * batch's, since none was stored before under the lock), read back in the staging table's COPY text
 * before the transaction is rolled back: a row of a month with no partition came (the spill path).
 * COPY takes no parameters: the source id is checked by SOURCE_ID (letters, digits, . _ -).
 */
export const READ_BACK = (sourceId: string, from: number) => {
  if (!/^[A-Za-z0-9._-]+$/.test(sourceId)) throw new Error('READ_BACK: a source id unchecked');
  return `COPY (
  SELECT line, at, "terminalCode", "operatorId", "operationType", result, encode("targetHmac", 'hex')
    FROM operation_record WHERE "sourceId" = '${sourceId}' AND line >= ${Math.trunc(from)}
) TO STDOUT`;
};

/**
 * A batch's operator-days, counted while it was parsed, into operation_day: $1 days, $2 operators,
 * $3 records, $4 first, $5 last, $6 hours (arrays of the same length). Upserted in key order, as
 * INSERT_STAGED does, so two batches of the same days wait for each other rather than deadlock.
 */
export const ADD_DAYS = `
INSERT INTO operation_day ("day", "operatorId", "records", "firstAt", "lastAt", "hours")
SELECT * FROM unnest($1::date[], $2::text[], $3::int[], $4::timestamptz[], $5::timestamptz[], $6::int[])
 ORDER BY 1, 2
ON CONFLICT ("day", "operatorId") DO UPDATE SET
  "records" = operation_day."records" + EXCLUDED."records",
  "firstAt" = least(operation_day."firstAt", EXCLUDED."firstAt"),
  "lastAt" = greatest(operation_day."lastAt", EXCLUDED."lastAt"),
  "hours" = operation_day."hours" | EXCLUDED."hours"`;

/** The operator-days as ADD_DAYS's arrays: days, operators, records, first, last, hours. */
export function addDaysParams(days: Iterable<OperatorDay>): unknown[][] {
  const cols: unknown[][] = [[], [], [], [], [], []];
  for (const d of days) {
    cols[0].push(new Date(d.day * 86_400_000).toISOString().slice(0, 10));
    cols[1].push(d.operatorId);
    cols[2].push(d.records);
    cols[3].push(new Date(d.firstAt).toISOString());
    cols[4].push(new Date(d.lastAt).toISOString());
    cols[5].push(d.hours);
  }
  return cols;
}

/** The last line stored of a source ($1): an import resumes after it. */
export const LAST_LINE_OF_SOURCE = `SELECT max(line)::int AS line FROM operation_record WHERE "sourceId" = $1`;

export const OPERATION_TYPE_CODES = `SELECT code FROM operation_type`;

/** Months (Asia/Tokyo, first day) that have a partition. */
export const PARTITION_MONTHS = `
SELECT to_date(substring(c.relname FROM 'operation_record_(\\d{4}_\\d{2})$'), 'YYYY_MM') AS month
  FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
 WHERE i.inhparent = 'operation_record'::regclass
 ORDER BY 1`;

/** PARTITION_MONTHS as text, 'YYYY-MM-01' (the parser's monthOf). */
export const PARTITION_MONTHS_TEXT = `SELECT month::text AS month FROM (${PARTITION_MONTHS}) p`;

/** The columns a record is read with (the type's label beside its code). */
const RECORD_COLUMNS = `r."at", r."sourceId", r."line", r."terminalCode", r."operatorId", r."operationType",
  t."labelJa" AS "operationLabel", r."result", encode(r."targetHmac", 'hex') AS "targetPseudonym", r."receivedAt"`;

/**
 * Records of a period ($1 from, $2 to: at in [from, to)), of one operator when $3 is not null,
 * oldest first; the keyset (at, "sourceId", line) continues a page. One operator: the
 * ("operatorId", at) index; all operators: the BRIN on at, partitions outside the period pruned.
 */
export const RECORDS_OF_PERIOD = (keyset: string | null, orderBy: string, limit: string) => `
SELECT ${RECORD_COLUMNS}
  FROM operation_record r LEFT JOIN operation_type t ON t.code = r."operationType"
 WHERE r."at" >= $1 AND r."at" < $2 AND ($3::text IS NULL OR r."operatorId" = $3)
   ${keyset ? `AND ${keyset}` : ''}
 ORDER BY ${orderBy}
 LIMIT ${limit}`;

/**
 * The newest batch received from any source ($1: as of): operation_source, one row per source with
 * its last batch (written with each batch), so no partition of the history is read — max("receivedAt")
 * over the history read every partition (no index on "receivedAt"). "any": a batch stored records.
 * Exact as of now; a past day sees only sources that have sent nothing since (the compliance control
 * judges a past day from the audit trail: BATCHES_RECEIVED).
 */
export const LAST_RECEIVED = `SELECT max("lastReceivedAt") AS "lastReceived", coalesce(bool_or(stored > 0), false) AS "any"
  FROM operation_source WHERE "lastReceivedAt" <= $1`;

/**
 * Batches with at least one record received ($1: as of): the first and the last. Read from the
 * audit trail (one entry per batch, by its target index), not from the history, so a past day is
 * judged by what had arrived by then.
 */
export const BATCHES_RECEIVED = `
SELECT min("occurredAt") AS "first", max("occurredAt") AS "last"
  FROM audit_entry
 WHERE "targetType" = 'OperationSource' AND action = 'Ingest.operationRecords' AND outcome = 'OK'
   AND "occurredAt" <= $1 AND (changes -> 'received' ->> 1)::int > 0`;

/** The retention trigger (A20.2) is in place and enabled on the table (and so on every partition). */
export const RETENTION_GUARD = `
SELECT count(*)::int AS n FROM pg_trigger
 WHERE tgrelid = 'operation_record'::regclass AND tgname IN ('operation_record_kept', 'operation_record_no_truncate')
   AND tgenabled <> 'D'`;

/** One record by its key ($1 sourceId, $2 line, $3 at), as an investigation links it (A21): the primary key. */
export const RECORD_BY_KEY = `SELECT 1 FROM operation_record WHERE "sourceId" = $1 AND "line" = $2 AND "at" = $3`;
