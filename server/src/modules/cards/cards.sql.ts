// SQL the compliance view and the to-dos share (A16): open requests as of an instant, cards kept
// without a locked place, cards still issued to an operator whose period has ended.

/** Requests open at $1 (made by then, neither done nor refused by then): their request time. */
export const OPEN_REQUESTS_AT = `SELECT "requestedAt" FROM card_request
  WHERE "requestedAt" <= $1 AND ("doneAt" IS NULL OR "doneAt" > $1) AND ("refusedAt" IS NULL OR "refusedAt" > $1)`;

/** A16.6: cards in our hands (not issued, lost or destroyed) without a locked place, now. */
export const COUNT_UNLOCKED = `SELECT count(*)::int AS n FROM operator_card
  WHERE state IN ('IN_STOCK', 'RETURNED', 'REVOKED') AND ("storagePlace" IS NULL OR NOT "storageLocked")`;

/** A16.2: cards issued to an operator whose period ended before $1 (a date): not collected. */
export const COUNT_NOT_COLLECTED = `SELECT count(*)::int AS n FROM operator_card c
  JOIN card_operator o ON o.id = c."holderId"
  WHERE c.state = 'ISSUED' AND o.until IS NOT NULL AND o.until < $1::date`;

/** Cards by state now, for the reason of an OK finding. */
export const COUNT_BY_STATE = `SELECT state, count(*)::int AS n FROM operator_card GROUP BY state`;
