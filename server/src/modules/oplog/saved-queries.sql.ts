// The saved queries of the reviews (A20.1): what surfaces records that need a look. In the style of
// oplog.sql.ts: every statement on records reads a period through the BRIN on "at" (partitions
// outside it pruned), is keyset-paged, and joins the reviewer's mark of each record
// (oplog_review_mark, by the record's key); the per-day ones read the per-operator, per-day summary
// (operation_day). $1 from, $2 to (instants, [from, to)); the query's own parameters follow.

/** The record's Tokyo wall clock. */
const LOCAL = `(r."at" AT TIME ZONE 'Asia/Tokyo')`;

/** A flagged record's columns: the record, its type's label, the reviewer's mark. */
const FLAGGED_COLUMNS = `r."at", r."sourceId", r."line", r."terminalCode", r."operatorId", r."operationType",
  t."labelJa" AS "operationLabel", r."result", encode(r."targetHmac", 'hex') AS "targetPseudonym", r."receivedAt",
  m.verdict AS "markVerdict", m.note AS "markNote"`;

const flagged = (condition: string) => (keyset: string | null, orderBy: string, limit: string) => `
SELECT ${FLAGGED_COLUMNS}
  FROM operation_record r
  LEFT JOIN operation_type t ON t.code = r."operationType"
  LEFT JOIN oplog_review_mark m ON m."at" = r."at" AND m."sourceId" = r."sourceId" AND m.line = r.line
 WHERE r."at" >= $1 AND r."at" < $2 AND ${condition}
   ${keyset ? `AND ${keyset}` : ''}
 ORDER BY ${orderBy}
 LIMIT ${limit}`;

/**
 * Outside office hours: on a day the office is closed ($3: the closed days of the period, from
 * shared/working-days.ts — weekends, public holidays, 12/29–1/3), or before $4 / from $5 (time of
 * day, Tokyo) on a working day.
 */
export const OUTSIDE_HOURS = flagged(
  `(${LOCAL}::date = ANY($3::date[]) OR ${LOCAL}::time < $4::time OR ${LOCAL}::time >= $5::time)`,
);

/**
 * By an operator without a valid card at that moment: the operator ID is not in the operator
 * register for that day (card_operator: since ≤ day ≤ until), or none of the operator's cards was
 * issued to them by then and not yet returned, lost, revoked or destroyed (operator_card_event).
 */
export const NO_VALID_CARD = flagged(`NOT EXISTS (
    SELECT 1 FROM card_operator o
      JOIN operator_card_event e ON e."operatorId" = o.id AND e.kind = 'ISSUED' AND e."at" <= r."at"
     WHERE o."operatorCode" = r."operatorId"
       AND o.since <= ${LOCAL}::date AND (o.until IS NULL OR o.until >= ${LOCAL}::date)
       AND NOT EXISTS (
         SELECT 1 FROM operator_card_event x
          WHERE x."cardId" = e."cardId" AND x.seq > e.seq AND x."at" <= r."at"
            AND x.kind IN ('RETURNED', 'LOST', 'REVOKED', 'DESTROYED')))`);

/**
 * Beyond the operator's role: the operation's type is listed in oplog_role_operation (a type not
 * listed is open to every operator) and none of the roles listed with it was the operator's on that
 * day. The operator's roles: OPERATOR (every operator in the register) and the organisation roles
 * (role_assignment, A3–A7) of the staff member behind the operator ID.
 */
export const BEYOND_ROLE =
  flagged(`EXISTS (SELECT 1 FROM oplog_role_operation ro WHERE ro."operationType" = r."operationType")
   AND NOT EXISTS (
    SELECT 1 FROM oplog_role_operation ro
     WHERE ro."operationType" = r."operationType"
       AND (
         (ro.role = 'OPERATOR' AND EXISTS (
            SELECT 1 FROM card_operator o WHERE o."operatorCode" = r."operatorId"
               AND o.since <= ${LOCAL}::date AND (o.until IS NULL OR o.until >= ${LOCAL}::date)))
         OR EXISTS (
            SELECT 1 FROM card_operator o JOIN role_assignment ra ON ra."staffId" = o."staffId"
             WHERE o."operatorCode" = r."operatorId" AND ra.role::text = ro.role
               AND ra."validFrom" <= ${LOCAL}::date AND (ra."validTo" IS NULL OR ra."validTo" >= ${LOCAL}::date))))`);

/**
 * At a terminal in a server room (oplog_terminal_room → room of kind SERVER_ROOM) while nobody was
 * inside per the entry/exit register (A12.3): no entry into that room in the 12 hours before (the
 * register's NOT_CLOSED limit) without its exit by then.
 */
export const EMPTY_SERVER_ROOM = flagged(`EXISTS (
    SELECT 1 FROM oplog_terminal_room tr JOIN room rm ON rm.id = tr."roomId" AND rm.kind = 'SERVER_ROOM'
     WHERE tr."terminalCode" = r."terminalCode"
       AND NOT EXISTS (
         SELECT 1 FROM access_event e
          WHERE e."roomId" = tr."roomId" AND e.direction = 'ENTER'
            AND e."occurredAt" <= r."at" AND e."occurredAt" > r."at" - interval '12 hours'
            AND NOT EXISTS (SELECT 1 FROM access_event x WHERE x."entryEventId" = e.id AND x."occurredAt" <= r."at")))`);

/**
 * Each operator's Tokyo days from $1 - `baselineDays` to $2 (instants at Tokyo midnights, as
 * periodOf makes them): records, first and last, distinct clock hours — read from the summary the
 * ingest keeps (operation_day, one row per operator and day), not from the records: a month is a few
 * thousand summary rows whatever the records number. `hours` counts the bits of its hour mask.
 */
const DAILY = (baselineDays: number) => `
SELECT d."operatorId", d."day", d."records" AS n, d."firstAt", d."lastAt", bit_count(d."hours"::bit(24))::int AS hours
  FROM operation_day d
 WHERE d."day" >= ($1::timestamptz AT TIME ZONE 'Asia/Tokyo')::date - ${baselineDays}
   AND d."day" < ($2::timestamptz AT TIME ZONE 'Asia/Tokyo')::date`;

const operatorDays = (inner: string, condition: string) => (keyset: string | null, orderBy: string, limit: string) => `
SELECT q.* FROM (${inner}) q
 WHERE q.day >= to_char($1::timestamptz AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD') AND ${condition}
   ${keyset ? `AND ${keyset}` : ''}
 ORDER BY ${orderBy}
 LIMIT ${limit}`;

/**
 * Unusual volume for an operator against their own baseline: the day's records n against the
 * operator's active days (days with records) in the 30 days before it: flagged when there are at
 * least $3 such days and n > mean + 3 × max(σ, √mean) (σ the population standard deviation; the
 * √mean floor keeps a perfectly steady operator from being flagged for one more record).
 */
export const UNUSUAL_VOLUME = operatorDays(
  `SELECT d."operatorId", d.day::text AS day, d.n AS count, d."firstAt", d."lastAt", d.hours,
          round(avg(d.n) OVER w, 1)::float8 AS "baselineMean", round(coalesce(stddev_pop(d.n) OVER w, 0), 1)::float8 AS "baselineSd",
          (count(*) OVER w)::int AS "baselineDays"
     FROM (${DAILY(30)}) d
   WINDOW w AS (PARTITION BY d."operatorId" ORDER BY d.day RANGE BETWEEN '30 days' PRECEDING AND '1 day' PRECEDING)`,
  `q."baselineDays" >= $3 AND q.count > q."baselineMean" + 3 * greatest(q."baselineSd", sqrt(q."baselineMean"))`,
);

/**
 * One operator ID active all day, a sign of a shared ID: on one Tokyo day, the first and last
 * records at least $3 hours apart and records in at least $4 distinct clock hours.
 */
export const ALL_DAY = operatorDays(
  `SELECT d."operatorId", d.day::text AS day, d.n AS count, d."firstAt", d."lastAt", d.hours,
          NULL::float8 AS "baselineMean", NULL::float8 AS "baselineSd", NULL::int AS "baselineDays"
     FROM (${DAILY(0)}) d`,
  `q."lastAt" - q."firstAt" >= make_interval(hours => $3::int) AND q.hours >= $4::int`,
);
