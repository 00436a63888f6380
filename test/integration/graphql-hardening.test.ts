import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../server/src/shared/hardening.js';
import { startTestApp, useTestApp } from '../helpers/app.js';
import { gql } from '../helpers/graphql.js';
import { DEMO } from '../helpers/people.js';

const STAFF_FIELDS =
  'id staffNumber familyName givenName familyNameKana givenNameKana title active fullName fullNameKana';
// the principal cache off: every request then runs exactly one statement to identify its caller,
// so "nothing else ran" reads as exactly 1
const app = useTestApp({ env: { NODE_ENV: 'production', IDENTITY_CACHE_SECONDS: '0' }, as: DEMO.operator });

/** Sends a query and counts SQL statements: 2 are the session and its authorities; resolvers add more. */
async function refusedBeforeResolvers(query: string): Promise<string> {
  const before = app.t.db.logger.statements;
  const res = await app.gql(query, {});
  expect(res.data ?? null).toBeNull();
  expect(app.t.db.logger.statements - before).toBe(1); // the session with its authorities (one statement)
  return `${res.errors?.[0].extensions?.code}: ${res.errors?.[0].message}`;
}

describe('GraphQL hardening', () => {
  it('refuses an operation deeper than the limit before any resolver runs', async () => {
    let nested = 'code';
    for (let i = 0; i < 6; i++) nested = `department { sections { ${nested} } }`;
    expect(await refusedBeforeResolvers(`{ departments { sections { ${nested} } } }`)).toMatch(
      /^GRAPHQL_VALIDATION_FAILED: .*depth/i,
    );
  });

  it('refuses too many aliases before any resolver runs', async () => {
    const aliases = Array.from({ length: LIMITS.maxAliases + 1 }, (_, i) => `a${i}: council { on }`).join(' ');
    expect(await refusedBeforeResolvers(`{ ${aliases} }`)).toMatch(/^GRAPHQL_VALIDATION_FAILED: .*alias/i);
  });

  it('refuses an operation over the cost limit before any resolver runs', async () => {
    // pages count as many times as they ask for (first: 100), nesting multiplies by 1.5 per level
    const wide = Array.from(
      { length: 14 },
      (_, i) =>
        `d${i}: staffDirectory(first: 100) { nodes { section { staff { section { staff { ${STAFF_FIELDS} } } } } } }`,
    ).join(' ');
    expect(await refusedBeforeResolvers(`{ ${wide} }`)).toMatch(/^GRAPHQL_VALIDATION_FAILED: .*cost/i);
  });

  it('refuses a document of more tokens than the limit as a parse failure, before any resolver runs', async () => {
    const many = Array.from({ length: LIMITS.maxTokens }, () => 'on').join(' ');
    expect(await refusedBeforeResolvers(`{ council { ${many} } }`)).toMatch(/^GRAPHQL_PARSE_FAILED: .*tokens/);
  });

  it('gives no "did you mean" suggestion in production', async () => {
    const res = await app.gql(`{ departmens { id } }`, {});
    expect(res.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.errors?.[0].message).not.toMatch(/did you mean/i);
  });

  it('has introspection off in production unless configured on', async () => {
    const res = await app.gql(`{ __schema { queryType { name } } }`, {});
    expect(res.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const on = await startTestApp({ seed: false, env: { NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true' } });
    try {
      expect((await gql(on.app.http, `{ __schema { queryType { name } } }`)).data).toEqual({
        __schema: { queryType: { name: 'Query' } },
      });
    } finally {
      await on.close();
    }
  });

  it('still answers the PWA organisation query within every limit', async () => {
    const { OrganisationDocument } = await import('../../web/src/generated/organisation.js');
    const res = await app.gql(String(OrganisationDocument), { on: '2026-11-26' });
    expect(res.errors).toBeUndefined();
  });

  it('runs database statements under the configured statement_timeout', async () => {
    const [{ statement_timeout }] = await app.t.db.dataSource.query('SHOW statement_timeout');
    expect(statement_timeout).toBe('15s');
  });
});
