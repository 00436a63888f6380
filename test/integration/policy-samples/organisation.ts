// Policy samples of the organisation module: one call per action (authorization-policy.test.ts).
import { ctx, type SamplesOf } from './sample.js';

export const organisationSamples: SamplesOf<'organisation'> = {
  'Query.departments': { query: `{ departments { id } }` },
  'Query.staffMember': { query: `query($id: ID!) { staffMember(id: $id) { id } }`, variables: (id) => ({ id }) },
  'Query.roleHolders': { query: `{ roleHolders { role } }` },
  'Query.roleHistory': { query: `{ roleHistory(role: CHIEF) { id } }` },
  'Query.council': { query: `{ council { on } }` },
  'Query.staffDirectory': { query: `{ staffDirectory(first: 1) { nodes { id } } }` },
  'Query.staffSearch': { query: `{ staffSearch(search: "4001", first: 1) { nodes { id } } }` },
  // a field: reached through a query everyone who may see it may call
  'Staff.account': {
    query: `query($id: ID!) { staffMember(id: $id) { account { lockedAt } } }`,
    variables: (id) => ({ id }),
  },
  'Mutation.createStaff': {
    query: `mutation($i: CreateStaffInput!) { createStaff(input: $i) { id } }`,
    variables: () => ({
      i: {
        staffNumber: `P${Math.random().toString().slice(2, 8)}`,
        familyName: '試験',
        givenName: '花子',
        familyNameKana: 'しけん',
        givenNameKana: 'はなこ',
        title: '主事',
        sectionId: ctx.sectionIdOfTarget,
      },
    }),
  },
  'Mutation.updateStaff': {
    query: `mutation($i: UpdateStaffInput!) { updateStaff(input: $i) { id } }`,
    variables: (id) => ({ i: { id, title: '主任' } }),
  },
  'Mutation.deactivateStaff': {
    query: `mutation($i: DeactivateStaffInput!) { deactivateStaff(input: $i) { id } }`,
    variables: () => ({ i: { id: '00000000-0000-4000-8000-000000000000', lastDay: '2026-12-31' } }),
  },
  'Mutation.assignRole': {
    query: `mutation($i: AssignRoleInput!) { assignRole(input: $i) { id } }`,
    variables: (id) => ({ i: { role: 'RESIDENT_INFORMATION_DIRECTOR', staffId: id, validFrom: '2099-01-01' } }),
  },
  'Mutation.endRoleAssignment': {
    query: `mutation($i: EndRoleAssignmentInput!) { endRoleAssignment(input: $i) { id } }`,
    variables: () => ({ i: { id: '00000000-0000-4000-8000-000000000000', lastDay: '2026-12-31' } }),
  },
  'Mutation.assignActing': {
    query: `mutation($i: AssignActingInput!) { assignActing(input: $i) { id } }`,
    variables: (id) => ({
      i: { role: 'CHIEF', actingStaffId: id, startsOn: '2030-01-06', endsOn: '2030-01-07', reason: '試験' },
    }),
  },
  'Query.assignmentProposals': { query: `{ assignmentProposals { id } }` },
  'Mutation.proposeRoleAssignment': {
    query: `mutation($i: AssignRoleInput!) { proposeRoleAssignment(input: $i) { id } }`,
    variables: (id) => ({ i: { role: 'MANAGER', staffId: id, validFrom: '2099-01-01' } }),
  },
  'Mutation.proposeActing': {
    query: `mutation($i: AssignActingInput!) { proposeActing(input: $i) { id } }`,
    variables: (id) => ({
      i: { role: 'CHIEF', actingStaffId: id, startsOn: '2099-01-06', endsOn: '2099-01-07', reason: '試験' },
    }),
  },
  'Mutation.confirmAssignmentProposal': {
    query: `mutation($i: AssignmentProposalIdInput!) { confirmAssignmentProposal(input: $i) { id } }`,
    variables: () => ({ i: { id: '00000000-0000-4000-8000-000000000000' } }),
  },
  'Mutation.rejectAssignmentProposal': {
    query: `mutation($i: RejectAssignmentProposalInput!) { rejectAssignmentProposal(input: $i) { id } }`,
    variables: () => ({ i: { id: '00000000-0000-4000-8000-000000000000', reason: '試験' } }),
  },
};
