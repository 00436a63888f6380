// The one table of who may call what (REQUIREMENTS §8). Resolvers name their action with
// @Authorized('<Type>.<field>'); the auth checker looks it up here; a root field missing from
// this table is refused (deny by default). The authorization tests are generated from it.
import { TokenScope } from './authority.js';
import { Authority } from './authority.js';
import type { Principal } from './principal.js';

/** Callers who are not signed in. */
export const PUBLIC = 'PUBLIC';
/** A paired door tablet (only what names it explicitly). */
export const DEVICE = 'DEVICE';
export type Grantee = Authority | typeof PUBLIC | typeof DEVICE;

const { OPERATOR, AUDITOR, CHIEF, DEPUTY_CHIEF, MANAGER, PIN_ADMINISTRATOR, SYSTEM_ADMINISTRATOR } = Authority;

export const POLICY = {
  // identity
  'Query.me': [PUBLIC, OPERATOR],
  'Mutation.signIn': [PUBLIC, OPERATOR],
  'Mutation.signOut': [PUBLIC, OPERATOR],
  'Mutation.signOutEverywhere': [OPERATOR],
  'Mutation.changePassword': [OPERATOR],
  'Mutation.unlockAccount': [MANAGER, SYSTEM_ADMINISTRATOR],
  'Mutation.setStaffPassword': [SYSTEM_ADMINISTRATOR],
  'Query.myPasskeys': [OPERATOR],
  'Mutation.beginPasskeyRegistration': [OPERATOR],
  'Mutation.finishPasskeyRegistration': [OPERATOR],
  'Mutation.deletePasskey': [OPERATOR],
  'Mutation.beginPasskeySignIn': [PUBLIC, OPERATOR],
  'Mutation.signInWithPasskey': [PUBLIC, OPERATOR],
  'Query.myApiTokens': [OPERATOR],
  'Mutation.createApiToken': [OPERATOR],
  'Mutation.revokeApiToken': [OPERATOR],
  // organisation (A3–A7, A9): any staff member may read it
  'Query.departments': [OPERATOR],
  'Query.staffMember': [OPERATOR],
  'Query.roleHolders': [OPERATOR],
  'Query.roleHistory': [OPERATOR],
  'Query.council': [OPERATOR],
  'Query.staffDirectory': [SYSTEM_ADMINISTRATOR, MANAGER, CHIEF, AUDITOR],
  // a sensitive field: sign-in state (locked, failures, passkeys) for those who unlock and reset
  'Staff.account': [MANAGER, SYSTEM_ADMINISTRATOR],
  // organisation writes (A3–A7, A9.7): the system administrator maintains staff and assignments
  'Mutation.createStaff': [SYSTEM_ADMINISTRATOR],
  'Mutation.updateStaff': [SYSTEM_ADMINISTRATOR],
  'Mutation.deactivateStaff': [SYSTEM_ADMINISTRATOR],
  'Mutation.assignRole': [SYSTEM_ADMINISTRATOR],
  'Mutation.endRoleAssignment': [SYSTEM_ADMINISTRATOR],
  'Mutation.assignActing': [SYSTEM_ADMINISTRATOR],
  // rooms and door tablets (A12)
  'Query.rooms': [OPERATOR],
  'Mutation.createRoom': [MANAGER, SYSTEM_ADMINISTRATOR],
  'Mutation.updateRoom': [MANAGER, SYSTEM_ADMINISTRATOR],
  'Query.roomAuthorisations': [MANAGER, CHIEF, AUDITOR, SYSTEM_ADMINISTRATOR],
  'Query.myRoomAuthorisations': [OPERATOR],
  // anyone asks for themselves; the service narrows others to the operations manager's section (A6)
  'Mutation.requestRoomAuthorisation': [OPERATOR],
  'Mutation.approveRoomAuthorisation': [MANAGER],
  'Mutation.refuseRoomAuthorisation': [MANAGER],
  'Mutation.revokeRoomAuthorisation': [MANAGER],
  // the entry/exit register (A12.3): tablets record, the manager may record by hand (paper fallback)
  'Mutation.recordAccessEvents': [DEVICE, MANAGER],
  'Query.doorAuthorisations': [DEVICE],
  'Query.doorInside': [DEVICE],
  // door PINs (A12.3 identification; A7 the PIN administrator unlocks)
  'Query.doorPinKey': [DEVICE],
  'Mutation.checkDoorPin': [DEVICE],
  'Mutation.setDoorPin': [OPERATOR],
  'Mutation.unlockDoorPin': [PIN_ADMINISTRATOR, MANAGER],
  'Query.accessEvents': [MANAGER, CHIEF, AUDITOR, SYSTEM_ADMINISTRATOR],
  'Query.accessAnomalies': [MANAGER, CHIEF, AUDITOR],
  'Query.accessInside': [MANAGER, CHIEF, AUDITOR],
  'Mutation.resolveAccessAnomaly': [MANAGER],
  // A13: the chief hears the access report; the manager prepares it; the auditor reads it
  'Query.accessReport': [CHIEF, DEPUTY_CHIEF, MANAGER, AUDITOR],
  'Query.accessVisits': [CHIEF, DEPUTY_CHIEF, MANAGER, AUDITOR],
  'Mutation.acknowledgeAccessReport': [CHIEF],
  // an HTTP download, not GraphQL: the month's register as CSV for Excel
  'Export.accessRegister': [CHIEF, DEPUTY_CHIEF, MANAGER, AUDITOR],
  'Query.doorDevices': [MANAGER, SYSTEM_ADMINISTRATOR, AUDITOR],
  'Query.thisDevice': [DEVICE],
  'Mutation.createDevicePairing': [MANAGER, SYSTEM_ADMINISTRATOR],
  'Mutation.pairDevice': [PUBLIC],
  'Mutation.revokeDevice': [MANAGER, SYSTEM_ADMINISTRATOR],
  // the compliance view (A3–A30, article by article) for those who answer for it and audit it
  'Query.compliance': [CHIEF, DEPUTY_CHIEF, MANAGER, AUDITOR],
  // 対応が必要: any staff member, each sees what their own authorities ask of them
  'Query.myTodos': [OPERATOR],
  // audit trail
  'Query.auditEntries': [AUDITOR, SYSTEM_ADMINISTRATOR, MANAGER, CHIEF],
  'Query.auditVerification': [AUDITOR, SYSTEM_ADMINISTRATOR, MANAGER, CHIEF],
  'Query.auditCheckpoint': [AUDITOR, SYSTEM_ADMINISTRATOR],
} as const satisfies Record<string, readonly Grantee[]>;

export type Action = keyof typeof POLICY;

/**
 * The scope an API token needs for an action, on top of its owner being allowed it. Actions not
 * listed here are refused to tokens (every mutation, for now: tokens are read-only by default).
 */
export const TOKEN_SCOPES: Partial<Record<Action, TokenScope>> = {
  'Query.me': TokenScope.READ,
  'Query.departments': TokenScope.READ,
  'Query.staffMember': TokenScope.READ,
  'Query.roleHolders': TokenScope.READ,
  'Query.roleHistory': TokenScope.READ,
  'Query.council': TokenScope.READ,
  'Query.staffDirectory': TokenScope.READ,
  'Query.rooms': TokenScope.READ,
  'Query.roomAuthorisations': TokenScope.READ,
  'Query.accessEvents': TokenScope.READ,
  'Query.accessReport': TokenScope.READ,
  'Query.accessVisits': TokenScope.READ,
  'Export.accessRegister': TokenScope.READ,
  'Query.compliance': TokenScope.READ,
  'Query.auditEntries': TokenScope.READ_AUDIT,
  'Query.auditVerification': TokenScope.READ_AUDIT,
  'Query.auditCheckpoint': TokenScope.READ_AUDIT,
};

export function grantees(action: string): readonly Grantee[] | undefined {
  return (POLICY as Record<string, readonly Grantee[]>)[action];
}

/** The one decision: may this caller do this action? (GraphQL's auth checker and HTTP exports use it.) */
export function decide(p: Principal, action: string): 'ALLOW' | 'UNAUTHENTICATED' | 'FORBIDDEN' {
  const allowed = grantees(action) ?? [];
  const ownerAllowed =
    (p.kind === 'staff' || p.kind === 'token') &&
    allowed.some((g) => g !== PUBLIC && g !== DEVICE && p.authorities.has(g));
  if (p.kind === 'device') {
    if (allowed.includes(DEVICE)) return 'ALLOW';
  } else if (p.kind === 'token') {
    const scope = TOKEN_SCOPES[action as Action];
    if (scope && p.scopes.has(scope) && (ownerAllowed || allowed.includes(PUBLIC))) return 'ALLOW';
  } else if (allowed.includes(PUBLIC) || ownerAllowed) {
    return 'ALLOW';
  }
  return p.kind === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN';
}
