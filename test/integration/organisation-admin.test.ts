import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, useTestApp } from '../helpers/app.js';
import { lastAuditEntryOf, sectionIdOf, staffIdOf } from '../helpers/factories.js';
import { gql, signIn } from '../helpers/graphql.js';
import { DEMO, type DemoPerson } from '../helpers/people.js';

const app = useTestApp({ as: DEMO.systemAdministrator });
const q = app.gql;
const idOf = (who: DemoPerson | string) => staffIdOf(app.t.db.dataSource, who);
const sectionOf = (c: string) => sectionIdOf(app.t.db.dataSource, c);
const lastAudit = (action: string) => lastAuditEntryOf(app.t.db.dataSource, action);

describe('organisation writes by the system administrator', () => {
  it('registers a staff member, audited with every field', async () => {
    const res = await q(
      `mutation($i: CreateStaffInput!) { createStaff(input: $i) { id staffNumber fullName section { code } } }`,
      {
        i: {
          staffNumber: '400199',
          familyName: '新井',
          givenName: '優',
          familyNameKana: 'あらい',
          givenNameKana: 'ゆう',
          title: '主事',
          sectionId: await sectionOf('S0401'),
        },
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.createStaff).toMatchObject({
      staffNumber: '400199',
      fullName: '新井 優',
      section: { code: 'S0401' },
    });
    const entry = await lastAudit('Mutation.createStaff');
    expect(entry).toMatchObject({ outcome: 'OK', targetType: 'Staff', targetId: res.data!.createStaff.id });
    expect(entry.changes.familyName).toEqual([null, '新井']);
  });

  it('refuses a taken staff number and non-kana furigana with codes, storing nothing', async () => {
    const base = {
      familyName: '重複',
      givenName: '太郎',
      familyNameKana: 'ちょうふく',
      givenNameKana: 'たろう',
      title: '主事',
      sectionId: await sectionOf('S0401'),
    };
    const taken = await q(`mutation($i: CreateStaffInput!) { createStaff(input: $i) { id } }`, {
      i: { ...base, staffNumber: DEMO.operationsManager.staffNumber },
    });
    expect(taken.errors![0].extensions!.code).toBe('STAFF_NUMBER_TAKEN');
    expect((await lastAudit('Mutation.createStaff')).outcome).toBe('REFUSED');
    const latin = await q(`mutation($i: CreateStaffInput!) { createStaff(input: $i) { id } }`, {
      i: { ...base, staffNumber: '400198', familyNameKana: 'Tanaka' },
    });
    expect(latin.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    const [{ n }] = await app.t.db.dataSource.query(`SELECT count(*)::int AS n FROM staff WHERE "familyName" = '重複'`);
    expect(n).toBe(0);
  });

  it('records a transfer (異動) as a before/after change', async () => {
    const id = await idOf(DEMO.citizenSectionJunior);
    const res = await q(`mutation($i: UpdateStaffInput!) { updateStaff(input: $i) { section { code } title } }`, {
      i: { id, sectionId: await sectionOf('S0402'), title: '主任' },
    });
    expect(res.data!.updateStaff).toEqual({ section: { code: 'S0402' }, title: '主任' });
    const entry = await lastAudit('Mutation.updateStaff');
    expect(entry.changes).toEqual({
      title: ['主事', '主任'],
      sectionId: [await sectionOf('S0401'), await sectionOf('S0402')],
    });
  });

  it('A3–A7: appoints and ends roles; a second holder is refused with ROLE_ALREADY_HELD and audited', async () => {
    // the PIN administrator is a one-step role (the chief, deputy chief and manager take two people: organisation-duties.test.ts)
    const current = (
      await app.t.db.dataSource.query(
        `SELECT id FROM role_assignment WHERE role = 'PIN_ADMINISTRATOR' AND "validTo" IS NULL`,
      )
    )[0].id;
    const clash = await q(`mutation($i: AssignRoleInput!) { assignRole(input: $i) { id } }`, {
      i: { role: 'PIN_ADMINISTRATOR', staffId: await idOf(DEMO.itStaff), validFrom: '2027-04-01' },
    });
    expect(clash.errors![0].extensions!.code).toBe('ROLE_ALREADY_HELD');
    expect(await lastAudit('Mutation.assignRole')).toMatchObject({ outcome: 'REFUSED', reason: 'ROLE_ALREADY_HELD' });
    const end = await q(`mutation($i: EndRoleAssignmentInput!) { endRoleAssignment(input: $i) { validTo } }`, {
      i: { id: current, lastDay: '2027-03-31' },
    });
    expect(end.data!.endRoleAssignment.validTo).toBe('2027-03-31');
    const next = await q(
      `mutation($i: AssignRoleInput!) { assignRole(input: $i) { role validFrom staff { staffNumber } } }`,
      {
        i: {
          role: 'PIN_ADMINISTRATOR',
          staffId: await idOf(DEMO.itStaff),
          validFrom: '2027-04-01',
          note: '人事異動',
        },
      },
    );
    expect(next.data!.assignRole).toEqual({
      role: 'PIN_ADMINISTRATOR',
      validFrom: '2027-04-01',
      staff: { staffNumber: DEMO.itStaff.staffNumber },
    });
  });

  it('A9.7: sets an acting assignment with a reason, proposed by the system administrator and confirmed by the chief', async () => {
    const proposed = await q(`mutation($i: AssignActingInput!) { proposeActing(input: $i) { id status } }`, {
      i: {
        role: 'CHIEF',
        actingStaffId: await idOf(DEMO.deputyChief),
        startsOn: '2027-01-10',
        endsOn: '2027-01-12',
        reason: '統括者の入院',
      },
    });
    expect(proposed.data!.proposeActing.status).toBe('PROPOSED');
    const chief = await signIn(app.t.app.http, DEMO.chief.staffNumber, DEMO_PASSWORD);
    const res = await gql(
      app.t.app.http,
      `mutation($i: AssignmentProposalIdInput!) { confirmAssignmentProposal(input: $i) { status assignmentId } }`,
      { i: { id: proposed.data!.proposeActing.id } },
      chief,
    );
    expect(res.data!.confirmAssignmentProposal.status).toBe('CONFIRMED');
    const holders = await q(`{ roleHolders(on: "2027-01-11") { role acting { reason actingStaff { staffNumber } } } }`);
    expect(holders.data!.roleHolders.find((h: any) => h.role === 'CHIEF').acting).toEqual({
      reason: '統括者の入院',
      actingStaff: { staffNumber: DEMO.deputyChief.staffNumber },
    });
  });

  it('ends employment: roles end on the last day, sessions and API tokens stop at once, history stays', async () => {
    const victim = await signIn(app.t.app.http, DEMO.insuranceOperationsManager.staffNumber, DEMO_PASSWORD);
    const token = (
      await gql(
        app.t.app.http,
        `mutation { createApiToken(input: { name: "x", scopes: [READ], currentPassword: "${DEMO_PASSWORD}" }) { token } }`,
        {},
        victim,
      )
    ).data!.createApiToken.token;
    const id = await idOf(DEMO.insuranceOperationsManager);
    const res = await q(`mutation($i: DeactivateStaffInput!) { deactivateStaff(input: $i) { active } }`, {
      i: { id, lastDay: '2026-12-31' },
    });
    expect(res.data!.deactivateStaff.active).toBe(false);
    expect((await gql(app.t.app.http, `{ me { staff { id } } }`, {}, victim)).data!.me).toBeNull();
    const viaToken = await app.t.app.http.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      payload: { query: '{ council { on } }' },
    });
    expect(viaToken.json().errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const [a] = await app.t.db.dataSource.query(
      `SELECT "validTo"::text AS "validTo" FROM role_assignment WHERE "staffId" = $1`,
      [id],
    );
    expect(a.validTo).toBe('2026-12-31');
    const holders = await q(`{ roleHolders(on: "2027-01-01") { role section { code } holder { staffNumber } } }`);
    expect(holders.data!.roleHolders.find((h: any) => h.section?.code === 'S0402').holder).toBeNull();
    expect((await lastAudit('Mutation.deactivateStaff')).changes).toEqual({
      active: [true, false],
      lastDay: [null, '2026-12-31'],
      rolesEnded: [null, 1],
      roomAuthorisationsRevoked: [null, 0],
    });
  });

  it('keeps the audit trail verifiable after all of it', async () => {
    // auditVerification is the auditor's (hardening §3)
    const auditor = await signIn(app.t.app.http, DEMO.auditor.staffNumber, DEMO_PASSWORD);
    const res = await gql(app.t.app.http, `{ auditVerification { ok problems { kind } } }`, {}, auditor);
    expect(res.data!.auditVerification).toEqual({ ok: true, problems: [] });
  });
});
