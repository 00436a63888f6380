// Server rooms, authorisations, the entry/exit register, door PINs and the report to the chief (A12, A13).
import { defineModule } from '../../shared/module.js';
import type { ReauthenticationService } from '../identity/index.js';
import { OrgRole } from '../../shared/authority.js';
import type { OrganisationService } from '../organisation/index.js';
import { AccessAnomaly, AccessDeviceSequence, AccessEvent, AccessEventRefusal } from './access-event.entity.js';
import { AccessAnomalyResolver, AccessEventResolver } from './access-event.resolver.js';
import { AccessEventService } from './access-event.service.js';
import { AccessRegisterService } from './access-register.service.js';
import { AccessReportAck } from './access-report.entity.js';
import { AccessReportResolver } from './access-report.resolver.js';
import { AccessReportService } from './access-report.service.js';
import { registerAccessExport } from './access-export.js';
import { accessCompliance } from './access.compliance.js';
import { AccessErrorCode } from './access.errors.js';
import { accessJobs } from './access.jobs.js';
import { accessTodos } from './access.todos.js';
import { createAccessLoaders } from './access.loaders.js';
import { accessPolicy, accessTokenScopes, type AccessAuditAction } from './access.policy.js';
import { AuditedWrites } from '../../shared/audited.js';
import { AccessResolver } from './access.resolver.js';
import { DoorDevicePinFault, DoorPin, DoorPinCheck } from './door-pin.entity.js';
import { DoorPinResolver } from './door-pin.resolver.js';
import { DoorPinService } from './door-pin.service.js';
import { DoorTabletResolver } from './door-tablet.resolver.js';
import { RoomAuthorisation } from './room-authorisation.entity.js';
import { RoomAuthorisationResolver } from './room-authorisation.resolver.js';
import { RoomAuthorisationService } from './room-authorisation.service.js';
import { Room } from './room.entity.js';
import { RoomService } from './room.service.js';

/** What access takes from modules listed before it. */
interface AccessNeeds {
  /** the current password or a passkey before one's own door PIN is set (Hardening §4) */
  reauthentication: ReauthenticationService;
  /** who holds the manager's authority on a day (Hardening §1: who decides which request) */
  organisation: OrganisationService;
}

export const accessModule = defineModule<AccessNeeds>()({
  name: 'access',
  entities: [
    Room,
    RoomAuthorisation,
    AccessEvent,
    AccessAnomaly,
    AccessEventRefusal,
    AccessDeviceSequence,
    AccessReportAck,
    DoorPin,
    DoorPinCheck,
    DoorDevicePinFault,
  ],
  resolvers: [
    AccessResolver,
    RoomAuthorisationResolver,
    AccessEventResolver,
    AccessAnomalyResolver,
    AccessReportResolver,
    DoorPinResolver,
    DoorTabletResolver,
  ],
  policy: accessPolicy,
  tokenScopes: accessTokenScopes,
  errorCodes: AccessErrorCode,
  services: ({ ds, secrets, audit, now, hooks, reauthentication, organisation }) => {
    // every entry access writes names an action of its own policy (or its sweep)
    const audited = new AuditedWrites<AccessAuditAction>(ds, audit);
    const doorPins = new DoorPinService(
      ds,
      audited,
      reauthentication.for('Mutation.setDoorPin'),
      secrets.hmacKey,
      secrets.doorPinKey,
      now,
    );
    return {
      roomAuthorisations: new RoomAuthorisationService(ds, audited, now, organisation),
      doorPins,
      rooms: new RoomService(ds, audited),
      accessEvents: new AccessEventService(ds, audited, doorPins, now, hooks),
      accessRegister: new AccessRegisterService(ds, audited, now, hooks),
      accessReport: new AccessReportService(ds, audited, now),
    };
  },
  loaders: (s) => createAccessLoaders(s.ds, (on) => s.organisation.authorityHoldersOn(OrgRole.MANAGER, on)),
  // the month's register as CSV for Excel (A12.3)
  routes: (s, kit) => registerAccessExport(s, kit),
  // A12.3: the sweep for anomalies only time reveals, and forgetting old PIN answers, every 5 minutes
  jobs: (s) => accessJobs(s),
  // on /compliance: rooms (A12.1), unauthorised entries (A12.2), the register (A12.3), the report (A13)
  compliance: (s) => accessCompliance(s),
  // 対応が必要: requests to approve, anomalies to resolve, the month's report to acknowledge
  todos: (s) => accessTodos(s),
  hooks: (s) => ({
    // A12.2: a transfer or the end of employment ends the person's authorisations to enter the 電算室等
    // (one statement for all the moves of a transfer round)
    'staff.movedMany': async (em, { moves }) => {
      const revoked = await s.roomAuthorisations.revokeAllOfMany(
        em,
        moves.map((m) => m.staffId),
        '異動により取消 (transfer)',
      );
      return moves.map((m) => {
        const n = revoked.get(m.staffId);
        return n ? { roomAuthorisationsRevoked: [null, n] } : undefined;
      });
    },
    'staff.left': async (em, { staffId }) => {
      const revoked = await s.roomAuthorisations.revokeAllOf(em, staffId, '退職により取消 (end of employment)');
      return { roomAuthorisationsRevoked: [null, revoked] };
    },
    // A30: an incident in disaster mode lists every 電算室等 in use to check
    'incidents.disasterDeclared': async (em, { targets }) => {
      const rooms = await s.rooms.shutdownTargets(em);
      targets.push(...rooms);
      return { shutdownRooms: [null, rooms.length] };
    },
  }),
});
