// The SQL that ties work orders to the entry/exit register (A26, A12.3): which register lines are an
// order's, and which outside people's entries no order covers. One statement for any number of
// orders or entries, so a page of orders with their entries costs the same as one.

/** An order's people (its authorisations) in its rooms within its window: `o` is the order's alias. */
const OF_ORDER = (o: string) => `
  SELECT e.id, e."escortStaffId", e.direction
    FROM maintenance_work_order_authorisation l
    JOIN maintenance_work_order_room r ON r."orderId" = l."orderId"
    JOIN access_event e ON e."contractorAuthorisationId" = l."authorisationId" AND e."roomId" = r."roomId"
   WHERE l."orderId" = ${o}.id AND e."occurredAt" >= ${o}."startsAt" AND e."occurredAt" <= ${o}."endsAt"`;

/** True when `staffParam` escorted one of the order's people in (alias `o`). */
export const ESCORTED_BY = (o: string, staffParam: string) =>
  `EXISTS (SELECT 1 FROM (${OF_ORDER(o)}) x WHERE x."escortStaffId" = ${staffParam})`;

/** The columns of an access_event row as the entity reads them (anomalies as text[] so pg parses it). */
const EVENT_COLUMNS = `e.id, e."clientEventId", e."deviceId", e."deviceSeq", e."recordedByStaffId", e.direction::text,
  e."subjectKind"::text, e."staffId", e."contractorAuthorisationId", e."escortStaffId", e."roomId", e.purpose,
  e."deviceTime", e."clockSkewSeconds", e."occurredAt", e."receivedAt", e."authorisationId", e."entryEventId",
  e.checklist, e.note, e.anomalies::text[] AS anomalies`;

/**
 * The register lines of orders ($1: their ids), oldest first: every line of an order's people in
 * its rooms within its window, and the exits that close those entries after the window ended.
 */
export const ORDER_ENTRIES = `
WITH o AS (SELECT id, "startsAt", "endsAt" FROM maintenance_work_order WHERE id = ANY($1::uuid[])),
within_window AS (SELECT o.id AS "orderId", x.id AS "eventId" FROM o CROSS JOIN LATERAL (${OF_ORDER('o')}) x),
lines AS (
  SELECT "orderId", "eventId" FROM within_window
  UNION
  SELECT w."orderId", exit.id FROM within_window w JOIN access_event exit ON exit."entryEventId" = w."eventId")
SELECT l."orderId", ${EVENT_COLUMNS}
  FROM lines l JOIN access_event e ON e.id = l."eventId"
 ORDER BY l."orderId", e."occurredAt", e.id`;

/**
 * True when no work order covers the outside person's entry `e`: an order of their authorisation,
 * for that room, whose window holds the entry, instructed before it and not cancelled before it.
 */
const NOT_COVERED = `NOT EXISTS (
  SELECT 1 FROM maintenance_work_order_authorisation l
    JOIN maintenance_work_order o ON o.id = l."orderId"
    JOIN maintenance_work_order_room r ON r."orderId" = o.id AND r."roomId" = e."roomId"
   WHERE l."authorisationId" = e."contractorAuthorisationId"
     AND e."occurredAt" >= o."startsAt" AND e."occurredAt" <= o."endsAt"
     AND o."instructedAt" <= e."occurredAt"
     AND (o."cancelledAt" IS NULL OR o."cancelledAt" > e."occurredAt"))`;

/**
 * Outside people's entries no work order covers, as the record stood at `$1` (received by then and
 * not looked at by the manager by then).
 */
const UNCOVERED_WHERE = `e.direction = 'ENTER' AND e."contractorAuthorisationId" IS NOT NULL
  AND e."receivedAt" <= $1 AND ${NOT_COVERED}
  AND NOT EXISTS (SELECT 1 FROM maintenance_entry_review v WHERE v."eventId" = e.id AND v."reviewedAt" <= $1)`;

export const COUNT_UNCOVERED = `SELECT count(*)::int AS n FROM access_event e WHERE ${UNCOVERED_WHERE}`;

/** The same entries, newest first, $2 at most. */
export const LIST_UNCOVERED = `SELECT ${EVENT_COLUMNS} FROM access_event e WHERE ${UNCOVERED_WHERE}
  ORDER BY e."occurredAt" DESC, e.id DESC LIMIT $2`;

/** Whether one entry ($2) is uncovered and not looked at, now ($1). */
export const IS_UNCOVERED = `SELECT 1 FROM access_event e WHERE e.id = $2 AND ${UNCOVERED_WHERE}`;

/**
 * A26: the first entry of an order's people starts its work. Orders still INSTRUCTED with an ENTER
 * line of theirs (among the events $1, or any, for the orders $2) move to IN_PROGRESS, startedAt
 * the earliest such entry. Answers the orders moved.
 */
export const START_WORK = `
UPDATE maintenance_work_order w SET state = 'IN_PROGRESS', "startedAt" = f.at
  FROM (SELECT o.id, min(e."occurredAt") AS at
          FROM maintenance_work_order o
          JOIN maintenance_work_order_authorisation l ON l."orderId" = o.id
          JOIN maintenance_work_order_room r ON r."orderId" = o.id
          JOIN access_event e ON e."contractorAuthorisationId" = l."authorisationId" AND e."roomId" = r."roomId"
         WHERE o.state = 'INSTRUCTED' AND e.direction = 'ENTER'
           AND e."occurredAt" >= o."startsAt" AND e."occurredAt" <= o."endsAt"
           AND (e.id = ANY($1::uuid[]) OR o.id = ANY($2::uuid[]))
         GROUP BY o.id) f
 WHERE w.id = f.id AND w.state = 'INSTRUCTED'
RETURNING w.id`;

/** A row of ORDER_ENTRIES / LIST_UNCOVERED as pg gives it. */
export interface EventRow {
  orderId?: string;
  id: string;
  [column: string]: unknown;
}
