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

/** The hashed body's keys in canonicalJson's order (sorted), by hash version. */
const V1_KEYS = [
  'stream',
  'seq',
  'occurredAt',
  'actorType',
  'actorId',
  'action',
  'targetType',
  'targetId',
  'outcome',
  'reason',
  'changes',
  'requestId',
  'clientAddress',
] as const;
const V2_KEYS = [...V1_KEYS, 'hashVersion', 'txid', 'clientRequestId'] as const;
type BodyKey = (typeof V2_KEYS)[number];
const SORTED_V1: readonly BodyKey[] = [...V1_KEYS].sort();
const SORTED_V2: readonly BodyKey[] = [...V2_KEYS].sort();
const QUOTED = new Map<BodyKey, string>(V2_KEYS.map((k) => [k, JSON.stringify(k)]));

/**
 * The hashed body: canonicalJson of the entry's fields (the object below), written directly in
 * its keys' sorted order rather than by building the object and sorting its keys for every entry.
 * The bytes are the same (audit-hash.spec.ts checks it against canonicalJson of the object), so
 * entries written before keep verifying.
 */
function hashedBody(e: HashedFields): string {
  const version = e.hashVersion ?? 1;
  const value = (k: BodyKey): unknown => {
    switch (k) {
      case 'occurredAt':
        return e.occurredAt.toISOString();
      case 'changes':
        return e.changes ?? null;
      case 'txid':
        return e.txid ?? null;
      case 'clientRequestId':
        return e.clientRequestId ?? null;
      default:
        return e[k];
    }
  };
  let body = '{';
  for (const k of version >= 2 ? SORTED_V2 : SORTED_V1) {
    const v = value(k);
    if (v === undefined) continue;
    body += `${body.length > 1 ? ',' : ''}${QUOTED.get(k)}:${canonicalJson(v)}`;
  }
  return `${body}}`;
}

/**
 * HMAC-SHA-256 keyed by the audit chain key (SECRETS_DIR, outside the database): whoever can write
 * to the database but does not hold the key cannot make a forged entry that verifies. The key may
 * be a KeyObject made once (createSecretKey), which saves making one per entry.
 */
export function entryHash(key: Buffer | KeyObject, prevHash: string, e: HashedFields): string {
  return createHmac('sha256', key).update(prevHash).update('\n').update(hashedBody(e)).digest('hex');
}
