// Every statement on the operation history (A20), in one file: the table itself is made by hand in
// its migration (db/migrations/*-OperationRecords.ts: partitioned by month, which TypeORM cannot
// declare), so no entity describes it and the schema comparison of migration:check never sees it.
//
// Indexes (per partition): the primary key ("sourceId", line, at) for idempotent ingest; a BRIN on
// at for time ranges; ("operatorId", at) for one operator's records.

/** Columns in the order of the staging table (COPY text, tab-separated). */
export const STAGE_COLUMNS = ['line', 'at', 'terminal', 'operator', 'type', 'result', 'target'] as const;

/** A batch is COPYed here first (one per connection, emptied per batch), then inserted in one statement. */
export const CREATE_STAGE = `CREATE TEMP TABLE IF NOT EXISTS oplog_stage (
  line integer NOT NULL, at timestamptz NOT NULL, terminal text NOT NULL, operator text NOT NULL,
  type text NOT NULL, result text NOT NULL, target text)`;

export const EMPTY_STAGE = `TRUNCATE oplog_stage`;

export const COPY_STAGE = `COPY oplog_stage (${STAGE_COLUMNS.join(', ')}) FROM STDIN`;

/** $1: a day of the month (Asia/Tokyo); true when the partition was made now. Runs as the owner (SECURITY DEFINER). */
export const ENSURE_PARTITION = `SELECT oplog_ensure_partition($1::date) AS made`;

/**
 * The staged rows into the history ($1: the source id). A line already stored (the same batch sent
 * again, or an import resumed) conflicts on the primary key and is skipped: the count returned is
 * what is new.
 */
export const INSERT_STAGED = `
INSERT INTO operation_record ("at", "sourceId", "line", "terminalCode", "operatorId", "operationType", "result", "targetHmac")
SELECT at, $1, line, terminal, operator, type, result, decode(target, 'hex') FROM oplog_stage
ON CONFLICT DO NOTHING`;

/** The last line stored of a source ($1): an import resumes after it. */
export const LAST_LINE_OF_SOURCE = `SELECT max(line)::int AS line FROM operation_record WHERE "sourceId" = $1`;

export const OPERATION_TYPE_CODES = `SELECT code FROM operation_type`;

/** Months (Asia/Tokyo, first day) that have a partition. */
export const PARTITION_MONTHS = `
SELECT to_date(substring(c.relname FROM 'operation_record_(\\d{4}_\\d{2})$'), 'YYYY_MM') AS month
  FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
 WHERE i.inhparent = 'operation_record'::regclass
 ORDER BY 1`;

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
