// The staff directory the system administrator works from (identity issue: admin pages for staff
// and role assignments), and the sensitive Staff.account field managers use to unlock accounts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../helpers/app.js';
import { sectionIdOf } from '../helpers/factories.js';
import { gql, signIn } from '../helpers/graphql.js';
import { DEMO } from '../helpers/people.js';

const DIRECTORY = `query($f: StaffDirectoryFilter, $first: Int, $after: String) {
  staffDirectory(filter: $f, first: $first, after: $after) {
    nodes { staffNumber fullName active section { code } roleAssignments { role validFrom validTo section { code } }
            account { hasPassword lockedAt failedAttempts passkeys } }
    endCursor hasNextPage } }`;
const WITHOUT_ACCOUNT = DIRECTORY.replace(/account \{[^}]*\}/, '');

let t: TestApp;
let admin: string;
let manager: string;
let operator: string;
beforeAll(async () => {
  // the principal cache off: every request looks its caller up once, so the N+1 count below is exact
  // (with it on, a late NOTIFY of this file's own insert into staff may empty the cache at any time)
  t = await startTestApp({ env: { IDENTITY_CACHE_SECONDS: '0' } });
  admin = await signIn(t.app.http, DEMO.systemAdministrator.staffNumber, DEMO_PASSWORD);
  manager = await signIn(t.app.http, DEMO.manager.staffNumber, DEMO_PASSWORD);
  operator = await signIn(t.app.http, DEMO.operator.staffNumber, DEMO_PASSWORD);
});
afterAll(() => t.close());

describe('staff directory (A3–A7 maintenance by the system administrator)', () => {
  it('pages through every active staff member by staff number with a cursor', async () => {
    const first = await gql(t.app.http, DIRECTORY, { first: 20 }, admin);
    expect(first.errors).toBeUndefined();
    const page1 = first.data!.staffDirectory;
    expect(page1.nodes).toHaveLength(20);
    expect(page1.hasNextPage).toBe(true);
    const second = (await gql(t.app.http, DIRECTORY, { first: 20, after: page1.endCursor }, admin)).data!
      .staffDirectory;
    expect(second.hasNextPage).toBe(false);
    const numbers = [...page1.nodes, ...second.nodes].map((s: any) => s.staffNumber);
    expect(numbers).toEqual([...numbers].sort());
    expect(new Set(numbers).size).toBe(numbers.length);
    const [{ n }] = await t.db.dataSource.query(`SELECT count(*)::int AS n FROM staff WHERE active`);
    expect(numbers).toHaveLength(n);
  });

  it('finds people by staff number prefix, name or kana (spaces ignored), and by section', async () => {
    const find = async (f: Record<string, unknown>) =>
      ((await gql(t.app.http, DIRECTORY, { f }, admin)).data!.staffDirectory.nodes as any[]).map((s) => s.staffNumber);
    expect(await find({ search: '2003' })).toEqual([
      DEMO.manager.staffNumber,
      DEMO.systemAdministrator.staffNumber,
      DEMO.itStaff.staffNumber,
      DEMO.itJunior.staffNumber,
      DEMO.operator.staffNumber,
    ]);
    expect(await find({ search: DEMO.operationsManager.fullName })).toEqual([DEMO.operationsManager.staffNumber]);
    expect(await find({ search: 'いとう' })).toContain(DEMO.operationsManager.staffNumber);
    expect(await find({ search: '%' })).toEqual([]);
    const sectionId = await sectionIdOf(t.db.dataSource, 'S0401');
    const inSection = await find({ sectionId });
    expect(inSection).toContain(DEMO.operationsManager.staffNumber);
    expect(inSection.every((n) => n.startsWith('4'))).toBe(true);
  });

  it('shows people whose employment ended only when asked, with all their past roles', async () => {
    await t.db.dataSource.query(
      `UPDATE staff SET active = false WHERE "staffNumber" = '${DEMO.secretariatClerk.staffNumber}'`,
    );
    const find = async (includeInactive: boolean) =>
      (await gql(t.app.http, DIRECTORY, { f: { search: DEMO.secretariatClerk.staffNumber, includeInactive } }, admin))
        .data!.staffDirectory.nodes as any[];
    expect(await find(false)).toEqual([]);
    expect(await find(true)).toEqual([
      expect.objectContaining({ staffNumber: DEMO.secretariatClerk.staffNumber, active: false }),
    ]);
    const withHistory = (await gql(t.app.http, DIRECTORY, { f: { search: '2003' } }, admin)).data!.staffDirectory
      .nodes as any[];
    expect(withHistory.find((s) => s.staffNumber === DEMO.manager.staffNumber).roleAssignments).toEqual([
      expect.objectContaining({ role: 'MANAGER', validFrom: '2026-04-01', validTo: null }),
    ]);
  });

  it('shows the sign-in state to managers and system administrators only (Staff.account)', async () => {
    await t.db.dataSource.query(
      `UPDATE staff_credential SET "lockedAt" = now(), "lockedUntil" = now() + interval '15 minutes', "failedAttempts" = 10
       WHERE "staffId" = (SELECT id FROM staff WHERE "staffNumber" = '${DEMO.residentRecordsChief.staffNumber}')`,
    );
    const forManager = await gql(
      t.app.http,
      DIRECTORY,
      { f: { search: DEMO.residentRecordsChief.staffNumber } },
      manager,
    );
    expect(forManager.errors).toBeUndefined();
    expect(forManager.data!.staffDirectory.nodes[0].account).toMatchObject({
      hasPassword: true,
      failedAttempts: 10,
      passkeys: 0,
      lockedAt: expect.any(String),
    });
    const auditor = await signIn(t.app.http, DEMO.auditor.staffNumber, DEMO_PASSWORD);
    const forAuditor = await gql(
      t.app.http,
      DIRECTORY,
      { f: { search: DEMO.residentRecordsChief.staffNumber } },
      auditor,
    );
    expect(forAuditor.errors![0].extensions!.code).toBe('FORBIDDEN');
    expect(forAuditor.data!.staffDirectory.nodes[0]).toMatchObject({
      staffNumber: DEMO.residentRecordsChief.staffNumber,
      account: null,
    });
    expect(
      (await gql(t.app.http, WITHOUT_ACCOUNT, { f: { search: DEMO.residentRecordsChief.staffNumber } }, auditor))
        .errors,
    ).toBeUndefined();
    expect((await gql(t.app.http, DIRECTORY, {}, operator)).errors![0].extensions!.code).toBe('FORBIDDEN');
  });

  it('caps the page at 100 and refuses a malformed cursor with BAD_USER_INPUT', async () => {
    expect((await gql(t.app.http, DIRECTORY, { first: 101 }, admin)).errors![0].extensions!.code).toBe(
      'BAD_USER_INPUT',
    );
    expect((await gql(t.app.http, DIRECTORY, { after: "x' OR 1=1" }, admin)).errors![0].extensions!.code).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('pages everyone (leavers too) in pages of 7 with no duplicate or gap; refuses a tampered or foreign cursor', async () => {
    const numbers: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 20; i++) {
      const res: any = await gql(t.app.http, DIRECTORY, { f: { includeInactive: true }, first: 7, after }, admin);
      expect(res.errors).toBeUndefined();
      numbers.push(...res.data.staffDirectory.nodes.map((s: any) => s.staffNumber));
      after = res.data.staffDirectory.endCursor;
      if (!res.data.staffDirectory.hasNextPage) break;
    }
    const all = await t.db.dataSource.query(`SELECT "staffNumber" FROM staff ORDER BY "staffNumber"`);
    expect(all.length).toBeGreaterThan(14);
    expect(numbers).toEqual(all.map((r: any) => r.staffNumber));
    const bad = async (cursor: string) =>
      (await gql(t.app.http, DIRECTORY, { first: 7, after: cursor }, admin)).errors?.[0].extensions?.code;
    expect(await bad('200301')).toBe('BAD_USER_INPUT'); // the old format: a bare staff number
    expect(await bad(after!.slice(0, -2) + 'zz')).toBe('BAD_USER_INPUT');
    const foreign = Buffer.from(JSON.stringify(['accessEvents', '200301'])).toString('base64url');
    expect(await bad(foreign)).toBe('BAD_USER_INPUT');
    const nul = Buffer.from(JSON.stringify(['staff', '2003\u0000'])).toString('base64url');
    expect(await bad(nul)).toBe('BAD_USER_INPUT'); // PostgreSQL would refuse NUL with a 500
  });

  it('issues the same number of SQL statements for 10 and 100 people', async () => {
    await t.db.dataSource.query(
      `INSERT INTO staff ("staffNumber", "familyName", "givenName", "familyNameKana", "givenNameKana", title, "sectionId")
       SELECT 'X' || lpad(g::text, 5, '0'), '試験', '職員' || g, 'しけん', 'しょくいん', '主事',
              (SELECT id FROM section ORDER BY code LIMIT 1)
       FROM generate_series(1, 120) g`,
    );
    const statements = async (first: number) => {
      const before = t.db.logger.statements;
      const res = await gql(t.app.http, DIRECTORY, { f: { search: 'X' }, first }, admin);
      expect(res.data!.staffDirectory.nodes).toHaveLength(first);
      return t.db.logger.statements - before;
    };
    expect(await statements(100)).toBe(await statements(10));
  });
});
