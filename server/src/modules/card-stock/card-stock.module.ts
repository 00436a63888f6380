// The resident-card stock (住民基本台帳カード等の在庫, A18): lots received into a locked place (A18.1),
// issued, counted against the ledger, destroyed before a witness (A18.2), and each month's sheet
// signed off by the manager.
import { AuditedWrites } from '../../shared/audited.js';
import { defineModule } from '../../shared/module.js';
import { StockCount, StockMonthReview, StockMovement } from './card-stock.entity.js';
import { cardStockCompliance } from './card-stock.compliance.js';
import { CardStockErrorCode } from './card-stock.errors.js';
import { registerCardStockExport } from './card-stock-export.js';
import { cardStockPolicy, cardStockTokenScopes, type CardStockAuditAction } from './card-stock.policy.js';
import { CardStockReadService } from './card-stock-reading.service.js';
import { CardStockResolver, StockCountResolver, StockMonthReviewResolver } from './card-stock.resolver.js';
import { CardStockService } from './card-stock.service.js';
import { cardStockTodos } from './card-stock.todos.js';

export const cardStockModule = defineModule()({
  name: 'cardStock',
  entities: [StockMovement, StockCount, StockMonthReview],
  resolvers: [CardStockResolver, StockCountResolver, StockMonthReviewResolver],
  policy: cardStockPolicy,
  tokenScopes: cardStockTokenScopes,
  errorCodes: CardStockErrorCode,
  services: ({ ds, audit, now }) => ({
    cardStock: new CardStockService(ds, new AuditedWrites<CardStockAuditAction>(ds, audit), now),
    cardStockReading: new CardStockReadService(ds),
  }),
  routes: (s, kit) => registerCardStockExport(s, kit),
  // on /compliance: the stock locked and counted (A18.1), destructions witnessed (A18.2)
  compliance: (s) => cardStockCompliance(s),
  // 対応が必要: the month's count (operations manager), differences and months to sign off (manager)
  todos: (s) => cardStockTodos(s),
});
