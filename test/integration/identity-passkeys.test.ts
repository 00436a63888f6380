// Passkeys (WebAuthn): registration behind the current password, usernameless sign-in, and each
// check that makes a stolen or copied answer worthless. The browser flow is in test/e2e/passkeys.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../helpers/app.js';
import { auditEntriesOf, staffIdOf } from '../helpers/factories.js';
import { errorCode, gql, gqlBearer, signIn } from '../helpers/graphql.js';
import { SoftAuthenticator, type Bend } from '../helpers/soft-authenticator.js';
import { DEMO, type DemoPerson } from '../helpers/people.js';

const BEGIN_REGISTRATION = `mutation($i: BeginPasskeyRegistrationInput!) { beginPasskeyRegistration(input: $i) }`;
const FINISH_REGISTRATION = `mutation($i: FinishPasskeyRegistrationInput!) {
  finishPasskeyRegistration(input: $i) { id name backedUp createdAt lastUsedAt } }`;
const BEGIN_SIGN_IN = `mutation { beginPasskeySignIn }`;
const SIGN_IN = `mutation($i: SignInWithPasskeyInput!) { signInWithPasskey(input: $i) { staff { staffNumber } authorities } }`;
const PASSWORD_SIGN_IN = `mutation($i: SignInInput!) { signIn(input: $i) { staff { id } } }`;
const MY_PASSKEYS = `{ myPasskeys { id name lastUsedAt } }`;
const DELETE = `mutation($i: PasskeyIdInput!) { deletePasskey(input: $i) { id } }`;

let clock = new Date('2026-11-26T01:00:00Z');
let t: TestApp;
const advance = (seconds: number) => (clock = new Date(clock.getTime() + seconds * 1000));
const staffId = (who: DemoPerson | string) => staffIdOf(t.db.dataSource, who);
const auditOf = (action: string) => auditEntriesOf(t.db.dataSource, action);

/** Registers a new soft passkey for a staff member; returns it and their session cookie. */
async function register(staffNumber: string, name = '業務用スマートフォン', bend: Bend = {}) {
  const cookie = await signIn(t.app.http, staffNumber, DEMO_PASSWORD);
  const key = new SoftAuthenticator();
  const begun = await gql(t.app.http, BEGIN_REGISTRATION, { i: { currentPassword: DEMO_PASSWORD } }, cookie);
  expect(begun.errors).toBeUndefined();
  const finished = await gql(
    t.app.http,
    FINISH_REGISTRATION,
    { i: { name, response: key.create(begun.data!.beginPasskeyRegistration, bend) } },
    cookie,
  );
  return { key, cookie, finished, options: begun.data!.beginPasskeyRegistration };
}

async function passkeySignIn(key: SoftAuthenticator, bend: Bend = {}) {
  const options = (await gql(t.app.http, BEGIN_SIGN_IN)).data!.beginPasskeySignIn;
  const answer = key.get(options, bend);
  return { res: await gql(t.app.http, SIGN_IN, { i: { response: answer } }), answer, options };
}

beforeAll(async () => {
  t = await startTestApp({ now: () => clock });
});
afterAll(() => t.close());

describe('passkeys (identity issue: staff sign-in)', () => {
  it('registers a passkey after the current password and signs in with it, naming nobody beforehand', async () => {
    const { key, finished, options } = await register(DEMO.manager.staffNumber);
    expect(finished.errors).toBeUndefined();
    expect(finished.data!.finishPasskeyRegistration).toMatchObject({ name: '業務用スマートフォン', lastUsedAt: null });
    // what the browser is asked for: a discoverable credential with user verification, on our RP ID
    expect(options).toMatchObject({
      rp: { id: 'localhost', name: '住基ネット セキュリティ管理' },
      user: { name: DEMO.manager.staffNumber },
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
      attestation: 'none',
    });

    advance(60);
    const { res } = await passkeySignIn(key);
    expect(res.errors).toBeUndefined();
    expect(res.data!.signInWithPasskey.staff.staffNumber).toBe(DEMO.manager.staffNumber);
    expect(res.data!.signInWithPasskey.authorities).toContain('MANAGER');
    expect(res.setCookie).toMatch(/^jukinet_session=[\w-]{40,};.*HttpOnly/);
    const cookie = res.setCookie!.split(';')[0];
    const mine = await gql(t.app.http, MY_PASSKEYS, {}, cookie);
    expect(mine.data!.myPasskeys).toEqual([
      expect.objectContaining({ name: '業務用スマートフォン', lastUsedAt: clock.toISOString() }),
    ]);

    const id = await staffId(DEMO.manager);
    const [registered] = await auditOf('Mutation.finishPasskeyRegistration');
    expect(registered).toMatchObject({ outcome: 'OK', actorId: id, targetType: 'Passkey' });
    const [signedIn] = (await auditOf('Mutation.signInWithPasskey')).filter((e) => e.outcome === 'OK');
    expect(signedIn).toMatchObject({ actorType: 'STAFF', actorId: id, targetId: id });
    // only the public key is stored; the GraphQL type has no key material
    const [row] = await t.db.dataSource.query(`SELECT "publicKey", counter FROM passkey WHERE "staffId" = $1`, [id]);
    expect(row.publicKey.length).toBeGreaterThan(60);
    expect(Number(row.counter)).toBe(1);
  });

  it('asks for the current password before registering; a wrong one counts as a failed sign-in', async () => {
    const cookie = await signIn(t.app.http, DEMO.operator.staffNumber, DEMO_PASSWORD);
    const res = await gql(t.app.http, BEGIN_REGISTRATION, { i: { currentPassword: 'not-my-password' } }, cookie);
    expect(errorCode(res)).toBe('INVALID_CREDENTIALS');
    const [cred] = await t.db.dataSource.query(`SELECT "failedAttempts" FROM staff_credential WHERE "staffId" = $1`, [
      await staffId(DEMO.operator),
    ]);
    expect(cred.failedAttempts).toBe(1);
    const refused = await auditOf('Mutation.beginPasskeyRegistration');
    expect(refused.at(-1)).toMatchObject({ outcome: 'REFUSED', reason: 'INVALID_CREDENTIALS' });
    expect(JSON.stringify(refused)).not.toContain('not-my-password');
  });

  it('refuses a replayed sign-in answer: each challenge is answered once', async () => {
    const { key } = await register(DEMO.itStaff.staffNumber);
    const { res, answer } = await passkeySignIn(key);
    expect(res.errors).toBeUndefined();
    const replay = await gql(t.app.http, SIGN_IN, { i: { response: answer } });
    expect(errorCode(replay)).toBe('PASSKEY_REJECTED');
    expect(replay.setCookie).toBeUndefined();
    expect((await auditOf('Mutation.signInWithPasskey')).at(-1)).toMatchObject({
      outcome: 'REFUSED',
      reason: 'PASSKEY_REJECTED:CHALLENGE',
    });
  });

  it('refuses an answer made for another site (origin) or another RP ID, and an expired challenge', async () => {
    const { key } = await register(DEMO.itJunior.staffNumber);
    expect(errorCode((await passkeySignIn(key, { origin: 'https://jukinet.evil.example' })).res)).toBe(
      'PASSKEY_REJECTED',
    );
    expect(errorCode((await passkeySignIn(key, { rpId: 'evil.example' })).res)).toBe('PASSKEY_REJECTED');
    expect(errorCode((await passkeySignIn(key, { userVerified: false })).res)).toBe('PASSKEY_REJECTED');
    const options = (await gql(t.app.http, BEGIN_SIGN_IN)).data!.beginPasskeySignIn;
    advance(6 * 60);
    const late = await gql(t.app.http, SIGN_IN, { i: { response: key.get(options) } });
    expect(errorCode(late)).toBe('PASSKEY_REJECTED');
    expect((await passkeySignIn(key)).res.errors).toBeUndefined();
  });

  it('refuses a copied authenticator whose counter goes backwards, and audits why', async () => {
    const { key } = await register(DEMO.generalAffairsClerk.staffNumber);
    expect((await passkeySignIn(key)).res.errors).toBeUndefined();
    expect((await passkeySignIn(key)).res.errors).toBeUndefined();
    const clone = await passkeySignIn(key, { counter: 1 });
    expect(errorCode(clone.res)).toBe('PASSKEY_REJECTED');
    expect((await auditOf('Mutation.signInWithPasskey')).at(-1)).toMatchObject({
      outcome: 'REFUSED',
      reason: 'PASSKEY_REJECTED:COUNTER_REGRESSED',
      targetId: await staffId(DEMO.generalAffairsClerk),
    });
  });

  it('refuses an unknown passkey with the same answer as any other failure', async () => {
    const stranger = new SoftAuthenticator();
    const { res } = await passkeySignIn(stranger);
    expect(res.errors![0]).toMatchObject({ extensions: { code: 'PASSKEY_REJECTED' } });
    expect(res.errors![0].message).toContain('パスキーを確認できませんでした');
  });

  it('Hardening §4 a passkey signs in a person whose password sign-in is locked; a password change there keeps the lock', async () => {
    const { key } = await register(DEMO.formerManager.staffNumber);
    for (let i = 1; i <= 10; i++) {
      advance(120);
      await gql(t.app.http, PASSWORD_SIGN_IN, {
        i: { staffNumber: DEMO.formerManager.staffNumber, password: `wrong-${i}` },
      });
    }
    const locked = await gql(t.app.http, PASSWORD_SIGN_IN, {
      i: { staffNumber: DEMO.formerManager.staffNumber, password: DEMO_PASSWORD },
    });
    expect(errorCode(locked)).toBe('ACCOUNT_LOCKED');
    const { res } = await passkeySignIn(key);
    expect(res.errors).toBeUndefined();
    const cookie = res.setCookie!.split(';')[0];
    const changed = await gql(
      t.app.http,
      `mutation($i: ChangePasswordInput!) { changePassword(input: $i) }`,
      { i: { currentPassword: DEMO_PASSWORD, newPassword: 'a-fresh-password-1' } },
      cookie,
    );
    expect(changed.errors).toBeUndefined();
    const still = await gql(t.app.http, PASSWORD_SIGN_IN, {
      i: { staffNumber: DEMO.formerManager.staffNumber, password: 'a-fresh-password-1' },
    });
    expect(errorCode(still)).toBe('ACCOUNT_LOCKED');
    advance(15 * 60); // the lock ends by itself; the demo password back for the next test
    await gql(
      t.app.http,
      `mutation($i: ChangePasswordInput!) { changePassword(input: $i) }`,
      { i: { currentPassword: 'a-fresh-password-1', newPassword: DEMO_PASSWORD } },
      cookie,
    );
  });

  it('does not sign in a deactivated person with a passkey', async () => {
    const { key } = await register(DEMO.formerManager.staffNumber, '予備のキー');
    const id = await staffId(DEMO.formerManager);
    expect((await passkeySignIn(key)).res.errors).toBeUndefined();
    await t.db.dataSource.query(`UPDATE staff SET active = false WHERE id = $1`, [id]);
    expect(errorCode((await passkeySignIn(key)).res)).toBe('PASSKEY_REJECTED');
    await t.db.dataSource.query(`UPDATE staff SET active = true WHERE id = $1`, [id]);
  });

  it("cannot finish a registration with another person's challenge, nor register one passkey twice", async () => {
    const a = await signIn(t.app.http, DEMO.personnelStaff.staffNumber, DEMO_PASSWORD);
    const b = await signIn(t.app.http, DEMO.insuranceStaff.staffNumber, DEMO_PASSWORD);
    const options = (await gql(t.app.http, BEGIN_REGISTRATION, { i: { currentPassword: DEMO_PASSWORD } }, a)).data!
      .beginPasskeyRegistration;
    const key = new SoftAuthenticator();
    const stolen = await gql(t.app.http, FINISH_REGISTRATION, { i: { name: 'x', response: key.create(options) } }, b);
    expect(errorCode(stolen)).toBe('PASSKEY_REJECTED');
    // B's attempt did not use up A's challenge: it is still A's to answer
    const own = await gql(t.app.http, FINISH_REGISTRATION, { i: { name: 'A', response: key.create(options) } }, a);
    expect(own.errors).toBeUndefined();
    const again = (await gql(t.app.http, BEGIN_REGISTRATION, { i: { currentPassword: DEMO_PASSWORD } }, a)).data!
      .beginPasskeyRegistration;
    expect(again.excludeCredentials).toEqual([expect.objectContaining({ id: key.id })]);
    const twice = await gql(t.app.http, FINISH_REGISTRATION, { i: { name: 'A2', response: key.create(again) } }, a);
    expect(errorCode(twice)).toBe('PASSKEY_REJECTED');
    expect(await t.db.dataSource.query(`SELECT 1 FROM passkey WHERE "credentialId" = $1`, [key.id])).toHaveLength(1);
  });

  it('answers malformed input with INVALID_PASSKEY_REQUEST or BAD_USER_INPUT, never a 500', async () => {
    const cookie = await signIn(t.app.http, DEMO.insuranceClerk.staffNumber, DEMO_PASSWORD);
    const junk = await gql(t.app.http, SIGN_IN, { i: { response: { id: 'x', hello: 1 } } });
    expect(junk.status).toBe(200);
    expect(errorCode(junk)).toBe('INVALID_PASSKEY_REQUEST');
    const notJson = await gql(t.app.http, SIGN_IN, { i: { response: 'string' } });
    expect(errorCode(notJson)).toBe('BAD_USER_INPUT');
    const badClientData = await gql(t.app.http, SIGN_IN, {
      i: {
        response: {
          id: 'AAAA',
          rawId: 'AAAA',
          type: 'public-key',
          response: { clientDataJSON: 'bm90LWpzb24', authenticatorData: 'AAAA', signature: 'AAAA' },
        },
      },
    });
    expect(errorCode(badClientData)).toBe('INVALID_PASSKEY_REQUEST');
    const noName = await gql(t.app.http, FINISH_REGISTRATION, { i: { name: '', response: {} } }, cookie);
    expect(errorCode(noName)).toBe('BAD_USER_INPUT');
  });

  it('removes a passkey (owner or system administrator only); a removed one no longer signs in', async () => {
    const { key, cookie, finished } = await register(DEMO.branchStaff.staffNumber);
    const id = finished.data!.finishPasskeyRegistration.id;
    const other = await signIn(t.app.http, DEMO.welfareSectionChief.staffNumber, DEMO_PASSWORD);
    expect(errorCode(await gql(t.app.http, DELETE, { i: { id } }, other))).toBe('PASSKEY_NOT_FOUND');
    expect((await gql(t.app.http, DELETE, { i: { id } }, cookie)).errors).toBeUndefined();
    expect(errorCode((await passkeySignIn(key)).res)).toBe('PASSKEY_REJECTED');
    expect((await auditOf('Mutation.deletePasskey')).at(-1)).toMatchObject({ outcome: 'OK', targetId: id });
  });

  it("a password reset by the system administrator removes the person's passkeys", async () => {
    const { key } = await register(DEMO.citizenSectionClerk.staffNumber);
    const admin = await signIn(t.app.http, DEMO.systemAdministrator.staffNumber, DEMO_PASSWORD);
    const reset = await gql(
      t.app.http,
      `mutation($i: SetStaffPasswordInput!) { setStaffPassword(input: $i) }`,
      { i: { staffId: await staffId(DEMO.citizenSectionClerk), password: 'a-new-long-password' } },
      admin,
    );
    expect(reset.errors).toBeUndefined();
    expect(errorCode((await passkeySignIn(key)).res)).toBe('PASSKEY_REJECTED');
    expect((await auditOf('Mutation.setStaffPassword')).at(-1).changes).toMatchObject({
      passkeysRemoved: [null, 1],
    });
  });
});

describe('Hardening §4 createApiToken re-authenticates with a passkey as well as with the password', () => {
  const BEGIN_REAUTH = `mutation { beginPasskeyReauthentication }`;
  const CREATE_TOKEN = `mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { token apiToken { id } } }`;
  const token = (cookie: string, proof: Record<string, unknown>) =>
    gql(t.app.http, CREATE_TOKEN, { i: { name: 'パスキーで作成', scopes: ['READ'], ...proof } }, cookie);
  const reauthOptions = async (cookie: string) => {
    const res = await gql(t.app.http, BEGIN_REAUTH, {}, cookie);
    expect(res.errors).toBeUndefined();
    return res.data!.beginPasskeyReauthentication;
  };
  const tokensOf = async (who: DemoPerson) =>
    (
      await t.db.dataSource.query(`SELECT count(*)::int AS n FROM api_token WHERE "staffId" = $1`, [await staffId(who)])
    )[0].n as number;
  const failuresOf = async (who: DemoPerson) =>
    (
      await t.db.dataSource.query(`SELECT "failedAttempts" AS n FROM staff_credential WHERE "staffId" = $1`, [
        await staffId(who),
      ])
    )[0].n as number;

  it('Hardening §4 staff who have only a passkey make an API token with a fresh passkey assertion', async () => {
    const { key } = await register(DEMO.welfareClerk.staffNumber);
    const id = await staffId(DEMO.welfareClerk);
    // a passkey-only person: no password to give
    await t.db.dataSource.query(`UPDATE staff_credential SET "passwordHash" = NULL WHERE "staffId" = $1`, [id]);
    const { res } = await passkeySignIn(key);
    expect(res.errors).toBeUndefined();
    const cookie = res.setCookie!.split(';')[0];

    const options = await reauthOptions(cookie);
    // only the person's own passkeys, with user verification
    expect(options).toMatchObject({ rpId: 'localhost', userVerification: 'required' });
    expect(options.allowCredentials).toEqual([expect.objectContaining({ id: key.id, type: 'public-key' })]);
    const made = await token(cookie, { passkey: key.get(options) });
    expect(made.errors).toBeUndefined();
    const me = await gqlBearer<any>(t.app.http, made.data!.createApiToken.token, `{ me { staff { id } } }`);
    expect(me.data.me.staff.id).toBe(id);
    const [entry] = await t.db.dataSource.query(
      `SELECT changes FROM audit_entry WHERE action = 'Mutation.createApiToken' AND outcome = 'OK' AND "actorId" = $1`,
      [id],
    );
    expect(entry.changes).toMatchObject({ reauthenticatedWith: [null, 'PASSKEY'] });
    // the password way stays open to those who have one, and says how in the audit trail
    const other = await signIn(t.app.http, DEMO.auditor.staffNumber, DEMO_PASSWORD);
    expect((await token(other, { currentPassword: DEMO_PASSWORD })).errors).toBeUndefined();
    expect((await auditOf('Mutation.createApiToken')).at(-1).changes).toMatchObject({
      reauthenticatedWith: [null, 'PASSWORD'],
    });
  });

  it('Hardening §4 refuses an answer to another challenge, a replay, an unverified user or another person’s passkey, without counting a password failure', async () => {
    const { key, cookie } = await register(DEMO.pinAdministrator.staffNumber);
    const before = await tokensOf(DEMO.pinAdministrator);
    // a sign-in challenge is not a re-authentication one
    const signInOptions = (await gql(t.app.http, BEGIN_SIGN_IN)).data!.beginPasskeySignIn;
    expect(errorCode(await token(cookie, { passkey: key.get(signInOptions) }))).toBe('PASSKEY_REJECTED');
    expect((await auditOf('Mutation.createApiToken')).at(-1)).toMatchObject({
      outcome: 'REFUSED',
      reason: 'PASSKEY_REJECTED:CHALLENGE',
      targetId: await staffId(DEMO.pinAdministrator),
    });
    // user verification is required
    expect(
      errorCode(await token(cookie, { passkey: key.get(await reauthOptions(cookie), { userVerified: false }) })),
    ).toBe('PASSKEY_REJECTED');
    // an answer is used once
    const answer = key.get(await reauthOptions(cookie));
    expect((await token(cookie, { passkey: answer })).errors).toBeUndefined();
    expect(errorCode(await token(cookie, { passkey: answer }))).toBe('PASSKEY_REJECTED');
    // a challenge is bound to the person who asked for it …
    const { key: otherKey, cookie: otherCookie } = await register(DEMO.secretariatClerk.staffNumber);
    const theirs = await reauthOptions(otherCookie);
    expect(errorCode(await token(cookie, { passkey: key.get(theirs) }))).toBe('PASSKEY_REJECTED');
    // … and only their own passkey confirms them
    expect(errorCode(await token(cookie, { passkey: otherKey.get(await reauthOptions(cookie)) }))).toBe(
      'PASSKEY_REJECTED',
    );
    expect((await auditOf('Mutation.createApiToken')).at(-1)).toMatchObject({
      reason: 'PASSKEY_REJECTED:UNKNOWN_PASSKEY',
    });
    expect(await tokensOf(DEMO.pinAdministrator)).toBe(before + 1);
    expect(await failuresOf(DEMO.pinAdministrator)).toBe(0);
  });

  it('Hardening §4 asks for exactly one of the password and a passkey, and begins a passkey confirmation only for someone who has one', async () => {
    const { key, cookie } = await register(DEMO.deputyChief.staffNumber);
    const neither = await token(cookie, {});
    expect(errorCode(neither)).toBe('REAUTHENTICATION_REQUIRED');
    const both = await token(cookie, { currentPassword: DEMO_PASSWORD, passkey: key.get(await reauthOptions(cookie)) });
    expect(errorCode(both)).toBe('REAUTHENTICATION_REQUIRED');
    expect((await auditOf('Mutation.createApiToken')).at(-1)).toMatchObject({
      outcome: 'REFUSED',
      reason: 'REAUTHENTICATION_REQUIRED',
    });
    expect(errorCode(await token(cookie, { passkey: { id: 'x' } }))).toBe('INVALID_PASSKEY_REQUEST');
    expect(await tokensOf(DEMO.deputyChief)).toBe(0);
    const none = await signIn(t.app.http, DEMO.chief.staffNumber, DEMO_PASSWORD);
    expect(errorCode(await gql(t.app.http, BEGIN_REAUTH, {}, none))).toBe('INVALID_PASSKEY_REQUEST');
  });
});

describe('passkeys with WEBAUTHN_ORIGINS set', () => {
  it('accepts only the configured origins', async () => {
    const strict = await startTestApp({ env: { WEBAUTHN_ORIGINS: 'https://localhost:8443' } });
    try {
      const cookie = await signIn(strict.app.http, DEMO.manager.staffNumber, DEMO_PASSWORD);
      const attempt = async (origin: string) => {
        const key = new SoftAuthenticator(origin);
        const begun = await gql(strict.app.http, BEGIN_REGISTRATION, { i: { currentPassword: DEMO_PASSWORD } }, cookie);
        const response = key.create(begun.data!.beginPasskeyRegistration);
        return gql(strict.app.http, FINISH_REGISTRATION, { i: { name: origin, response } }, cookie);
      };
      expect(errorCode(await attempt('http://localhost:5173'))).toBe('PASSKEY_REJECTED');
      expect((await attempt('https://localhost:8443')).errors).toBeUndefined();
    } finally {
      await strict.close();
    }
  });
});
