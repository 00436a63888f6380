import { createHmac } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/**
 * The hash version new entries are written with. 1: the fields below but txid and
 * clientRequestId (entries written before hardening §3). 2: also txid, clientRequestId and the
 * version itself. An entry keeps verifying under the version it was written with.
 */
export const HASH_VERSION = 2;

export interface HashedFields {
  stream: string;
  seq: number;
  occurredAt: Date;
  actorType: string;
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  outcome: string;
  reason: string | null;
  changes: unknown;
  requestId: string | null;
  clientAddress: string | null;
  /** 1 when absent (entries written before versions existed) */
  hashVersion?: number;
  /** the writing transaction (bigint as text): hashed from version 2 */
  txid?: string | null;
  /** the client's X-Request-Id: hashed from version 2 */
  clientRequestId?: string | null;
}

/** JSON with object keys sorted at every level, so the same entry always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  // a Date (or anything with toJSON) as jsonb stores it, so the hash recomputed from the stored entry matches
  const toJSON = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof toJSON === 'function') return canonicalJson(toJSON.call(value));
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .sort()
    .filter((k) => obj[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`)
    .join(',')}}`;
}

/**
 * HMAC-SHA-256 keyed by the audit chain key (SECRETS_DIR, outside the database): whoever can write
 * to the database but does not hold the key cannot make a forged entry that verifies.
 */
export function entryHash(key: Buffer, prevHash: string, e: HashedFields): string {
  const body = canonicalJson({
    stream: e.stream,
    seq: e.seq,
    occurredAt: e.occurredAt.toISOString(),
    actorType: e.actorType,
    actorId: e.actorId,
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId,
    outcome: e.outcome,
    reason: e.reason,
    changes: e.changes ?? null,
    requestId: e.requestId,
    clientAddress: e.clientAddress,
    ...((e.hashVersion ?? 1) >= 2
      ? { hashVersion: e.hashVersion, txid: e.txid ?? null, clientRequestId: e.clientRequestId ?? null }
      : {}),
  });
  return createHmac('sha256', key).update(prevHash).update('\n').update(body).digest('hex');
}
