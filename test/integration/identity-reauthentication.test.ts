// Hardening §4: the changes of one's own account that ask "is it really you" (a new passkey, the
// door PIN; the API token in identity-passkeys.test.ts) take the current password or a fresh
// assertion of one's own passkey, so staff who sign in with passkeys only (no password) are not
// shut out, and a wrong, replayed or stale confirmation is refused with a code and audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../helpers/app.js';
import { auditEntriesOf, staffIdOf } from '../helpers/factories.js';
import { errorCode, gql, signIn } from '../helpers/graphql.js';
import { SoftAuthenticator } from '../helpers/soft-authenticator.js';
import { DEMO, type DemoPerson } from '../helpers/people.js';

const BEGIN_REGISTRATION = `mutation($i: BeginPasskeyRegistrationInput!) { beginPasskeyRegistration(input: $i) }`;
const FINISH_REGISTRATION = `mutation($i: FinishPasskeyRegistrationInput!) { finishPasskeyRegistration(input: $i) { id } }`;
const BEGIN_SIGN_IN = `mutation { beginPasskeySignIn }`;
const SIGN_IN = `mutation($i: SignInWithPasskeyInput!) { signInWithPasskey(input: $i) { staff { id } } }`;
const BEGIN_REAUTH = `mutation { beginPasskeyReauthentication }`;
const SET_PIN = `mutation($i: SetDoorPinInput!) { setDoorPin(input: $i) }`;

let clock = new Date('2026-12-02T01:00:00Z');
let t: TestApp;
const advance = (seconds: number) => (clock = new Date(clock.getTime() + seconds * 1000));
const staffId = (who: DemoPerson) => staffIdOf(t.db.dataSource, who);
const lastAudit = async (action: string) => (await auditEntriesOf(t.db.dataSource, action)).at(-1);

beforeAll(async () => {
  t = await startTestApp({ now: () => clock });
});
afterAll(() => t.close());

/** Registers a passkey with the password, then takes the password away: a passkey-only person, signed in with it. */
async function passkeyOnly(who: DemoPerson) {
  const withPassword = await signIn(t.app.http, who.staffNumber, DEMO_PASSWORD);
  const key = new SoftAuthenticator();
  const options = (await gql(t.app.http, BEGIN_REGISTRATION, { i: { currentPassword: DEMO_PASSWORD } }, withPassword))
    .data!.beginPasskeyRegistration;
  const finished = await gql(
    t.app.http,
    FINISH_REGISTRATION,
    { i: { name: '業務用スマートフォン', response: key.create(options) } },
    withPassword,
  );
  expect(finished.errors).toBeUndefined();
  const id = await staffId(who);
  await t.db.dataSource.query(`UPDATE staff_credential SET "passwordHash" = NULL WHERE "staffId" = $1`, [id]);
  const signInOptions = (await gql(t.app.http, BEGIN_SIGN_IN)).data!.beginPasskeySignIn;
  const signedIn = await gql(t.app.http, SIGN_IN, { i: { response: key.get(signInOptions) } });
  expect(signedIn.errors).toBeUndefined();
  const cookie = signedIn.setCookie!.split(';')[0];
  /** a fresh assertion of this person's passkey, for a challenge from beginPasskeyReauthentication */
  const assertion = async (k: SoftAuthenticator = key) => {
    const res = await gql(t.app.http, BEGIN_REAUTH, {}, cookie);
    expect(res.errors).toBeUndefined();
    return k.get(res.data!.beginPasskeyReauthentication);
  };
  return { id, key, cookie, assertion };
}

const pinOf = async (id: string) =>
  (await t.db.dataSource.query(`SELECT "setAt" FROM door_pin WHERE "staffId" = $1`, [id]))[0] ?? null;
const passkeyCount = async (id: string) =>
  (await t.db.dataSource.query(`SELECT count(*)::int AS n FROM passkey WHERE "staffId" = $1`, [id]))[0].n as number;

describe('Hardening §4 a person with passkeys only adds a passkey and sets a door PIN', () => {
  it('Hardening §4 a passkey-only person registers a second passkey, confirming with the first', async () => {
    const { id, cookie, assertion } = await passkeyOnly(DEMO.welfareClerk);
    const begun = await gql(t.app.http, BEGIN_REGISTRATION, { i: { passkey: await assertion() } }, cookie);
    expect(begun.errors).toBeUndefined();
    const second = new SoftAuthenticator();
    const finished = await gql(
      t.app.http,
      FINISH_REGISTRATION,
      { i: { name: '予備のセキュリティキー', response: second.create(begun.data!.beginPasskeyRegistration) } },
      cookie,
    );
    expect(finished.errors).toBeUndefined();
    expect(await passkeyCount(id)).toBe(2);
    // the new one confirms the person as well
    expect(
      (await gql(t.app.http, BEGIN_REGISTRATION, { i: { passkey: await assertion(second) } }, cookie)).errors,
    ).toBe(undefined);
  });

  it('Hardening §4 a passkey-only person sets their door PIN with a passkey, and the audit entry says how', async () => {
    const { id, cookie, assertion } = await passkeyOnly(DEMO.insuranceClerk);
    const res = await gql(t.app.http, SET_PIN, { i: { passkey: await assertion(), pin: '583920' } }, cookie);
    expect(res.errors).toBeUndefined();
    expect(res.data!.setDoorPin).toBe(true);
    expect(await pinOf(id)).not.toBeNull();
    expect(await lastAudit('Mutation.setDoorPin')).toMatchObject({
      outcome: 'OK',
      actorId: id,
      changes: { doorPinSet: [null, true], reauthenticatedWith: [null, 'PASSKEY'] },
    });
    // the password way stays as it was for those who have one
    const other = await signIn(t.app.http, DEMO.insuranceStaff.staffNumber, DEMO_PASSWORD);
    expect(
      (await gql(t.app.http, SET_PIN, { i: { currentPassword: DEMO_PASSWORD, pin: '602817' } }, other)).errors,
    ).toBe(undefined);
    expect((await lastAudit('Mutation.setDoorPin'))!.changes).toMatchObject({
      reauthenticatedWith: [null, 'PASSWORD'],
    });
  });
});

describe('Hardening §4 a wrong or stale re-authentication is refused with a code', () => {
  it('Hardening §4 setDoorPin refuses a replayed, expired or foreign assertion, a password the person does not have, and none', async () => {
    const { id, cookie, assertion } = await passkeyOnly(DEMO.citizenSectionJunior);
    const set = (proof: Record<string, unknown>) =>
      gql(t.app.http, SET_PIN, { i: { ...proof, pin: '583920' } }, cookie);

    // an assertion is used once: a replay is stale
    const used = await assertion();
    expect((await set({ passkey: used })).errors).toBeUndefined();
    await t.db.dataSource.query(`DELETE FROM door_pin WHERE "staffId" = $1`, [id]);
    expect(errorCode(await set({ passkey: used }))).toBe('PASSKEY_REJECTED');
    expect(await lastAudit('Mutation.setDoorPin')).toMatchObject({
      outcome: 'REFUSED',
      reason: 'PASSKEY_REJECTED:CHALLENGE',
      targetId: id,
    });
    // a challenge older than its 5 minutes is stale too
    const late = await assertion();
    advance(6 * 60);
    expect(errorCode(await set({ passkey: late }))).toBe('PASSKEY_REJECTED');
    // a sign-in challenge is not a re-authentication one
    const signInOptions = (await gql(t.app.http, BEGIN_SIGN_IN)).data!.beginPasskeySignIn;
    expect(errorCode(await set({ passkey: new SoftAuthenticator().get(signInOptions) }))).toBe('PASSKEY_REJECTED');
    // another passkey than the person's own
    expect(errorCode(await set({ passkey: await assertion(new SoftAuthenticator()) }))).toBe('PASSKEY_REJECTED');
    expect((await lastAudit('Mutation.setDoorPin'))!.reason).toBe('PASSKEY_REJECTED:UNKNOWN_PASSKEY');
    // no password to give: any password is wrong
    expect(errorCode(await set({ currentPassword: DEMO_PASSWORD }))).toBe('INVALID_CREDENTIALS');
    expect(errorCode(await set({}))).toBe('REAUTHENTICATION_REQUIRED');
    expect(await lastAudit('Mutation.setDoorPin')).toMatchObject({
      outcome: 'REFUSED',
      reason: 'REAUTHENTICATION_REQUIRED',
    });
    expect(await pinOf(id)).toBeNull();
  });

  it('Hardening §4 beginPasskeyRegistration refuses a replayed or malformed assertion, a wrong password and none, and plants nothing', async () => {
    const { id, cookie, assertion } = await passkeyOnly(DEMO.branchStaff);
    const begin = (proof: Record<string, unknown>) => gql(t.app.http, BEGIN_REGISTRATION, { i: proof }, cookie);
    const used = await assertion();
    expect((await begin({ passkey: used })).errors).toBeUndefined();
    expect(errorCode(await begin({ passkey: used }))).toBe('PASSKEY_REJECTED');
    expect(await lastAudit('Mutation.beginPasskeyRegistration')).toMatchObject({
      outcome: 'REFUSED',
      reason: 'PASSKEY_REJECTED:CHALLENGE',
      targetId: id,
    });
    expect(errorCode(await begin({ passkey: { id: 'x' } }))).toBe('INVALID_PASSKEY_REQUEST');
    expect(errorCode(await begin({ currentPassword: 'not-my-password' }))).toBe('INVALID_CREDENTIALS');
    expect(errorCode(await begin({}))).toBe('REAUTHENTICATION_REQUIRED');
    expect(errorCode(await begin({ currentPassword: DEMO_PASSWORD, passkey: await assertion() }))).toBe(
      'REAUTHENTICATION_REQUIRED',
    );
    expect(await passkeyCount(id)).toBe(1);
  });

  it('Hardening §4 a weak PIN is refused before the confirmation is spent', async () => {
    const { cookie, assertion } = await passkeyOnly(DEMO.generalAffairsClerk);
    const proof = await assertion();
    expect(errorCode(await gql(t.app.http, SET_PIN, { i: { passkey: proof, pin: '123456' } }, cookie))).toBe(
      'WEAK_PIN',
    );
    expect((await gql(t.app.http, SET_PIN, { i: { passkey: proof, pin: '583920' } }, cookie)).errors).toBeUndefined();
  });
});
