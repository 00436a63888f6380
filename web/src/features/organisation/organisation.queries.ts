// The organisation page's answer types, from organisation.graphql (`npm run codegen`).
import type { OrganisationQuery, OrgRole as GeneratedOrgRole } from '../../generated/organisation.js';

export type OrgRole = GeneratedOrgRole;
export type OrganisationData = OrganisationQuery;
export type RoleHolderRow = OrganisationData['roleHolders'][number];
export type CouncilMemberRow = OrganisationData['council']['members'][number];
