import { createHmac, type KeyObject } from 'node:crypto';

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

/** An object key JSON.stringify writes before the others, whatever the insertion order (an array index). */
const INDEX_KEY = /^(?:0|[1-9]\d*)$/;
class IndexKey extends Error {}

/** The value with every object's keys inserted in sorted order (toJSON applied first, as canonicalJson does). */
function sortedCopy(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const toJSON = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof toJSON === 'function') return sortedCopy(toJSON.call(value));
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = sortedCopy(value[i]);
    return out;
  }
  const obj = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(obj).sort()) {
    // JSON.stringify would write it first, out of the sorted order
    if (INDEX_KEY.test(k)) throw new IndexKey();
    out[k] = sortedCopy(obj[k]);
  }
  return out;
}

/** canonicalJson's definition, built string by string: for objects with array-index keys. */
function canonicalJsonBuilt(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  const toJSON = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof toJSON === 'function') return canonicalJsonBuilt(toJSON.call(value));
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJsonBuilt(v)).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .sort()
    .filter((k) => obj[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${canonicalJsonBuilt(obj[k])}`)
    .join(',')}}`;
}

/**
 * JSON with object keys sorted at every level, so the same entry always hashes the same. Made as a
 * copy with its keys inserted in sorted order, written by one JSON.stringify: a few times faster
 * than building the string piece by piece (hashing a transfer round's 3,000 audit entries, code
 * that has not been optimised yet), with the same bytes (audit-hash.spec.ts compares the two).
 * JSON.stringify writes array-index keys ("0", "12") first: an object with such keys is built.
 */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  try {
    return JSON.stringify(sortedCopy(value)) ?? 'null';
  } catch (e) {
    if (e instanceof IndexKey) return canonicalJsonBuilt(value);
    throw e;
  }
}

/**
 * HMAC-SHA-256 keyed by the audit chain key (SECRETS_DIR, outside the database): whoever can write
 * to the database but does not hold the key cannot make a forged entry that verifies. The key may
 * be a KeyObject made once (createSecretKey), which saves making one per entry.
 */
export function entryHash(key: Buffer | KeyObject, prevHash: string, e: HashedFields): string {
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
