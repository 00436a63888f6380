// Who may call what in the organisation module (REQUIREMENTS §8): folded into the one policy table by the
// composition root. Anything no table names is refused.
import { Authority, TokenScope } from '../../shared/authority.js';
import type { PolicyTable } from '../../shared/policy.js';

const { AUDITOR, CHIEF, DEPUTY_CHIEF, MANAGER, OPERATOR, SYSTEM_ADMINISTRATOR } = Authority;

export const organisationPolicy = {
  // organisation (A3–A7, A9): any staff member may read it
  'Query.departments': [OPERATOR],
  'Query.staffMember': [OPERATOR],
  'Query.roleHolders': [OPERATOR],
  'Query.roleHistory': [OPERATOR],
  'Query.council': [OPERATOR],
  'Query.staffDirectory': [SYSTEM_ADMINISTRATOR, MANAGER, CHIEF, AUDITOR],
  // the staff pickers (issue 15): staff in post only, what the organisation chart shows anyone
  'Query.staffSearch': [OPERATOR],
  // a sensitive field: sign-in state (locked, failures, passkeys) for those who unlock and reset
  'Staff.account': [MANAGER, SYSTEM_ADMINISTRATOR],
  // organisation writes (A3–A7, A9.7): the system administrator maintains staff and assignments
  'Mutation.createStaff': [SYSTEM_ADMINISTRATOR],
  'Mutation.updateStaff': [SYSTEM_ADMINISTRATOR],
  'Mutation.deactivateStaff': [SYSTEM_ADMINISTRATOR],
  'Mutation.assignRole': [SYSTEM_ADMINISTRATOR],
  'Mutation.endRoleAssignment': [SYSTEM_ADMINISTRATOR],
  'Mutation.assignActing': [SYSTEM_ADMINISTRATOR],
  // Hardening §1: the chief, the deputy chief and the manager take two people; the service checks
  // who confirms (the chief; the deputy chief when the chief is the subject or the proposer)
  'Query.assignmentProposals': [SYSTEM_ADMINISTRATOR, CHIEF, DEPUTY_CHIEF, AUDITOR],
  'Mutation.proposeRoleAssignment': [SYSTEM_ADMINISTRATOR],
  'Mutation.proposeActing': [SYSTEM_ADMINISTRATOR],
  'Mutation.confirmAssignmentProposal': [CHIEF, DEPUTY_CHIEF],
  'Mutation.rejectAssignmentProposal': [CHIEF, DEPUTY_CHIEF],
} as const satisfies PolicyTable;

export type OrganisationAction = keyof typeof organisationPolicy;

/** The scope an API token needs, on top of its owner being allowed the action; unlisted actions are refused to tokens. */
export const organisationTokenScopes: Partial<Record<OrganisationAction, TokenScope>> = {
  'Query.departments': TokenScope.READ,
  'Query.staffMember': TokenScope.READ,
  'Query.roleHolders': TokenScope.READ,
  'Query.roleHistory': TokenScope.READ,
  'Query.council': TokenScope.READ,
  'Query.staffDirectory': TokenScope.READ,
  'Query.staffSearch': TokenScope.READ,
};
