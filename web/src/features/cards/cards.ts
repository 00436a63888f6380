// GraphQL of the cards pages (A16), typed from cards.graphql by `npm run codegen`.
import { request } from '../../api/graphql-client.js';
import {
  AcceptCardRequestDocument,
  CardOperatorsDocument,
  CardRequestsDocument,
  CompleteCardRequestDocument,
  OperatorCardsDocument,
  RefuseCardRequestDocument,
  RequestCardChangeDocument,
  type CardOperatorFilterInput,
  type CardOperatorsQuery,
  type CardRequestFilterInput,
  type CardRequestKind,
  type CardRequestsQuery,
  type CardState,
  type OperatorCardsQuery,
} from '../../generated/cards.js';

export type { CardRequestKind, CardState };
export const CARD_STATES: readonly CardState[] = ['IN_STOCK', 'ISSUED', 'RETURNED', 'LOST', 'REVOKED', 'DESTROYED'];
export const REQUEST_KINDS: readonly CardRequestKind[] = [
  'PIN_SET',
  'PIN_CHANGE',
  'PIN_CANCEL',
  'CARD_ISSUE',
  'CARD_COLLECT',
];
export type CardRow = OperatorCardsQuery['operatorCards']['nodes'][number];
export type OperatorRow = CardOperatorsQuery['cardOperators']['nodes'][number];
export type RequestRow = CardRequestsQuery['cardRequests']['nodes'][number];

export const cardsPage = async (state: CardState | null, after: string | null) =>
  (await request(OperatorCardsDocument, { f: { state }, after })).operatorCards;
/** A page of the operator register (50, or `first`); `search`: staff number, name, kana or operator ID. */
export const operatorsPage = async (f: CardOperatorFilterInput, after: string | null, first?: number) =>
  (await request(CardOperatorsDocument, { f: { ...f, search: f.search?.trim() || null }, after, first })).cardOperators;
export const requestsPage = async (f: CardRequestFilterInput, after: string | null) =>
  (await request(CardRequestsDocument, { f, after })).cardRequests;

export const askFor = (kind: CardRequestKind, operatorId: string, reason: string) =>
  request(RequestCardChangeDocument, { i: { kind, operatorId, reason: reason.trim() || null } });
export const accept = (id: string) => request(AcceptCardRequestDocument, { i: { id } });
export const complete = (id: string, note: string) =>
  request(CompleteCardRequestDocument, { i: { id, note: note.trim() || null } });
export const refuse = (id: string, reason: string) => request(RefuseCardRequestDocument, { i: { id, reason } });
