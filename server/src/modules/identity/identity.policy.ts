// Who may call what in the identity module (REQUIREMENTS §8): folded into the one policy table by the
// composition root. Anything no table names is refused.
import { Authority, TokenScope } from '../../shared/authority.js';
import { DEVICE, PUBLIC, type PolicyTable } from '../../shared/policy.js';

const { AUDITOR, MANAGER, OPERATOR, SYSTEM_ADMINISTRATOR } = Authority;

export const identityPolicy = {
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
  'Mutation.beginPasskeyReauthentication': [OPERATOR],
  'Query.myApiTokens': [OPERATOR],
  'Mutation.createApiToken': [OPERATOR],
  'Mutation.revokeApiToken': [OPERATOR],
  'Query.doorDevices': [MANAGER, SYSTEM_ADMINISTRATOR, AUDITOR],
  'Query.thisDevice': [DEVICE],
  'Mutation.createDevicePairing': [MANAGER, SYSTEM_ADMINISTRATOR],
  'Mutation.pairDevice': [PUBLIC],
  'Mutation.revokeDevice': [MANAGER, SYSTEM_ADMINISTRATOR],
} as const satisfies PolicyTable;

export type IdentityAction = keyof typeof identityPolicy;

/** The scope an API token needs, on top of its owner being allowed the action; unlisted actions are refused to tokens. */
export const identityTokenScopes: Partial<Record<IdentityAction, TokenScope>> = {
  'Query.me': TokenScope.READ,
};
