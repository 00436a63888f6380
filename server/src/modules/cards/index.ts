// The module's public face: what other modules may import (entities, types, pure helpers). The
// composition root imports the manifest (cards.module.ts) instead.
export { CardOperator } from './operator.entity.js';
export { CardEvent, CardEventKind, CardState, OperatorCard } from './card.entity.js';
export { CardRequest, CardRequestKind, CardRequestOrigin, CardRequestStatus } from './card-request.entity.js';
