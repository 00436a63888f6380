// Separation of duties (Hardening §1): the standard's roles mean nothing if one person holds them
// all, so nobody decides their own case: grants themselves a role, approves their own request or
// unlocks their own PIN or account. Services call this before they change anything.
import { ActorType, type Actor } from './audit.js';
import { AppError, CommonErrorCode } from './errors.js';

/** The staff member behind an actor (a session's staff id), or null for tablets, tokens, the system. */
export const staffIdOfActor = (actor: Actor): string | null => (actor.type === ActorType.STAFF ? actor.id : null);

/** True when the deciding person is one of the people the decision is about (subject, requester, proposer). */
export function isOwnCase(decider: string | null, ...people: (string | null | undefined)[]): boolean {
  return decider !== null && people.some((p) => p === decider);
}

export const ownCase = (message: string) => new AppError(CommonErrorCode.OWN_CASE, message);
