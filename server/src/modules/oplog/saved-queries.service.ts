// A20.1: the saved queries that surface what needs a look in a period of the operation history,
// each a keyset-paged read (GraphQL) and a CSV export (saved-queries-export.ts). The statements
// are in saved-queries.sql.ts; what each flags is documented there and in docs/oplog.md.
import type { DataSource, EntityManager } from 'typeorm';
import { Keyset, MAX_PAGE, type PageResult } from '../../shared/paging.js';
import { isWorkingDay } from '../../shared/working-days.js';
import type { OplogSettings } from '../../config.js';
import { OplogReviewError, OplogReviewErrorCode } from './review.errors.js';
import {
  ALL_DAY,
  BEYOND_ROLE,
  EMPTY_SERVER_ROOM,
  NO_VALID_CARD,
  OUTSIDE_HOURS,
  UNUSUAL_VOLUME,
} from './saved-queries.sql.js';
import {
  OplogOperatorDayQuery,
  OplogRecordQuery,
  type OplogFlaggedRecord,
  type OplogOperatorDay,
  type OplogSavedQueryArgs,
} from './saved-queries.types.js';

/** A period of a saved query at most, in days (a month and the next, as a review reads). */
export const MAX_DAYS = 62;
/** Unusual volume: the operator's active days in the 30 days before, at least. */
export const MIN_BASELINE_DAYS = 5;
/** All day: first and last record this many hours apart, at least … */
export const ALL_DAY_SPAN_HOURS = 12;
/** … and records in this many distinct clock hours. */
export const ALL_DAY_MIN_HOURS = 10;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const shift = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const startOf = (day: string) => new Date(`${day}T00:00:00+09:00`);

/** exported for the committed EXPLAIN plans (oplog-plans.ts), like DAY_KEYSET */
export const RECORD_KEYSET = new Keyset<OplogFlaggedRecord>({
  list: 'oplogFlaggedRecords',
  columns: [
    { sql: 'r."at"', kind: 'timestamp', of: (r) => r.at },
    { sql: 'r."sourceId"', kind: 'text', of: (r) => r.sourceId },
    { sql: 'r."line"', kind: 'bigint', of: (r) => String(r.line) },
  ],
  direction: 'ASC',
});

export const DAY_KEYSET = new Keyset<OplogOperatorDay>({
  list: 'oplogOperatorDays',
  columns: [
    { sql: 'q.day', kind: 'text', of: (r) => r.day },
    { sql: 'q."operatorId"', kind: 'text', of: (r) => r.operatorId },
  ],
  direction: 'ASC',
});

/** An export reads in one snapshot (em) and in larger pages than GraphQL's 100. */
export interface ReadOptions {
  em?: EntityManager;
  max?: number;
}

export interface Period {
  from: Date;
  to: Date;
  days: string[];
}

/** The days from–until (inclusive, Tokyo) as instants [from, to); refused when reversed or too long. */
export function periodOf(from: string, until: string): Period {
  if (!DAY.test(from) || !DAY.test(until) || until < from)
    throw new OplogReviewError(
      OplogReviewErrorCode.OPLOG_QUERY_BAD_PERIOD,
      '期間の開始日は終了日以前です (from must not be after until)',
    );
  const days: string[] = [];
  for (let d = from; d <= until; d = shift(d, 1)) {
    days.push(d);
    if (days.length > MAX_DAYS)
      throw new OplogReviewError(
        OplogReviewErrorCode.OPLOG_QUERY_BAD_PERIOD,
        `期間は${MAX_DAYS}日までです (at most ${MAX_DAYS} days)`,
      );
  }
  return { from: startOf(from), to: startOf(shift(until, 1)), days };
}

export class OplogSavedQueryService {
  constructor(
    private readonly ds: DataSource,
    private readonly settings: Pick<OplogSettings, 'officeHours'>,
  ) {}

  async records(
    query: OplogRecordQuery,
    args: OplogSavedQueryArgs,
    opts: ReadOptions = {},
  ): Promise<PageResult<OplogFlaggedRecord>> {
    const { em = this.ds.manager, max = MAX_PAGE } = opts;
    const p = periodOf(args.from, args.until);
    const own: unknown[] =
      query === OplogRecordQuery.OUTSIDE_HOURS
        ? [p.days.filter((d) => !isWorkingDay(d)), this.settings.officeHours.opens, this.settings.officeHours.closes]
        : [];
    const sql = {
      [OplogRecordQuery.OUTSIDE_HOURS]: OUTSIDE_HOURS,
      [OplogRecordQuery.NO_VALID_CARD]: NO_VALID_CARD,
      [OplogRecordQuery.BEYOND_ROLE]: BEYOND_ROLE,
      [OplogRecordQuery.EMPTY_SERVER_ROOM]: EMPTY_SERVER_ROOM,
    }[query];
    const k = RECORD_KEYSET.sql(args, 3 + own.length, max);
    const rows = (await em.query(sql(k.where, k.orderBy, k.limit), [
      p.from,
      p.to,
      ...own,
      ...k.params,
    ])) as OplogFlaggedRecord[];
    return RECORD_KEYSET.page(rows, args);
  }

  async operatorDays(
    query: OplogOperatorDayQuery,
    args: OplogSavedQueryArgs,
    opts: ReadOptions = {},
  ): Promise<PageResult<OplogOperatorDay>> {
    const { em = this.ds.manager, max = MAX_PAGE } = opts;
    const p = periodOf(args.from, args.until);
    const [sql, own] =
      query === OplogOperatorDayQuery.UNUSUAL_VOLUME
        ? [UNUSUAL_VOLUME, [MIN_BASELINE_DAYS]]
        : [ALL_DAY, [ALL_DAY_SPAN_HOURS, ALL_DAY_MIN_HOURS]];
    const k = DAY_KEYSET.sql(args, 3 + own.length, max);
    const rows = (await em.query(sql(k.where, k.orderBy, k.limit), [
      p.from,
      p.to,
      ...own,
      ...k.params,
    ])) as OplogOperatorDay[];
    return DAY_KEYSET.page(rows, args);
  }
}
