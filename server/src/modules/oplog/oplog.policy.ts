// Who may call what in the operation history (A20, A21), folded into the one policy table. API
// clients of the terminals' log export push batches with a WRITE_OPLOG token of the manager or the
// system administrator; the manager, the chief, the deputy chief and auditors read the records.
import { Authority, TokenScope } from '../../shared/authority.js';
import type { PolicyTable } from '../../shared/policy.js';

const { AUDITOR, CHIEF, DEPUTY_CHIEF, MANAGER, SYSTEM_ADMINISTRATOR } = Authority;

export const oplogPolicy = {
  // POST /api/oplog/batches/:sourceId (CSV or NDJSON through COPY): not a GraphQL mutation per row
  'Ingest.operationRecords': [MANAGER, SYSTEM_ADMINISTRATOR],
  'Query.operationRecords': [MANAGER, CHIEF, DEPUTY_CHIEF, AUDITOR],
  'Query.operationTypes': [MANAGER, CHIEF, DEPUTY_CHIEF, AUDITOR, SYSTEM_ADMINISTRATOR],
} as const satisfies PolicyTable;

export type OplogAction = keyof typeof oplogPolicy;

/**
 * A token writes operation logs only with WRITE_OPLOG (reserved since the tokens were made). No
 * token reads the records in this slice: who looked up which resident's record is for the
 * people reviewing it, on their own sessions.
 */
export const oplogTokenScopes: Partial<Record<OplogAction, TokenScope>> = {
  'Ingest.operationRecords': TokenScope.WRITE_OPLOG,
};

/** What the module's audit entries name: its own actions. */
export type OplogAuditAction = OplogAction;
