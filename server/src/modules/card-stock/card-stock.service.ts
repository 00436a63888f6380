// The rules of the resident-card stock (A18): receiving into a locked place (A18.1), issuing,
// destroying before a witness (A18.2), the physical count and the manager's sign-off of a month.
// Every write takes one transaction-wide lock of the stock, so two writes never both pass a check
// against the same on-hand count.
import type { DataSource, EntityManager } from 'typeorm';
import type { RequestMeta } from '../../shared/audit.js';
import { created, type AuditedWrites } from '../../shared/audited.js';
import { sqlState } from '../../shared/errors.js';
import { MONTH } from '../../shared/ids.js';
import { Staff } from '../organisation/index.js';
import { CardStockError, CardStockErrorCode as Code } from './card-stock.errors.js';
import type { CardStockAuditAction } from './card-stock.policy.js';
import { StockCount, StockMonthReview, StockMovement, StockMovementKind } from './card-stock.entity.js';
import { NumberSet, type Range } from './number-ranges.js';

export interface By {
  staffId: string;
  /** 'YYYY-MM-DD' in Tokyo */
  today: string;
}

export interface NumbersInput {
  firstNumber?: string | null;
  lastNumber?: string | null;
}

export interface ReceiveInput extends NumbersInput {
  lotNumber: string;
  count: number;
  on: string;
  storagePlace?: string | null;
  storageLocked?: boolean | null;
  collected?: boolean | null;
  note?: string | null;
}

export interface IssueInput extends NumbersInput {
  count: number;
  on: string;
  issuedTo: string;
  note?: string | null;
}

export interface DestroyInput extends NumbersInput {
  on: string;
  method: string;
  witnessId?: string | null;
  note?: string | null;
}

/** Card numbers are digits, at most 15 (a safe integer), and one line covers at most this many. */
const NUMBER = /^\d{1,15}$/;
export const MAX_CARDS = 100_000;
const MOVEMENT = 'ResidentCardMovement';
/** every write of the stock serialises on this (pg_advisory_xact_lock) */
const STOCK_LOCK = 18_001;

const err = (code: Code, message: string, details: Record<string, unknown> = {}) =>
  new CardStockError(code, message, details);
const invalid = (message: string) => err(Code.INVALID_STOCK_ENTRY, message);
const trimmed = (s: string | null | undefined) => s?.trim() || null;
export const monthOf = (day: string) => day.slice(0, 7);

/** The card numbers given, as a range whose size must be the count when the count is given. */
function rangeOf(input: NumbersInput, count: number | null): Range | null {
  const first = trimmed(input.firstNumber);
  const last = trimmed(input.lastNumber) ?? first;
  if (!first) {
    if (trimmed(input.lastNumber)) throw invalid('最初のカード番号を入力してください (first card number required)');
    return null;
  }
  if (!NUMBER.test(first) || !NUMBER.test(last!))
    throw invalid('カード番号は15桁までの数字です (card numbers are up to 15 digits)');
  const range: Range = [Number(first), Number(last)];
  if (range[1] < range[0]) throw invalid('最後の番号は最初の番号以上です (the last number comes after the first)');
  const size = range[1] - range[0] + 1;
  if (size > MAX_CARDS) throw invalid(`一度に記録できるのは${MAX_CARDS}枚までです (at most ${MAX_CARDS} cards)`);
  if (count !== null && size !== count)
    throw invalid(
      `カード番号の範囲 (${size}枚) と枚数 (${count}枚) が一致しません (the range holds ${size} cards, not ${count})`,
    );
  return range;
}

function checkCount(count: number): void {
  if (!Number.isInteger(count) || count < 1 || count > MAX_CARDS)
    throw invalid(`枚数は1〜${MAX_CARDS}です (count from 1 to ${MAX_CARDS})`);
}

export class CardStockService {
  constructor(
    private readonly ds: DataSource,
    private readonly audited: AuditedWrites<CardStockAuditAction>,
    private readonly now: () => Date,
  ) {}

  /** A18.1: a lot received goes into a locked place (refused with STOCK_STORAGE_NOT_LOCKED otherwise). */
  receive(input: ReceiveInput, by: By, meta: RequestMeta): Promise<StockMovement> {
    return this.audited.write(meta, 'Mutation.receiveResidentCards', MOVEMENT, async (em) => {
      const lotNumber = trimmed(input.lotNumber);
      if (!lotNumber) throw invalid('ロット番号を入力してください (lot number required)');
      checkCount(input.count);
      const range = rangeOf(input, input.count);
      const place = trimmed(input.storagePlace);
      if (!place || input.storageLocked !== true)
        throw err(
          Code.STOCK_STORAGE_NOT_LOCKED,
          '受け入れたカードは施錠できる場所に保管してください。保管場所と施錠を指定してください (A18.1: a locked storage place is required)',
        );
      const state = await this.lockedState(em, input.on, by);
      if (range && state.destroyed.overlaps(range))
        throw err(Code.CARDS_ALREADY_DESTROYED, 'この番号のカードは廃棄済みです (these cards were destroyed)');
      if (range && state.inStock.overlaps(range))
        throw err(Code.CARDS_ALREADY_IN_STOCK, 'この番号のカードは在庫にあります (these cards are in stock already)');
      if (await em.getRepository(StockMovement).existsBy({ kind: StockMovementKind.RECEIVED, lotNumber }))
        throw lotTaken();
      try {
        const row = await this.insert(em, {
          kind: StockMovementKind.RECEIVED,
          on: input.on,
          count: input.count,
          ...numbers(range),
          lotNumber,
          collected: input.collected === true,
          storagePlace: place,
          storageLocked: true,
          byId: by.staffId,
          note: trimmed(input.note),
        });
        return written(row, state.onHand, { lotNumber, storagePlace: place, collected: row.collected });
      } catch (e) {
        if (sqlState(e) === '23505') throw lotTaken();
        throw e;
      }
    });
  }

  /** Cards out of the stock (交付): never more than it holds, numbered ones only if in stock. */
  issue(input: IssueInput, by: By, meta: RequestMeta): Promise<StockMovement> {
    return this.audited.write(meta, 'Mutation.issueResidentCards', MOVEMENT, async (em) => {
      checkCount(input.count);
      const range = rangeOf(input, input.count);
      const issuedTo = trimmed(input.issuedTo);
      if (!issuedTo) throw invalid('交付先 (窓口・用途) を入力してください (issued to required)');
      const state = await this.lockedState(em, input.on, by);
      if (range) this.inStock(state, range);
      if (input.count > state.onHand) throw insufficient(state.onHand);
      const row = await this.insert(em, {
        kind: StockMovementKind.ISSUED,
        on: input.on,
        count: input.count,
        ...numbers(range),
        issuedTo,
        byId: by.staffId,
        note: trimmed(input.note),
      });
      return written(row, state.onHand, { issuedTo });
    });
  }

  /**
   * A18.2: cards destroyed, by number, with the method that makes their data unrecoverable, before a
   * witness who is another person; refused if the numbers are not in stock or destroyed already.
   */
  destroy(input: DestroyInput, by: By, meta: RequestMeta): Promise<StockMovement> {
    return this.audited.write(meta, 'Mutation.destroyResidentCards', MOVEMENT, async (em) => {
      const range = rangeOf(input, null);
      if (!range) throw invalid('廃棄するカードの番号を入力してください (card numbers required)');
      const method = trimmed(input.method);
      const witness = input.witnessId
        ? await em.getRepository(Staff).findOneBy({ id: input.witnessId, active: true })
        : null;
      if (!method || !witness || witness.id === by.staffId)
        throw err(
          Code.DESTRUCTION_WITNESS_REQUIRED,
          '廃棄には、廃棄する方以外の立会人と廃棄の方法が必要です (A18.2: a witness other than yourself and the method are required)',
        );
      const state = await this.lockedState(em, input.on, by);
      this.inStock(state, range);
      const count = range[1] - range[0] + 1;
      if (count > state.onHand) throw insufficient(state.onHand);
      const row = await this.insert(em, {
        kind: StockMovementKind.DESTROYED,
        on: input.on,
        count,
        ...numbers(range),
        method,
        witnessId: witness.id,
        byId: by.staffId,
        note: trimmed(input.note),
      });
      return written(row, state.onHand, { method, witnessId: witness.id });
    });
  }

  /** A18.1: the physical count; a difference from the ledger is kept with its reason (a finding until reviewed). */
  count(input: { counted: number; reason?: string | null }, by: By, meta: RequestMeta): Promise<StockCount> {
    return this.audited.write(meta, 'Mutation.countResidentCards', 'ResidentCardCount', async (em) => {
      if (!Number.isInteger(input.counted) || input.counted < 0 || input.counted > 10_000_000)
        throw invalid('実査の枚数は0以上の整数です (the count is a whole number from 0)');
      const state = await this.lockedState(em, by.today, by);
      const reason = trimmed(input.reason);
      if (input.counted !== state.onHand && !reason)
        throw err(
          Code.COUNT_REASON_REQUIRED,
          `帳簿上の在庫 (${state.onHand}枚) と実査 (${input.counted}枚) に差異があります。理由を入力してください (a difference needs its reason)`,
          { expected: state.onHand },
        );
      const row = await em.getRepository(StockCount).save({
        countedOn: by.today,
        countedAt: this.now(),
        expected: state.onHand,
        counted: input.counted,
        reason: input.counted === state.onHand ? null : reason,
        byId: by.staffId,
      });
      return {
        result: row,
        targetId: row.id,
        changes: created({
          countedOn: row.countedOn,
          expected: row.expected,
          counted: row.counted,
          difference: row.counted - row.expected,
          reason: row.reason,
        }),
      };
    });
  }

  /** The manager signs a month off once its stock was counted; its differences are reviewed with it. */
  reviewMonth(month: string, note: string | null | undefined, by: By, meta: RequestMeta): Promise<StockMonthReview> {
    return this.audited.write(
      meta,
      'Mutation.reviewResidentCardMonth',
      { type: 'ResidentCardMonth', id: month },
      async (em) => {
        if (!MONTH.test(month) || month > monthOf(by.today))
          throw invalid('月は YYYY-MM で、今月までです (a month up to this one)');
        await lock(em);
        if (await em.getRepository(StockMonthReview).existsBy({ month })) throw monthReviewed(month);
        const counts = (await em.query(
          `SELECT count(*)::int AS n, count(*) FILTER (WHERE counted <> expected)::int AS d
             FROM resident_card_count WHERE to_char("countedOn", 'YYYY-MM') = $1`,
          [month],
        )) as { n: number; d: number }[];
        if (!counts[0]?.n)
          throw err(Code.STOCK_MONTH_NOT_COUNTED, 'この月の実査の記録がありません (the month has no physical count)');
        const row = await em.getRepository(StockMonthReview).save({
          month,
          reviewedById: by.staffId,
          reviewedAt: this.now(),
          note: trimmed(note),
        });
        return {
          result: row,
          targetId: month,
          changes: created({ month, differences: counts[0].d, note: row.note }),
        };
      },
    );
  }

  /** Locks the stock and replays the ledger: on-hand count, numbers in stock, numbers destroyed. */
  private async lockedState(em: EntityManager, on: string, by: By) {
    if (!on || on > by.today) throw invalid('日付は今日までです (the date cannot be in the future)');
    await lock(em);
    if (await em.getRepository(StockMonthReview).existsBy({ month: monthOf(on) })) throw monthReviewed(monthOf(on));
    const rows = await em.getRepository(StockMovement).find({
      select: { kind: true, count: true, firstNumber: true, lastNumber: true },
      order: { seq: 'ASC' },
    });
    const inStock = new NumberSet();
    const destroyed = new NumberSet();
    let onHand = 0;
    for (const r of rows) {
      const range: Range | null = r.firstNumber ? [Number(r.firstNumber), Number(r.lastNumber)] : null;
      if (r.kind === StockMovementKind.RECEIVED) {
        onHand += r.count;
        if (range) inStock.add(range);
      } else {
        onHand -= r.count;
        if (range) inStock.remove(range);
        if (range && r.kind === StockMovementKind.DESTROYED) destroyed.add(range);
      }
    }
    return { onHand, inStock, destroyed };
  }

  private inStock(state: { inStock: NumberSet; destroyed: NumberSet }, range: Range): void {
    if (state.inStock.covers(range)) return;
    if (state.destroyed.overlaps(range))
      throw err(Code.CARDS_ALREADY_DESTROYED, 'この番号のカードは廃棄済みです (these cards were destroyed already)');
    throw err(
      Code.CARDS_NOT_IN_STOCK,
      'この番号のカードは在庫にありません (受け入れていない、または交付済み) (these cards are not in stock)',
    );
  }

  private insert(em: EntityManager, row: Partial<StockMovement>): Promise<StockMovement> {
    return em.getRepository(StockMovement).save({
      firstNumber: null,
      lastNumber: null,
      lotNumber: null,
      collected: false,
      storagePlace: null,
      storageLocked: null,
      issuedTo: null,
      method: null,
      witnessId: null,
      note: null,
      ...row,
      recordedAt: this.now(),
    } as StockMovement);
  }
}

const lock = (em: EntityManager) => em.query('SELECT pg_advisory_xact_lock($1)', [STOCK_LOCK]);
const numbers = (range: Range | null) =>
  range ? { firstNumber: String(range[0]), lastNumber: String(range[1]) } : { firstNumber: null, lastNumber: null };
const lotTaken = () => err(Code.STOCK_LOT_TAKEN, 'このロット番号は受入済みです (lot number already received)');
const insufficient = (onHand: number) =>
  err(Code.STOCK_INSUFFICIENT, `在庫 (${onHand}枚) を超えています (more than the ${onHand} cards in stock)`, {
    onHand,
  });
const monthReviewed = (month: string) =>
  err(
    Code.STOCK_MONTH_REVIEWED,
    `${month} は管理者の確認済みです。この月には記録できません (the month is signed off)`,
    { month },
  );

function written(row: StockMovement, before: number, extra: Record<string, unknown>) {
  const after = row.kind === StockMovementKind.RECEIVED ? before + row.count : before - row.count;
  return {
    result: row,
    targetId: row.id,
    changes: {
      ...created({
        kind: row.kind,
        on: row.on,
        count: row.count,
        firstNumber: row.firstNumber,
        lastNumber: row.lastNumber,
        ...extra,
      }),
      onHand: [before, after] as [unknown, unknown],
    },
  };
}
