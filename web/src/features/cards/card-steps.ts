// The card steps and the operator register from /cards (A16), typed from card-steps.graphql.
import { request } from '../../api/graphql-client.js';
import {
  DestroyOperatorCardDocument,
  EndCardOperatorDocument,
  IssueOperatorCardDocument,
  ReceiveOperatorCardDocument,
  RegisterCardOperatorDocument,
  ReportOperatorCardLostDocument,
  ReturnOperatorCardDocument,
  RevokeOperatorCardDocument,
  type RegisterCardOperatorInput,
} from '../../generated/card-steps.js';
import type { CardState } from './cards.js';

export type Step = 'issue' | 'return' | 'lost' | 'revoke' | 'destroy';

/** The steps that follow from a card's state (the server refuses the others with CARD_STATE_INVALID). */
export const STEPS_OF: Record<CardState, readonly Step[]> = {
  IN_STOCK: ['issue', 'revoke', 'lost', 'destroy'],
  ISSUED: ['return', 'lost', 'revoke'],
  RETURNED: ['revoke', 'lost', 'destroy'],
  REVOKED: ['lost', 'destroy'],
  LOST: [],
  DESTROYED: [],
};

/** The policy action of each step, to show only what the person may do. */
export const ACTION_OF = {
  issue: 'Mutation.issueOperatorCard',
  return: 'Mutation.returnOperatorCard',
  lost: 'Mutation.reportOperatorCardLost',
  revoke: 'Mutation.revokeOperatorCard',
  destroy: 'Mutation.destroyOperatorCard',
} as const satisfies Record<Step, string>;

const opt = (s: string) => s.trim() || null;

export interface Storage {
  storagePlace: string;
  storageLocked: boolean;
}

export const receiveCard = (cardNumber: string, s: Storage) =>
  request(ReceiveOperatorCardDocument, {
    i: { cardNumber: cardNumber.trim(), storagePlace: opt(s.storagePlace), storageLocked: s.storageLocked },
  });
export const issueCard = (cardId: string, operatorId: string) =>
  request(IssueOperatorCardDocument, { i: { cardId, operatorId } });
export const returnCard = (cardId: string, operatorId: string, s: Storage, note: string) =>
  request(ReturnOperatorCardDocument, {
    i: { cardId, operatorId, storagePlace: opt(s.storagePlace), storageLocked: s.storageLocked, note: opt(note) },
  });
export const reportLost = (cardId: string, note: string) =>
  request(ReportOperatorCardLostDocument, { i: { cardId, note: opt(note) } });
export const revokeCard = (cardId: string, s: Storage, note: string) =>
  request(RevokeOperatorCardDocument, {
    i: { cardId, storagePlace: opt(s.storagePlace), storageLocked: s.storageLocked, note: opt(note) },
  });
export const destroyCard = (cardId: string, witnessStaffId: string, method: string) =>
  request(DestroyOperatorCardDocument, { i: { cardId, witnessStaffId: witnessStaffId || null, method } });

export const registerOperator = (i: RegisterCardOperatorInput) => request(RegisterCardOperatorDocument, { i });
export const endOperator = (id: string, until: string) => request(EndCardOperatorDocument, { i: { id, until } });
