// Issue 15 (A16, A18.2): the staff pickers of /cards and /card-stock (the person registered as an
// operator, the witness of a destruction) search staff in post as one types, a page at a time,
// for anyone who reads the organisation chart — not the whole chart, and not the people who left.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../helpers/app.js';
import { gql, signIn } from '../helpers/graphql.js';
import { DEMO } from '../helpers/people.js';

const SEARCH = `query($search: String, $first: Int, $after: String) {
  staffSearch(search: $search, first: $first, after: $after) {
    nodes { staffNumber fullName section { code name } } endCursor hasNextPage } }`;

let t: TestApp;
let pinAdministrator: string;
let operationsManager: string;
const numbers = async (cookie: string, vars: Record<string, unknown>) => {
  const r = await gql(t.app.http, SEARCH, vars, cookie);
  expect(r.errors).toBeUndefined();
  return (r.data!.staffSearch.nodes as { staffNumber: string }[]).map((s) => s.staffNumber);
};
const code = async (vars: Record<string, unknown>, signedIn = true) =>
  (await gql(t.app.http, SEARCH, vars, signedIn ? pinAdministrator : undefined)).errors?.[0].extensions?.code;

beforeAll(async () => {
  // the principal cache off: every request looks its caller up once, so the statement count is exact
  t = await startTestApp({ env: { IDENTITY_CACHE_SECONDS: '0' } });
  pinAdministrator = await signIn(t.app.http, DEMO.pinAdministrator.staffNumber, DEMO_PASSWORD);
  operationsManager = await signIn(t.app.http, DEMO.operationsManager.staffNumber, DEMO_PASSWORD);
});
afterAll(() => t.close());

describe('issue 15 A16 A18.2 staff search for the pickers', () => {
  it('A16 finds staff in post by staff number prefix, name or kana for the PIN administrator and an operations manager', async () => {
    expect(await numbers(pinAdministrator, { search: '4001' })).toEqual([
      '400101',
      '400102',
      '400103',
      '400104',
      '400105',
    ]);
    expect(await numbers(operationsManager, { search: DEMO.welfareClerk.fullName })).toEqual([
      DEMO.welfareClerk.staffNumber,
    ]);
    expect(await numbers(operationsManager, { search: 'やまだ' })).toContain('400102');
    expect(await numbers(pinAdministrator, { search: '%' })).toEqual([]);
    const r = await gql(t.app.http, SEARCH, { search: '400102' }, pinAdministrator);
    expect(r.data!.staffSearch.nodes).toEqual([
      { staffNumber: '400102', fullName: expect.any(String), section: { code: 'S0401', name: '市民課' } },
    ]);
  });

  it('A18.2 pages everyone in post with a cursor and never offers someone who left', async () => {
    await t.db.dataSource.query(`UPDATE staff SET active = false WHERE "staffNumber" = $1`, [
      DEMO.secretariatClerk.staffNumber,
    ]);
    expect(await numbers(pinAdministrator, { search: DEMO.secretariatClerk.staffNumber })).toEqual([]);
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 20; i++) {
      const res: any = await gql(t.app.http, SEARCH, { first: 7, after }, operationsManager);
      seen.push(...res.data.staffSearch.nodes.map((s: any) => s.staffNumber));
      after = res.data.staffSearch.endCursor;
      if (!res.data.staffSearch.hasNextPage) break;
    }
    const inPost = await t.db.dataSource.query(`SELECT "staffNumber" FROM staff WHERE active ORDER BY "staffNumber"`);
    expect(seen).toEqual(inPost.map((r: any) => r.staffNumber));
  });

  it('A16 refuses bad input with a code, and anyone signed out', async () => {
    expect(await code({ first: 101 })).toBe('BAD_USER_INPUT');
    expect(await code({ first: 0 })).toBe('BAD_USER_INPUT');
    expect(await code({ search: 'あ'.repeat(51) })).toBe('BAD_USER_INPUT');
    expect(await code({ after: "x' OR 1=1" })).toBe('BAD_USER_INPUT');
    expect(await code({ search: '4001' }, false)).toBe('UNAUTHENTICATED');
  });

  it('A16 issues the same number of SQL statements for a page of 10 and of 100', async () => {
    await t.db.dataSource.query(
      `INSERT INTO staff ("staffNumber", "familyName", "givenName", "familyNameKana", "givenNameKana", title, "sectionId")
       SELECT 'Y' || lpad(g::text, 5, '0'), '検索', '職員' || g, 'けんさく', 'しょくいん', '主事',
              (SELECT id FROM section ORDER BY code LIMIT 1 OFFSET (g % 5))
       FROM generate_series(1, 120) g`,
    );
    const statements = async (first: number) => {
      const before = t.db.logger.statements;
      const res = await gql(t.app.http, SEARCH, { search: 'Y', first }, pinAdministrator);
      expect(res.data!.staffSearch.nodes).toHaveLength(first);
      return t.db.logger.statements - before;
    };
    expect(await statements(100)).toBe(await statements(10));
  });
});
