// The web's list of error codes (web/src/api/error-codes.ts) covers every code the server answers:
// each code enum of the server, and the codes services throw by name. (Each code's translation is a
// type check: web/src/i18n/{ja,en}/common.ts are Record<ErrorCode, string>.)
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SERVER_ERROR_CODES } from '../../web/src/api/error-codes.js';
import { buildSchema, GraphQLEnumType } from 'graphql';
import ja from '../../web/src/i18n/ja/common.js';
import en from '../../web/src/i18n/en/common.js';

async function sources(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await sources(p)));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts')) out.push(p);
  }
  return out;
}

describe('error codes on the web', () => {
  it('list every value of the schema’s ErrorCode enum (every module’s codes, folded by the composition root)', async () => {
    const schema = buildSchema(await readFile('schema.graphql', 'utf8'));
    const codes = (schema.getType('ErrorCode') as GraphQLEnumType).getValues().map((v) => v.name);
    expect(codes.length).toBeGreaterThan(20);
    expect(codes.filter((c) => !(SERVER_ERROR_CODES as readonly string[]).includes(c))).toEqual([]);
  });

  it("list every code a service throws by name (new AppError('CODE', …)), outside the module enums", async () => {
    const named = new Set<string>();
    for (const file of await sources('server/src')) {
      for (const m of (await readFile(file, 'utf8')).matchAll(/new AppError\(\s*'([A-Z_]+)'/g)) named.add(m[1]);
    }
    expect([...named].filter((c) => !(SERVER_ERROR_CODES as readonly string[]).includes(c))).toEqual([]);
  });

  it('have a message in Japanese and English for every code', () => {
    for (const messages of [ja.errorCodes, en.errorCodes]) {
      for (const [code, text] of Object.entries(messages)) expect(text, code).toMatch(/\S/);
      expect(Object.keys(messages).sort()).toEqual(Object.keys(ja.errorCodes).sort());
    }
  });
});
