import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { DEMO } from '../helpers/people.js';

const CHART = `{ departments { code name sections { code name usesJukinet department { code }
  staff { staffNumber fullName fullNameKana title section { code } currentRoles { role section { code } } } } } }`;

/** as DEMO.operator, a staff member with no role: reading the organisation needs only OPERATOR */
// the principal cache off: each request looks its caller up once, so the N+1 counts are exact (with it on,
// a late NOTIFY of this file's own inserts into staff may empty it between two counts)
const app = useTestApp({ as: DEMO.operator, env: { IDENTITY_CACHE_SECONDS: '0' } });

async function statementsFor(query: string): Promise<number> {
  const before = app.t.db.logger.statements;
  const res = await app.gql(query);
  expect(res.errors).toBeUndefined();
  return app.t.db.logger.statements - before;
}

async function addStaff(count: number): Promise<void> {
  await app.t.db.dataSource.query(
    `INSERT INTO staff ("staffNumber", "familyName", "givenName", "familyNameKana", "givenNameKana", title, "sectionId")
     SELECT 'X' || lpad(g::text, 6, '0'), '試験', '職員' || g, 'しけん', 'しょくいん', '主事',
            (SELECT id FROM section ORDER BY code OFFSET (g % 5) LIMIT 1)
     FROM generate_series((SELECT count(*) FROM staff WHERE "staffNumber" LIKE 'X%') + 1,
                          (SELECT count(*) FROM staff WHERE "staffNumber" LIKE 'X%') + $1) g`,
    [count],
  );
}

describe('organisation chart (A3–A7)', () => {
  it('caps the staff of a section at first (at most 100)', async () => {
    const q = (first: number) => `{ departments { sections { code staff(first: ${first}) { staffNumber } } } }`;
    const sections = (await app.gql(q(1))).data!.departments.flatMap((d: any) => d.sections);
    expect(Math.max(...sections.map((s: any) => s.staff.length))).toBe(1);
    expect((await app.gql(q(101))).errors![0].extensions!.code).toBe('BAD_USER_INPUT');
  });

  it('lists departments, their sections and active staff with kana names and current roles', async () => {
    const res = await app.gql(CHART);
    expect(res.errors).toBeUndefined();
    const depts = res.data!.departments as any[];
    expect(depts.map((d) => d.code)).toEqual(['D01', 'D02', 'D03', 'D04', 'D05']);
    const staff = depts.flatMap((d) => d.sections.flatMap((s: any) => s.staff));
    expect(staff.length).toBeGreaterThanOrEqual(28);
    const ito = staff.find((s: any) => s.staffNumber === DEMO.operationsManager.staffNumber);
    expect(ito).toMatchObject({
      fullName: DEMO.operationsManager.fullName,
      fullNameKana: DEMO.operationsManager.fullNameKana,
      section: { code: 'S0401' },
    });
    expect(ito.currentRoles.map((r: any) => r.role).sort()).toEqual(['OPERATIONS_MANAGER', 'PIN_ADMINISTRATOR']);
    const shimin = depts[3].sections[0];
    expect(shimin).toMatchObject({ code: 'S0401', usesJukinet: true, department: { code: 'D04' } });
  });

  it('leaves staff whose employment ended out of the chart but keeps them for history', async () => {
    await app.t.db.dataSource.query(
      `UPDATE staff SET active = false WHERE "staffNumber" = '${DEMO.secretariatClerk.staffNumber}'`,
    );
    const res = await app.gql(CHART);
    const staff = (res.data!.departments as any[]).flatMap((d) => d.sections.flatMap((s: any) => s.staff));
    expect(staff.some((s: any) => s.staffNumber === DEMO.secretariatClerk.staffNumber)).toBe(false);
    const [{ count }] = await app.t.db.dataSource.query(
      `SELECT count(*)::int AS count FROM staff WHERE "staffNumber" = '${DEMO.secretariatClerk.staffNumber}'`,
    );
    expect(count).toBe(1);
  });

  it('issues the same number of SQL statements for 10 more staff as for 100 more (no N+1)', async () => {
    await addStaff(10);
    const small = await statementsFor(CHART);
    await addStaff(90);
    const large = await statementsFor(CHART);
    expect(small).toBeGreaterThan(0);
    expect(large).toBe(small);
  });
});
