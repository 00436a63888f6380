import { createSecretKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, entryHash, GENESIS_HASH, type HashedFields } from './audit-hash.js';

const KEY = Buffer.alloc(32, 1);
const ENTRY: HashedFields = {
  stream: 'main',
  seq: 7,
  occurredAt: new Date('2026-11-26T01:00:00.000Z'),
  actorType: 'STAFF',
  actorId: '3f1c0e2a-0000-4000-8000-000000000001',
  action: 'Mutation.approveRoomAuthorisation',
  targetType: 'RoomAuthorisation',
  targetId: '3f1c0e2a-0000-4000-8000-000000000002',
  outcome: 'OK',
  reason: null,
  changes: { status: ['REQUESTED', 'APPROVED'] },
  requestId: 'req-1',
  clientAddress: '127.0.0.1',
  hashVersion: 2,
  txid: '1234',
  clientRequestId: 'client-1',
};
/** a value of the same type as the field's, but different */
const OTHER: { [K in keyof HashedFields]: HashedFields[K] } = {
  stream: 'other',
  seq: 8,
  occurredAt: new Date('2026-11-26T01:00:00.001Z'),
  actorType: 'DEVICE',
  actorId: null,
  action: 'Mutation.refuseRoomAuthorisation',
  targetType: null,
  targetId: null,
  outcome: 'REFUSED',
  reason: 'FORBIDDEN',
  changes: { status: ['REQUESTED', 'REFUSED'] },
  requestId: null,
  clientAddress: '127.0.0.2',
  hashVersion: 1,
  txid: '1235',
  clientRequestId: null,
};

describe('canonicalJson', () => {
  it('sorts object keys at every level, so key order never changes the text', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ y: 1, x: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[{"x":2,"y":1}]},"b":1}',
    );
    expect(canonicalJson({ a: 1, b: { c: 2, d: 3 } })).toBe(canonicalJson({ b: { d: 3, c: 2 }, a: 1 }));
  });

  it('keeps array order, drops undefined properties and writes a missing value as null', () => {
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson('名前 "x"')).toBe(JSON.stringify('名前 "x"'));
  });
});

/** canonicalJson's definition, string by string (what entries were hashed with before it was made faster) */
function builtCanonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  const toJSON = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof toJSON === 'function') return builtCanonical(toJSON.call(value));
  if (Array.isArray(value)) return `[${value.map((v) => builtCanonical(v)).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .sort()
    .filter((k) => obj[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${builtCanonical(obj[k])}`)
    .join(',')}}`;
}

describe('canonicalJson is the same bytes as its definition', () => {
  it('Hardening §3 writes every kind of value as built key by key, so written entries keep verifying', () => {
    const values: unknown[] = [
      null,
      undefined,
      0,
      -0,
      1.5e300,
      Number.NaN,
      true,
      '名前 "引用" \\ \n\t\u0001 \u2028 😀',
      [],
      {},
      [undefined, null, [1, [2, { b: 1, a: 2 }]]],
      { b: 1, a: { d: [{ y: 1, x: 2 }], c: null }, u: undefined },
      { Z: 1, a: 2, _: 3, ä: 4, A: 5, '': 6, ' ': 7 },
      // array-index keys: JSON.stringify would write them first, canonicalJson sorts them as text
      { '10': 'x', '2': 'y', a: 'z', '01': 'w', '-1': 'v' },
      { nested: { '1': [{ '0': true }] } },
      { at: new Date('2026-12-01T00:30:00.000Z'), bytes: Buffer.from('ab'), toJSON: 'a string, not a method' },
      { status: ['REQUESTED', 'APPROVED'], sectionId: [null, '3f1c0e2a-0000-4000-8000-000000000001'] },
    ];
    for (const v of values) expect([v, canonicalJson(v)]).toEqual([v, builtCanonical(v)]);
  });
});

describe('canonicalJson of dates', () => {
  it('writes a Date in changes as jsonb stores it (ISO text), so the hash of the stored entry matches', () => {
    const at = new Date('2026-12-01T09:30:00.000Z');
    expect(canonicalJson({ lastDay: at })).toBe('{"lastDay":"2026-12-01T09:30:00.000Z"}');
    expect(canonicalJson({ lastDay: at })).toBe(canonicalJson(JSON.parse(JSON.stringify({ lastDay: at }))));
  });
});

describe('entryHash (the audit chain)', () => {
  it('Hardening §3 keeps entries of hash version 1 (before txid was hashed) verifying as they were written', () => {
    const v1: HashedFields = { ...ENTRY, hashVersion: undefined, txid: undefined, clientRequestId: undefined };
    // the hash this entry had before versions existed: old trails must keep verifying
    const before = '47fca5b7fe1aa0c8fc43b2d8b85a6013a31e471c93a6ac499263ec3bc631735d';
    expect(entryHash(KEY, GENESIS_HASH, v1)).toBe(before);
    expect(entryHash(KEY, GENESIS_HASH, { ...v1, hashVersion: 1, txid: '99' })).toBe(before);
  });

  it('Hardening §3 keeps entries of hash version 2 verifying as they were written', () => {
    // the hash this entry had when version 2 was introduced: written entries must keep verifying
    expect(entryHash(KEY, GENESIS_HASH, ENTRY)).toBe(
      '9cd15e5b978475b4a190c8329b08f9fb9daf27df3b7ffb2d346648136abf41e2',
    );
    expect(entryHash(createSecretKey(KEY), GENESIS_HASH, ENTRY)).toBe(entryHash(KEY, GENESIS_HASH, ENTRY));
  });

  it('Hardening §3 hashes the writing transaction (txid) and the client request id from version 2', () => {
    const h = entryHash(KEY, GENESIS_HASH, ENTRY);
    expect(entryHash(KEY, GENESIS_HASH, { ...ENTRY, txid: '1235' })).not.toBe(h);
    expect(entryHash(KEY, GENESIS_HASH, { ...ENTRY, clientRequestId: null })).not.toBe(h);
  });

  it('is deterministic: 64 hex digits, the same for the same key, previous hash and entry', () => {
    const h = entryHash(KEY, GENESIS_HASH, ENTRY);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(entryHash(Buffer.from(KEY), GENESIS_HASH, { ...ENTRY, occurredAt: new Date(ENTRY.occurredAt) })).toBe(h);
  });

  it('changes when any hashed field changes', () => {
    const h = entryHash(KEY, GENESIS_HASH, ENTRY);
    for (const field of Object.keys(ENTRY) as (keyof HashedFields)[]) {
      const changed = entryHash(KEY, GENESIS_HASH, { ...ENTRY, [field]: OTHER[field] });
      expect([field, changed]).not.toEqual([field, h]);
    }
    // deep inside the changes, too
    expect(entryHash(KEY, GENESIS_HASH, { ...ENTRY, changes: { status: ['REQUESTED', 'REVOKED'] } })).not.toBe(h);
  });

  it('chains: the previous hash is part of it', () => {
    expect(entryHash(KEY, 'f'.repeat(64), ENTRY)).not.toBe(entryHash(KEY, GENESIS_HASH, ENTRY));
  });

  it('depends on the key: without the chain key nobody makes an entry that verifies', () => {
    expect(entryHash(Buffer.alloc(32, 2), GENESIS_HASH, ENTRY)).not.toBe(entryHash(KEY, GENESIS_HASH, ENTRY));
  });

  it('ignores the key order of the changes (they come back from jsonb in another order)', () => {
    const a = entryHash(KEY, GENESIS_HASH, { ...ENTRY, changes: { name: ['a', 'b'], sectionId: [null, 'x'] } });
    const b = entryHash(KEY, GENESIS_HASH, { ...ENTRY, changes: { sectionId: [null, 'x'], name: ['a', 'b'] } });
    expect(a).toBe(b);
  });

  it('hashes absent changes as null', () => {
    expect(entryHash(KEY, GENESIS_HASH, { ...ENTRY, changes: undefined })).toBe(
      entryHash(KEY, GENESIS_HASH, { ...ENTRY, changes: null }),
    );
  });
});
