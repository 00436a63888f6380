// What a failed send does to an outbox item, apart from IndexedDB and the network so that it is
// specified on its own (outbox-core.spec.ts).
import type { OutboxItem } from './outbox-types.js';

/**
 * - offline: the server was not reached (or its answer was lost): keep it, try when it is back;
 * - signedOut: the session ended: keep it, send after its owner signs in again;
 * - later: the server or this app cannot take it now (a server fault, too many requests, a query an
 *   older or newer release does not know): keep it, try again after a pause;
 * - refused: the server answered that it will not store it (bad input, not allowed, the step was
 *   waived …): the same answer would come every time, so it stops, shown to the person.
 */
export type Verdict = 'offline' | 'signedOut' | 'later' | 'refused';

const OFFLINE = new Set(['NETWORK_ERROR']);
const SIGNED_OUT = new Set(['UNAUTHENTICATED']);
const LATER = new Set([
  'INTERNAL_SERVER_ERROR',
  'TOO_MANY_REQUESTS',
  'TRY_AGAIN',
  'BAD_RESPONSE',
  'UNKNOWN',
  // the query, not the payload: an update of the app (or the server) sends the same payload again
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/** The code of a failure: the GraphQLRequestError's, else UNKNOWN (a fault of this app: try later). */
export const codeOf = (e: unknown): string =>
  typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string'
    ? (e as { code: string }).code
    : 'UNKNOWN';

export function verdictOf(code: string): Verdict {
  if (OFFLINE.has(code)) return 'offline';
  if (SIGNED_OUT.has(code)) return 'signedOut';
  if (LATER.has(code)) return 'later';
  return 'refused';
}

/** The item after a failed attempt: one more attempt, and either still waiting or refused for good. */
export function afterFailure(item: OutboxItem, code: string, message: string, at: string): OutboxItem {
  const tried = { ...item, attempts: item.attempts + 1, lastAttemptAt: at };
  return verdictOf(code) === 'refused'
    ? { ...tried, lastError: code, refused: { code, message, at } }
    : { ...tried, lastError: code };
}

/** Whether this item goes under the session of `staffId` (an item of unknown owner goes with anyone's). */
export const sendableBy = (item: OutboxItem, staffId: string): boolean =>
  !item.refused && (!item.owner || item.owner.staffId === staffId);
