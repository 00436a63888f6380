// Who may call what in the audit-trail module (REQUIREMENTS §8): folded into the one policy table by the
// composition root. Anything no table names is refused.
import { Authority, TokenScope } from '../../shared/authority.js';
import type { PolicyTable } from '../../shared/policy.js';

const { AUDITOR, CHIEF, MANAGER, SYSTEM_ADMINISTRATOR } = Authority;

export const auditTrailPolicy = {
  'Query.auditEntries': [AUDITOR, SYSTEM_ADMINISTRATOR, MANAGER, CHIEF],
  // hardening §3: verification reads the whole trail; auditors only
  'Query.auditVerification': [AUDITOR],
  'Query.auditCheckpoint': [AUDITOR, SYSTEM_ADMINISTRATOR],
} as const satisfies PolicyTable;

export type AuditTrailAction = keyof typeof auditTrailPolicy;

/** The scope an API token needs, on top of its owner being allowed the action; unlisted actions are refused to tokens. */
export const auditTrailTokenScopes: Partial<Record<AuditTrailAction, TokenScope>> = {
  'Query.auditEntries': TokenScope.READ_AUDIT,
  'Query.auditVerification': TokenScope.READ_AUDIT,
  'Query.auditCheckpoint': TokenScope.READ_AUDIT,
};
