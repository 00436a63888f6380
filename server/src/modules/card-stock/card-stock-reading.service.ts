// Reading the resident-card stock (A18): what is on hand now, and the monthly stock sheet
// (opening, received, issued, destroyed, closing, physical count, difference).
import type { DataSource, EntityManager } from 'typeorm';
import { Between, LessThan } from 'typeorm';
import { MONTH } from '../../shared/ids.js';
import { Keyset, type PageArgs, type PageResult } from '../../shared/paging.js';
import { CardStockError, CardStockErrorCode } from './card-stock.errors.js';
import { StockCount, StockMonthReview, StockMovement } from './card-stock.entity.js';

/** How many of the latest lines and counts the stock's page shows (the month's sheet has them all). */
export const RECENT = 30;

export interface StockSummary {
  onHand: number;
  storagePlaces: string[];
  lastCount: StockCount | null;
  recent: StockMovement[];
  recentCounts: StockCount[];
}

export interface StockSheet {
  month: string;
  opening: number;
  received: number;
  issued: number;
  destroyed: number;
  closing: number;
  /** the month's last physical count */
  lastCount: StockCount | null;
  review: StockMonthReview | null;
  movements: StockMovement[];
  counts: StockCount[];
}

/** The ledger's lines, newest written first: `seq` is unique and only grows (one index range scan per page). */
const NEWEST_LINE = new Keyset<StockMovement>({
  list: 'residentCardMovements',
  direction: 'DESC',
  columns: [{ sql: 'm.seq', kind: 'bigint', of: (m) => m.seq }],
});

const SIGNED = `CASE kind WHEN 'RECEIVED' THEN count ELSE -count END`;

/** The first day of a 'YYYY-MM' month and of the next one. */
export function monthBounds(month: string): [string, string] {
  const [y, m] = month.split('-').map(Number);
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return [`${month}-01`, `${next}-01`];
}

export class CardStockReadService {
  constructor(private readonly ds: DataSource) {}

  async summary(): Promise<StockSummary> {
    const [{ n }] = (await this.ds.query(
      `SELECT coalesce(sum(${SIGNED}), 0)::int AS n FROM resident_card_movement`,
    )) as { n: number }[];
    const places = (await this.ds.query(
      `SELECT DISTINCT "storagePlace" AS p FROM resident_card_movement WHERE kind = 'RECEIVED' ORDER BY 1`,
    )) as { p: string }[];
    const recent = await this.ds.getRepository(StockMovement).find({ order: { seq: 'DESC' }, take: RECENT });
    const recentCounts = await this.ds.getRepository(StockCount).find({ order: { countedAt: 'DESC' }, take: RECENT });
    return {
      onHand: n,
      storagePlaces: places.map((r) => r.p),
      lastCount: recentCounts[0] ?? null,
      recent,
      recentCounts,
    };
  }

  /** Every line of the ledger, newest first, a page at a time (the stock's page shows more on request). */
  async movements(page: PageArgs): Promise<PageResult<StockMovement>> {
    const qb = NEWEST_LINE.apply(this.ds.getRepository(StockMovement).createQueryBuilder('m'), page);
    return NEWEST_LINE.page(await qb.getMany(), page);
  }

  /** The sheet of one month, read in one snapshot when `em` is a repeatable-read transaction. */
  async sheet(month: string, em: EntityManager = this.ds.manager): Promise<StockSheet> {
    if (!MONTH.test(month))
      throw new CardStockError(CardStockErrorCode.INVALID_STOCK_ENTRY, '月は YYYY-MM です (month as YYYY-MM)');
    const [from, to] = monthBounds(month);
    const [{ opening }] = (await em.query(
      `SELECT coalesce(sum(${SIGNED}), 0)::int AS opening FROM resident_card_movement WHERE "on" < $1`,
      [from],
    )) as { opening: number }[];
    const movements = await em.getRepository(StockMovement).find({
      where: { on: Between(from, dayBefore(to)) },
      order: { on: 'ASC', seq: 'ASC' },
    });
    const counts = await em.getRepository(StockCount).find({
      where: { countedOn: Between(from, dayBefore(to)) },
      order: { countedAt: 'ASC' },
    });
    const sum = (kind: string) => movements.filter((m) => m.kind === kind).reduce((s, m) => s + m.count, 0);
    const received = sum('RECEIVED');
    const issued = sum('ISSUED');
    const destroyed = sum('DESTROYED');
    const review = await em.getRepository(StockMonthReview).findOneBy({ month });
    return {
      month,
      opening,
      received,
      issued,
      destroyed,
      closing: opening + received - issued - destroyed,
      lastCount: counts.at(-1) ?? null,
      review,
      movements,
      counts,
    };
  }

  /** Counts with a difference in months the manager has not signed off (by `asOf`). */
  async unreviewedDifferences(asOf: Date): Promise<number> {
    const [{ n }] = (await this.ds.query(
      `SELECT count(*)::int AS n FROM resident_card_count c
        WHERE c.counted <> c.expected AND c."countedAt" <= $1
          AND NOT EXISTS (SELECT 1 FROM resident_card_month_review r
                           WHERE r.month = to_char(c."countedOn", 'YYYY-MM') AND r."reviewedAt" <= $1)`,
      [asOf],
    )) as { n: number }[];
    return n;
  }

  /** Months with a count recorded by `asOf` and no sign-off by then. */
  async monthsToReview(asOf: Date): Promise<number> {
    const [{ n }] = (await this.ds.query(
      `SELECT count(DISTINCT to_char(c."countedOn", 'YYYY-MM'))::int AS n FROM resident_card_count c
        WHERE c."countedAt" <= $1
          AND NOT EXISTS (SELECT 1 FROM resident_card_month_review r
                           WHERE r.month = to_char(c."countedOn", 'YYYY-MM') AND r."reviewedAt" <= $1)`,
      [asOf],
    )) as { n: number }[];
    return n;
  }

  /** Whether the stock held anything (recorded by `asOf`, dated before `before`), and whether a month was counted. */
  async heldBefore(before: string, asOf: Date): Promise<boolean> {
    return this.ds
      .getRepository(StockMovement)
      .exists({ where: { on: LessThan(before), recordedAt: LessThan(new Date(asOf.getTime() + 1)) } });
  }

  async countedIn(month: string, asOf: Date): Promise<boolean> {
    const [from, to] = monthBounds(month);
    return this.ds.getRepository(StockCount).exists({
      where: { countedOn: Between(from, dayBefore(to)), countedAt: LessThan(new Date(asOf.getTime() + 1)) },
    });
  }
}

function dayBefore(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** 'YYYY-MM' of the month before. */
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}
