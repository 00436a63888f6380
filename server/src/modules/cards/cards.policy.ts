// Who may call what in the cards module (A7, A16), folded into the one policy table. The PIN
// administrator (A7.1) keeps the operator register and the cards and handles the requests; the
// manager, or an operations manager for their own section (the service narrows it, A6), asks; the
// chief, the deputy chief and auditors read.
import { Authority, TokenScope } from '../../shared/authority.js';
import type { PolicyTable } from '../../shared/policy.js';

const { AUDITOR, CHIEF, DEPUTY_CHIEF, MANAGER, OPERATIONS_MANAGER, OPERATOR, PIN_ADMINISTRATOR } = Authority;
const READERS = [PIN_ADMINISTRATOR, MANAGER, CHIEF, DEPUTY_CHIEF, AUDITOR];

export const cardsPolicy = {
  // the register: operators and their cards, each card's history (操作者識別カード管理簿)
  // an operations manager reads the operators of their own section, to ask for them (A6)
  'Query.cardOperators': [...READERS, OPERATIONS_MANAGER],
  'Query.cardOperator': READERS,
  'Query.operatorCards': READERS,
  'Query.operatorCard': READERS,
  // an HTTP download, not GraphQL: the register as 操作者識別カード管理簿 (貸与・回収・失効), CSV or xlsx
  'Export.operatorCards': READERS,
  'Mutation.registerCardOperator': [PIN_ADMINISTRATOR, MANAGER],
  'Mutation.endCardOperator': [PIN_ADMINISTRATOR, MANAGER],
  // the card's life (A16.2, A16.6): the PIN administrator receives, issues, takes back and destroys;
  // the manager too may report a card lost (it is revoked at once)
  'Mutation.receiveOperatorCard': [PIN_ADMINISTRATOR],
  'Mutation.issueOperatorCard': [PIN_ADMINISTRATOR],
  'Mutation.returnOperatorCard': [PIN_ADMINISTRATOR],
  'Mutation.reportOperatorCardLost': [PIN_ADMINISTRATOR, MANAGER],
  'Mutation.revokeOperatorCard': [PIN_ADMINISTRATOR],
  'Mutation.destroyOperatorCard': [PIN_ADMINISTRATOR],
  // requests to the PIN administrator (A16.1, A16.3)
  'Query.cardRequests': [...READERS, OPERATIONS_MANAGER],
  'Mutation.requestCardChange': [MANAGER, OPERATIONS_MANAGER, PIN_ADMINISTRATOR],
  'Mutation.acceptCardRequest': [PIN_ADMINISTRATOR],
  'Mutation.completeCardRequest': [PIN_ADMINISTRATOR],
  'Mutation.refuseCardRequest': [PIN_ADMINISTRATOR],
  // the PIN operating rules (A16.4–5, A7.2): every staff member reads them and, when a current
  // operator, acknowledges the version in force (the service checks); the readers see who has not
  'Query.myPinRules': [OPERATOR],
  'Mutation.acknowledgePinRules': [OPERATOR],
  'Query.pinRulesOverview': READERS,
  // transfer rounds (issue 15 §3): the PIN administrator or the manager imports the April list; the
  // PIN administrator works from the round's view
  'Query.cardTransferRounds': READERS,
  'Query.cardTransferRound': READERS,
  'Query.cardTransferMoves': READERS,
  'Mutation.importCardTransfers': [PIN_ADMINISTRATOR, MANAGER],
} as const satisfies PolicyTable;

export type CardsAction = keyof typeof cardsPolicy;

/**
 * API clients read the register, the requests and the transfer rounds (a personnel system following
 * April's progress) with READ, the scope of the organisation and its registers: they hold staff,
 * operator IDs and card numbers, never a PIN. They never write: a round is imported by a person,
 * who reads its bad rows.
 */
export const cardsTokenScopes: Partial<Record<CardsAction, TokenScope>> = {
  'Query.cardOperators': TokenScope.READ,
  'Query.cardOperator': TokenScope.READ,
  'Query.operatorCards': TokenScope.READ,
  'Query.operatorCard': TokenScope.READ,
  'Export.operatorCards': TokenScope.READ,
  'Query.cardRequests': TokenScope.READ,
  'Query.cardTransferRounds': TokenScope.READ,
  'Query.cardTransferRound': TokenScope.READ,
  'Query.cardTransferMoves': TokenScope.READ,
};

/** What the module's audit entries name. */
export type CardsAuditAction = CardsAction | 'System.openCardTransfer';
