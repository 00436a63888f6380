// Hardening §1: two-person appointments of the chief, the deputy chief and the manager.
import { request } from '../../api/graphql-client.js';
import {
  AssignmentProposalsDocument,
  ConfirmAssignmentProposalDocument,
  ProposeActingDocument,
  ProposeRoleAssignmentDocument,
  RejectAssignmentProposalDocument,
  type AssignActingInput,
  type AssignmentProposalsQuery,
  type AssignRoleInput,
  type OrgRole,
} from '../../generated/proposals.js';

/** Roles (and acting periods for them) that take a second person: the server's TWO_PERSON_ROLES. */
export const TWO_PERSON_ROLES: readonly OrgRole[] = ['CHIEF', 'DEPUTY_CHIEF', 'MANAGER'];

export type Proposal = AssignmentProposalsQuery['assignmentProposals'][number];

export const pendingProposals = async () => (await request(AssignmentProposalsDocument)).assignmentProposals;
export const proposeRole = async (input: AssignRoleInput) =>
  (await request(ProposeRoleAssignmentDocument, { input })).proposeRoleAssignment;
export const proposeActing = async (input: AssignActingInput) =>
  (await request(ProposeActingDocument, { input })).proposeActing;
export const confirmProposal = async (id: string) =>
  (await request(ConfirmAssignmentProposalDocument, { input: { id } })).confirmAssignmentProposal;
export const rejectProposal = async (id: string, reason: string) =>
  (await request(RejectAssignmentProposalDocument, { input: { id, reason } })).rejectAssignmentProposal;
