// A16: the operator register beyond its first page. The picker of operators to issue a card to and
// the operator list on /cards search as one types (staff number, name, kana, operator ID) through the
// keyset-paged cardOperators, and page with もっと見る: with 160 operators the 150th is found by
// search and reached by paging, and a page costs the same statements for 10 or 100 operators.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../helpers/app.js';
import { sectionIdOf } from '../helpers/factories.js';
import { gql, signIn } from '../helpers/graphql.js';
import { DEMO } from '../helpers/people.js';

const OPERATORS = `query($f: CardOperatorFilterInput, $first: Int, $after: String) {
  cardOperators(filter: $f, first: $first, after: $after) {
    nodes { id operatorCode staff { staffNumber fullName } section { code } cards { cardNumber state } } endCursor hasNextPage } }`;
const N = 160;

let t: TestApp;
let pin: string;
const operators = async (variables: Record<string, unknown>) => {
  const res = await gql(t.app.http, OPERATORS, variables, pin);
  expect(res.errors).toBeUndefined();
  return res.data!.cardOperators as { nodes: any[]; endCursor: string | null; hasNextPage: boolean };
};
const codesOf = (page: { nodes: any[] }) => page.nodes.map((o) => o.operatorCode as string);

beforeAll(async () => {
  // the principal cache off: every request looks its caller up once, so the statement count is exact
  t = await startTestApp({ env: { IDENTITY_CACHE_SECONDS: '0' } });
  pin = await signIn(t.app.http, DEMO.pinAdministrator.staffNumber, DEMO_PASSWORD);
  const section = await sectionIdOf(t.db.dataSource, 'S0401');
  // 160 staff (試験 職員001 …, しけん しょくいん…, 9000001 …) and an operator each (OP-T001 …)
  await t.db.dataSource.query(
    `INSERT INTO staff ("staffNumber", "familyName", "givenName", "familyNameKana", "givenNameKana", title, "sectionId")
     SELECT '9' || lpad(g::text, 5, '0'), '試験', '職員' || lpad(g::text, 3, '0'), 'しけん',
            'しょくいん' || chr(12353 + g % 80), '主事', $1
     FROM generate_series(1, ${N}) g`,
    [section],
  );
  await t.db.dataSource.query(
    `INSERT INTO card_operator ("staffId", "operatorCode", "sectionId", since)
     SELECT s.id, 'OP-T' || substr(s."staffNumber", 4), $1, '2026-04-01' FROM staff s WHERE s."staffNumber" LIKE '9%'`,
    [section],
  );
  // the 150th holds a card
  await t.db.dataSource.query(
    `INSERT INTO operator_card ("cardNumber", state, "holderId", "updatedAt")
     SELECT 'C-T150', 'ISSUED', id, now() FROM card_operator WHERE "operatorCode" = 'OP-T150'`,
  );
});
afterAll(() => t.close());

describe('A16 operator register: search as one types and page beyond 100', () => {
  it('A16 the 150th operator is found by staff number, operator ID, name and kana', async () => {
    expect(codesOf(await operators({ f: { search: '900150' }, first: 20 }))).toEqual(['OP-T150']);
    expect(codesOf(await operators({ f: { search: 'op-t150' }, first: 20 }))).toEqual(['OP-T150']);
    expect(codesOf(await operators({ f: { search: '職員150' }, first: 20 }))).toEqual(['OP-T150']);
    // the name as one writes it, with a space (full-width or not) between family and given name
    expect(codesOf(await operators({ f: { search: '試験　職員150' }, first: 20 }))).toEqual(['OP-T150']);
    const kana = await operators({
      f: { search: `しけん しょくいん${String.fromCharCode(12353 + (150 % 80))}` },
      first: 100,
    });
    expect(codesOf(kana)).toContain('OP-T150');
    expect(kana.nodes.every((o) => o.staff.fullName.startsWith('試験'))).toBe(true);
    // a number is matched from its start: 150 is not the prefix of any staff number or operator ID
    expect(codesOf(await operators({ f: { search: '0150' }, first: 20 }))).toEqual([]);
    // LIKE's own characters are searched for as themselves
    expect(codesOf(await operators({ f: { search: '%' }, first: 20 }))).toEqual([]);
  });

  it('A16 a search of many pages is paged by its cursor to the 150th (もっと見る)', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page = await operators({ f: { search: 'OP-T' }, first: 40, after });
      seen.push(...codesOf(page));
      after = page.hasNextPage ? page.endCursor : null;
      pages++;
    } while (after);
    expect(pages).toBe(4);
    expect(seen).toHaveLength(N);
    expect(new Set(seen).size).toBe(N);
    expect(seen.indexOf('OP-T150')).toBe(149);
  });

  it('A16 the issue picker asks only for operators without an issued card (holdsCard: false)', async () => {
    expect(codesOf(await operators({ f: { search: 'OP-T15', holdsCard: false }, first: 20 }))).not.toContain('OP-T150');
    const holding = await operators({ f: { search: 'OP-T', holdsCard: true }, first: 20 });
    expect(codesOf(holding)).toEqual(['OP-T150']);
  });

  it('A16 a bad search is refused with a code, not a 500', async () => {
    const res = await gql(t.app.http, OPERATORS, { f: { search: 'x'.repeat(51) }, first: 20 }, pin);
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('A16 a page of the search costs the same SQL statements for 10 and 100 operators', async () => {
    const statements = async (first: number) => {
      const before = t.db.logger.statements;
      const page = await operators({ f: { search: 'OP-T' }, first });
      expect(page.nodes).toHaveLength(first);
      return t.db.logger.statements - before;
    };
    expect(await statements(100)).toBe(await statements(10));
  });
});
