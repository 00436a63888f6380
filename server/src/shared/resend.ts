// A form sent again after its answer was lost (a phone that dropped off the network, an outbox retry)
// carries the same clientId: it must get the row stored the first time, never a second one, and the
// same id with other content is refused, never merged. Every write that takes a clientId does it here.
import { createHash } from 'node:crypto';
import type { EntityManager, EntityTarget, FindOptionsWhere, ObjectLiteral } from 'typeorm';

/** SHA-256 of what was asked, in a fixed order: a resend repeats it exactly. */
export const fingerprintOf = (parts: unknown[]): string =>
  createHash('sha256').update(JSON.stringify(parts)).digest('hex');

/** A row stored under a clientId, with the fingerprint of what was asked. */
export interface Resendable extends ObjectLiteral {
  clientId: string | null;
  fingerprint: string | null;
}

/**
 * The stored row when `fingerprint` matches it; `reused()` thrown when the id was used for other content.
 * For writes whose insert already takes the id once (ON CONFLICT DO NOTHING) and looks the row up after.
 */
export function sameRequest<T extends Resendable>(stored: T, fingerprint: string, reused: () => Error): T {
  if (stored.fingerprint !== fingerprint) throw reused();
  return stored;
}

/**
 * Before a write under `clientId`: waits for any other transaction writing under the same id (a
 * transaction-scoped advisory lock on the table and the id), then answers the row stored the first time,
 * or null when the id is new and the caller stores its row in this transaction. Without a clientId there is
 * nothing to look for. The same id with another fingerprint is refused with `reused()`.
 */
export async function storedUnderClientId<T extends Resendable>(
  em: EntityManager,
  entity: EntityTarget<T>,
  clientId: string | null,
  fingerprint: string | null,
  reused: () => Error,
): Promise<T | null> {
  if (!clientId || !fingerprint) return null;
  const table = em.getRepository(entity).metadata.tableName;
  await em.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`${table}:${clientId}`]);
  const stored = await em.getRepository(entity).findOneBy({ clientId } as FindOptionsWhere<T>);
  return stored && sameRequest(stored, fingerprint, reused);
}
