// Who may call what on the settings of the review (A20.1): the two tables the saved queries
// "beyond the role" and "a terminal in an empty server room" read, and the city's operation types.
// The manager keeps them (A20.1: the manager checks the history); the reviewers and auditors read
// them, to know what a flag means.
import { Authority } from '../../shared/authority.js';
import type { PolicyTable } from '../../shared/policy.js';

const { AUDITOR, CHIEF, DEPUTY_CHIEF, MANAGER } = Authority;

export const oplogSettingsPolicy = {
  'Query.oplogRoleOperations': [MANAGER, CHIEF, DEPUTY_CHIEF, AUDITOR],
  'Query.oplogTerminalRooms': [MANAGER, CHIEF, DEPUTY_CHIEF, AUDITOR],
  'Query.oplogTerminalCandidates': [MANAGER, CHIEF, DEPUTY_CHIEF, AUDITOR],
  'Mutation.addOplogRoleOperation': [MANAGER],
  'Mutation.removeOplogRoleOperation': [MANAGER],
  'Mutation.addOplogTerminalRoom': [MANAGER],
  'Mutation.removeOplogTerminalRoom': [MANAGER],
  'Mutation.addOperationType': [MANAGER],
} as const satisfies PolicyTable;

export type OplogSettingsAction = keyof typeof oplogSettingsPolicy;
