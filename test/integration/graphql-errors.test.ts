import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, useTestApp } from '../helpers/app.js';
import { gql, signIn } from '../helpers/graphql.js';
import { DEMO } from '../helpers/people.js';

/** as DEMO.operator, a staff member with no role: reading the organisation needs only OPERATOR */
// the principal cache off: a refused request then runs exactly the statement that identifies its caller
const app = useTestApp({ as: DEMO.operator, env: { IDENTITY_CACHE_SECONDS: '0' } });

describe('errors carry a code and never a stack, SQL or internal message', () => {
  it('answers a malformed date argument with BAD_USER_INPUT-class code and a readable message', async () => {
    const res = await app.gql(`{ council(on: "2026-02-30") { on } }`);
    expect(res.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.errors?.[0].message).toContain('LocalDate');
    expect(JSON.stringify(res)).not.toMatch(/stacktrace|at .*\.js:/);
  });

  it('answers an unknown field with GRAPHQL_VALIDATION_FAILED', async () => {
    const res = await app.gql(`{ departments { secretHash } }`);
    expect(res.status).toBe(400);
    expect(res.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('answers a syntax error with GRAPHQL_PARSE_FAILED', async () => {
    const res = await app.gql(`{ departments { `);
    expect(res.errors?.[0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('masks a database failure as INTERNAL_SERVER_ERROR without SQL, and the next request still works', async () => {
    const sql = await app.t.db.superuser();
    await sql.query(`ALTER TABLE department RENAME TO department_moved`);
    try {
      const res = await app.gql(`{ departments { code } }`);
      expect(res.errors?.[0].extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
      expect(res.errors?.[0].message).toBe('内部エラーが発生しました (internal error)');
      expect(JSON.stringify(res)).not.toMatch(/department_moved|relation|SELECT|stack/i);
    } finally {
      await sql.query(`ALTER TABLE department_moved RENAME TO department`);
      await sql.end();
    }
    const again = await app.gql(`{ departments { code } }`);
    expect(again.errors).toBeUndefined();
  });

  it('refuses a GET query without a CSRF-safe header and a batched request', async () => {
    const get = await app.t.app.http.inject({ method: 'GET', url: '/graphql?query=%7Bdepartments%7Bcode%7D%7D' });
    expect(get.statusCode).toBe(400);
    const batch = await app.t.app.http.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json' },
      payload: [{ query: '{ departments { code } }' }, { query: '{ departments { code } }' }],
    });
    expect(batch.statusCode).toBe(400);
  });
});

describe('HTTP surface', () => {
  it('reports health with the database checked', async () => {
    const res = await app.t.app.http.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: 'ok' });
  });

  it('answers an unknown API path with a JSON 404, never the app shell', async () => {
    const res = await app.t.app.http.inject({
      method: 'GET',
      url: '/graphql/nothing',
      headers: { accept: 'text/html' },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
  });
});

describe('deny by default', () => {
  it('refuses, before any resolver runs, a root field that the policy table does not name', async () => {
    const { POLICY } = await import('../../server/src/composition/policy.js');
    const saved = (POLICY as any)['Query.council'];
    delete (POLICY as any)['Query.council'];
    try {
      const before = app.t.db.logger.statements;
      const res = await app.gql(`{ council { on } }`);
      expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      // refused before execution, by a plugin: a client error (Apollo's default there is 500)
      expect(res.status).toBe(400);
      expect(app.t.db.logger.statements - before).toBe(1); // the session with its authorities (cache off here), nothing else
      for (const hidden of [
        `{ ... on Query { council { on } } }`,
        `query { ...F } fragment F on Query { council { on } }`,
      ]) {
        const refused = await app.gql(hidden);
        expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
        expect(refused.errors?.[0].message).toContain('not in the policy'); // the plugin, not the resolver's check
      }
    } finally {
      (POLICY as any)['Query.council'] = saved;
    }
  });
});

describe('Hardening §2: the inputs that gave HTTP 500 or INTERNAL_SERVER_ERROR', () => {
  const NIL = '00000000-0000-4000-8000-000000000000';
  const codeAndStatus = (r: { status: number; errors?: { extensions?: { code?: string } }[] }) =>
    `${r.status} ${r.errors?.[0]?.extensions?.code}`;

  it('refuses an id that is not a UUID, as a literal or a variable, before PostgreSQL sees it', async () => {
    expect(codeAndStatus(await app.gql(`{ staffMember(id: "1") { id } }`))).toBe('400 GRAPHQL_VALIDATION_FAILED');
    const variable = await app.gql(`query($id: ID!) { staffMember(id: $id) { id } }`, { id: 'not-a-uuid' });
    expect(codeAndStatus(variable)).toBe('400 BAD_USER_INPUT');
    expect(variable.errors?.[0].message).toContain('UUID');
    const nested = await app.gql(`query($s: ID) { roleHistory(role: CHIEF, sectionId: $s) { id } }`, { s: '' });
    expect(codeAndStatus(nested)).toBe('400 BAD_USER_INPUT');
    // a UUID in capitals is the same id
    expect((await app.gql(`{ staffMember(id: "${NIL.toUpperCase()}") { id } }`)).errors).toBeUndefined();
  });

  it('refuses a date outside the years the database holds', async () => {
    for (const on of ['0000-01-01', '1899-12-31', '3000-01-01'])
      expect(codeAndStatus(await app.gql(`{ council(on: "${on}") { on } }`))).toBe('400 GRAPHQL_VALIDATION_FAILED');
    const auditor = await signIn(app.t.app.http, DEMO.auditor.staffNumber, DEMO_PASSWORD);
    const instant = await gql(
      app.t.app.http,
      `query($f: DateTimeISO) { auditEntries(filter: { from: $f }) { nodes { id } } }`,
      { f: '-005000-01-01T00:00:00.000Z' },
      auditor,
    );
    expect(codeAndStatus(instant)).toBe('400 BAD_USER_INPUT');
  });

  it('refuses a NUL anywhere in the request with 400, in a variable or in the query text', async () => {
    const variable = await app.gql(`query($s: String) { staffDirectory(filter: { search: $s }) { nodes { id } } }`, {
      s: 'a\u0000b',
    });
    expect(codeAndStatus(variable)).toBe('400 BAD_USER_INPUT');
    const text = await app.gql(`{ staffDirectory(filter: { search: "a\\u0000b" }) { nodes { id } } }`);
    expect(codeAndStatus(text)).toBe('400 BAD_USER_INPUT');
    const json = await app.gql(`query($c: JSON) { auditVerification(checkpoint: $c) { ok } }`, {
      c: { a: ['\u0000'] },
    });
    expect(codeAndStatus(json)).toBe('400 BAD_USER_INPUT');
    // a backslash followed by u0000 is text like any other
    const auditor = await signIn(app.t.app.http, DEMO.auditor.staffNumber, DEMO_PASSWORD);
    const escaped = await gql(
      app.t.app.http,
      `query($s: String) { auditEntries(filter: { targetType: $s }) { nodes { id } } }`,
      { s: '\\u0000' },
      auditor,
    );
    expect(escaped.errors).toBeUndefined();
  });

  it('refuses a cursor out of range as BAD_USER_INPUT', async () => {
    const auditor = await signIn(app.t.app.http, DEMO.auditor.staffNumber, DEMO_PASSWORD);
    const res = await gql(
      app.t.app.http,
      `{ auditEntries(after: "1:9999999999999999999") { nodes { id } } }`,
      {},
      auditor,
    );
    expect(codeAndStatus(res)).toBe('200 BAD_USER_INPUT');
  });

  it('refuses a subscription as a validation failure (the API has none)', async () => {
    expect(codeAndStatus(await app.gql(`subscription { me { staff { id } } }`))).toBe('400 GRAPHQL_VALIDATION_FAILED');
  });
});
