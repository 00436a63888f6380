// Who may call what of the retention step (A20.2): only the manager archives a month past 7 years
// and sets or lifts a legal hold; the chief, the deputy chief and auditors see what was done.
import { Authority } from '../../shared/authority.js';
import type { PolicyTable } from '../../shared/policy.js';

const { AUDITOR, CHIEF, DEPUTY_CHIEF, MANAGER } = Authority;

export const oplogArchivePolicy = {
  'Query.operationRecordMonths': [MANAGER, CHIEF, DEPUTY_CHIEF, AUDITOR],
  'Query.oplogLegalHolds': [MANAGER, CHIEF, DEPUTY_CHIEF, AUDITOR],
  'Query.oplogArchives': [MANAGER, CHIEF, DEPUTY_CHIEF, AUDITOR],
  'Mutation.archiveOperationRecordMonth': [MANAGER],
  'Mutation.setOplogLegalHold': [MANAGER],
  'Mutation.liftOplogLegalHold': [MANAGER],
} as const satisfies PolicyTable;

export type OplogArchiveAction = keyof typeof oplogArchivePolicy;
