// Policy samples of the identity module: one call per action (authorization-policy.test.ts).
import { DEMO_PASSWORD } from '../../helpers/app.js';
import { ctx, type SamplesOf } from './sample.js';

export const identitySamples: SamplesOf<'identity'> = {
  'Query.me': { query: `{ me { staff { id } } }` },
  'Mutation.signIn': {
    query: `mutation($i: SignInInput!) { signIn(input: $i) { staff { id } } }`,
    variables: () => ({ i: { staffNumber: '000000', password: 'nobody-has-this' } }),
  },
  'Mutation.signOut': { query: `mutation { signOut }` },
  'Mutation.signOutEverywhere': { query: `mutation { signOutEverywhere }` },
  'Mutation.changePassword': {
    query: `mutation($i: ChangePasswordInput!) { changePassword(input: $i) }`,
    variables: () => ({ i: { currentPassword: 'not-the-current', newPassword: 'whatever-long-enough' } }),
  },
  'Mutation.unlockAccount': {
    query: `mutation($i: StaffIdInput!) { unlockAccount(input: $i) }`,
    variables: (id) => ({ i: { staffId: id } }),
  },
  'Mutation.setStaffPassword': {
    query: `mutation($i: SetStaffPasswordInput!) { setStaffPassword(input: $i) }`,
    variables: (id) => ({ i: { staffId: id, password: DEMO_PASSWORD } }),
  },
  'Query.myApiTokens': { query: `{ myApiTokens { id } }` },
  'Query.myPasskeys': { query: `{ myPasskeys { id } }` },
  'Mutation.beginPasskeyRegistration': {
    query: `mutation($i: BeginPasskeyRegistrationInput!) { beginPasskeyRegistration(input: $i) }`,
    variables: () => ({ i: { currentPassword: 'not-the-current' } }),
  },
  'Mutation.finishPasskeyRegistration': {
    query: `mutation($i: FinishPasskeyRegistrationInput!) { finishPasskeyRegistration(input: $i) { id } }`,
    variables: () => ({ i: { name: 'policy test', response: { id: 'AAAA' } } }),
  },
  'Mutation.deletePasskey': {
    query: `mutation($i: PasskeyIdInput!) { deletePasskey(input: $i) { id } }`,
    variables: () => ({ i: { id: '00000000-0000-4000-8000-000000000000' } }),
  },
  'Mutation.beginPasskeySignIn': { query: `mutation { beginPasskeySignIn }` },
  'Mutation.beginPasskeyReauthentication': { query: `mutation { beginPasskeyReauthentication }` },
  'Mutation.signInWithPasskey': {
    query: `mutation($i: SignInWithPasskeyInput!) { signInWithPasskey(input: $i) { staff { id } } }`,
    variables: () => ({ i: { response: { id: 'AAAA' } } }),
  },
  'Query.doorDevices': { query: `{ doorDevices { id } }` },
  'Query.thisDevice': { query: `{ thisDevice { id } }` },
  'Mutation.createDevicePairing': {
    query: `mutation($i: CreateDevicePairingInput!) { createDevicePairing(input: $i) { expiresAt } }`,
    variables: () => ({ i: { name: 'policy test', roomIds: [ctx.roomId] } }),
  },
  'Mutation.pairDevice': {
    query: `mutation($i: PairDeviceInput!) { pairDevice(input: $i) { device { id } } }`,
    variables: () => ({ i: { code: 'AAAAA-AAAAA' } }),
  },
  'Mutation.revokeDevice': {
    query: `mutation($i: DeviceIdInput!) { revokeDevice(input: $i) { id } }`,
    variables: () => ({ i: { id: '00000000-0000-4000-8000-000000000000' } }),
  },
  'Mutation.createApiToken': {
    query: `mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { apiToken { id } } }`,
    variables: () => ({ i: { name: 'policy test', scopes: ['READ'], currentPassword: DEMO_PASSWORD } }),
  },
  'Mutation.revokeApiToken': {
    query: `mutation($i: RevokeApiTokenInput!) { revokeApiToken(input: $i) { id } }`,
    variables: () => ({ i: { id: '00000000-0000-4000-8000-000000000000' } }),
  },
};
