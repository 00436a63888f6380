import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { AuditTrailResolver } from './modules/audit-trail/audit-trail.resolver.js';
import { AccessResolver } from './modules/access/access.resolver.js';
import { RoomAuthorisationResolver } from './modules/access/room-authorisation.resolver.js';
import { AccessAnomalyResolver, AccessEventResolver } from './modules/access/access-event.resolver.js';
import { AccessReportResolver } from './modules/access/access-report.resolver.js';
import { DoorTabletResolver } from './modules/access/door-tablet.resolver.js';
import { DoorPinResolver } from './modules/access/door-pin.resolver.js';
import { ApiTokenResolver } from './modules/identity/api-token.resolver.js';
import { DoorDeviceResolver } from './modules/identity/door-device.resolver.js';
import { IdentityResolver } from './modules/identity/identity.resolver.js';
import { PasskeyResolver } from './modules/identity/passkey.resolver.js';
import { StaffAccountResolver } from './modules/identity/staff-account.js';
import { StaffDirectoryResolver } from './modules/organisation/staff-directory.resolver.js';
import { OrganisationAdminResolver } from './modules/organisation/organisation-admin.resolver.js';
import { organisationResolvers } from './modules/organisation/organisation.resolver.js';
import { ComplianceResolver } from './modules/compliance/compliance.resolver.js';
import { PolicyAuthChecker } from './shared/auth-checker.js';

/** The GraphQL schema, from an explicit list of resolver classes, authorised by shared/policy.ts. */
export function createSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [
      IdentityResolver,
      PasskeyResolver,
      StaffAccountResolver,
      StaffDirectoryResolver,
      ApiTokenResolver,
      DoorDeviceResolver,
      AccessResolver,
      RoomAuthorisationResolver,
      AccessEventResolver,
      AccessAnomalyResolver,
      AccessReportResolver,
      DoorPinResolver,
      DoorTabletResolver,
      ...organisationResolvers,
      OrganisationAdminResolver,
      AuditTrailResolver,
      ComplianceResolver,
    ],
    authChecker: PolicyAuthChecker,
    validate: true,
  });
}
