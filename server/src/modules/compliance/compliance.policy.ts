// Who may call what in the compliance module: folded into the one policy table by the composition root.
import { Authority, TokenScope } from '../../shared/authority.js';
import type { PolicyTable } from '../../shared/policy.js';

const { AUDITOR, CHIEF, DEPUTY_CHIEF, MANAGER, OPERATOR } = Authority;

export const compliancePolicy = {
  // the compliance view (A3–A30, article by article) for those who answer for it and audit it
  'Query.compliance': [CHIEF, DEPUTY_CHIEF, MANAGER, AUDITOR],
  // 対応が必要: any staff member, each sees what their own authorities ask of them
  'Query.myTodos': [OPERATOR],
} as const satisfies PolicyTable;

export type ComplianceAction = keyof typeof compliancePolicy;

export const complianceTokenScopes: Partial<Record<ComplianceAction, TokenScope>> = {
  'Query.compliance': TokenScope.READ,
};
