import { beforeAll, describe, expect, it } from 'vitest';
import { OrganisationService } from '../../server/src/modules/organisation/organisation.service.js';
import { OrgRole } from '../../server/src/shared/authority.js';
import { useTestApp } from '../helpers/app.js';
import { sectionIdOf, staffIdOf } from '../helpers/factories.js';
import { DEMO, type DemoPerson } from '../helpers/people.js';

const HOLDERS = `query($on: LocalDate) { roleHolders(on: $on) {
  role section { code name } holder { staffNumber fullName } effectiveHolder { staffNumber }
  acting { reason actingStaff { staffNumber } } assignment { validFrom validTo } } }`;

/** as DEMO.operator, a staff member with no role: reading the organisation needs only OPERATOR */
const app = useTestApp({ as: DEMO.operator });
let org: OrganisationService;
const staffId = (who: DemoPerson | string) => staffIdOf(app.t.db.dataSource, who);
const sectionId = (c: string) => sectionIdOf(app.t.db.dataSource, c);

beforeAll(() => {
  org = new OrganisationService(app.t.db.dataSource);
});

describe('role holders (A3–A7)', () => {
  it('A3–A7: shows the current holder of every role, one operations manager per using section (A6)', async () => {
    const res = await app.gql(HOLDERS, { on: '2026-11-26' });
    expect(res.errors).toBeUndefined();
    const rows = res.data!.roleHolders as any[];
    const by = (role: string) => rows.filter((r) => r.role === role);
    expect(by('CHIEF').map((r) => r.holder.fullName)).toEqual([DEMO.chief.fullName]);
    expect(by('DEPUTY_CHIEF').map((r) => r.holder.fullName)).toEqual([DEMO.deputyChief.fullName]);
    expect(by('MANAGER').map((r) => r.holder.fullName)).toEqual([DEMO.manager.fullName]);
    expect(by('PIN_ADMINISTRATOR').map((r) => r.holder.fullName)).toEqual([DEMO.pinAdministrator.fullName]);
    expect(by('RESIDENT_INFORMATION_DIRECTOR').map((r) => r.holder.fullName)).toEqual([
      DEMO.residentInformationDirector.fullName,
    ]);
    expect(by('OPERATIONS_MANAGER').map((r) => [r.section.code, r.holder.staffNumber])).toEqual([
      ['S0401', DEMO.operationsManager.staffNumber],
      ['S0402', DEMO.insuranceOperationsManager.staffNumber],
      ['S0403', DEMO.branchOperationsManager.staffNumber],
    ]);
  });

  it('A5: answers who held a role on a past date (the previous manager)', async () => {
    const res = await app.gql(HOLDERS, { on: '2025-06-01' });
    const manager = (res.data!.roleHolders as any[]).find((r) => r.role === 'MANAGER');
    expect(manager.holder).toMatchObject({
      staffNumber: DEMO.formerManager.staffNumber,
      fullName: DEMO.formerManager.fullName,
    });
    expect(manager.assignment).toEqual({ validFrom: '2024-04-01', validTo: '2026-03-31' });
    const history = await app.gql(`{ roleHistory(role: MANAGER) { staff { staffNumber } validFrom validTo } }`);
    expect((history.data!.roleHistory as any[]).map((a) => a.staff.staffNumber)).toEqual([
      DEMO.manager.staffNumber,
      DEMO.formerManager.staffNumber,
    ]);
  });

  it('A9.7: the vice-chair acting for the chair holds the chief’s authority during the period', async () => {
    const during = await app.gql(HOLDERS, { on: '2026-08-19' });
    const chief = (during.data!.roleHolders as any[]).find((r) => r.role === 'CHIEF');
    expect(chief.holder.staffNumber).toBe(DEMO.chief.staffNumber);
    expect(chief.acting.actingStaff.staffNumber).toBe(DEMO.deputyChief.staffNumber);
    expect(chief.effectiveHolder.staffNumber).toBe(DEMO.deputyChief.staffNumber);
    const after = await app.gql(HOLDERS, { on: '2026-08-22' });
    const chiefAfter = (after.data!.roleHolders as any[]).find((r) => r.role === 'CHIEF');
    expect(chiefAfter.acting).toBeNull();
    expect(chiefAfter.effectiveHolder.staffNumber).toBe(DEMO.chief.staffNumber);
  });

  it('Hardening §1 (review) who holds a role’s authority on a day: its holder, and whoever acts for it then (one rule for access and proposals)', async () => {
    const ids = async (...who: DemoPerson[]) => (await Promise.all(who.map(staffId))).sort();
    const holders = async (role: OrgRole, on: string) => (await org.authorityHoldersOn(role, on)).sort();
    expect(await holders(OrgRole.CHIEF, '2026-08-19')).toEqual(await ids(DEMO.chief, DEMO.deputyChief));
    expect(await holders(OrgRole.CHIEF, '2026-08-22')).toEqual(await ids(DEMO.chief));
    expect(await holders(OrgRole.DEPUTY_CHIEF, '2026-08-19')).toEqual(await ids(DEMO.deputyChief));
    expect(await holders(OrgRole.MANAGER, '2025-06-01')).toEqual(await ids(DEMO.formerManager));
    expect(await holders(OrgRole.MANAGER, '2026-11-26')).toEqual(await ids(DEMO.manager));
    expect(await holders(OrgRole.MANAGER, '2020-01-01')).toEqual([]);
  });

  it('A3: refuses a second current holder of a single-holder role in the database itself, with a clear error', async () => {
    const sql = await app.t.db.superuser();
    try {
      await expect(
        sql.query(`INSERT INTO role_assignment (role, "staffId", "validFrom") VALUES ('CHIEF', $1, '2026-10-01')`, [
          await staffId(DEMO.generalAffairsDirector),
        ]),
      ).rejects.toMatchObject({ code: '23P01', constraint: 'role_assignment_one_holder' });
    } finally {
      await sql.end();
    }
    await expect(
      org.assignRole({
        role: OrgRole.CHIEF,
        staffId: await staffId(DEMO.generalAffairsDirector),
        validFrom: '2026-10-01',
      }),
    ).rejects.toMatchObject({ code: 'ROLE_ALREADY_HELD', message: expect.stringContaining('既に在任者がいます') });
    const res = await app.gql(HOLDERS, { on: '2026-10-01' });
    expect((res.data!.roleHolders as any[]).find((r) => r.role === 'CHIEF').holder.staffNumber).toBe(
      DEMO.chief.staffNumber,
    );
  });

  it('A5: accepts a successor from the day after the predecessor’s last day, refuses an overlap of one day', async () => {
    const last = '2027-03-31';
    await app.t.db.dataSource.query(
      `UPDATE role_assignment SET "validTo" = $1 WHERE role = 'MANAGER' AND "validTo" IS NULL`,
      [last],
    );
    await expect(
      org.assignRole({
        role: OrgRole.MANAGER,
        staffId: await staffId(DEMO.systemAdministrator),
        validFrom: last,
      }),
    ).rejects.toMatchObject({ code: 'ROLE_ALREADY_HELD' });
    const next = await org.assignRole({
      role: OrgRole.MANAGER,
      staffId: await staffId(DEMO.systemAdministrator),
      validFrom: '2027-04-01',
    });
    expect(next.id).toBeTruthy();
    const res = await app.gql(HOLDERS, { on: '2027-04-01' });
    expect((res.data!.roleHolders as any[]).find((r) => r.role === 'MANAGER').holder.staffNumber).toBe(
      DEMO.systemAdministrator.staffNumber,
    );
  });

  it('A6: one operations manager per using section, but each using section has its own', async () => {
    await expect(
      org.assignRole({
        role: OrgRole.OPERATIONS_MANAGER,
        staffId: await staffId(DEMO.residentRecordsChief),
        sectionId: await sectionId('S0401'),
        validFrom: '2026-11-01',
      }),
    ).rejects.toMatchObject({ code: 'ROLE_ALREADY_HELD' });
    await expect(
      org.assignRole({
        role: OrgRole.OPERATIONS_MANAGER,
        staffId: await staffId(DEMO.residentRecordsChief),
        validFrom: '2026-11-01',
      }),
    ).rejects.toMatchObject({ code: 'INVALID_ASSIGNMENT' });
    await expect(
      org.assignRole({
        role: OrgRole.PIN_ADMINISTRATOR,
        staffId: await staffId(DEMO.residentRecordsChief),
        sectionId: await sectionId('S0401'),
        validFrom: '2027-01-01',
      }),
    ).rejects.toMatchObject({ code: 'INVALID_ASSIGNMENT' });
  });

  it('A9.7: refuses a second acting holder for the same days and an acting assignment without a reason', async () => {
    await expect(
      org.assignActing({
        role: OrgRole.CHIEF,
        actingStaffId: await staffId(DEMO.generalAffairsDirector),
        startsOn: '2026-08-21',
        endsOn: '2026-08-25',
        reason: '出張',
      }),
    ).rejects.toMatchObject({ code: 'ACTING_ALREADY_ASSIGNED' });
    await expect(
      org.assignActing({
        role: OrgRole.CHIEF,
        actingStaffId: await staffId(DEMO.deputyChief),
        startsOn: '2026-12-01',
        endsOn: '2026-12-02',
        reason: '  ',
      }),
    ).rejects.toMatchObject({ code: 'INVALID_ASSIGNMENT' });
  });

  it('refuses an appointment of a person or section that does not exist, with STAFF_NOT_FOUND / SECTION_NOT_FOUND', async () => {
    await app.t.db.dataSource.query(
      `UPDATE role_assignment SET "validTo" = '2029-12-31' WHERE role = 'RESIDENT_INFORMATION_DIRECTOR'`,
    );
    const nobody = '00000000-0000-4000-8000-000000000000';
    await expect(
      org.assignRole({ role: OrgRole.RESIDENT_INFORMATION_DIRECTOR, staffId: nobody, validFrom: '2030-01-01' }),
    ).rejects.toMatchObject({ code: 'STAFF_NOT_FOUND' });
    await expect(
      org.assignRole({
        role: OrgRole.OPERATIONS_MANAGER,
        staffId: await staffId(DEMO.residentRecordsChief),
        sectionId: nobody,
        validFrom: '2030-01-01',
      }),
    ).rejects.toMatchObject({ code: 'SECTION_NOT_FOUND' });
  });
});
