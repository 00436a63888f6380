// One pagination kit for every list: a generic page type, shared page arguments and ONE keyset
// cursor. Offsets are not offered: they rescan every skipped row (the operation history will hold
// tens of millions) and shift when rows arrive between pages. A keyset cursor names the last row
// seen by its sort key and id, so the next page is one index range scan that neither skips nor
// repeats rows, even when many rows tie on the sort key.
import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { AppError, CommonErrorCode } from './errors.js';
import { isUuid } from './ids.js';

/** Every list is capped (OWASP GraphQL): a page asks for 1–100 items. */
export const MAX_PAGE = 100;

export function assertPageSize(first: number, max = MAX_PAGE): void {
  if (!Number.isInteger(first) || first < 1 || first > max)
    throw new AppError(CommonErrorCode.BAD_USER_INPUT, `first は 1〜${max} です (first must be 1–${max})`);
}

/** What every paged query answers. */
export interface PageResult<T> {
  nodes: T[];
  /** the cursor of the last node; an empty page gives back the cursor it was asked with */
  endCursor: string | null;
  hasNextPage: boolean;
}

/**
 * The GraphQL page of a node type: `@ObjectType() class StaffPage extends Page(Staff) {}`.
 * (type-graphql 2 generic type: the abstract class is never referenced by a resolver, so the schema
 * holds only the named subclasses.)
 */
export function Page<T extends object>(node: ClassType<T>) {
  @ObjectType()
  abstract class PageType implements PageResult<T> {
    @Field(() => [node])
    nodes: T[];

    @Field(() => String, { nullable: true, description: '次のページの after に渡す値 (中身は不定、そのまま渡す)' })
    endCursor: string | null;

    @Field(() => Boolean, { description: '続きがある' })
    hasNextPage: boolean;
  }
  return PageType;
}

/** `first` and `after` of every paged query: `@Args(() => PageArgs) page: PageArgs`. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 50, description: `1ページの件数 (1〜${MAX_PAGE})` })
  first: number;

  @Field(() => String, { nullable: true, description: '前のページの endCursor' })
  after?: string | null;
}

// ---------------------------------------------------------------------------------------------
// The cursor: base64url of the JSON array [list, ...key], each key checked against its kind.

/** How a key value travels in a cursor and is bound in SQL. */
export type KeyKind = 'text' | 'uuid' | 'bigint' | 'timestamp';
export type KeyValue = string | Date;

const MAX_CURSOR_CHARS = 512;
const MAX_TEXT = 200;
const BIGINT_MAX = 9223372036854775807n;
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const SQL_TYPE: Record<KeyKind, string> = { text: 'text', uuid: 'uuid', bigint: 'bigint', timestamp: 'timestamptz' };

export const BAD_CURSOR_MESSAGE =
  'after が正しくありません。前のページの endCursor をそのまま渡してください (bad cursor: pass the previous page’s endCursor unchanged)';

function badCursor(): never {
  throw new AppError(CommonErrorCode.BAD_USER_INPUT, BAD_CURSOR_MESSAGE);
}

/** A key value as it travels in JSON (a Date as ISO with milliseconds, a bigint as decimal text). */
function wire(kind: KeyKind, v: KeyValue): string {
  if (kind === 'timestamp') {
    if (!(v instanceof Date) || Number.isNaN(v.getTime())) throw new Error('keyset: timestamp key is not a Date');
    return v.toISOString();
  }
  if (typeof v !== 'string') throw new Error(`keyset: ${kind} key is not a string`);
  return v;
}

/** A key value from a cursor, or undefined when it is not a value of its kind (refused before SQL). */
function unwire(kind: KeyKind, v: unknown): KeyValue | undefined {
  if (typeof v !== 'string') return undefined;
  switch (kind) {
    case 'text':
      // PostgreSQL refuses NUL in text: it must not reach the database as a 500
      return v.length <= MAX_TEXT && !v.includes('\u0000') ? v : undefined;
    case 'uuid':
      return isUuid(v) ? v.toLowerCase() : undefined;
    case 'bigint':
      return /^(0|[1-9]\d{0,18})$/.test(v) && BigInt(v) <= BIGINT_MAX ? v : undefined;
    case 'timestamp': {
      if (!ISO_MS.test(v)) return undefined;
      const d = new Date(v);
      // a round trip refuses dates that do not exist (2026-02-30) instead of rolling them over
      return !Number.isNaN(d.getTime()) && d.toISOString() === v ? d : undefined;
    }
  }
}

export function encodeCursor(list: string, kinds: readonly KeyKind[], key: readonly KeyValue[]): string {
  if (key.length !== kinds.length) throw new Error('keyset: key and kinds differ in length');
  return Buffer.from(JSON.stringify([list, ...key.map((v, i) => wire(kinds[i], v))])).toString('base64url');
}

/** The key a cursor of `list` carries; anything else (garbage, tampering, another list's cursor) is BAD_USER_INPUT. */
export function decodeCursor(list: string, kinds: readonly KeyKind[], cursor: unknown): KeyValue[] {
  if (typeof cursor !== 'string' || cursor.length > MAX_CURSOR_CHARS || !/^[A-Za-z0-9_-]+$/.test(cursor)) badCursor();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    badCursor();
  }
  if (!Array.isArray(parsed) || parsed.length !== kinds.length + 1 || parsed[0] !== list) badCursor();
  const key = kinds.map((kind, i) => unwire(kind, parsed[i + 1]));
  if (key.some((v) => v === undefined)) badCursor();
  return key as KeyValue[];
}

// ---------------------------------------------------------------------------------------------
// The keyset: which columns order a list, and the SQL that pages it.

export interface KeyColumn<Row> {
  /** the SQL expression (TypeORM property path such as `e.occurredAt` in a query builder) */
  sql: string;
  kind: KeyKind;
  /** the value of this key in a fetched row */
  of(row: Row): KeyValue;
}

export interface KeysetOptions<Row> {
  /** names the list inside its cursors, so one list's cursor is refused by another */
  list: string;
  /** sort keys, the last one unique (the id), so the order is total and ties cannot skip rows */
  columns: readonly KeyColumn<Row>[];
  /** one direction for every key: a row comparison `(a, b) > (…)` can then use one index */
  direction: 'ASC' | 'DESC';
  /** a cursor in an older format still held by API clients, read as the key it means */
  legacy?(cursor: string): readonly unknown[] | null;
}

/** Where a raw-SQL query continues: `${sql} ${where ? 'WHERE ' + where : ''} ORDER BY ${orderBy} LIMIT ${limit}`. */
export interface KeysetSql {
  where: string | null;
  orderBy: string;
  limit: string;
  params: unknown[];
}

export class Keyset<Row> {
  private readonly kinds: KeyKind[];

  constructor(readonly options: KeysetOptions<Row>) {
    this.kinds = options.columns.map((c) => c.kind);
  }

  cursorOf(row: Row): string {
    return encodeCursor(
      this.options.list,
      this.kinds,
      this.options.columns.map((c) => c.of(row)),
    );
  }

  /** The key after which the page starts, or null for the first page. */
  decode(after: string | null | undefined): KeyValue[] | null {
    if (after == null) return null;
    const legacy = this.options.legacy?.(after);
    if (legacy) {
      const key = this.kinds.map((kind, i) => unwire(kind, legacy[i]));
      if (legacy.length !== this.kinds.length || key.some((v) => v === undefined)) badCursor();
      return key as KeyValue[];
    }
    return decodeCursor(this.options.list, this.kinds, after);
  }

  /** Checks `first` (1–max) and `after` before any SQL runs. */
  window(args: PageArgs, max = MAX_PAGE): { first: number; key: KeyValue[] | null } {
    assertPageSize(args.first, max);
    return { first: args.first, key: this.decode(args.after) };
  }

  private get op(): string {
    return this.options.direction === 'ASC' ? '>' : '<';
  }

  /** `WHERE (a, b) > (…) ORDER BY a, b LIMIT first + 1` on a query builder (its own ORDER BY is replaced). */
  apply<E extends ObjectLiteral>(qb: SelectQueryBuilder<E>, args: PageArgs, max = MAX_PAGE): SelectQueryBuilder<E> {
    const { first, key } = this.window(args, max);
    const { columns, direction } = this.options;
    if (key) {
      const names = columns.map((_, i) => `keyset_${i}`);
      qb.andWhere(
        `(${columns.map((c) => c.sql).join(', ')}) ${this.op} (${names
          .map((n, i) => `CAST(:${n} AS ${SQL_TYPE[columns[i].kind]})`)
          .join(', ')})`,
        Object.fromEntries(names.map((n, i) => [n, key[i]])),
      );
    }
    columns.forEach((c, i) => (i === 0 ? qb.orderBy(c.sql, direction) : qb.addOrderBy(c.sql, direction)));
    return qb.limit(first + 1);
  }

  /** The same for raw SQL; placeholders are numbered from `$<nextParam>`. */
  sql(args: PageArgs, nextParam: number, max = MAX_PAGE): KeysetSql {
    const { first, key } = this.window(args, max);
    const { columns, direction } = this.options;
    const params: unknown[] = [];
    const bind = (v: unknown) => `$${nextParam + params.push(v) - 1}`;
    const where = key
      ? `(${columns.map((c) => c.sql).join(', ')}) ${this.op} (${columns
          .map((c, i) => `${bind(key[i])}::${SQL_TYPE[c.kind]}`)
          .join(', ')})`
      : null;
    const limit = bind(first + 1);
    return { where, orderBy: columns.map((c) => `${c.sql} ${direction}`).join(', '), limit, params };
  }

  /** Rows fetched with LIMIT first + 1 → the page. */
  page<T extends Row>(rows: T[], args: PageArgs): PageResult<T> {
    const nodes = rows.slice(0, args.first);
    const last = nodes.at(-1);
    return {
      nodes,
      hasNextPage: rows.length > args.first,
      endCursor: last ? this.cursorOf(last) : (args.after ?? null),
    };
  }
}

/**
 * The most common order: an instant (milliseconds, as written from a JS Date), then the row's
 * uuid to break ties. `sql` is the instant's column; the id is `<same alias>.id`.
 */
export function instantThenId<Row extends { id: string }>(
  list: string,
  direction: 'ASC' | 'DESC',
  sql: string,
  at: (row: Row) => Date,
): Keyset<Row> {
  const id = `${sql.slice(0, sql.lastIndexOf('.'))}.id`;
  return new Keyset<Row>({
    list,
    columns: [
      { sql, kind: 'timestamp', of: at },
      { sql: id, kind: 'uuid', of: (row) => row.id },
    ],
    direction,
  });
}
