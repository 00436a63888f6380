// Generated from the policy table (server/src/shared/policy.ts): every query and mutation × every
// kind of caller; the outcome must match the table, and every refused mutation is audited.
import { getMetadataStorage } from 'type-graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchema } from '../../server/src/composition/schema.js';
import { Authority } from '../../server/src/shared/authority.js';
import { DEVICE, PUBLIC, type Grantee } from '../../server/src/shared/policy.js';
import { POLICY, TOKEN_SCOPES, type Action } from '../../server/src/composition/policy.js';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../helpers/app.js';
import { gql, gqlBearer, signIn } from '../helpers/graphql.js';
import { DEMO } from '../helpers/people.js';
import { SAMPLED } from '../helpers/breadth.js';
import { ctx, SAMPLES } from './policy-samples/index.js';

/** Callers, each a demo staff member whose authorities are known (or nobody). */
const CALLERS: Record<string, { staffNumber: string | null; has: Grantee[]; token?: string[]; device?: boolean }> = {
  // a paired door tablet (paired through the manager's code)
  doorDevice: { staffNumber: null, has: [DEVICE], device: true },
  anonymous: { staffNumber: null, has: [PUBLIC] },
  operator: { staffNumber: DEMO.operator.staffNumber, has: [Authority.OPERATOR] },
  manager: { staffNumber: DEMO.manager.staffNumber, has: [Authority.OPERATOR, Authority.MANAGER] },
  chief: { staffNumber: DEMO.chief.staffNumber, has: [Authority.OPERATOR, Authority.CHIEF] },
  systemAdministrator: {
    staffNumber: DEMO.systemAdministrator.staffNumber,
    has: [Authority.OPERATOR, Authority.SYSTEM_ADMINISTRATOR],
  },
  auditor: { staffNumber: DEMO.auditor.staffNumber, has: [Authority.OPERATOR, Authority.AUDITOR] },
  // API clients: their owner's authority narrowed to the token's scopes
  tokenReadOfAuditor: {
    staffNumber: DEMO.auditor.staffNumber,
    has: [Authority.OPERATOR, Authority.AUDITOR],
    token: ['READ'],
  },
  tokenAuditOfAuditor: {
    staffNumber: DEMO.auditor.staffNumber,
    has: [Authority.OPERATOR, Authority.AUDITOR],
    token: ['READ_AUDIT'],
  },
  tokenAllOfSystemAdministrator: {
    staffNumber: DEMO.systemAdministrator.staffNumber,
    has: [Authority.OPERATOR, Authority.SYSTEM_ADMINISTRATOR],
    token: ['READ', 'READ_AUDIT', 'WRITE_OPLOG', 'READ_INCIDENTS'],
  },
  tokenIncidentsOfAuditor: {
    staffNumber: DEMO.auditor.staffNumber,
    has: [Authority.OPERATOR, Authority.AUDITOR],
    token: ['READ_INCIDENTS'],
  },
  pinAdministrator: {
    staffNumber: DEMO.pinAdministrator.staffNumber,
    has: [Authority.OPERATOR, Authority.PIN_ADMINISTRATOR, Authority.OPERATIONS_MANAGER],
  },
};

const TARGET = DEMO.welfareClerk.staffNumber;

/**
 * Headers of a caller: a session cookie, their token as Authorization: Bearer, or the tablet's
 * credential. Each is made once for the whole walk and made again only after a case ended it (a
 * signOut, signOutEverywhere or changePassword of the caller's): a sign-in per case spent most of
 * this file's time in argon2, and the outcome of a case does not depend on how new the session is.
 */
async function credentialsOf(caller: (typeof CALLERS)[string]): Promise<Record<string, string>> {
  if (caller.device) {
    const live = async (credential: string) =>
      !!(await gqlBearer<any>(t.app.http, credential, `{ thisDevice { id } }`)).data?.thisDevice;
    if (!deviceCredential || !(await live(deviceCredential))) {
      const manager = await sessionOf(DEMO.manager.staffNumber);
      const created = await gql(
        t.app.http,
        `mutation($i: CreateDevicePairingInput!) { createDevicePairing(input: $i) { code } }`,
        { i: { name: 'policy test tablet', roomIds: [ctx.roomId] } },
        manager,
      );
      const paired = await gql(t.app.http, `mutation($i: PairDeviceInput!) { pairDevice(input: $i) { credential } }`, {
        i: { code: created.data!.createDevicePairing.code },
      });
      deviceCredential = paired.data!.pairDevice.credential as string;
    }
    return { authorization: `Bearer ${deviceCredential}` };
  }
  if (!caller.staffNumber) return {};
  const cookie = await sessionOf(caller.staffNumber);
  if (!caller.token) return { cookie };
  // one token per caller for the whole walk (a person may hold at most 20 live tokens), made again
  // after the person's signOutEverywhere or changePassword revoked it (Hardening §4)
  const key = caller.token.join(',') + caller.staffNumber;
  const revoked = async (token: string) => {
    const res = await gqlBearer<any>(t.app.http, token, `{ me { staff { id } } }`);
    return !res.errors && res.data?.me === null; // a revoked token is anonymous (a live one may lack READ)
  };
  if (!tokensOfCallers[key] || (await revoked(tokensOfCallers[key]))) {
    tokensOfCallers[key] = await createTokenFor(cookie, caller.token);
  }
  return { authorization: `Bearer ${tokensOfCallers[key]}` };
}

const tokensOfCallers: Record<string, string> = {};
let deviceCredential: string | undefined;

/** The person's session for the walk; signed in again when a case ended it. */
const sessions: Record<string, string> = {};
async function sessionOf(staffNumber: string): Promise<string> {
  const cookie = sessions[staffNumber];
  if (cookie && (await gql(t.app.http, `{ me { staff { id } } }`, {}, cookie)).data?.me) return cookie;
  return (sessions[staffNumber] = await signIn(t.app.http, staffNumber, DEMO_PASSWORD));
}
async function createTokenFor(cookie: string, scopes: string[]): Promise<string> {
  const res = await gql(
    t.app.http,
    `mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { token } }`,
    { i: { name: 'policy test', scopes, currentPassword: DEMO_PASSWORD } },
    cookie,
  );
  return res.data!.createApiToken.token;
}

let t: TestApp;
let targetId: string;
beforeAll(async () => {
  // every refused mutation must leave its own entry here; anonymous refusals beyond 30 per address
  // and minute go into a summary entry instead (hardening §3, tested in audit-hardening), and this
  // table sends more than that in a minute on a fast machine
  t = await startTestApp({ env: { AUDIT_ANONYMOUS_REFUSALS_PER_MINUTE: '100000' } });
  [{ id: targetId, sectionId: ctx.sectionIdOfTarget }] = await t.db.dataSource.query(
    `SELECT id, "sectionId" FROM staff WHERE "staffNumber" = $1`,
    [TARGET],
  );
  [{ id: ctx.roomId }] = await t.db.dataSource.query(`SELECT id FROM room WHERE code = 'R01'`);
});
afterAll(() => t.close());

describe('policy table (REQUIREMENTS §8)', () => {
  it('names every query and mutation of the schema, each with @Authorized, and has a sample for each', async () => {
    const schema = await createSchema();
    const roots = [schema.getQueryType()!, schema.getMutationType()!].flatMap((type) =>
      Object.keys(type.getFields()).map((f) => `${type.name}.${f}`),
    );
    expect(roots.filter((r) => !(r in POLICY))).toEqual([]);
    const authorized = new Set(getMetadataStorage().authorizedFields.map((f) => `${f.target.name}.${f.fieldName}`));
    // every other entry is a sensitive field of an object type, guarded by its own @Authorized
    const fieldActions = Object.keys(POLICY).filter((a) => !roots.includes(a) && !/^(Export|Ingest)\./.test(a));
    expect(fieldActions.filter((a) => /^(Query|Mutation)\./.test(a))).toEqual([]);
    const fieldChecks = getMetadataStorage()
      .fieldResolvers.filter((f) =>
        getMetadataStorage().authorizedFields.some((a) => a.target === f.target && a.fieldName === f.methodName),
      )
      .map((f) => `${(f.getObjectType?.() as { name: string } | undefined)?.name}.${f.schemaName}`);
    expect(fieldActions.sort()).toEqual(fieldChecks.sort());
    const resolverMethods = getMetadataStorage().queries.concat(getMetadataStorage().mutations);
    expect(
      resolverMethods.filter((m) => !authorized.has(`${m.target.name}.${m.methodName}`)).map((m) => m.methodName),
    ).toEqual([]);
    expect(Object.keys(SAMPLES).sort()).toEqual(Object.keys(POLICY).sort());
  });

  for (const [action, grantees] of Object.entries(POLICY) as [Action, readonly Grantee[]][]) {
    const cases = Object.entries(CALLERS).map(([caller, c]) => {
      const ownerAllowed = c.has.some((g) => grantees.includes(g));
      const scope = TOKEN_SCOPES[action];
      const allowed = c.device
        ? grantees.includes(DEVICE)
        : c.token
          ? !!scope && c.token.includes(scope) && (ownerAllowed || grantees.includes(PUBLIC))
          : ownerAllowed || grantees.includes(PUBLIC);
      return { caller, c, allowed };
    });
    // sampled (CI's second pass, test/helpers/breadth.ts): one caller allowed and one refused per action
    const chosen = SAMPLED
      ? [cases.find((k) => k.allowed), cases.find((k) => !k.allowed)].filter((k) => k !== undefined)
      : cases;
    for (const { caller, c, allowed } of chosen) {
      const { staffNumber } = c;
      it(`${action} as ${caller}: ${allowed ? 'allowed' : 'refused'}`, async () => {
        const headers = await credentialsOf(c);
        const sample = SAMPLES[action];
        const before = await t.db.dataSource.query(
          `SELECT count(*)::int AS n FROM audit_entry WHERE action = $1 AND outcome = 'REFUSED'`,
          [action],
        );
        if (sample.httpGet || sample.httpPost) {
          // an HTTP export or write: 200, or 401/403 with { code }
          const post = sample.httpPost;
          const reply = post
            ? await t.app.http.inject({
                method: 'POST',
                url: post.url,
                headers: { ...headers, 'content-type': post.contentType },
                payload: post.body,
              })
            : await t.app.http.inject({ method: 'GET', url: sample.httpGet!, headers });
          if (allowed) expect(reply.statusCode).toBe(200);
          else {
            expect(reply.statusCode).toBe(staffNumber || c.device ? 403 : 401);
            expect(reply.json().code).toBe(staffNumber || c.device ? 'FORBIDDEN' : 'UNAUTHENTICATED');
            // a refused route (export, download, ingest) is audited like a refused mutation
            const after = await t.db.dataSource.query(
              `SELECT count(*)::int AS n FROM audit_entry WHERE action = $1 AND outcome = 'REFUSED'`,
              [action],
            );
            expect(after[0].n).toBe(before[0].n + 1);
          }
          return;
        }
        const reply = await t.app.http.inject({
          method: 'POST',
          url: '/graphql',
          headers: { 'content-type': 'application/json', ...headers },
          payload: { query: sample.query, variables: sample.variables?.(targetId) },
        });
        const res = reply.json() as { errors?: { extensions?: { code?: string } }[] };
        const code = res.errors?.[0]?.extensions?.code;
        if (allowed) {
          expect(['UNAUTHENTICATED', 'FORBIDDEN']).not.toContain(code);
        } else {
          expect(code).toBe(staffNumber || c.device ? 'FORBIDDEN' : 'UNAUTHENTICATED');
          if (action.startsWith('Mutation.')) {
            const after = await t.db.dataSource.query(
              `SELECT count(*)::int AS n FROM audit_entry WHERE action = $1 AND outcome = 'REFUSED'`,
              [action],
            );
            expect(after[0].n).toBe(before[0].n + 1);
          }
        }
      });
    }
  }
});
