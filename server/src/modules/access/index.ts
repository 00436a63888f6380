// The module's public face: what other modules may import (entities, types, pure helpers). The
// composition root imports the manifest (<domain>.module.ts) instead, so no index drags in a whole module.
export { Room } from './room.entity.js';
export { RoomKind } from './room.entity.js';
export { AccessEvent } from './access-event.entity.js';
export { RoomAuthorisation, AuthorisationStatus, SubjectKind } from './room-authorisation.entity.js';
export type { RoomAuthorisationService, Requester } from './room-authorisation.service.js';
