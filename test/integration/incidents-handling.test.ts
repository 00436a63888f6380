// Handling an incident (REQUIREMENTS §5): steps done by their role (or one above it), out of order
// allowed but flagged, waived by the manager with a reason, steps the manager adds, the manager's
// instructions (A28), and closing only once every step is done or waived. Every change is audited.
import { describe, expect, it } from 'vitest';
import { auditEntriesOf, lastAuditEntryOf } from '../helpers/factories.js';
import { errorCode } from '../helpers/graphql.js';
import {
  ACKNOWLEDGE,
  ADD_STEP,
  CLOSE,
  COMPLETE,
  INSTRUCT,
  linesOf,
  useIncidentFixture,
  WAIVE,
} from '../helpers/incidents.js';
import { DEMO } from '../helpers/people.js';

const START = new Date('2026-11-26T01:00:00Z');
const f = useIncidentFixture(START);

const stepOf = (incident: any, key: string) => incident.steps.find((s: any) => s.key === key);

describe('steps, instructions and closing', () => {
  it('A19.3–4: a virus incident from report to close: steps by their roles, one out of order (flagged), one waived, then closed', async () => {
    let incident = (await f.report(DEMO.citizenSectionClerk, { origin: '業者から受け取ったCD-R' })).data!
      .reportIncident;
    const id = incident.id;
    expect((await f.gql(DEMO.manager, ACKNOWLEDGE, { i: { id } })).errors).toBeUndefined();

    // an operator may not do the operations manager's step, nor the manager's
    const byOperator = await f.gql(DEMO.citizenSectionClerk, COMPLETE, {
      i: { stepId: stepOf(incident, 'disconnect').id },
    });
    expect(errorCode(byOperator)).toBe('NOT_YOUR_STEP');
    expect((await lastAuditEntryOf(f.t.db.dataSource, 'Mutation.completeIncidentStep')).reason).toBe('NOT_YOUR_STEP');

    // the operations manager cuts the network, done by a staff member they sent, ten minutes ago
    const doneAt = new Date(START.getTime() - 60_000).toISOString();
    let res = await f.gql(DEMO.operationsManager, COMPLETE, {
      i: {
        stepId: stepOf(incident, 'disconnect').id,
        doneById: f.staff[DEMO.citizenSectionStaff.staffNumber],
        doneAt,
        note: 'LANケーブルを抜いた',
      },
    });
    expect(res.errors).toBeUndefined();
    incident = res.data!.completeIncidentStep;
    expect(stepOf(incident, 'disconnect')).toMatchObject({
      doneAt,
      note: 'LANケーブルを抜いた',
      outOfOrder: false,
      doneBy: { staffNumber: DEMO.citizenSectionStaff.staffNumber },
      recordedBy: { staffNumber: DEMO.operationsManager.staffNumber },
    });

    // the manager tells the operations managers before the cause was reported: allowed, flagged
    res = await f.gql(DEMO.manager, COMPLETE, {
      i: { stepId: stepOf(incident, 'notifyOperationsManagers').id, note: '全課にメールと電話' },
    });
    expect(res.errors).toBeUndefined();
    incident = res.data!.completeIncidentStep;
    expect(stepOf(incident, 'notifyOperationsManagers').outOfOrder).toBe(true);
    expect(incident.timeline.at(-1)).toMatchObject({
      kind: 'STEP_DONE',
      stepKey: 'notifyOperationsManagers',
      flagged: true,
    });
    // the manager may also do an operations manager's step (a role above it)
    res = await f.gql(DEMO.manager, COMPLETE, { i: { stepId: stepOf(incident, 'reportCause').id } });
    expect(res.errors).toBeUndefined();
    // recording a done step again (a phone resending) changes nothing
    const again = await f.gql(DEMO.operationsManager, COMPLETE, { i: { stepId: stepOf(incident, 'disconnect').id } });
    expect(stepOf(again.data!.completeIncidentStep, 'disconnect').doneAt).toBe(doneAt);

    // the incident cannot close with steps open; the error names them
    const early = await f.gql(DEMO.manager, CLOSE, { i: { id } });
    expect(errorCode(early)).toBe('STEPS_OPEN');
    expect(early.errors![0].extensions!.openSteps).toEqual(['notifySource', 'preventSpread']);
    expect((await lastAuditEntryOf(f.t.db.dataSource, 'Mutation.closeIncident')).reason).toBe('STEPS_OPEN');

    // the manager waives one with a reason (none: refused), and the last one is done
    const noReason = await f.gql(DEMO.manager, WAIVE, {
      i: { stepId: stepOf(incident, 'notifySource').id, reason: ' ' },
    });
    expect(errorCode(noReason)).toBe('INVALID_INCIDENT_INPUT');
    res = await f.gql(DEMO.manager, WAIVE, {
      i: { stepId: stepOf(incident, 'notifySource').id, reason: '入手元は不明 (匿名の郵送物)' },
    });
    expect(res.errors).toBeUndefined();
    expect(stepOf(res.data!.waiveIncidentStep, 'notifySource')).toMatchObject({
      waiveReason: '入手元は不明 (匿名の郵送物)',
    });
    const doneToo = await f.gql(DEMO.operationsManager, COMPLETE, {
      i: { stepId: stepOf(incident, 'notifySource').id },
    });
    expect(errorCode(doneToo)).toBe('STEP_ALREADY_SETTLED');
    res = await f.gql(DEMO.manager, COMPLETE, {
      i: { stepId: stepOf(incident, 'preventSpread').id, note: '全端末を走査' },
    });
    expect(res.errors).toBeUndefined();

    const closed = await f.gql(DEMO.manager, CLOSE, { i: { id, note: '感染は1台のみ。再発防止を周知' } });
    expect(closed.errors).toBeUndefined();
    incident = closed.data!.closeIncident;
    expect(incident).toMatchObject({ state: 'CLOSED', overdue: false });
    expect(linesOf(incident).slice(3)).toEqual([
      `ACKNOWLEDGED ${DEMO.manager.staffNumber}`,
      `STEP_DONE disconnect ${DEMO.citizenSectionStaff.staffNumber}`,
      `STEP_DONE notifyOperationsManagers ${DEMO.manager.staffNumber}`,
      `STEP_DONE reportCause ${DEMO.manager.staffNumber}`,
      `STEP_WAIVED notifySource ${DEMO.manager.staffNumber}`,
      `STEP_DONE preventSpread ${DEMO.manager.staffNumber}`,
      `CLOSED ${DEMO.manager.staffNumber}`,
    ]);
    // closed: nothing more is recorded; closing again answers the first close
    const late = await f.gql(DEMO.manager, ADD_STEP, { i: { incidentId: id, label: '報告書を作成' } });
    expect(errorCode(late)).toBe('INCIDENT_CLOSED');
    const twice = await f.gql(DEMO.manager, CLOSE, { i: { id } });
    expect(twice.data!.closeIncident.closedAt).toBe(incident.closedAt);
    const entries = (await auditEntriesOf(f.t.db.dataSource, 'Mutation.closeIncident')).filter(
      (e) => e.targetId === id,
    );
    expect(entries.map((e) => [e.outcome, e.reason])).toEqual([
      ['REFUSED', 'STEPS_OPEN'],
      ['OK', null],
      ['OK', null],
    ]);
  });

  it('an incident is not closed before its report is acknowledged', async () => {
    const { id, steps } = (
      await f.report(DEMO.citizenSectionClerk, { type: 'SYSTEM_FAILURE', summary: 'CS端末が起動しない' })
    ).data!.reportIncident;
    for (const s of steps) await f.gql(DEMO.manager, WAIVE, { i: { stepId: s.id, reason: '試験' } });
    expect(errorCode(await f.gql(DEMO.manager, CLOSE, { i: { id } }))).toBe('INCIDENT_NOT_ACKNOWLEDGED');
  });

  it('A28: the manager’s instruction is recorded, acknowledges the report and does the step “instruct”; added steps must be settled too', async () => {
    const reported = (await f.report(DEMO.operationsManager, { type: 'DISASTER', summary: '庁舎の浸水' })).data!
      .reportIncident;
    const id = reported.id;
    let res = await f.gql(DEMO.manager, INSTRUCT, { i: { id, instruction: 'サーバー室の機器を2階へ移設せよ' } });
    expect(res.errors).toBeUndefined();
    let incident = res.data!.instructIncident;
    expect(incident.state).toBe('ACKNOWLEDGED');
    expect(stepOf(incident, 'instructions')).toMatchObject({
      note: 'サーバー室の機器を2階へ移設せよ',
      doneBy: { staffNumber: DEMO.manager.staffNumber },
    });
    expect(linesOf(incident).slice(linesOf(reported).length)).toEqual([
      `ACKNOWLEDGED ${DEMO.manager.staffNumber}`,
      `INSTRUCTED ${DEMO.manager.staffNumber}`,
      `STEP_DONE instructions ${DEMO.manager.staffNumber}`,
    ]);
    expect(incident.timeline.find((l: any) => l.kind === 'INSTRUCTED').text).toBe('サーバー室の機器を2階へ移設せよ');
    expect((await lastAuditEntryOf(f.t.db.dataSource, 'Mutation.instructIncident')).changes).toMatchObject({
      instruction: [null, 'サーバー室の機器を2階へ移設せよ'],
      state: ['REPORTED', 'ACKNOWLEDGED'],
    });

    // the manager adds a step for the operations manager, due in an hour
    res = await f.gql(DEMO.manager, ADD_STEP, {
      i: { incidentId: id, label: '移設後に機器の動作を確認', role: 'OPERATIONS_MANAGER', dueInMinutes: 60 },
    });
    expect(res.errors).toBeUndefined();
    incident = res.data!.addIncidentStep;
    const added = stepOf(incident, 'added-1');
    expect(added).toMatchObject({ position: 4, mandated: false, article: null, role: 'OPERATIONS_MANAGER' });
    expect(new Date(added.dueAt).getTime()).toBe(START.getTime() + 60 * 60_000);
    for (const key of ['contactManager', 'actOnInstructions'])
      expect(
        (await f.gql(DEMO.operationsManager, COMPLETE, { i: { stepId: stepOf(incident, key).id } })).errors,
      ).toBeUndefined();
    const open = await f.gql(DEMO.manager, CLOSE, { i: { id } });
    expect(open.errors![0].extensions!.openSteps).toEqual(['added-1']);
    expect((await f.gql(DEMO.operationsManager, COMPLETE, { i: { stepId: added.id } })).errors).toBeUndefined();
    expect((await f.gql(DEMO.manager, CLOSE, { i: { id } })).data!.closeIncident.state).toBe('CLOSED');
  });

  it('§6 offline: an instruction resent under its clientId (the answer was lost) is recorded once, even after closing; the id on another incident or with other words is refused', async () => {
    const { id, steps } = (await f.report(DEMO.operationsManager, { type: 'DISASTER', summary: '停電' })).data!
      .reportIncident;
    const clientId = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';
    const i = { id, instruction: '非常用電源を確認せよ', clientId };
    const first = await f.gql(DEMO.manager, INSTRUCT, { i });
    expect(first.errors).toBeUndefined();
    const again = await f.gql(DEMO.manager, INSTRUCT, { i });
    expect(again.errors).toBeUndefined();
    const instructed = (incident: any) => incident.timeline.filter((l: any) => l.kind === 'INSTRUCTED').length;
    expect(instructed(again.data!.instructIncident)).toBe(1);
    expect(linesOf(again.data!.instructIncident)).toEqual(linesOf(first.data!.instructIncident));
    expect((await lastAuditEntryOf(f.t.db.dataSource, 'Mutation.instructIncident')).changes).toEqual({
      resent: [null, true],
    });

    for (const s of steps.filter((s: any) => s.key !== 'instructions'))
      await f.gql(DEMO.operationsManager, COMPLETE, { i: { stepId: s.id } });
    expect((await f.gql(DEMO.manager, CLOSE, { i: { id } })).data!.closeIncident.state).toBe('CLOSED');
    // the phone's outbox sends it once more after the incident closed: the stored one answers
    const late = await f.gql(DEMO.manager, INSTRUCT, { i });
    expect(late.errors).toBeUndefined();
    expect(instructed(late.data!.instructIncident)).toBe(1);
    // a new instruction on a closed incident is still refused
    expect(errorCode(await f.gql(DEMO.manager, INSTRUCT, { i: { id, instruction: '追加' } }))).toBe('INCIDENT_CLOSED');

    expect(errorCode(await f.gql(DEMO.manager, INSTRUCT, { i: { ...i, instruction: '別の指示' } }))).toBe(
      'CLIENT_ID_REUSED',
    );
    const other = (await f.report(DEMO.operationsManager, { type: 'DISASTER', summary: '浸水' })).data!.reportIncident;
    expect(errorCode(await f.gql(DEMO.manager, INSTRUCT, { i: { ...i, id: other.id } }))).toBe('CLIENT_ID_REUSED');
    expect(errorCode(await f.gql(DEMO.manager, INSTRUCT, { i: { ...i, clientId: 'not-a-uuid' } }))).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('A29: a fire’s first step is anyone’s on the spot; the operations manager of another section may not acknowledge, and an operator may not waive or close', async () => {
    const incident = (await f.report(DEMO.citizenSectionClerk, { type: 'FIRE', summary: '電算室で発煙' })).data!
      .reportIncident;
    const res = await f.gql(DEMO.citizenSectionJunior, COMPLETE, {
      i: { stepId: stepOf(incident, 'containDamage').id, note: '消火器で初期消火' },
    });
    expect(res.errors).toBeUndefined();
    expect(errorCode(await f.gql(DEMO.insuranceOperationsManager, ACKNOWLEDGE, { i: { id: incident.id } }))).toBe(
      'FORBIDDEN',
    );
    expect(
      errorCode(await f.gql(DEMO.operator, WAIVE, { i: { stepId: stepOf(incident, 'reportDamage').id, reason: 'x' } })),
    ).toBe('FORBIDDEN');
    expect(errorCode(await f.gql(DEMO.operator, CLOSE, { i: { id: incident.id } }))).toBe('FORBIDDEN');
    // unknown ids are told apart by code
    const none = '00000000-0000-4000-8000-000000000000';
    expect(errorCode(await f.gql(DEMO.manager, ACKNOWLEDGE, { i: { id: none } }))).toBe('INCIDENT_NOT_FOUND');
    expect(errorCode(await f.gql(DEMO.manager, COMPLETE, { i: { stepId: none } }))).toBe('INCIDENT_STEP_NOT_FOUND');
  });
});
