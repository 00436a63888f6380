// Hardening §1, separation of duties in appointments: nobody appoints themselves, and the chief,
// the deputy chief and the manager take two people (the system administrator proposes, the chief
// confirms; the deputy chief when the chief is concerned).
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, useTestApp } from '../helpers/app.js';
import { lastAuditEntryOf, staffIdOf } from '../helpers/factories.js';
import { gql, signIn } from '../helpers/graphql.js';
import { DEMO, type DemoPerson } from '../helpers/people.js';

const app = useTestApp({ as: DEMO.systemAdministrator });
const q = app.gql;
const idOf = (who: DemoPerson | string) => staffIdOf(app.t.db.dataSource, who);
const lastAudit = (action: string) => lastAuditEntryOf(app.t.db.dataSource, action);
const count = async (sql: string, params: unknown[] = []) =>
  ((await app.t.db.dataSource.query(sql, params)) as { n: number }[])[0].n;

const ASSIGN_ROLE = `mutation($i: AssignRoleInput!) { assignRole(input: $i) { id } }`;
const ASSIGN_ACTING = `mutation($i: AssignActingInput!) { assignActing(input: $i) { id } }`;
const PROPOSE_ROLE = `mutation($i: AssignRoleInput!) { proposeRoleAssignment(input: $i) { id status mayDecide } }`;
const PROPOSE_ACTING = `mutation($i: AssignActingInput!) { proposeActing(input: $i) { id status } }`;
const CONFIRM = `mutation($i: AssignmentProposalIdInput!) { confirmAssignmentProposal(input: $i) { status assignmentId decidedBy { staffNumber } } }`;
const REJECT = `mutation($i: RejectAssignmentProposalInput!) { rejectAssignmentProposal(input: $i) { status rejectReason } }`;
const PROPOSALS = `{ assignmentProposals { id role kind mayDecide staff { staffNumber } proposedBy { staffNumber } } }`;
const TODOS = `{ myTodos { id count link } }`;

let chief: string;
let deputy: string;
const as = (cookie: string, query: string, variables: Record<string, unknown> = {}) =>
  gql(app.t.app.http, query, variables, cookie);
const todoCount = async (cookie: string) =>
  (await as(cookie, TODOS)).data!.myTodos.find((t: any) => t.id === 'organisation.proposalsToConfirm')?.count ?? 0;

beforeAll(async () => {
  chief = await signIn(app.t.app.http, DEMO.chief.staffNumber, DEMO_PASSWORD);
  deputy = await signIn(app.t.app.http, DEMO.deputyChief.staffNumber, DEMO_PASSWORD);
});

describe('Hardening §1 separation of duties: appointments', () => {
  it('Hardening §1 nobody grants a role or an acting period to themselves: OWN_CASE, audited as REFUSED', async () => {
    const me = await idOf(DEMO.systemAdministrator);
    const before = await count(`SELECT count(*)::int AS n FROM role_assignment WHERE "staffId" = $1`, [me]);
    for (const role of ['MANAGER', 'CHIEF', 'PIN_ADMINISTRATOR']) {
      const res = await q(ASSIGN_ROLE, { i: { role, staffId: me, validFrom: '2027-06-01' } });
      expect(res.errors![0].extensions!.code).toBe('OWN_CASE');
      expect(await lastAudit('Mutation.assignRole')).toMatchObject({ outcome: 'REFUSED', reason: 'OWN_CASE' });
    }
    const acting = await q(ASSIGN_ACTING, {
      i: { role: 'CHIEF', actingStaffId: me, startsOn: '2027-06-01', endsOn: '2027-06-02', reason: '出張' },
    });
    expect(acting.errors![0].extensions!.code).toBe('OWN_CASE');
    expect(await lastAudit('Mutation.assignActing')).toMatchObject({ outcome: 'REFUSED', reason: 'OWN_CASE' });
    const proposed = await q(PROPOSE_ROLE, { i: { role: 'MANAGER', staffId: me, validFrom: '2027-06-01' } });
    expect(proposed.errors![0].extensions!.code).toBe('OWN_CASE');
    expect(await count(`SELECT count(*)::int AS n FROM role_assignment WHERE "staffId" = $1`, [me])).toBe(before);
    expect(await count(`SELECT count(*)::int AS n FROM acting_assignment WHERE "actingStaffId" = $1`, [me])).toBe(0);
  });

  it('Hardening §1 the chief, the deputy chief and the manager cannot be assigned in one step: SECOND_PERSON_REQUIRED', async () => {
    const other = await idOf(DEMO.itStaff);
    for (const role of ['MANAGER', 'CHIEF', 'DEPUTY_CHIEF']) {
      const res = await q(ASSIGN_ROLE, { i: { role, staffId: other, validFrom: '2031-04-01' } });
      expect(res.errors![0].extensions!.code).toBe('SECOND_PERSON_REQUIRED');
    }
    const acting = await q(ASSIGN_ACTING, {
      i: { role: 'MANAGER', actingStaffId: other, startsOn: '2027-06-01', endsOn: '2027-06-02', reason: '出張' },
    });
    expect(acting.errors![0].extensions!.code).toBe('SECOND_PERSON_REQUIRED');
    expect(await lastAudit('Mutation.assignActing')).toMatchObject({
      outcome: 'REFUSED',
      reason: 'SECOND_PERSON_REQUIRED',
    });
    expect(await count(`SELECT count(*)::int AS n FROM role_assignment WHERE "staffId" = $1`, [other])).toBe(0);
  });

  it('Hardening §1 a proposed manager takes effect only when the chief confirms; the deputy chief may not, nor the proposer', async () => {
    const current = (
      await app.t.db.dataSource.query(`SELECT id FROM role_assignment WHERE role = 'MANAGER' AND "validTo" IS NULL`)
    )[0].id;
    await q(`mutation($i: EndRoleAssignmentInput!) { endRoleAssignment(input: $i) { id } }`, {
      i: { id: current, lastDay: '2028-03-31' },
    });
    const before = await todoCount(chief);
    const proposed = await q(PROPOSE_ROLE, {
      i: { role: 'MANAGER', staffId: await idOf(DEMO.itStaff), validFrom: '2028-04-01', note: '人事異動' },
    });
    expect(proposed.errors).toBeUndefined();
    const id = proposed.data!.proposeRoleAssignment.id;
    expect(await lastAudit('Mutation.proposeRoleAssignment')).toMatchObject({ outcome: 'OK', targetId: id });
    // not in force yet
    const holders = `{ roleHolders(on: "2028-04-02") { role holder { staffNumber } } }`;
    expect((await q(holders)).data!.roleHolders.find((h: any) => h.role === 'MANAGER').holder).toBeNull();
    // listed for the chief, who may decide it, and on the chief's 対応が必要 home
    const listed = (await as(chief, PROPOSALS)).data!.assignmentProposals.find((p: any) => p.id === id);
    expect(listed).toMatchObject({
      role: 'MANAGER',
      kind: 'ROLE',
      mayDecide: true,
      staff: { staffNumber: DEMO.itStaff.staffNumber },
      proposedBy: { staffNumber: DEMO.systemAdministrator.staffNumber },
    });
    expect(await todoCount(chief)).toBe(before + 1);
    expect((await as(deputy, PROPOSALS)).data!.assignmentProposals.find((p: any) => p.id === id).mayDecide).toBe(false);
    // the deputy chief does not confirm what the chief can; the proposer cannot confirm at all
    const byDeputy = await as(deputy, CONFIRM, { i: { id } });
    expect(byDeputy.errors![0].extensions!.code).toBe('NOT_THE_CONFIRMER');
    expect(await lastAudit('Mutation.confirmAssignmentProposal')).toMatchObject({
      outcome: 'REFUSED',
      reason: 'NOT_THE_CONFIRMER',
    });
    expect((await q(CONFIRM, { i: { id } })).errors![0].extensions!.code).toBe('FORBIDDEN');
    const ok = await as(chief, CONFIRM, { i: { id } });
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.confirmAssignmentProposal).toMatchObject({
      status: 'CONFIRMED',
      decidedBy: { staffNumber: DEMO.chief.staffNumber },
    });
    expect((await q(holders)).data!.roleHolders.find((h: any) => h.role === 'MANAGER').holder).toEqual({
      staffNumber: DEMO.itStaff.staffNumber,
    });
    expect(await lastAudit('Mutation.confirmAssignmentProposal')).toMatchObject({ outcome: 'OK', targetId: id });
    expect(await todoCount(chief)).toBe(before);
    // decided once
    expect((await as(chief, CONFIRM, { i: { id } })).errors![0].extensions!.code).toBe('PROPOSAL_NOT_PENDING');
  });

  it('Hardening §1 a proposal about the chief goes to the deputy chief; the chief cannot decide it', async () => {
    const proposed = await q(PROPOSE_ACTING, {
      i: {
        role: 'DEPUTY_CHIEF',
        actingStaffId: await idOf(DEMO.chief),
        startsOn: '2028-05-01',
        endsOn: '2028-05-03',
        reason: '副統括者の出張',
      },
    });
    expect(proposed.errors).toBeUndefined();
    const id = proposed.data!.proposeActing.id;
    const mine = (await as(chief, PROPOSALS)).data!.assignmentProposals.find((p: any) => p.id === id);
    expect(mine.mayDecide).toBe(false);
    const byChief = await as(chief, CONFIRM, { i: { id } });
    expect(byChief.errors![0].extensions!.code).toBe('OWN_CASE');
    expect(await lastAudit('Mutation.confirmAssignmentProposal')).toMatchObject({
      outcome: 'REFUSED',
      reason: 'OWN_CASE',
    });
    expect(await todoCount(deputy)).toBe(1);
    const rejected = await as(deputy, REJECT, { i: { id, reason: '期間を確認してください' } });
    expect(rejected.data!.rejectAssignmentProposal).toEqual({
      status: 'REJECTED',
      rejectReason: '期間を確認してください',
    });
    expect(await todoCount(deputy)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM acting_assignment WHERE "startsOn" = '2028-05-01'`)).toBe(0);
  });

  it('Hardening §1 a clashing proposal is refused when proposed: the role already held, already acted for, or already proposed', async () => {
    const code = (res: { errors?: readonly { extensions?: Record<string, unknown> }[] }) =>
      res.errors?.[0]?.extensions?.code;
    const pendingBefore = await count(`SELECT count(*)::int AS n FROM assignment_proposal WHERE status = 'PROPOSED'`);
    const junior = await idOf(DEMO.itJunior);
    // the manager is held with no end (itStaff from 2028-04-01): another manager from June clashes
    const held = await q(PROPOSE_ROLE, { i: { role: 'MANAGER', staffId: junior, validFrom: '2028-06-01' } });
    expect(code(held)).toBe('ROLE_ALREADY_HELD');
    expect(await lastAudit('Mutation.proposeRoleAssignment')).toMatchObject({
      outcome: 'REFUSED',
      reason: 'ROLE_ALREADY_HELD',
    });
    // the same person for the role they hold
    const same = await q(PROPOSE_ROLE, {
      i: { role: 'CHIEF', staffId: await idOf(DEMO.chief), validFrom: '2027-01-01' },
    });
    expect(code(same)).toBe('ROLE_ALREADY_HELD');
    // the demo's deputy chief acts for the chief from 17 to 21 August 2026
    const acting = await q(PROPOSE_ACTING, {
      i: { role: 'CHIEF', actingStaffId: junior, startsOn: '2026-08-21', endsOn: '2026-08-25', reason: '出張' },
    });
    expect(code(acting)).toBe('ACTING_ALREADY_ASSIGNED');
    expect(await lastAudit('Mutation.proposeActing')).toMatchObject({
      outcome: 'REFUSED',
      reason: 'ACTING_ALREADY_ASSIGNED',
    });
    // a pending proposal for the role on a common day, whoever it names
    const actingFor = (actingStaffId: string, startsOn: string, endsOn: string) =>
      q(PROPOSE_ACTING, { i: { role: 'MANAGER', actingStaffId, startsOn, endsOn, reason: '管理者の研修' } });
    expect((await actingFor(junior, '2028-07-01', '2028-07-10')).errors).toBeUndefined();
    const again = await actingFor(junior, '2028-07-01', '2028-07-10');
    expect(code(again)).toBe('ALREADY_PROPOSED');
    expect(code(await actingFor(await idOf(DEMO.operator), '2028-07-10', '2028-07-12'))).toBe('ALREADY_PROPOSED');
    expect(await lastAudit('Mutation.proposeActing')).toMatchObject({ outcome: 'REFUSED', reason: 'ALREADY_PROPOSED' });
    // the next day is free, and a role proposal does not clash with an acting one
    expect((await actingFor(await idOf(DEMO.operator), '2028-07-11', '2028-07-12')).errors).toBeUndefined();
    expect(await count(`SELECT count(*)::int AS n FROM assignment_proposal WHERE status = 'PROPOSED'`)).toBe(
      pendingBefore + 2,
    );
  });

  it('Hardening §1 proposals made at once for the same role and days: exactly one is accepted', async () => {
    const people = [DEMO.operator, DEMO.itJunior, DEMO.welfareClerk, DEMO.insuranceClerk, DEMO.branchStaff];
    const ids = await Promise.all(people.map(idOf));
    // Hold back every insert into assignment_proposal (reads still pass) until all five wait on a lock:
    // without the proposals' own lock, all five would have checked before any inserted.
    const db = await app.t.db.superuser();
    try {
      await db.query('BEGIN');
      await db.query('LOCK TABLE assignment_proposal IN EXCLUSIVE MODE');
      const pending = ids.map((actingStaffId) =>
        q(PROPOSE_ACTING, {
          i: { role: 'DEPUTY_CHIEF', actingStaffId, startsOn: '2028-08-01', endsOn: '2028-08-02', reason: '出張' },
        }),
      );
      // (asked on another connection: inside a transaction pg_stat_activity is a snapshot)
      const waiting = async () =>
        (
          await app.t.db.dataSource.query(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
          )
        )[0].n as number;
      await expect.poll(waiting, { timeout: 30_000, interval: 50 }).toBe(people.length);
      await db.query('COMMIT');
      const codes = (await Promise.all(pending)).map((r) => r.errors?.[0]?.extensions?.code ?? 'OK');
      expect(codes.filter((c) => c === 'OK')).toHaveLength(1);
      expect(codes.filter((c) => c === 'ALREADY_PROPOSED')).toHaveLength(people.length - 1);
    } finally {
      await db.end();
    }
  });

  it('Hardening §1 the clash is checked again at confirmation: an acting holder entered meanwhile refuses it then', async () => {
    const proposed = await q(PROPOSE_ACTING, {
      i: {
        role: 'DEPUTY_CHIEF',
        actingStaffId: await idOf(DEMO.itJunior),
        startsOn: '2028-09-01',
        endsOn: '2028-09-05',
        reason: '副統括者の研修',
      },
    });
    expect(proposed.errors).toBeUndefined();
    const id = proposed.data!.proposeActing.id;
    // entered by other means between the proposal and its confirmation (e.g. a restored backup)
    await app.t.db.dataSource.query(
      `INSERT INTO acting_assignment (role, "actingStaffId", "startsOn", "endsOn", reason)
       VALUES ('DEPUTY_CHIEF', $1, '2028-09-04', '2028-09-04', '別途の職務代理')`,
      [await idOf(DEMO.operator)],
    );
    const confirmed = await as(chief, CONFIRM, { i: { id } });
    expect(confirmed.errors![0].extensions!.code).toBe('ACTING_ALREADY_ASSIGNED');
    expect(await lastAudit('Mutation.confirmAssignmentProposal')).toMatchObject({
      outcome: 'REFUSED',
      reason: 'ACTING_ALREADY_ASSIGNED',
    });
    const [row] = await app.t.db.dataSource.query(`SELECT status FROM assignment_proposal WHERE id = $1`, [id]);
    expect(row.status).toBe('PROPOSED');
  });

  it('keeps the audit trail verifiable', async () => {
    const auditor = await signIn(app.t.app.http, DEMO.auditor.staffNumber, DEMO_PASSWORD);
    const res = await as(auditor, `{ auditVerification { ok } }`);
    expect(res.data!.auditVerification).toEqual({ ok: true });
  });
});
