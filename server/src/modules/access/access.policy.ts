// Who may call what in the access module (REQUIREMENTS §8): folded into the one policy table by the
// composition root. Anything no table names is refused.
import { Authority, TokenScope } from '../../shared/authority.js';
import { DEVICE, type PolicyTable } from '../../shared/policy.js';

const { AUDITOR, CHIEF, DEPUTY_CHIEF, MANAGER, OPERATOR, PIN_ADMINISTRATOR, SYSTEM_ADMINISTRATOR } = Authority;

export const accessPolicy = {
  // rooms and door tablets (A12)
  'Query.rooms': [OPERATOR],
  'Mutation.createRoom': [MANAGER, SYSTEM_ADMINISTRATOR],
  'Mutation.updateRoom': [MANAGER, SYSTEM_ADMINISTRATOR],
  'Query.roomAuthorisations': [MANAGER, CHIEF, DEPUTY_CHIEF, AUDITOR, SYSTEM_ADMINISTRATOR],
  'Query.myRoomAuthorisations': [OPERATOR],
  // anyone asks for themselves; the service narrows others to the operations manager's section (A6)
  'Mutation.requestRoomAuthorisation': [OPERATOR],
  // the manager decides; a request of or for a manager goes to the chief or the deputy chief (Hardening §1)
  'Mutation.approveRoomAuthorisation': [MANAGER, CHIEF, DEPUTY_CHIEF],
  'Mutation.refuseRoomAuthorisation': [MANAGER, CHIEF, DEPUTY_CHIEF],
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
  'Query.accessEvents': [MANAGER, CHIEF, DEPUTY_CHIEF, AUDITOR, SYSTEM_ADMINISTRATOR],
  'Query.accessAnomalies': [MANAGER, CHIEF, DEPUTY_CHIEF, AUDITOR],
  'Query.accessInside': [MANAGER, CHIEF, DEPUTY_CHIEF, AUDITOR],
  'Mutation.resolveAccessAnomaly': [MANAGER],
  // A13: the chief hears the access report; the manager prepares it; the auditor reads it
  'Query.accessReport': [CHIEF, DEPUTY_CHIEF, MANAGER, AUDITOR],
  'Query.accessVisits': [CHIEF, DEPUTY_CHIEF, MANAGER, AUDITOR],
  'Mutation.acknowledgeAccessReport': [CHIEF],
  // an HTTP download, not GraphQL: the month's register as CSV for Excel
  'Export.accessRegister': [CHIEF, DEPUTY_CHIEF, MANAGER, AUDITOR],
} as const satisfies PolicyTable;

export type AccessAction = keyof typeof accessPolicy;

/** The scope an API token needs, on top of its owner being allowed the action; unlisted actions are refused to tokens. */
export const accessTokenScopes: Partial<Record<AccessAction, TokenScope>> = {
  'Query.rooms': TokenScope.READ,
  'Query.roomAuthorisations': TokenScope.READ,
  'Query.accessEvents': TokenScope.READ,
  'Query.accessReport': TokenScope.READ,
  'Query.accessVisits': TokenScope.READ,
  'Export.accessRegister': TokenScope.READ,
};

/** What access's audit entries name: its policy actions, and the sweep its job runs on a timer. */
export type AccessAuditAction = AccessAction | 'System.accessSweep';
