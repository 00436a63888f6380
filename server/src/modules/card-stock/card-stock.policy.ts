// Who may call what in the resident-card stock (A18), folded into the one policy table. The
// operations manager keeps the stock (REQUIREMENTS §8): receives, issues, counts and destroys; the
// manager reviews each month; the chief, the deputy chief and auditors read.
import { Authority, TokenScope } from '../../shared/authority.js';
import type { PolicyTable } from '../../shared/policy.js';

const { AUDITOR, CHIEF, DEPUTY_CHIEF, MANAGER, OPERATIONS_MANAGER } = Authority;
const READERS = [OPERATIONS_MANAGER, MANAGER, CHIEF, DEPUTY_CHIEF, AUDITOR];

export const cardStockPolicy = {
  'Query.residentCardStock': READERS,
  'Query.residentCardMovements': READERS,
  'Query.residentCardStockSheet': READERS,
  'Export.residentCardStockSheet': READERS,
  'Mutation.receiveResidentCards': [OPERATIONS_MANAGER],
  'Mutation.issueResidentCards': [OPERATIONS_MANAGER],
  'Mutation.countResidentCards': [OPERATIONS_MANAGER],
  'Mutation.destroyResidentCards': [OPERATIONS_MANAGER],
  'Mutation.reviewResidentCardMonth': [MANAGER],
} as const satisfies PolicyTable;

export type CardStockAction = keyof typeof cardStockPolicy;

/** API clients read the stock and its sheet with READ, the scope of the registers (no personal data). */
export const cardStockTokenScopes: Partial<Record<CardStockAction, TokenScope>> = {
  'Query.residentCardStock': TokenScope.READ,
  'Query.residentCardMovements': TokenScope.READ,
  'Query.residentCardStockSheet': TokenScope.READ,
  'Export.residentCardStockSheet': TokenScope.READ,
};

export type CardStockAuditAction = CardStockAction;
