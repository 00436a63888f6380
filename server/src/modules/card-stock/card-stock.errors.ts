import { AppError } from '../../shared/errors.js';

export enum CardStockErrorCode {
  /** a stock line's fields are missing or wrong (count, card numbers, date, lot number, issued to) */
  INVALID_STOCK_ENTRY = 'INVALID_STOCK_ENTRY',
  /** A18.1: cards received are kept in a place that locks: the place is missing or not locked */
  STOCK_STORAGE_NOT_LOCKED = 'STOCK_STORAGE_NOT_LOCKED',
  /** the lot number was received before */
  STOCK_LOT_TAKEN = 'STOCK_LOT_TAKEN',
  /** card numbers received are already in stock */
  CARDS_ALREADY_IN_STOCK = 'CARDS_ALREADY_IN_STOCK',
  /** more cards issued or destroyed than the stock holds */
  STOCK_INSUFFICIENT = 'STOCK_INSUFFICIENT',
  /** the card numbers are not in stock (never received, or issued) */
  CARDS_NOT_IN_STOCK = 'CARDS_NOT_IN_STOCK',
  /** A18.2: the card numbers were destroyed already */
  CARDS_ALREADY_DESTROYED = 'CARDS_ALREADY_DESTROYED',
  /** A18.2: a destruction needs its method and a witness other than the person destroying */
  DESTRUCTION_WITNESS_REQUIRED = 'DESTRUCTION_WITNESS_REQUIRED',
  /** a physical count that differs from the ledger needs its reason */
  COUNT_REASON_REQUIRED = 'COUNT_REASON_REQUIRED',
  /** the month is signed off by the manager: nothing more is recorded in it, and it is not signed twice */
  STOCK_MONTH_REVIEWED = 'STOCK_MONTH_REVIEWED',
  /** a month is signed off once its stock was counted */
  STOCK_MONTH_NOT_COUNTED = 'STOCK_MONTH_NOT_COUNTED',
}

export class CardStockError extends AppError {
  constructor(code: CardStockErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
  }
}
