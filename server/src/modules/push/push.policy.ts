// Who may call what in the push module: every staff member manages their own phones. API tokens and
// door tablets have no phone to be reached on (no token scope is listed, so tokens are refused).
import { Authority } from '../../shared/authority.js';
import type { PolicyTable } from '../../shared/policy.js';

const { OPERATOR, SYSTEM_ADMINISTRATOR } = Authority;

export const pushPolicy = {
  'Query.pushPublicKey': [OPERATOR],
  'Query.myPushSubscriptions': [OPERATOR],
  'Mutation.subscribePush': [OPERATOR],
  'Mutation.unsubscribePush': [OPERATOR],
  'Query.pushDeliveryProblems': [SYSTEM_ADMINISTRATOR],
} as const satisfies PolicyTable;

export type PushAction = keyof typeof pushPolicy | 'System.pushSubscriptionGone';
