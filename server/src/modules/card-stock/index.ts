// The module's public face: what other modules may import (entities, types, pure helpers). The
// composition root imports the manifest (card-stock.module.ts) instead.
export { StockCount, StockMonthReview, StockMovement, StockMovementKind } from './card-stock.entity.js';
