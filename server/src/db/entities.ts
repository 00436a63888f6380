// Every TypeORM entity, listed explicitly (no globs: the same list works under tsc and vitest).
import { AppMeta } from './app-meta.entity.js';
import { AuditEntry } from '../modules/audit-trail/audit-entry.entity.js';
import { AuditStreamHead } from '../modules/audit-trail/audit-stream-head.entity.js';
import { Room } from '../modules/access/room.entity.js';
import { RoomAuthorisation } from '../modules/access/room-authorisation.entity.js';
import { AccessAnomaly, AccessEvent, AccessEventRefusal } from '../modules/access/access-event.entity.js';
import { AccessReportAck } from '../modules/access/access-report.entity.js';
import { DoorPin, DoorPinCheck } from '../modules/access/door-pin.entity.js';
import { ApiToken } from '../modules/identity/api-token.entity.js';
import { DevicePairing } from '../modules/identity/device-pairing.entity.js';
import { DoorDevice } from '../modules/identity/door-device.entity.js';
import { AppRoleGrant } from '../modules/identity/app-role-grant.entity.js';
import { Passkey, WebauthnChallenge } from '../modules/identity/passkey.entity.js';
import { StaffSession } from '../modules/identity/session.entity.js';
import { StaffCredential } from '../modules/identity/staff-credential.entity.js';
import { ActingAssignment } from '../modules/organisation/acting-assignment.entity.js';
import { Department } from '../modules/organisation/department.entity.js';
import { RoleAssignment } from '../modules/organisation/role-assignment.entity.js';
import { Section } from '../modules/organisation/section.entity.js';
import { Staff } from '../modules/organisation/staff.entity.js';

export const entities = [
  AppMeta,
  Department,
  Section,
  Staff,
  RoleAssignment,
  ActingAssignment,
  StaffCredential,
  StaffSession,
  AppRoleGrant,
  ApiToken,
  Passkey,
  WebauthnChallenge,
  Room,
  RoomAuthorisation,
  AccessEvent,
  AccessAnomaly,
  AccessEventRefusal,
  AccessReportAck,
  DoorPin,
  DoorPinCheck,
  DoorDevice,
  DevicePairing,
  AuditEntry,
  AuditStreamHead,
];
