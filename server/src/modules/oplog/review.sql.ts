// The statements of the reviews (A20.1) that read the partitioned history, in the style of
// oplog.sql.ts. A month is a Tokyo month, as the partitions are.

/** The first instant of a Tokyo month ($n: a date, its first day). */
const MONTH_START = (d: string) => `(${d}::timestamp AT TIME ZONE 'Asia/Tokyo')`;
const MONTH_END = (d: string) => `((${d} + interval '1 month')::timestamp AT TIME ZONE 'Asia/Tokyo')`;

/**
 * Months before $1 (a date: the first day of a Tokyo month) that hold records, and whether a review
 * of each was signed off by $2 (an instant). The months are the partitions' (a handful a year);
 * each EXISTS reads the first row of one partition only (pruned at run time).
 */
export const MONTHS_TO_REVIEW = `
SELECT to_char(m.month, 'YYYY-MM') AS month, (rv."signedOffAt" IS NOT NULL AND rv."signedOffAt" <= $2) AS signed
  FROM (SELECT to_date(substring(c.relname FROM 'operation_record_(\\d{4}_\\d{2})$'), 'YYYY_MM') AS month
          FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
         WHERE i.inhparent = 'operation_record'::regclass) m
  LEFT JOIN oplog_review rv ON rv.month = to_char(m.month, 'YYYY-MM')
 WHERE m.month < $1::date
   AND EXISTS (SELECT 1 FROM operation_record r WHERE r."at" >= ${MONTH_START('m.month')} AND r."at" < ${MONTH_END('m.month')})
 ORDER BY m.month`;

/** One record by its key ($1 at, $2 source, $3 line): the primary key. */
export const RECORD_BY_KEY = `
SELECT r."at", r."sourceId", r."line" FROM operation_record r
 WHERE r."sourceId" = $2 AND r."line" = $3 AND r."at" = $1`;

/**
 * The operator of one record ($1 at, $2 source, $3 line) and the staff member who held that operator
 * ID in the operator register (card_operator) on the record's Tokyo day, if any.
 */
export const RECORD_OPERATOR = `
SELECT r."operatorId",
       (SELECT o."staffId" FROM card_operator o
         WHERE o."operatorCode" = r."operatorId"
           AND o.since <= (r."at" AT TIME ZONE 'Asia/Tokyo')::date
           AND (o.until IS NULL OR o.until >= (r."at" AT TIME ZONE 'Asia/Tokyo')::date)
         ORDER BY o.since DESC LIMIT 1) AS "staffId"
  FROM operation_record r
 WHERE r."sourceId" = $2 AND r."line" = $3 AND r."at" = $1`;
