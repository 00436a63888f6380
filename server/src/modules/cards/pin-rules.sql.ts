// SQL of the PIN rules' acknowledgements (A16.4–5): who must acknowledge a version on a day, and
// who has not yet.

/** Current Juki-net operators on $1 (a date): each staff member once. */
const OPERATORS_ON = `SELECT DISTINCT ON (o."staffId") o.* FROM card_operator o
  WHERE o.since <= $1::date AND (o.until IS NULL OR o.until >= $1::date)
  ORDER BY o."staffId", o.since DESC`;

/**
 * Operators on $1 who had not acknowledged version $2 by instant $3 (null: now), in operator-ID order:
 * their card_operator rows.
 */
export const PENDING_OPERATORS = `SELECT p.* FROM (${OPERATORS_ON}) p
  WHERE NOT EXISTS (SELECT 1 FROM pin_rules_acknowledgement a
                     WHERE a."staffId" = p."staffId" AND a."documentVersionId" = $2::uuid
                       AND ($3::timestamptz IS NULL OR a."acknowledgedAt" <= $3))
  ORDER BY p."operatorCode", p.id`;

/** How many operators on $1, and how many of them had acknowledged version $2 by $3 (null: now). */
export const COUNT_ACKNOWLEDGED = `SELECT count(*)::int AS operators,
    count(*) FILTER (WHERE EXISTS (SELECT 1 FROM pin_rules_acknowledgement a
                     WHERE a."staffId" = p."staffId" AND a."documentVersionId" = $2::uuid
                       AND ($3::timestamptz IS NULL OR a."acknowledgedAt" <= $3)))::int AS acknowledged
  FROM (${OPERATORS_ON}) p`;

/** 1 when staff $2 is an operator on $1. */
export const IS_OPERATOR = `SELECT 1 FROM card_operator o
  WHERE o."staffId" = $2::uuid AND o.since <= $1::date AND (o.until IS NULL OR o.until >= $1::date) LIMIT 1`;
