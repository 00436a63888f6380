// The module's public face: what other modules may import (entities, types, pure helpers). The
// composition root imports the manifest (oplog.module.ts) instead.
export { OperationType } from './operation-type.entity.js';
export { OplogIngestService, type BatchResult } from './oplog-ingest.service.js';
export { importFile, type ImportProgress } from './oplog-import.js';
export { exampleCsv, EXAMPLE_HEADER } from './oplog-example.js';
export { renderPlans, PLANS_FILE } from './oplog-plans.js';
