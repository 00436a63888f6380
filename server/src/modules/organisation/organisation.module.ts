// Organisation (A3–A7, A9): departments, sections, staff, role assignments, acting holders, the council.
import { defineModule } from '../../shared/module.js';
import { AssignmentProposal } from './assignment-proposal.entity.js';
import { AssignmentProposalResolver } from './assignment-proposal.resolver.js';
import { AssignmentProposalService } from './assignment-proposal.service.js';
import { organisationTodos } from './organisation.todos.js';
import { ActingAssignment } from './acting-assignment.entity.js';
import { Department } from './department.entity.js';
import { OrganisationAdminResolver } from './organisation-admin.resolver.js';
import { OrganisationAdminService } from './organisation-admin.service.js';
import { organisationCompliance } from './organisation.compliance.js';
import { createOrganisationLoaders } from './organisation.loaders.js';
import { AuditedWrites } from '../../shared/audited.js';
import { OrganisationErrorCode } from './organisation.errors.js';
import { organisationPolicy, organisationTokenScopes, type OrganisationAction } from './organisation.policy.js';
import { organisationResolvers } from './organisation.resolver.js';
import { OrganisationService } from './organisation.service.js';
import { RoleAssignment } from './role-assignment.entity.js';
import { Section } from './section.entity.js';
import { StaffDirectoryResolver } from './staff-directory.resolver.js';
import { StaffDirectoryService } from './staff-directory.service.js';
import { Staff } from './staff.entity.js';

export const organisationModule = defineModule()({
  name: 'organisation',
  entities: [Department, Section, Staff, RoleAssignment, ActingAssignment, AssignmentProposal],
  resolvers: [...organisationResolvers, StaffDirectoryResolver, OrganisationAdminResolver, AssignmentProposalResolver],
  policy: organisationPolicy,
  tokenScopes: organisationTokenScopes,
  errorCodes: OrganisationErrorCode,
  services: (kit) => {
    const organisation = new OrganisationService(kit.ds);
    const audited = new AuditedWrites<OrganisationAction>(kit.ds, kit.audit);
    return {
      organisation,
      staffDirectory: new StaffDirectoryService(kit.ds),
      organisationAdmin: new OrganisationAdminService(kit.ds, organisation, audited, kit.hooks),
      assignmentProposals: new AssignmentProposalService(kit.ds, organisation, audited, kit.now),
    };
  },
  loaders: (s, today) => createOrganisationLoaders(s.organisation, today),
  // on /compliance: the roles of A3–A7 have holders on the day asked
  compliance: (s) => organisationCompliance(s),
  // on 対応が必要: proposals of the chief, the deputy chief and the manager to confirm (Hardening §1)
  todos: (s) => organisationTodos(s),
});
