// The operation history of the Juki-net terminals (A20): records pushed by API clients or imported
// from files, kept 7 years in a table partitioned by month (oplog.sql.ts, the migration).
import { AuditedWrites } from '../../shared/audited.js';
import { defineModule } from '../../shared/module.js';
import { OperationRecordReadService } from './operation-record-reading.service.js';
import { OperationRecordResolver } from './operation-record.resolver.js';
import { OperationSource } from './operation-source.entity.js';
import { OperationType } from './operation-type.entity.js';
import { OplogArchive, OplogLegalHold } from './oplog-archive.entity.js';
import { OplogArchiveErrorCode } from './oplog-archive.errors.js';
import { oplogArchivePolicy, type OplogArchiveAction } from './oplog-archive.policy.js';
import { OplogArchiveResolver } from './oplog-archive.resolver.js';
import { OplogArchiveService } from './oplog-archive.service.js';
import { oplogCompliance } from './oplog.compliance.js';
import { investigationCompliance } from './investigation.compliance.js';
import { Investigation, InvestigationLink } from './investigation.entity.js';
import { InvestigationErrorCode } from './investigation.errors.js';
import { investigationPolicy, type InvestigationAction } from './investigation.policy.js';
import { InvestigationResolver } from './investigation.resolver.js';
import { InvestigationService } from './investigation.service.js';
import { investigationTodos } from './investigation.todos.js';
import { oplogArchiveTodos } from './oplog-archive.todos.js';
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
import { OplogReviewMarkResolver, OplogReviewResolver } from './review.resolver.js';
import { OplogReviewService } from './review.service.js';
import { oplogReviewTodos } from './review.todos.js';
import { OplogRoleOperation, OplogTerminalRoom } from './saved-queries.entity.js';
import { registerOplogSavedQueryExport } from './saved-queries-export.js';
import { OplogSavedQueryResolver } from './saved-queries.resolver.js';
import { OplogSavedQueryService } from './saved-queries.service.js';
import { OplogSettingsErrorCode } from './settings.errors.js';
import { oplogSettingsPolicy, type OplogSettingsAction } from './settings.policy.js';
import { OplogSettingsResolver } from './settings.resolver.js';
import { OplogSettingsService } from './settings.service.js';

export const oplogModule = defineModule()({
  name: 'oplog',
  entities: [
    OperationType,
    OperationSource,
    OplogReview,
    OplogReviewMark,
    OplogRoleOperation,
    OplogTerminalRoom,
    OplogLegalHold,
    OplogArchive,
    Investigation,
    InvestigationLink,
  ],
  resolvers: [
    OperationRecordResolver,
    OplogReviewResolver,
    OplogReviewMarkResolver,
    OplogSavedQueryResolver,
    OplogSettingsResolver,
    OplogArchiveResolver,
    InvestigationResolver,
  ],
  // the reviews (A20.1) and their saved queries, the archive (A20.2) and investigations (A21) have their own tables
  policy: {
    ...oplogPolicy,
    ...oplogReviewPolicy,
    ...oplogSettingsPolicy,
    ...oplogArchivePolicy,
    ...investigationPolicy,
  },
  tokenScopes: oplogTokenScopes,
  errorCodes: {
    ...OplogErrorCode,
    ...OplogReviewErrorCode,
    ...OplogSettingsErrorCode,
    ...OplogArchiveErrorCode,
    ...InvestigationErrorCode,
  },
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
    // the two tables the saved queries read, and the city's operation types (A20.1)
    oplogSettings: new OplogSettingsService(ds, new AuditedWrites<OplogSettingsAction>(ds, audit)),
    // A20.2: a month past 7 years exported and dropped by the manager, legal holds blocking it
    oplogArchive: new OplogArchiveService(
      ds,
      new AuditedWrites<OplogArchiveAction>(ds, audit),
      { dataDir: config.dataDir, statementTimeoutMs: config.oplog.batchTimeoutMs },
      now,
    ),
    // A21: investigations, and the requests to cooperate they send
    investigations: new InvestigationService(ds, new AuditedWrites<InvestigationAction>(ds, audit), now),
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
    // A21: requests to cooperate confirmed, findings recorded
    ...investigationCompliance(s),
  ],
  // 対応が必要: the manager's next review due (A20.1), months ready to archive (A20.2), a request to
  // cooperate with an investigation (A21)
  todos: (s) => [...oplogReviewTodos(s), ...oplogArchiveTodos(s), ...investigationTodos(s)],
});
