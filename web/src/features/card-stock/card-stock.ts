// GraphQL of the resident-card stock pages (A18), typed from card-stock.graphql by `npm run codegen`.
import { request } from '../../api/graphql-client.js';
import {
  CountResidentCardsDocument,
  DestroyResidentCardsDocument,
  IssueResidentCardsDocument,
  ReceiveResidentCardsDocument,
  ResidentCardMovementsDocument,
  ResidentCardStockDocument,
  ResidentCardStockSheetDocument,
  ReviewResidentCardMonthDocument,
  type DestroyResidentCardsInput,
  type IssueResidentCardsInput,
  type ReceiveResidentCardsInput,
  type ResidentCardStockQuery,
  type ResidentCardStockSheetQuery,
} from '../../generated/card-stock.js';

export type Stock = ResidentCardStockQuery['residentCardStock'];
export type Sheet = ResidentCardStockSheetQuery['residentCardStockSheet'];
export type StockLine = Sheet['movements'][number];
export type CountLine = Sheet['counts'][number];

export const loadStock = async () => (await request(ResidentCardStockDocument)).residentCardStock;
/** A page of the ledger, newest first. */
export const linesPage = async (after: string | null) =>
  (await request(ResidentCardMovementsDocument, { after })).residentCardMovements;
export const loadSheet = async (month: string) =>
  (await request(ResidentCardStockSheetDocument, { month })).residentCardStockSheet;

export const receive = (i: ReceiveResidentCardsInput) => request(ReceiveResidentCardsDocument, { i });
export const issue = (i: IssueResidentCardsInput) => request(IssueResidentCardsDocument, { i });
export const destroy = (i: DestroyResidentCardsInput) => request(DestroyResidentCardsDocument, { i });
export const countStock = (counted: number, reason: string) =>
  request(CountResidentCardsDocument, { i: { counted, reason: reason.trim() || null } });
export const reviewMonth = (month: string, note: string) =>
  request(ReviewResidentCardMonthDocument, { i: { month, note: note.trim() || null } });

/** '100001〜100100', one number alone, or nothing. */
export const numbersOf = (l: { firstNumber?: string | null; lastNumber?: string | null }) =>
  !l.firstNumber ? '' : l.firstNumber === l.lastNumber ? l.firstNumber : `${l.firstNumber}〜${l.lastNumber}`;

/** 'YYYY-MM' of a 'YYYY-MM-DD' day. */
export const monthOf = (day: string) => day.slice(0, 7);

/** 令和8年11月 of 'YYYY-MM'. */
export function warekiMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Intl.DateTimeFormat('ja-JP-u-ca-japanese', { era: 'long', year: 'numeric', month: 'long' }).format(
    new Date(Date.UTC(y, m - 1, 15)),
  );
}
