// Policy samples of the push module: one call per action (authorization-policy.test.ts).
import { type SamplesOf } from './sample.js';

export const pushSamples: SamplesOf<'push'> = {
  'Query.pushPublicKey': { query: `{ pushPublicKey }` },
  'Query.myPushSubscriptions': { query: `{ myPushSubscriptions { id } }` },
  'Query.pushDeliveryProblems': { query: `{ pushDeliveryProblems { id } }` },
  'Mutation.subscribePush': {
    query: `mutation($i: SubscribePushInput!) { subscribePush(input: $i) { id } }`,
    variables: () => ({ i: { endpoint: 'http://nowhere.invalid/', p256dh: 'x', auth: 'y', label: 'policy' } }),
  },
  'Mutation.unsubscribePush': {
    query: `mutation($i: PushSubscriptionIdInput!) { unsubscribePush(input: $i) { id } }`,
    variables: () => ({ i: { id: '00000000-0000-4000-8000-000000000000' } }),
  },
};
