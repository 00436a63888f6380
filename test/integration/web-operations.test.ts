// Every operation the web sends (web/src/generated/*.ts, from the features' .graphql files) passes
// the server's validation, its depth and cost limits included: codegen checks the documents against
// the schema, but only the server knows that a fragment spread costs one more level of nesting.
// Queries are sent as the manager; mutations only when they need a variable (sent without it, they
// stop at variable coercion after validation, so nothing is changed).
import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../helpers/app.js';
import { gql, signIn } from '../helpers/graphql.js';

let t: TestApp;
let cookie: string;
beforeAll(async () => {
  t = await startTestApp({});
  cookie = await signIn(t.app.http, '200301', DEMO_PASSWORD);
});
afterAll(() => t.close());

async function operations(): Promise<[string, string][]> {
  const out: [string, string][] = [];
  for (const file of await readdir('web/src/generated')) {
    if (file === 'policy.ts') continue;
    const mod = (await import(`../../web/src/generated/${file}`)) as Record<string, unknown>;
    for (const [name, doc] of Object.entries(mod)) {
      if (!name.endsWith('Document')) continue;
      const text = String(doc).trim();
      if (text.startsWith('query') || /^mutation \w+\([^)]*!\)/.test(text)) out.push([`${file} ${name}`, text]);
    }
  }
  return out;
}

describe('the web operations', () => {
  it('pass the server validation and limits', async () => {
    const ops = await operations();
    expect(ops.length).toBeGreaterThan(30);
    const refused: string[] = [];
    for (const [name, query] of ops) {
      const res = await gql(t.app.http, query, {}, cookie);
      const code = res.errors?.[0]?.extensions?.code;
      if (code === 'GRAPHQL_VALIDATION_FAILED' || code === 'GRAPHQL_PARSE_FAILED')
        refused.push(`${name}: ${res.errors![0].message}`);
    }
    expect(refused).toEqual([]);
  });
});
