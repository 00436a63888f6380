import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../helpers/app.js';
import { gql, gqlBearer, signIn } from '../helpers/graphql.js';
import { DEMO } from '../helpers/people.js';
import { staffIdOf } from '../helpers/factories.js';

const CREATE = `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token apiToken { id prefix scopes expiresAt lastUsedAt } } }`;
let clock = new Date('2026-11-26T01:00:00Z');
let t: TestApp;

/** A GraphQL request as an API client: Authorization: Bearer <token>, no cookie. */
const asClient = (token: string, query: string, variables?: Record<string, unknown>) =>
  gqlBearer<any>(t.app.http, token, query, variables);

async function createToken(staffNumber: string, scopes: string[], expiresInDays = 30) {
  const cookie = await signIn(t.app.http, staffNumber, DEMO_PASSWORD);
  const res = await gql(
    t.app.http,
    CREATE,
    { input: { name: 'テスト連携', scopes, expiresInDays, currentPassword: DEMO_PASSWORD } },
    cookie,
  );
  expect(res.errors).toBeUndefined();
  return { cookie, ...(res.data!.createApiToken as { token: string; apiToken: any }) };
}

beforeAll(async () => {
  t = await startTestApp({ now: () => clock });
});
afterAll(() => t.close());

describe('API tokens', () => {
  it('are shown once and stored only as a hash', async () => {
    const { token, apiToken } = await createToken(DEMO.auditor.staffNumber, ['READ']);
    expect(token).toMatch(/^jkn_[\w-]{43}$/);
    expect(apiToken.prefix).toBe(token.slice(0, 10));
    const rows = JSON.stringify(await t.db.dataSource.query(`SELECT * FROM api_token`));
    expect(rows).not.toContain(token);
    const audit = JSON.stringify(await t.db.dataSource.query(`SELECT * FROM audit_entry`));
    expect(audit).not.toContain(token);
  });

  it('with READ: reads the organisation, records when it was used, but not the audit trail even for an auditor', async () => {
    const { token, cookie } = await createToken(DEMO.auditor.staffNumber, ['READ']);
    expect((await asClient(token, `{ roleHolders { role } }`)).data.roleHolders).toHaveLength(8);
    expect((await asClient(token, `{ auditEntries { nodes { id } } }`)).errors![0].extensions!.code).toBe('FORBIDDEN');
    const list = await gql(t.app.http, `{ myApiTokens { prefix lastUsedAt } }`, {}, cookie);
    expect(list.data!.myApiTokens.find((x: any) => x.prefix === token.slice(0, 10)).lastUsedAt).not.toBeNull();
  });

  it('with READ_AUDIT: reads the audit trail only when the owner may, and is recorded as the actor', async () => {
    const auditor = await createToken(DEMO.auditor.staffNumber, ['READ_AUDIT']);
    const pulled = await asClient(auditor.token, `{ auditEntries(first: 5) { nodes { id } } }`);
    expect(pulled.errors, JSON.stringify(pulled.errors)).toBeUndefined();
    const operator = await createToken(DEMO.operator.staffNumber, ['READ_AUDIT']);
    expect((await asClient(operator.token, `{ auditEntries { nodes { id } } }`)).errors![0].extensions!.code).toBe(
      'FORBIDDEN',
    );
  });

  it('never changes anything: mutations are refused to tokens, and the refusal is audited with the token as actor', async () => {
    const { token, apiToken } = await createToken(DEMO.systemAdministrator.staffNumber, [
      'READ',
      'READ_AUDIT',
      'WRITE_OPLOG',
    ]);
    const res = await asClient(token, `mutation { signOutEverywhere }`);
    expect(res.errors![0].extensions!.code).toBe('FORBIDDEN');
    const [entry] = await t.db.dataSource.query(
      `SELECT * FROM audit_entry WHERE action = 'Mutation.signOutEverywhere' AND outcome = 'REFUSED'`,
    );
    expect(entry).toMatchObject({ actorType: 'TOKEN', actorId: apiToken.id });
  });

  it('stop working when revoked or expired, and an unknown token is anonymous', async () => {
    const { token, apiToken, cookie } = await createToken(DEMO.operator.staffNumber, ['READ'], 1);
    expect((await asClient(token, `{ council { on } }`)).errors).toBeUndefined();
    clock = new Date(clock.getTime() + 2 * 86_400_000);
    expect((await asClient(token, `{ council { on } }`)).errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    clock = new Date('2026-11-26T02:00:00Z');
    const other = await createToken(DEMO.operator.staffNumber, ['READ']);
    const revoke = `mutation($input: RevokeApiTokenInput!) { revokeApiToken(input: $input) { revokedAt } }`;
    expect((await gql(t.app.http, revoke, { input: { id: other.apiToken.id } }, other.cookie)).errors).toBeUndefined();
    expect((await asClient(other.token, `{ council { on } }`)).errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    expect((await asClient('jkn_not-a-real-token', `{ council { on } }`)).errors![0].extensions!.code).toBe(
      'UNAUTHENTICATED',
    );
    // someone else's token cannot be revoked by an operator
    const stranger = await signIn(t.app.http, DEMO.itJunior.staffNumber, DEMO_PASSWORD);
    const res = await gql(t.app.http, revoke, { input: { id: apiToken.id } }, stranger);
    expect(res.errors![0].extensions!.code).toBe('TOKEN_NOT_FOUND');
    void cookie;
  });

  it('refuses a token without scopes or with a lifetime over a year, with a code', async () => {
    const cookie = await signIn(t.app.http, DEMO.operator.staffNumber, DEMO_PASSWORD);
    const none = await gql(
      t.app.http,
      CREATE,
      { input: { name: 'x', scopes: [], currentPassword: DEMO_PASSWORD } },
      cookie,
    );
    expect(none.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    const long = await gql(
      t.app.http,
      CREATE,
      { input: { name: 'x', scopes: ['READ'], expiresInDays: 366, currentPassword: DEMO_PASSWORD } },
      cookie,
    );
    expect(long.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
  });

  it('lets one person hold at most 20 live tokens, also when asked in parallel; a revoked one frees a place', async () => {
    const cookie = await signIn(t.app.http, DEMO.citizenSectionClerk.staffNumber, DEMO_PASSWORD);
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        gql(
          t.app.http,
          CREATE,
          { input: { name: `連携${i}`, scopes: ['READ'], currentPassword: DEMO_PASSWORD } },
          cookie,
        ),
      ),
    );
    const codes = results.map((r) => r.errors?.[0]?.extensions?.code ?? 'OK');
    expect(codes.filter((c) => c === 'OK')).toHaveLength(20);
    expect(codes.filter((c) => c === 'INVALID_TOKEN_REQUEST')).toHaveLength(4);
    const id = results.find((r) => !r.errors)!.data!.createApiToken.apiToken.id;
    await gql(
      t.app.http,
      `mutation($i: RevokeApiTokenInput!) { revokeApiToken(input: $i) { id } }`,
      { i: { id } },
      cookie,
    );
    const again = await gql(
      t.app.http,
      CREATE,
      { input: { name: '後任', scopes: ['READ'], currentPassword: DEMO_PASSWORD } },
      cookie,
    );
    expect(again.errors).toBeUndefined();
  });
});

describe('Hardening §4 API tokens need re-authentication and end with the sessions', () => {
  const failuresOf = async (staffNumber: string) =>
    (
      await t.db.dataSource.query(
        `SELECT c."failedAttempts" AS n FROM staff_credential c JOIN staff s ON s.id = c."staffId" WHERE s."staffNumber" = $1`,
        [staffNumber],
      )
    )[0].n as number;

  it('Hardening §4 createApiToken refuses a wrong current password, counts it as a failure and audits it', async () => {
    const cookie = await signIn(t.app.http, DEMO.personnelStaff.staffNumber, DEMO_PASSWORD);
    const input = { name: '盗まれたセッション', scopes: ['READ'], currentPassword: 'not-the-password' };
    const res = await gql(t.app.http, CREATE, { input }, cookie);
    expect(res.errors![0].extensions!.code).toBe('INVALID_CREDENTIALS');
    expect(await failuresOf(DEMO.personnelStaff.staffNumber)).toBe(1);
    const refused = await t.db.dataSource.query(
      `SELECT reason FROM audit_entry WHERE action = 'Mutation.createApiToken' AND outcome = 'REFUSED' AND "targetId" = $1`,
      [await staffIdOf(t.db.dataSource, DEMO.personnelStaff)],
    );
    expect(refused).toEqual([{ reason: 'INVALID_CREDENTIALS' }]);
    const list = await gql(t.app.http, `{ myApiTokens { id } }`, {}, cookie);
    expect(list.data!.myApiTokens).toEqual([]);
  });

  it('Hardening §4 a password change and sign-out everywhere revoke the person’s API tokens, audited', async () => {
    const a = await createToken(DEMO.welfareClerk.staffNumber, ['READ']);
    expect((await asClient(a.token, `{ me { staff { id } } }`)).data.me).not.toBeNull();
    const CHANGE = `mutation($input: ChangePasswordInput!) { changePassword(input: $input) }`;
    const changed = await gql(
      t.app.http,
      CHANGE,
      { input: { currentPassword: DEMO_PASSWORD, newPassword: DEMO_PASSWORD } },
      a.cookie,
    );
    expect(changed.errors).toBeUndefined();
    expect((await asClient(a.token, `{ me { staff { id } } }`)).data.me).toBeNull();

    const b = await createToken(DEMO.welfareClerk.staffNumber, ['READ']);
    expect((await gql(t.app.http, `mutation { signOutEverywhere }`, {}, b.cookie)).errors).toBeUndefined();
    expect((await asClient(b.token, `{ me { staff { id } } }`)).data.me).toBeNull();

    const entries = await t.db.dataSource.query(
      `SELECT action, changes FROM audit_entry WHERE action IN ('Mutation.changePassword', 'Mutation.signOutEverywhere') AND outcome = 'OK' ORDER BY id`,
    );
    expect(entries.map((e: any) => [e.action, e.changes.tokensRevoked])).toEqual([
      ['Mutation.changePassword', [null, 1]],
      ['Mutation.signOutEverywhere', [null, 1]],
    ]);
  });
});
