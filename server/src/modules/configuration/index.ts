// The module's public face: what other modules may import (entities, types, pure helpers). The
// composition root imports the manifest (<domain>.module.ts) instead, so no index drags in a whole module.
//
// Servers and terminals in use, for the incidents module's disaster mode (A30): declare
// `configurationReading: RegisterReadingService` in a module's needs (listed after this one) and call
// `configurationReading.inUseEquipment(em)` → { id, kind, label, roomId }[].
export { ConfigurationItem } from './configuration-item.entity.js';
export { ConfigurationConnection } from './connection.entity.js';
export { ChangeBasis, ConfigurationChange } from './change-record.entity.js';
export { ChangeKind } from './change-request.entity.js';
export { ItemCategory, ItemKind, ItemState } from './item-kinds.js';
export { RegisterReadingService, type InUseEquipment } from './register-reading.service.js';
// The documents' current versions (A22.2, A27 manuals for incidents; A7.2 PIN rules for cards):
// declare `documentReading: DocumentReading` in a module's needs, or read ctx.services.documentReading.
export { ConfigurationDocument, ConfigurationDocumentVersion, DocumentType } from './document.entity.js';
export { StoredFile } from './stored-file.entity.js';
export { DocumentLink } from './document.inputs.js';
export type { CurrentDocumentVersion, DocumentReading } from './document-reading.service.js';
