// The operation history of the Juki-net terminals (A20): records pushed by API clients or imported
// from files, kept 7 years in a table partitioned by month (oplog.sql.ts, the migration).
import { AuditedWrites } from '../../shared/audited.js';
import { defineModule } from '../../shared/module.js';
import { OperationRecordReadService } from './operation-record-reading.service.js';
import { OperationRecordResolver } from './operation-record.resolver.js';
import { OperationSource } from './operation-source.entity.js';
import { OperationType } from './operation-type.entity.js';
import { oplogCompliance } from './oplog.compliance.js';
import { OplogErrorCode } from './oplog.errors.js';
import { OplogIngestService } from './oplog-ingest.service.js';
import { oplogJobs } from './oplog.jobs.js';
import { OplogPartitionService } from './oplog-partitions.service.js';
import { oplogPolicy, oplogTokenScopes, type OplogAuditAction } from './oplog.policy.js';
import { registerOplogRoutes } from './oplog-routes.js';
import { oplogReviewCompliance } from './review.compliance.js';
import { OplogReview, OplogReviewMark } from './review.entity.js';
import { OplogReviewErrorCode } from './review.errors.js';
import { oplogReviewPolicy, type OplogReviewAction } from './review.policy.js';
import { OplogReviewResolver } from './review.resolver.js';
import { OplogReviewService } from './review.service.js';
import { oplogReviewTodos } from './review.todos.js';
import { OplogRoleOperation, OplogTerminalRoom } from './saved-queries.entity.js';
import { registerOplogSavedQueryExport } from './saved-queries-export.js';
import { OplogSavedQueryResolver } from './saved-queries.resolver.js';
import { OplogSavedQueryService } from './saved-queries.service.js';

export const oplogModule = defineModule()({
  name: 'oplog',
  entities: [OperationType, OperationSource, OplogReview, OplogReviewMark, OplogRoleOperation, OplogTerminalRoom],
  resolvers: [OperationRecordResolver, OplogReviewResolver, OplogSavedQueryResolver],
  // the reviews (A20.1) and their saved queries have their own table (review.policy.ts)
  policy: { ...oplogPolicy, ...oplogReviewPolicy },
  tokenScopes: oplogTokenScopes,
  errorCodes: { ...OplogErrorCode, ...OplogReviewErrorCode },
  services: ({ ds, audit, secrets, config, now }) => ({
    oplogIngest: new OplogIngestService(
      ds,
      new AuditedWrites<OplogAuditAction>(ds, audit),
      secrets.oplogTargetKey,
      { maxBytes: config.oplog.batchMaxBytes, statementTimeoutMs: config.oplog.batchTimeoutMs },
      now,
    ),
    oplogPartitions: new OplogPartitionService(ds),
    operationRecordReading: new OperationRecordReadService(ds),
    oplogReviews: new OplogReviewService(ds, new AuditedWrites<OplogReviewAction>(ds, audit), now),
    oplogSavedQueries: new OplogSavedQueryService(ds, config.oplog),
  }),
  // POST /api/oplog/batches/:sourceId (CSV or NDJSON, streamed through COPY)
  // GET /exports/oplog/<query>.csv (the saved queries of the reviews, A20.1)
  routes: (s, kit) => {
    registerOplogRoutes({ ds: s.ds, audit: s.audit, oplogIngest: s.oplogIngest }, kit);
    registerOplogSavedQueryExport(s, kit);
  },
  // the coming months' partitions (A20.2)
  jobs: (s) => oplogJobs(s),
  // A20.2 on /compliance: the retention guard, and records arriving
  compliance: (s) => [
    ...oplogCompliance({ ds: s.ds, silentDays: s.config.oplog.silentDays }),
    // A20.1: every month with records reviewed and signed off
    ...oplogReviewCompliance(s),
  ],
  // 対応が必要: the manager's next review due (A20.1)
  todos: (s) => oplogReviewTodos(s),
});
