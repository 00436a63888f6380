// Who may call what in the maintenance module (A26), folded into the one policy table. The manager
// (or the acting manager) instructs; the chief, the deputy chief and auditors read every order; a
// staff member who escorted an order's people reads that order and confirms its result (the
// service narrows the OPERATOR grants to them).
import { Authority, TokenScope } from '../../shared/authority.js';
import type { PolicyTable } from '../../shared/policy.js';

const { AUDITOR, CHIEF, DEPUTY_CHIEF, MANAGER, OPERATOR } = Authority;

export const maintenancePolicy = {
  'Query.maintenanceWorkOrders': [OPERATOR, AUDITOR],
  'Query.maintenanceWorkOrder': [OPERATOR, AUDITOR],
  'Mutation.instructMaintenanceWork': [MANAGER],
  'Mutation.completeMaintenanceWork': [OPERATOR],
  'Mutation.cancelMaintenanceWork': [MANAGER],
  // A26 on /compliance: outside people's entries no order covers, and the manager's look at them
  'Query.uncoveredContractorEntries': [MANAGER, CHIEF, DEPUTY_CHIEF, AUDITOR],
  'Mutation.reviewUncoveredEntry': [MANAGER],
} as const satisfies PolicyTable;

export type MaintenanceAction = keyof typeof maintenancePolicy;

/**
 * API clients read work orders with READ_INCIDENTS, the scope of the standard's chapter 5 (A19–A30,
 * A26 included): an order names outside people and the entries of the register, so a token made
 * to read the organisation (READ) does not reach it. They never write.
 */
export const maintenanceTokenScopes: Partial<Record<MaintenanceAction, TokenScope>> = {
  'Query.maintenanceWorkOrders': TokenScope.READ_INCIDENTS,
  'Query.maintenanceWorkOrder': TokenScope.READ_INCIDENTS,
  'Query.uncoveredContractorEntries': TokenScope.READ_INCIDENTS,
};

/** What the module's audit entries name: its own actions (the start of work is the register's entry's). */
export type MaintenanceAuditAction = MaintenanceAction;
