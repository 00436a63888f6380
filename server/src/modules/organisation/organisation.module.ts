// Organisation (A3–A7, A9): departments, sections, staff, role assignments, acting holders, the council.
import { defineModule } from '../../shared/module.js';
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
  entities: [Department, Section, Staff, RoleAssignment, ActingAssignment],
  resolvers: [...organisationResolvers, StaffDirectoryResolver, OrganisationAdminResolver],
  policy: organisationPolicy,
  tokenScopes: organisationTokenScopes,
  errorCodes: OrganisationErrorCode,
  services: (kit) => {
    const organisation = new OrganisationService(kit.ds);
    return {
      organisation,
      staffDirectory: new StaffDirectoryService(kit.ds),
      organisationAdmin: new OrganisationAdminService(
        kit.ds,
        organisation,
        new AuditedWrites<OrganisationAction>(kit.ds, kit.audit),
        kit.hooks,
      ),
    };
  },
  loaders: (s, today) => createOrganisationLoaders(s.organisation, today),
  // on /compliance: the roles of A3–A7 have holders on the day asked
  compliance: (s) => organisationCompliance(s),
});
