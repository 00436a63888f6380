// The statements of the retention step (A20.2): a month of the history past 7 years exported to a
// file and dropped, and the legal holds that block it. Their EXPLAIN plans are committed with
// oplog.sql.ts's (oplog.sql.plans.md).

/** The partition of a month ('YYYY_MM', checked by the caller): the only identifier built into SQL. */
export const partitionName = (month: string) => `operation_record_${month.replace('-', '_')}`;

/** $1 the month's first day: its bounds (Asia/Tokyo), whether it has a partition, and whether it is past 7 years ($2 now). */
export const MONTH_STATE = `
SELECT m.lower, m.upper, to_regclass('operation_record_' || to_char($1::date, 'YYYY_MM')) IS NOT NULL AS "exists",
       m.upper <= $2::timestamptz - interval '7 years' AS "pastRetention"
  FROM (SELECT $1::date::timestamp AT TIME ZONE 'Asia/Tokyo' AS lower,
               ($1::date + interval '1 month')::timestamp AT TIME ZONE 'Asia/Tokyo' AS upper) m`;

/** Legal holds in force over [$1, $2). */
export const HOLDS_OVER = `
SELECT id, reason FROM oplog_legal_hold
 WHERE "liftedAt" IS NULL AND ("from" IS NULL OR "from" < $2) AND ("to" IS NULL OR "to" > $1)
 ORDER BY "setAt"`;

/** The first day of the month after 'YYYY-MM', as 'YYYY-MM-01'. */
const nextMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
};

/**
 * A month's records ('YYYY-MM', checked by the caller: COPY takes no parameters), in the order
 * they are read back, as CSV with a header (the archive file). Read through the table, not the
 * partition: the application's role has SELECT on the table (a partition made since its last
 * start has no grant of its own), and the bounds prune every other month.
 */
export const EXPORT_MONTH = (month: string) => `COPY (
  SELECT "at", "sourceId", "line", "terminalCode", "operatorId", "operationType", "result",
         encode("targetHmac", 'hex') AS "targetHmac", "receivedAt"
    FROM operation_record
   WHERE "at" >= '${month}-01 00:00:00+09' AND "at" < '${nextMonth(month)} 00:00:00+09'
   ORDER BY "at", "sourceId", "line"
) TO STDOUT WITH (FORMAT csv, HEADER)`;

/**
 * Detaches and drops the month's partition ($1: its first day), as the owner (SECURITY DEFINER):
 * the function refuses a month younger than 7 years (OL001) or under a legal hold (OL002) itself,
 * and a partition whose rows are not the $2 exported (OL003). Returns the rows dropped.
 */
export const ARCHIVE_PARTITION = `SELECT oplog_archive_partition($1::date, $2::bigint)::text AS rows`;

/**
 * Months that have a partition, with their age, holds and rows, for the manager's choice. The rows
 * are the planner's estimate (pg_class.reltuples, null before the partition was first analysed):
 * counting 90 million rows to draw a list would take minutes.
 */
export const MONTHS_WITH_STATE = `
SELECT to_char(m.lower AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM') AS month,
       m.upper <= $1::timestamptz - interval '7 years' AS "pastRetention",
       EXISTS (SELECT 1 FROM oplog_legal_hold h
                WHERE h."liftedAt" IS NULL AND (h."from" IS NULL OR h."from" < m.upper) AND (h."to" IS NULL OR h."to" > m.lower)) AS held,
       CASE WHEN m.tuples < 0 THEN NULL ELSE m.tuples::float8 END AS "estimatedRows"
  FROM (SELECT d::timestamp AT TIME ZONE 'Asia/Tokyo' AS lower,
               (d + interval '1 month')::timestamp AT TIME ZONE 'Asia/Tokyo' AS upper, tuples
          FROM (SELECT to_date(substring(c.relname FROM 'operation_record_(\\d{4}_\\d{2})$'), 'YYYY_MM') AS d,
                       c.reltuples AS tuples
                  FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                 WHERE i.inhparent = 'operation_record'::regclass) p) m
 ORDER BY 1`;

/** SQLSTATEs the archiving function raises, with what they mean to the caller. */
export const ARCHIVE_REFUSALS = {
  OL001: 'OPLOG_PARTITION_TOO_YOUNG',
  OL002: 'OPLOG_LEGAL_HOLD',
  OL003: 'OPLOG_ARCHIVE_CHANGED',
  OL004: 'OPLOG_NO_PARTITION',
} as const;
