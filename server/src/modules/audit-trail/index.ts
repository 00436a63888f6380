// The module's public face: what other modules may import (entities, types, pure helpers). The
// composition root imports the manifest (<domain>.module.ts) instead, so no index drags in a whole module.
export { AuditTrailService } from './audit-trail.service.js';
export { AuditEntry } from './audit-entry.entity.js';
export { verifyAuditTrail, type AuditCheckpoint } from './audit-verify.js';
export { latestCheckpoint, writeCheckpoint } from './audit-checkpoints.js';
