import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../helpers/app.js';
import { gql as send, signIn } from '../helpers/graphql.js';

const COUNCIL = `query($on: LocalDate) { council(on: $on) {
  on chair { staff { staffNumber } position } viceChair { staff { staffNumber } }
  actingChair { actingStaff { staffNumber } reason }
  members { staff { staffNumber } position roles sections { code } }
  vacantRoles secretariat { code name } } }`;

let t: TestApp;
let cookie: string;
/** as 森 玲奈 (200305), a staff member with no role: reading the organisation needs only OPERATOR */
const gql = (http: TestApp['app']['http'], query: string, variables?: Record<string, unknown>) =>
  send(http, query, variables, cookie);
beforeAll(async () => {
  t = await startTestApp();
  cookie = await signIn(t.app.http, '200305', DEMO_PASSWORD);
});
afterAll(() => t.close());

describe('council (A9)', () => {
  it('A9.3: members are the current holders; one person holding two roles sits once with both', async () => {
    const res = await gql(t.app.http, COUNCIL, { on: '2026-11-26' });
    expect(res.errors).toBeUndefined();
    const c = res.data!.council as any;
    expect(c.members.map((m: any) => m.staff.staffNumber)).toEqual([
      '100001',
      '200001',
      '200301',
      '400101',
      '400201',
      '400301',
      '400001',
    ]);
    const ito = c.members.find((m: any) => m.staff.staffNumber === '400101');
    expect(ito.roles).toEqual(['OPERATIONS_MANAGER', 'PIN_ADMINISTRATOR']);
    expect(ito.sections).toEqual([{ code: 'S0401' }]);
    expect(c.vacantRoles).toEqual([]);
  });

  it('A9.4–A9.6, A9.10: the chief chairs, the deputy chief is vice-chair, the e-information section is the secretariat', async () => {
    const c = (await gql(t.app.http, COUNCIL, { on: '2026-11-26' })).data!.council as any;
    expect(c.chair).toEqual({ staff: { staffNumber: '100001' }, position: 'CHAIR' });
    expect(c.viceChair.staff.staffNumber).toBe('200001');
    expect(c.secretariat).toEqual([{ code: 'S0202', name: '情報政策課' }]);
  });

  it('A9.7: shows the vice-chair acting as chair during the recorded period', async () => {
    const c = (await gql(t.app.http, COUNCIL, { on: '2026-08-17' })).data!.council as any;
    expect(c.actingChair.actingStaff.staffNumber).toBe('200001');
    expect(c.actingChair.reason).toContain('不在');
  });

  it('A9.3: a role without a holder on the date is listed as vacant, not silently dropped', async () => {
    await t.db.dataSource.query(`UPDATE role_assignment SET "validTo" = '2026-11-30' WHERE role = 'PIN_ADMINISTRATOR'`);
    const c = (await gql(t.app.http, COUNCIL, { on: '2026-12-01' })).data!.council as any;
    expect(c.vacantRoles).toEqual(['PIN_ADMINISTRATOR']);
    expect(c.members.find((m: any) => m.staff.staffNumber === '400101').roles).toEqual(['OPERATIONS_MANAGER']);
  });
});
