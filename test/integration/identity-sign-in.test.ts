import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../helpers/app.js';
import { auditEntriesOf, staffIdOf } from '../helpers/factories.js';
import { gql, signIn } from '../helpers/graphql.js';
import { DEMO, type DemoPerson } from '../helpers/people.js';

const ME = `{ me { staff { staffNumber } authorities sessionExpiresAt } }`;
const SIGN_IN = `mutation($input: SignInInput!) { signIn(input: $input) { staff { staffNumber } authorities } }`;
const UNLOCK = `mutation($input: StaffIdInput!) { unlockAccount(input: $input) }`;

let clock = new Date('2026-11-26T01:00:00Z');
let t: TestApp;
const advance = (seconds: number) => (clock = new Date(clock.getTime() + seconds * 1000));
const attempt = (staffNumber: string, password: string) =>
  gql(t.app.http, SIGN_IN, { input: { staffNumber, password } });
const staffId = (who: DemoPerson | string) => staffIdOf(t.db.dataSource, who);
const auditOf = (action: string) => auditEntriesOf(t.db.dataSource, action);

beforeAll(async () => {
  t = await startTestApp({ now: () => clock });
});
afterAll(() => t.close());

describe('staff sign-in', () => {
  it('signs in with staff number and password into an httpOnly, SameSite=Strict session cookie', async () => {
    const res = await attempt(DEMO.operationsManager.staffNumber, DEMO_PASSWORD);
    expect(res.errors).toBeUndefined();
    expect(res.data!.signIn.authorities.sort()).toEqual(['OPERATIONS_MANAGER', 'OPERATOR', 'PIN_ADMINISTRATOR']);
    expect(res.setCookie).toMatch(/^jukinet_session=[\w-]{40,};/);
    expect(res.setCookie).toMatch(/HttpOnly/);
    expect(res.setCookie).toMatch(/SameSite=Strict/);
    const cookie = res.setCookie!.split(';')[0];
    const me = await gql(t.app.http, ME, {}, cookie);
    expect(me.data!.me.staff.staffNumber).toBe(DEMO.operationsManager.staffNumber);
    expect(JSON.stringify(res.data)).not.toContain(cookie.split('=')[1]);
  });

  it('answers a wrong password and an unknown staff number alike, and audits both without the password', async () => {
    const wrong = await attempt(DEMO.residentRecordsChief.staffNumber, 'not-the-password-1');
    const unknown = await attempt('999999', 'not-the-password-2');
    expect(wrong.errors![0].extensions!.code).toBe('INVALID_CREDENTIALS');
    expect(unknown.errors![0]).toMatchObject({
      message: wrong.errors![0].message,
      extensions: { code: 'INVALID_CREDENTIALS' },
    });
    const entries = await auditOf('Mutation.signIn');
    const refused = entries.filter((e) => e.outcome === 'REFUSED');
    expect(refused.length).toBeGreaterThanOrEqual(2);
    const all = JSON.stringify(await t.db.dataSource.query(`SELECT * FROM audit_entry`));
    expect(all).not.toContain('not-the-password');
    expect(all).not.toContain(DEMO_PASSWORD);
  });

  it('slows down repeated failures: from the third one the next try must wait', async () => {
    for (let i = 0; i < 3; i++) {
      advance(120);
      expect(
        (await attempt(DEMO.citizenSectionStaff.staffNumber, `wrong-password-${i}`)).errors![0].extensions!.code,
      ).toBe('INVALID_CREDENTIALS');
    }
    const tooSoon = await attempt(DEMO.citizenSectionStaff.staffNumber, DEMO_PASSWORD);
    expect(tooSoon.errors![0].extensions).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: 1 });
    advance(2);
    expect((await attempt(DEMO.citizenSectionStaff.staffNumber, DEMO_PASSWORD)).errors).toBeUndefined();
  });

  it('locks the account at the 10th consecutive failure; a manager or system administrator may unlock it early', async () => {
    for (let i = 1; i <= 10; i++) {
      advance(120);
      const res = await attempt(DEMO.citizenSectionClerk.staffNumber, `wrong-password-${i}`);
      expect(res.errors![0].extensions!.code).toBe(i < 10 ? 'INVALID_CREDENTIALS' : 'ACCOUNT_LOCKED');
    }
    advance(600);
    expect((await attempt(DEMO.citizenSectionClerk.staffNumber, DEMO_PASSWORD)).errors![0].extensions!.code).toBe(
      'ACCOUNT_LOCKED',
    );

    const target = { input: { staffId: await staffId(DEMO.citizenSectionClerk) } };
    const operator = await signIn(t.app.http, DEMO.citizenSectionJunior.staffNumber, DEMO_PASSWORD);
    expect((await gql(t.app.http, UNLOCK, target, operator)).errors![0].extensions!.code).toBe('FORBIDDEN');
    const refused = (await auditOf('Mutation.unlockAccount')).filter((e) => e.outcome === 'REFUSED');
    expect(refused).toHaveLength(1);

    const manager = await signIn(t.app.http, DEMO.manager.staffNumber, DEMO_PASSWORD);
    expect((await gql(t.app.http, UNLOCK, target, manager)).data!.unlockAccount).toBe(true);
    expect((await attempt(DEMO.citizenSectionClerk.staffNumber, DEMO_PASSWORD)).errors).toBeUndefined();
    const [ok] = (await auditOf('Mutation.unlockAccount')).filter((e) => e.outcome === 'OK');
    expect(ok.changes).toEqual({ locked: [true, false], failedAttempts: [10, 0] });
  });

  it('lets no more than three of 26 parallel guesses reach the password check, and locks nobody in early', async () => {
    advance(3600);
    const guesses = Array.from({ length: 26 }, (_, i) => (i === 13 ? DEMO_PASSWORD : `parallel-guess-${i}`));
    const results = await Promise.all(guesses.map((p) => attempt(DEMO.residentRecordsChief.staffNumber, p)));
    const codes = results.map((r) => r.errors?.[0].extensions?.code ?? 'OK');
    // refused before the check: the account's back-off (or its rate limit)
    const refused = (c: string) => c === 'TOO_MANY_ATTEMPTS' || c === 'TOO_MANY_REQUESTS';
    const checked = codes.filter((c) => !refused(c));
    expect(checked.length).toBeLessThanOrEqual(3);
    expect(codes.filter(refused).length).toBeGreaterThanOrEqual(23);
    const [cred] = await t.db.dataSource.query(
      `SELECT "failedAttempts", "lockedAt" FROM staff_credential c JOIN staff s ON s.id = c."staffId" WHERE s."staffNumber" = '${DEMO.residentRecordsChief.staffNumber}'`,
    );
    expect(cred.lockedAt).toBeNull();
    expect(cred.failedAttempts).toBeLessThanOrEqual(3);
  });

  it('ends a session on sign-out, and every session on sign-out everywhere', async () => {
    const a = await signIn(t.app.http, DEMO.generalAffairsClerk.staffNumber, DEMO_PASSWORD);
    const b = await signIn(t.app.http, DEMO.generalAffairsClerk.staffNumber, DEMO_PASSWORD);
    const out = await gql(t.app.http, `mutation { signOut }`, {}, a);
    expect(out.setCookie).toMatch(/jukinet_session=;/);
    expect((await gql(t.app.http, ME, {}, a)).data!.me).toBeNull();
    expect((await gql(t.app.http, ME, {}, b)).data!.me.staff.staffNumber).toBe(DEMO.generalAffairsClerk.staffNumber);
    const c = await signIn(t.app.http, DEMO.generalAffairsClerk.staffNumber, DEMO_PASSWORD);
    expect((await gql(t.app.http, `mutation { signOutEverywhere }`, {}, c)).data!.signOutEverywhere).toBe(2);
    expect((await gql(t.app.http, ME, {}, b)).data!.me).toBeNull();
  });

  it('ends a session after the idle time and refuses it for reads', async () => {
    const s = await signIn(t.app.http, DEMO.personnelStaff.staffNumber, DEMO_PASSWORD);
    advance(121 * 60);
    expect((await gql(t.app.http, ME, {}, s)).data!.me).toBeNull();
    const read = await gql(t.app.http, `{ departments { code } }`, {}, s);
    expect(read.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
  });

  it('A9.7: gives the chief’s authority to the vice-chair acting for the chair, only during the period', async () => {
    clock = new Date('2026-08-19T01:00:00Z');
    const acting = await signIn(t.app.http, DEMO.deputyChief.staffNumber, DEMO_PASSWORD);
    expect((await gql(t.app.http, ME, {}, acting)).data!.me.authorities).toContain('CHIEF');
    clock = new Date('2026-08-22T01:00:00Z');
    const after = await signIn(t.app.http, DEMO.deputyChief.staffNumber, DEMO_PASSWORD);
    expect((await gql(t.app.http, ME, {}, after)).data!.me.authorities).not.toContain('CHIEF');
    clock = new Date('2026-11-26T06:00:00Z');
  });

  it('lets a system administrator set a password (ending that person’s sessions and tokens), and refuses short passwords', async () => {
    const victim = await signIn(t.app.http, DEMO.welfareClerk.staffNumber, DEMO_PASSWORD);
    const token = (
      await gql(
        t.app.http,
        `mutation { createApiToken(input: { name: "x", scopes: [READ], currentPassword: "${DEMO_PASSWORD}" }) { token } }`,
        {},
        victim,
      )
    ).data!.createApiToken.token as string;
    const admin = await signIn(t.app.http, DEMO.systemAdministrator.staffNumber, DEMO_PASSWORD);
    const SET = `mutation($input: SetStaffPasswordInput!) { setStaffPassword(input: $input) }`;
    const id = await staffId(DEMO.welfareClerk);
    const weak = await gql(t.app.http, SET, { input: { staffId: id, password: 'short' } }, admin);
    expect(weak.errors![0].extensions!.code).toBe('WEAK_PASSWORD');
    const [refusal] = await t.db.dataSource.query(
      `SELECT reason FROM audit_entry WHERE action = 'Mutation.setStaffPassword' AND outcome = 'REFUSED'`,
    );
    expect(refusal.reason).toBe('WEAK_PASSWORD');
    expect(
      (await gql(t.app.http, SET, { input: { staffId: id, password: 'a-new-long-password' } }, admin)).errors,
    ).toBeUndefined();
    expect((await gql(t.app.http, ME, {}, victim)).data!.me).toBeNull();
    const viaToken = await t.app.http.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      payload: { query: '{ me { staff { id } } }' },
    });
    expect(viaToken.json().data.me).toBeNull(); // the token no longer identifies anyone
    expect((await attempt(DEMO.welfareClerk.staffNumber, 'a-new-long-password')).errors).toBeUndefined();
  });

  it('changes one’s own password only with the current one', async () => {
    const s = await signIn(t.app.http, DEMO.welfareSectionChief.staffNumber, DEMO_PASSWORD);
    const CHANGE = `mutation($input: ChangePasswordInput!) { changePassword(input: $input) }`;
    const bad = await gql(
      t.app.http,
      CHANGE,
      { input: { currentPassword: 'wrong-one-xx', newPassword: 'another-long-one' } },
      s,
    );
    expect(bad.errors![0].extensions!.code).toBe('INVALID_CREDENTIALS');
    const [counted] = await t.db.dataSource.query(
      `SELECT "failedAttempts" FROM staff_credential c JOIN staff s ON s.id = c."staffId" WHERE s."staffNumber" = '${DEMO.welfareSectionChief.staffNumber}'`,
    );
    expect(counted.failedAttempts).toBe(1); // a wrong current password counts like a failed sign-in
    const other = await signIn(t.app.http, DEMO.welfareSectionChief.staffNumber, DEMO_PASSWORD);
    const ok = await gql(
      t.app.http,
      CHANGE,
      { input: { currentPassword: DEMO_PASSWORD, newPassword: 'another-long-one' } },
      s,
    );
    expect(ok.data!.changePassword).toBe(true);
    expect((await gql(t.app.http, ME, {}, s)).data!.me.staff.staffNumber).toBe(DEMO.welfareSectionChief.staffNumber); // this session stays
    expect((await gql(t.app.http, ME, {}, other)).data!.me).toBeNull(); // every other one ends
    expect((await attempt(DEMO.welfareSectionChief.staffNumber, 'another-long-one')).errors).toBeUndefined();
  });
});
