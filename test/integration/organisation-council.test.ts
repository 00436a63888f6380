import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { DEMO } from '../helpers/people.js';

const COUNCIL = `query($on: LocalDate) { council(on: $on) {
  on chair { staff { staffNumber } position } viceChair { staff { staffNumber } }
  actingChair { actingStaff { staffNumber } reason }
  members { staff { staffNumber } position roles sections { code } }
  vacantRoles secretariat { code name } } }`;

/** as DEMO.operator, a staff member with no role: reading the organisation needs only OPERATOR */
const app = useTestApp({ as: DEMO.operator });

describe('council (A9)', () => {
  it('A9.3: members are the current holders; one person holding two roles sits once with both', async () => {
    const res = await app.gql(COUNCIL, { on: '2026-11-26' });
    expect(res.errors).toBeUndefined();
    const c = res.data!.council as any;
    expect(c.members.map((m: any) => m.staff.staffNumber)).toEqual([
      DEMO.chief.staffNumber,
      DEMO.deputyChief.staffNumber,
      DEMO.manager.staffNumber,
      DEMO.operationsManager.staffNumber,
      DEMO.insuranceOperationsManager.staffNumber,
      DEMO.branchOperationsManager.staffNumber,
      DEMO.residentInformationDirector.staffNumber,
    ]);
    const ito = c.members.find((m: any) => m.staff.staffNumber === DEMO.operationsManager.staffNumber);
    expect(ito.roles).toEqual(['OPERATIONS_MANAGER', 'PIN_ADMINISTRATOR']);
    expect(ito.sections).toEqual([{ code: 'S0401' }]);
    expect(c.vacantRoles).toEqual([]);
  });

  it('A9.4–A9.6, A9.10: the chief chairs, the deputy chief is vice-chair, the e-information section is the secretariat', async () => {
    const c = (await app.gql(COUNCIL, { on: '2026-11-26' })).data!.council as any;
    expect(c.chair).toEqual({ staff: { staffNumber: DEMO.chief.staffNumber }, position: 'CHAIR' });
    expect(c.viceChair.staff.staffNumber).toBe(DEMO.deputyChief.staffNumber);
    expect(c.secretariat).toEqual([{ code: 'S0202', name: '情報政策課' }]);
  });

  it('A9.7: shows the vice-chair acting as chair during the recorded period', async () => {
    const c = (await app.gql(COUNCIL, { on: '2026-08-17' })).data!.council as any;
    expect(c.actingChair.actingStaff.staffNumber).toBe(DEMO.deputyChief.staffNumber);
    expect(c.actingChair.reason).toContain('不在');
  });

  it('A9.3: a role without a holder on the date is listed as vacant, not silently dropped', async () => {
    await app.t.db.dataSource.query(
      `UPDATE role_assignment SET "validTo" = '2026-11-30' WHERE role = 'PIN_ADMINISTRATOR'`,
    );
    const c = (await app.gql(COUNCIL, { on: '2026-12-01' })).data!.council as any;
    expect(c.vacantRoles).toEqual(['PIN_ADMINISTRATOR']);
    expect(c.members.find((m: any) => m.staff.staffNumber === DEMO.operationsManager.staffNumber).roles).toEqual([
      'OPERATIONS_MANAGER',
    ]);
  });
});
