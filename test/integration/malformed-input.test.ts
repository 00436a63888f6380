// Hardening §2, generated from schema.graphql: every root Query and Mutation field, as every kind of
// caller, with malformed ids, NULs, oversize strings, out-of-range dates and numbers and wrong types
// (test/helpers/malformed-input.ts). No answer may be a 5xx or carry INTERNAL_SERVER_ERROR: a
// client's input is refused with a client code, whoever sends it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../helpers/app.js';
import { pairDevice, roomIdsByCode, sectionIdOf, staffIdOf } from '../helpers/factories.js';
import { gql, signIn } from '../helpers/graphql.js';
import { loadSchemaFile, malformedCases, type MalformedCase } from '../helpers/malformed-input.js';
import { DEMO, type DemoPerson } from '../helpers/people.js';
import { SAMPLED } from '../helpers/breadth.js';

/** Who sends the cases: nobody, staff of each kind, an API client, a paired door tablet. */
const CALLERS: Record<string, { person?: DemoPerson; token?: boolean; device?: boolean }> = {
  anonymous: {},
  operator: { person: DEMO.operator },
  auditor: { person: DEMO.auditor },
  manager: { person: DEMO.manager },
  systemAdministrator: { person: DEMO.systemAdministrator },
  apiToken: { person: DEMO.systemAdministrator, token: true },
  doorDevice: { device: true },
};

const schema = loadSchemaFile();
const roots = [schema.getQueryType()!, schema.getMutationType()!].flatMap((t) =>
  Object.keys(t.getFields()).map((f) => `${t.name}.${f}`),
);
let t: TestApp;
let cases: MalformedCase[];
const headersOf: Record<string, Record<string, string>> = {};

/** A session cookie, an API token of all scopes, or a tablet's credential. */
async function credentialsOf(caller: (typeof CALLERS)[string]): Promise<Record<string, string>> {
  if (caller.device) {
    const manager = await signIn(t.app.http, DEMO.manager.staffNumber, DEMO_PASSWORD);
    const rooms = await roomIdsByCode(t.db.dataSource);
    const { credential } = await pairDevice(t.app.http, manager, [rooms.R01], 'malformed-input tablet');
    return { authorization: `Bearer ${credential}` };
  }
  if (!caller.person) return {};
  const cookie = await signIn(t.app.http, caller.person.staffNumber, DEMO_PASSWORD);
  if (!caller.token) return { cookie };
  const created = await gql(
    t.app.http,
    `mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { token } }`,
    {
      i: {
        name: 'malformed-input test',
        scopes: ['READ', 'READ_AUDIT', 'WRITE_OPLOG'],
        currentPassword: DEMO_PASSWORD,
      },
    },
    cookie,
  );
  return { authorization: `Bearer ${created.data!.createApiToken.token}` };
}

/** Sends one case: the answer's first error code, and what is wrong with the answer (if anything). */
async function answerTo(
  c: MalformedCase,
  headers: Record<string, string>,
): Promise<{ code?: string; problem?: string }> {
  const reply = await t.app.http.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json', ...headers },
    payload: JSON.stringify({ query: c.query, variables: c.variables }),
  });
  let body: { errors?: { message?: string; extensions?: { code?: string } }[] } = {};
  try {
    body = reply.json();
  } catch {
    // not JSON: only a 5xx is wrong here (fastify answers an over-limit body itself)
  }
  const code = body.errors?.[0]?.extensions?.code;
  const internal = body.errors?.find((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR');
  if (reply.statusCode < 500 && !internal) return { code };
  const shown = internal ?? body.errors?.[0];
  const text = shown?.message?.slice(0, 120) ?? reply.body.slice(0, 120);
  return { code, problem: `HTTP ${reply.statusCode} ${shown?.extensions?.code ?? ''} ${text}` };
}

/** A person whose session a case ended (or whose account it locked) signs in again. */
async function stillSignedIn(caller: string): Promise<void> {
  const { person, token } = CALLERS[caller];
  if (!person || token) return;
  const me = await gql(t.app.http, `{ me { staff { id } } }`, {}, headersOf[caller].cookie);
  if (me.data?.me) return;
  const [{ id }] = await t.db.dataSource.query(`SELECT id FROM staff WHERE "staffNumber" = $1`, [person.staffNumber]);
  const sql = await t.db.superuser();
  await sql.query(`UPDATE staff_credential SET "lockedAt" = NULL, "failedAttempts" = 0 WHERE "staffId" = $1`, [id]);
  await sql.end();
  headersOf[caller] = await credentialsOf(CALLERS[caller]);
}

beforeAll(async () => {
  t = await startTestApp();
  const ds = t.db.dataSource;
  const rooms = await roomIdsByCode(ds);
  // ids of real rows where a valid id gets further than a refusal for an unknown one; the rest unknown
  const welfareClerk = await staffIdOf(ds, DEMO.welfareClerk);
  cases = malformedCases(schema, {
    ids: {
      staffId: welfareClerk,
      actingStaffId: welfareClerk,
      sectionId: await sectionIdOf(ds, DEMO.welfareClerk.sectionCode),
      roomId: rooms.R01,
      roomIds: [rooms.R01],
    },
    strings: { month: '2026-11', staffNumber: '999999', code: 'Z99', name: '試験' },
  });
  for (const [name, caller] of Object.entries(CALLERS)) headersOf[name] = await credentialsOf(caller);
});
afterAll(() => t?.close());

/**
 * The cases of one field as one caller. When the first of them is refused FORBIDDEN or
 * UNAUTHENTICATED, the policy table refuses this caller the field before any argument is read
 * (requirePolicyPlugin runs before variables are coerced): then one case per kind of value is
 * enough to show that the refusal comes first whatever the input.
 */
async function problemsOf(caller: string, field: string): Promise<string[]> {
  const all = cases.filter((c) => c.field === field);
  const [unknownArgument, probe, ...rest] = all;
  const problems: string[] = [];
  const send = async (c: MalformedCase) => {
    const answer = await answerTo(c, headersOf[caller]);
    if (answer.problem) problems.push(`${field} ${c.label}: ${answer.problem}`);
    return answer.code;
  };
  await send(unknownArgument);
  if (!probe) return problems;
  const refused = ['FORBIDDEN', 'UNAUTHENTICATED'].includes((await send(probe)) ?? '');
  const kinds = new Set([probe.kind]);
  for (const c of rest) {
    if (refused && kinds.has(c.kind)) continue;
    kinds.add(c.kind);
    await send(c);
  }
  if (field.startsWith('Mutation.')) await stillSignedIn(caller);
  return problems;
}

describe('Hardening §2: no 5xx and no INTERNAL_SERVER_ERROR for any client input', () => {
  it('has cases for every root field of schema.graphql', () => {
    expect([...new Set(cases.map((c) => c.field))].sort()).toEqual([...roots].sort());
  });

  // sampled (CI's second pass, test/helpers/breadth.ts): the two kinds of staff whom most fields let
  // through to their arguments and resolvers, where the database meets the input
  const callers = SAMPLED ? ['manager', 'systemAdministrator'] : Object.keys(CALLERS);
  for (const caller of callers) {
    it.concurrent(
      `as ${caller}: every malformed value of every root field is a client error`,
      async () => {
        const problems: string[] = [];
        for (const field of roots) problems.push(...(await problemsOf(caller, field)));
        expect(problems).toEqual([]);
      },
      600_000,
    );
  }
});
