// Hardening §4: a password lockout that strangers cannot turn against the city. Locks expire and
// escalate, the system administrator is told, unknown staff numbers are indistinguishable, a lock
// ends sessions and tokens, and a new password does not lift it. (Passkeys: identity-passkeys.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../helpers/app.js';
import { staffIdOf } from '../helpers/factories.js';
import { gql, gqlBearer, signIn } from '../helpers/graphql.js';
import { DEMO } from '../helpers/people.js';
import { LockState } from '../../server/src/modules/identity/lock-state.entity.js';
import { SignInUnknownAccount } from '../../server/src/modules/identity/sign-in-unknown-account.entity.js';
import { StaffCredential } from '../../server/src/modules/identity/staff-credential.entity.js';

const SIGN_IN = `mutation($input: SignInInput!) { signIn(input: $input) { staff { staffNumber } } }`;
const ME = `{ me { staff { staffNumber } } }`;
const TODOS = `{ myTodos { id count } }`;

let clock = new Date('2026-11-26T01:00:00Z');
let t: TestApp;
const advance = (seconds: number) => (clock = new Date(clock.getTime() + seconds * 1000));
const attempt = (staffNumber: string, password: string) =>
  gql(t.app.http, SIGN_IN, { input: { staffNumber, password } });
const answer = (res: Awaited<ReturnType<typeof attempt>>) => {
  const e = res.errors?.[0];
  return e
    ? { code: e.extensions!.code, message: e.message, retryAfterSeconds: e.extensions!.retryAfterSeconds }
    : 'OK';
};
/** ten wrong passwords, two minutes apart (past the back-off); the answers */
async function tenFailures(staffNumber: string) {
  const answers = [];
  for (let i = 1; i <= 10; i++) {
    advance(120);
    answers.push(answer(await attempt(staffNumber, `wrong-password-${i}`)));
  }
  return answers;
}
const lockedFor = async (staffNumber: string) => {
  const res = answer(await attempt(staffNumber, DEMO_PASSWORD));
  return res === 'OK' ? 'OK' : `${res.code} ${res.retryAfterSeconds}`;
};

beforeAll(async () => {
  t = await startTestApp({ now: () => clock });
});
afterAll(() => t.close());

describe('Hardening §4 lockout that cannot be weaponised', () => {
  it('Hardening §4 the system administrator is alerted on 対応が必要, also after the lock has ended', async () => {
    const who = DEMO.welfareSectionChief.staffNumber;
    await tenFailures(who);
    const todosOf = async (staffNumber: string) =>
      (await gql(t.app.http, TODOS, {}, await signIn(t.app.http, staffNumber, DEMO_PASSWORD))).data!.myTodos as {
        id: string;
        count: number;
      }[];
    const admin = await todosOf(DEMO.systemAdministrator.staffNumber);
    expect(admin).toContainEqual({ id: 'identity.recentLockouts', count: 1 });
    expect(admin).toContainEqual({ id: 'identity.lockedAccounts', count: 1 });
    advance(20 * 60);
    const later = await todosOf(DEMO.systemAdministrator.staffNumber);
    expect(later.map((x) => x.id)).not.toContain('identity.lockedAccounts');
    expect(later).toContainEqual({ id: 'identity.recentLockouts', count: 1 });
    expect((await todosOf(DEMO.manager.staffNumber)).map((x) => x.id)).not.toContain('identity.recentLockouts');
    advance(24 * 3600);
    expect((await todosOf(DEMO.systemAdministrator.staffNumber)).map((x) => x.id)).not.toContain(
      'identity.recentLockouts',
    );
  });

  it('Hardening §4 a lock expires and escalates: 15 min, then 1 h, then 24 h', async () => {
    const who = DEMO.citizenSectionClerk.staffNumber;
    expect((await tenFailures(who)).at(-1)).toMatchObject({ code: 'ACCOUNT_LOCKED', retryAfterSeconds: 900 });
    advance(14 * 60);
    expect(await lockedFor(who)).toBe('ACCOUNT_LOCKED 60');
    advance(60);
    expect(await lockedFor(who)).toBe('OK'); // the lock ended by itself
    expect((await tenFailures(who)).at(-1)).toMatchObject({ code: 'ACCOUNT_LOCKED', retryAfterSeconds: 3600 });
    advance(3600);
    expect((await tenFailures(who)).at(-1)).toMatchObject({ code: 'ACCOUNT_LOCKED', retryAfterSeconds: 86_400 });
    const locks = await t.db.dataSource.query(
      `SELECT changes FROM audit_entry WHERE action = 'Mutation.signIn' AND reason = 'LOCKED_NOW' AND "targetId" = $1 ORDER BY id`,
      [await staffIdOf(t.db.dataSource, DEMO.citizenSectionClerk)],
    );
    expect(locks.map((l: any) => l.changes.lockCount[1])).toEqual([1, 2, 3]);
    // eight days later the escalation has been forgotten
    advance(8 * 86_400);
    expect((await tenFailures(who)).at(-1)).toMatchObject({ code: 'ACCOUNT_LOCKED', retryAfterSeconds: 900 });
  });

  it('Hardening §4 an unknown staff number gets the same answers and back-off as a real one', async () => {
    const real: unknown[] = [];
    const unknown: unknown[] = [];
    const both = async (password: string) => {
      real.push(answer(await attempt(DEMO.welfareClerk.staffNumber, password)));
      unknown.push(answer(await attempt('990001', password)));
    };
    for (let i = 0; i < 4; i++) await both(`wrong-password-${i}`); // the 4th comes too soon
    for (let i = 0; i < 8; i++) {
      advance(120);
      await both(`wrong-password-${i}`);
    }
    await both(DEMO_PASSWORD); // locked: refused alike, whatever the password
    expect(unknown).toEqual(real);
    expect(real.map((a: any) => a.code)).toEqual([
      ...Array(3).fill('INVALID_CREDENTIALS'),
      'TOO_MANY_ATTEMPTS',
      ...Array(6).fill('INVALID_CREDENTIALS'),
      'ACCOUNT_LOCKED',
      'ACCOUNT_LOCKED',
      'ACCOUNT_LOCKED',
    ]);
  });

  it('Hardening §4 locking an account ends its sessions and API tokens', async () => {
    const who = DEMO.personnelStaff.staffNumber;
    const cookie = await signIn(t.app.http, who, DEMO_PASSWORD);
    const created = await gql(
      t.app.http,
      `mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { token } }`,
      { i: { name: '連携', scopes: ['READ'], currentPassword: DEMO_PASSWORD } },
      cookie,
    );
    const token = created.data!.createApiToken.token as string;
    expect((await gqlBearer<any>(t.app.http, token, ME)).data.me).not.toBeNull();
    expect((await tenFailures(who)).at(-1)).toMatchObject({ code: 'ACCOUNT_LOCKED' });
    expect((await gql(t.app.http, ME, {}, cookie)).data!.me).toBeNull();
    expect((await gqlBearer<any>(t.app.http, token, ME)).data.me).toBeNull();
    const [lock] = await t.db.dataSource.query(
      `SELECT changes FROM audit_entry WHERE action = 'Mutation.signIn' AND reason = 'LOCKED_NOW' AND "targetId" = $1`,
      [await staffIdOf(t.db.dataSource, DEMO.personnelStaff)],
    );
    expect(lock.changes).toMatchObject({ sessionsEnded: [null, 1], tokensRevoked: [null, 1] });
  });

  it('Hardening §4 a new password does not lift a lock', async () => {
    const who = DEMO.generalAffairsClerk.staffNumber;
    await tenFailures(who);
    const admin = await signIn(t.app.http, DEMO.systemAdministrator.staffNumber, DEMO_PASSWORD);
    const set = await gql(
      t.app.http,
      `mutation($i: SetStaffPasswordInput!) { setStaffPassword(input: $i) }`,
      { i: { staffId: await staffIdOf(t.db.dataSource, DEMO.generalAffairsClerk), password: 'a-brand-new-password' } },
      admin,
    );
    expect(set.errors).toBeUndefined();
    expect(answer(await attempt(who, 'a-brand-new-password'))).toMatchObject({ code: 'ACCOUNT_LOCKED' });
    advance(15 * 60);
    expect(answer(await attempt(who, 'a-brand-new-password'))).toBe('OK');
  });
});

describe('Hardening §4 (review) one lock state for both kinds of subject', () => {
  it('Hardening §4 staff_credential and sign_in_unknown_account embed the one LockState, under unchanged column names', () => {
    const lockColumnsOf = (entity: typeof StaffCredential | typeof SignInUnknownAccount) => {
      const meta = t.db.dataSource.getMetadata(entity);
      const [embedded] = meta.embeddeds.filter((e) => e.type === LockState);
      expect(embedded, `${meta.tableName} embeds LockState`).toBeDefined();
      return embedded.columns.map((c) => [c.databaseName, c.type, c.isNullable, c.default]);
    };
    const expected = [
      ['failedAttempts', 'int', false, 0],
      ['lastFailedAt', 'timestamptz', true, undefined],
      ['lockedAt', 'timestamptz', true, undefined],
      ['lockedUntil', 'timestamptz', true, undefined],
      ['lockCount', 'int', false, 0],
    ];
    expect(lockColumnsOf(StaffCredential)).toEqual(expected);
    expect(lockColumnsOf(SignInUnknownAccount)).toEqual(expected);
  });

  it('Hardening §4 unlockAccount lifts the lock through the same type and keeps the escalation on record', async () => {
    const who = DEMO.insuranceClerk.staffNumber;
    await tenFailures(who);
    const manager = await signIn(t.app.http, DEMO.manager.staffNumber, DEMO_PASSWORD);
    const unlocked = await gql(
      t.app.http,
      `mutation($i: StaffIdInput!) { unlockAccount(input: $i) }`,
      { i: { staffId: await staffIdOf(t.db.dataSource, DEMO.insuranceClerk) } },
      manager,
    );
    expect(unlocked.errors).toBeUndefined();
    const [row] = await t.db.dataSource.query(
      `SELECT "failedAttempts", "lastFailedAt", "lockedUntil", "lockCount", "lockedAt" IS NOT NULL AS "lockOnRecord"
         FROM staff_credential WHERE "staffId" = $1`,
      [await staffIdOf(t.db.dataSource, DEMO.insuranceClerk)],
    );
    expect(row).toEqual({ failedAttempts: 0, lastFailedAt: null, lockedUntil: null, lockCount: 1, lockOnRecord: true });
    expect(await lockedFor(who)).toBe('OK');
  });
});
