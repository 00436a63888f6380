import 'reflect-metadata';
import type { SelectQueryBuilder } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { AppError } from './errors.js';
import { assertPageSize, decodeCursor, encodeCursor, instantThenId, Keyset, type KeyKind } from './paging.js';

const ID = '0b3c5a8e-1f2d-4c6b-9a7e-5d4c3b2a1f00';
const KINDS: KeyKind[] = ['timestamp', 'uuid'];
const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

function refused(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).message).toMatch(/after が正しくありません.*bad cursor/);
    return (e as AppError).code;
  }
  throw new Error('not refused');
}

interface Row {
  at: Date;
  id: string;
}
const keyset = new Keyset<Row>({
  list: 'things',
  columns: [
    { sql: 't.at', kind: 'timestamp', of: (r) => r.at },
    { sql: 't.id', kind: 'uuid', of: (r) => r.id },
  ],
  direction: 'ASC',
});

describe('the cursor codec', () => {
  it('round-trips every kind, keeping milliseconds and the full bigint range', () => {
    const at = new Date('2026-10-31T23:59:59.999Z');
    const kinds: KeyKind[] = ['timestamp', 'uuid', 'bigint', 'text'];
    const key = [at, ID, '9223372036854775807', '200301 ふりがな'];
    const cursor = encodeCursor('things', kinds, key);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor('things', kinds, cursor)).toEqual(key);
    expect(decodeCursor('things', ['bigint'], encodeCursor('things', ['bigint'], ['0']))).toEqual(['0']);
  });

  it('refuses garbage, tampering and another list’s cursor as BAD_USER_INPUT, before any SQL', () => {
    const good = encodeCursor('things', KINDS, [new Date('2026-01-01T00:00:00.000Z'), ID]);
    for (const bad of [
      '',
      'garbage!',
      'x'.repeat(600),
      good.slice(0, -3),
      b64('not json'),
      b64({ list: 'things' }),
      b64(['things', '2026-01-01T00:00:00.000Z']), // too short
      b64(['things', '2026-01-01T00:00:00.000Z', ID, 'extra']),
      b64(['other', '2026-01-01T00:00:00.000Z', ID]), // another list's cursor
      b64(['things', 1767225600000, ID]), // wrong type: a number for a timestamp
      b64(['things', '2026-02-30T00:00:00.000Z', ID]), // a date that does not exist
      b64(['things', '2026-01-01', ID]),
      b64(['things', '2026-01-01T00:00:00.000Z', 'not-a-uuid']),
      b64(['things', '2026-01-01T00:00:00.000Z', null]),
      b64(['things', { $gt: '' }, ID]),
    ]) {
      expect(
        refused(() => decodeCursor('things', KINDS, bad)),
        bad,
      ).toBe('BAD_USER_INPUT');
    }
    expect(refused(() => decodeCursor('things', KINDS, 42))).toBe('BAD_USER_INPUT');
  });

  it('refuses bigints beyond PostgreSQL’s range, numbers and text PostgreSQL would reject', () => {
    const big = (v: unknown) => b64(['n', v]);
    expect(decodeCursor('n', ['bigint'], big('9223372036854775807'))).toEqual(['9223372036854775807']);
    for (const v of ['9223372036854775808', '99999999999999999999', '-1', '01', '1e3', ' 1', 1, 1e308]) {
      expect(refused(() => decodeCursor('n', ['bigint'], big(v)))).toBe('BAD_USER_INPUT');
    }
    expect(refused(() => decodeCursor('n', ['text'], big('a\u0000b')))).toBe('BAD_USER_INPUT');
    expect(refused(() => decodeCursor('n', ['text'], big('x'.repeat(201))))).toBe('BAD_USER_INPUT');
  });

  it('checks first: 1–100, or the limit a caller sets', () => {
    expect(() => assertPageSize(1)).not.toThrow();
    expect(() => assertPageSize(100)).not.toThrow();
    for (const n of [0, -1, 101, 1.5, Number.NaN]) expect(() => assertPageSize(n)).toThrow(/first/);
    expect(() => assertPageSize(1000, 1000)).not.toThrow();
  });
});

describe('the keyset helper', () => {
  const rows = (n: number): Row[] =>
    Array.from({ length: n }, (_, i) => ({
      at: new Date('2026-10-01T00:00:00.000Z'), // every row ties on the sort key
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    }));

  it('turns first + 1 rows into a page whose cursor names the last node', () => {
    const page = keyset.page(rows(3), { first: 2 });
    expect(page.nodes).toHaveLength(2);
    expect(page.hasNextPage).toBe(true);
    expect(keyset.decode(page.endCursor)).toEqual([rows(3)[1].at, rows(3)[1].id]);
    const last = keyset.page(rows(2), { first: 2, after: page.endCursor });
    expect(last.hasNextPage).toBe(false);
  });

  it('gives back the cursor it was asked with when the page is empty (so a pull can poll again)', () => {
    expect(keyset.page([], { first: 5 })).toEqual({ nodes: [], hasNextPage: false, endCursor: null });
    const after = keyset.cursorOf(rows(1)[0]);
    expect(keyset.page([], { first: 5, after }).endCursor).toBe(after);
  });

  it('builds the raw SQL: WHERE (a, b) > ($n, $n+1) ORDER BY a, b LIMIT first + 1', () => {
    expect(keyset.sql({ first: 10 }, 4)).toEqual({
      where: null,
      orderBy: 't.at ASC, t.id ASC',
      limit: '$4',
      params: [11],
    });
    const r = rows(1)[0];
    expect(keyset.sql({ first: 10, after: keyset.cursorOf(r) }, 4)).toEqual({
      where: '(t.at, t.id) > ($4::timestamptz, $5::uuid)',
      orderBy: 't.at ASC, t.id ASC',
      limit: '$6',
      params: [r.at, r.id, 11],
    });
    const desc = new Keyset<Row>({ ...keyset.options, direction: 'DESC' });
    expect(desc.sql({ first: 1, after: desc.cursorOf(r) }, 1).where).toBe('(t.at, t.id) < ($1::timestamptz, $2::uuid)');
    expect(() => keyset.sql({ first: 101 }, 1)).toThrow(/first/);
    expect(keyset.sql({ first: 1000 }, 1, 1000).params).toEqual([1001]);
    // the common order, an instant then the id, is the same keyset
    const common = instantThenId<Row>('things', 'ASC', 't.at', (row) => row.at);
    expect(common.sql({ first: 10, after: keyset.cursorOf(r) }, 4)).toEqual(
      keyset.sql({ first: 10, after: keyset.cursorOf(r) }, 4),
    );
  });

  it('applies the same to a query builder, replacing its order', () => {
    const calls: unknown[][] = [];
    const qb = new Proxy({} as SelectQueryBuilder<Row & { [k: string]: unknown }>, {
      get:
        (_, name) =>
        (...args: unknown[]) => (calls.push([name, ...args]), qb),
    });
    const r = rows(1)[0];
    keyset.apply(qb, { first: 20, after: keyset.cursorOf(r) });
    expect(calls).toEqual([
      [
        'andWhere',
        '(t.at, t.id) > (CAST(:keyset_0 AS timestamptz), CAST(:keyset_1 AS uuid))',
        { keyset_0: r.at, keyset_1: r.id },
      ],
      ['orderBy', 't.at', 'ASC'],
      ['addOrderBy', 't.id', 'ASC'],
      ['limit', 21],
    ]);
  });

  it('reads a legacy cursor format when the list declares one, with the same checks', () => {
    const audit = new Keyset<{ txid: string; id: string }>({
      list: 'auditEntries',
      columns: [
        { sql: 'e.txid', kind: 'bigint', of: (e) => e.txid },
        { sql: 'e.id', kind: 'bigint', of: (e) => e.id },
      ],
      direction: 'ASC',
      legacy: (c) => /^(\d+):(\d+)$/.exec(c)?.slice(1) ?? null,
    });
    expect(audit.decode('812:77')).toEqual(['812', '77']);
    expect(refused(() => audit.decode('99999999999999999999:1'))).toBe('BAD_USER_INPUT');
    expect(audit.decode(audit.cursorOf({ txid: '812', id: '77' }))).toEqual(['812', '77']);
  });
});
