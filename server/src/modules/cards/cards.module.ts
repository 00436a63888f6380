// Operator ID cards and requests to the PIN administrator (A7, A16): the operator register, each
// card's life (A16.2, A16.6), the requests (A16.1, A16.3) and the tasks a transfer opens.
import { AuditedWrites } from '../../shared/audited.js';
import { dateIn } from '../../shared/dates.js';
import { defineModule } from '../../shared/module.js';
import type { DocumentReading } from '../configuration/index.js';
import { CardEvent, OperatorCard } from './card.entity.js';
import { CardRequest } from './card-request.entity.js';
import { CardRequestResolver } from './card-request.resolver.js';
import { CardRequestService } from './card-request.service.js';
import { CardService } from './card.service.js';
import { cardsCompliance } from './cards.compliance.js';
import { registerCardsExport } from './cards-export.js';
import { ImportErrorCode } from '../../shared/import/index.js';
import { CardsErrorCode } from './cards.errors.js';
import { createCardsLoaders } from './cards.loaders.js';
import { cardsPolicy, cardsTokenScopes, type CardsAuditAction } from './cards.policy.js';
import { CardEventResolver, CardOperatorResolver, OperatorCardResolver } from './cards.resolver.js';
import { CardsReadService } from './cards-reading.service.js';
import { cardsTodos } from './cards.todos.js';
import { CardOperator } from './operator.entity.js';
import { OperatorService } from './operator.service.js';
import { PinRulesAcknowledgement } from './pin-rules.entity.js';
import { PinRulesResolver } from './pin-rules.resolver.js';
import { PinRulesService } from './pin-rules.service.js';

import type { OrganisationAdminService } from '../organisation/index.js';
import { CardTransferMove, CardTransferRound } from './transfer.entity.js';
import { TransferImportService } from './transfer-import.service.js';
import { TransferOpenService } from './transfer-open.service.js';
import { CardTransferResolver } from './transfer.resolver.js';
import { TransferRoundService } from './transfer-round.service.js';
import { transferJobs } from './transfer.jobs.js';

/**
 * What cards takes from modules listed before it: the PIN rules are a configuration document (A7.2), and a
 * transfer round moves people through the organisation's one move.
 */
interface CardsNeeds {
  documentReading: DocumentReading;
  organisationAdmin: OrganisationAdminService;
}

export const cardsModule = defineModule<CardsNeeds>()({
  name: 'cards',
  entities: [
    CardOperator,
    OperatorCard,
    CardEvent,
    CardRequest,
    PinRulesAcknowledgement,
    CardTransferRound,
    CardTransferMove,
  ],
  resolvers: [
    CardOperatorResolver,
    OperatorCardResolver,
    CardEventResolver,
    CardRequestResolver,
    PinRulesResolver,
    CardTransferResolver,
  ],
  policy: cardsPolicy,
  tokenScopes: cardsTokenScopes,
  errorCodes: { ...CardsErrorCode, ...ImportErrorCode },
  services: ({ ds, audit, hooks, now, config, documentReading, organisationAdmin }) => {
    const audited = new AuditedWrites<CardsAuditAction>(ds, audit);
    const cardOperators = new OperatorService(ds, audited);
    const cardTransferOpen = new TransferOpenService(ds, audited, organisationAdmin, now, config.timeZone);
    return {
      cardTransferOpen,
      cardTransferImport: new TransferImportService(ds, audited, cardTransferOpen, now),
      cardTransferRounds: new TransferRoundService(ds),
      cardOperators,
      operatorCards: new CardService(ds, audited, hooks, now),
      cardRequests: new CardRequestService(ds, audited, cardOperators, now),
      cardsReading: new CardsReadService(ds, now, config.timeZone),
      pinRules: new PinRulesService(ds, audited, documentReading, now),
    };
  },
  loaders: (s) => createCardsLoaders(s.cardsReading),
  // GET /exports/operator-cards.csv and .xlsx: the 操作者識別カード管理簿 (貸与・回収・失効)
  routes: (s, kit) => registerCardsExport(s, kit),
  // transfers open on their effective date (issue 15 §3)
  jobs: (s) => transferJobs(s),
  // on /compliance: requests overdue (A16.1), cards not collected (A16.2), rules acknowledged
  // (A16.4–5), cards kept locked (A16.6)
  compliance: (s) => cardsCompliance(s),
  // 対応が必要: the PIN administrator's open requests; an operator's rules to acknowledge
  todos: (s) => cardsTodos(s),
  hooks: (s) => ({
    // issue 15 §3: a transfer opens the card's collection and the PIN's change, in the move's transaction
    // (a few statements for all the moves of a transfer round)
    'staff.movedMany': async (em, { moves }, meta) => {
      // a transfer round's move: its requests say so (the round's view lists them as its tasks)
      const moveOf = new Map<string, string>();
      for (const m of moves) if (m.cause?.type === 'CardTransferMove') moveOf.set(m.staffId, m.cause.id);
      const opened = await s.cardRequests.openForTransfers(
        em,
        moves.map((m) => m.staffId),
        { kind: 'moved', on: today(s) },
        meta,
        moveOf,
      );
      return moves.map((m) => {
        const ids = opened.get(m.staffId);
        return ids?.length ? { cardRequestsOpened: [null, ids] } : undefined;
      });
    },
    // leaving: collect the cards, cancel the PIN, end the operator's period on the last day
    'staff.left': async (em, { staffId, lastDay }, meta) => {
      const opened = await s.cardRequests.openForTransfer(em, staffId, { kind: 'left', lastDay }, meta);
      return opened.length ? { cardRequestsOpened: [null, opened] } : undefined;
    },
  }),
});

const today = (s: { now: () => Date; config: { timeZone: string } }) => dateIn(s.config.timeZone, s.now());
