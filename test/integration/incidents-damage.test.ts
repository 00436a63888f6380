// Issue 13, continued from incidents-disaster.test.ts: damage reported per room (A29.2, A30.2), and what
// the manager is asked and /compliance says about the disaster checklist (A30.1).
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { lastAuditEntryOf } from '../helpers/factories.js';
import { errorCode } from '../helpers/graphql.js';
import {
  CHECKLIST_WAIVE,
  COMPLETE,
  REPORT_DAMAGE,
  closeWithStepsWaived,
  stepOf,
  useDisasterFixture,
} from '../helpers/incidents.js';
import { DEMO, type DemoPerson } from '../helpers/people.js';

const START = new Date('2026-11-26T01:00:00Z');
const f = useDisasterFixture(START);
const { reportOf, checklist, confirm, incident } = f;

describe('A29.2, A30.2 damage reported per room', () => {
  it('A29.2 a fire: damage reported at once per room, listed on the incident, the operations manager’s step done by their report', async () => {
    const id = await reportOf(DEMO.itStaff, 'FIRE', '電算室で発煙');
    const report = (who: DemoPerson, fields: Record<string, unknown>) =>
      f.gql(who, REPORT_DAMAGE, {
        i: { clientId: randomUUID(), incidentId: id, severity: 'SERIOUS', damaged: 'UPS 1台', ...fields },
      });
    // by an operator: stored, but the operations manager's step stays theirs
    const first = await report(DEMO.itStaff, { roomId: f.rooms.R01, note: '焦げ臭い' });
    expect(first.errors).toBeUndefined();
    expect(first.data!.reportIncidentDamage).toMatchObject({
      severity: 'SERIOUS',
      damaged: 'UPS 1台',
      room: { code: 'R01' },
      reportedBy: { staffNumber: DEMO.itStaff.staffNumber },
    });
    expect(stepOf(await incident(id), 'reportDamage').doneAt).toBeNull();
    // by the operations manager, for a place that is not a 電算室等: the step is done
    const second = await report(DEMO.operationsManager, {
      location: '市民課 窓口',
      severity: 'MINOR',
      damaged: '端末1台 (煤)',
    });
    expect(second.errors).toBeUndefined();
    const i = (
      await f.gql(
        DEMO.manager,
        `query($id: ID!) { incident(id: $id) {
      damageReports { severity damaged location room { code } } disasterDeclaredAt
      steps { key doneAt doneBy { staffNumber } } timeline { kind text } } }`,
        { id },
      )
    ).data!.incident;
    expect(i.damageReports).toEqual([
      { severity: 'SERIOUS', damaged: 'UPS 1台', location: null, room: { code: 'R01' } },
      { severity: 'MINOR', damaged: '端末1台 (煤)', location: '市民課 窓口', room: null },
    ]);
    expect(i.disasterDeclaredAt).toBeNull();
    expect(stepOf(i, 'reportDamage').doneBy.staffNumber).toBe(DEMO.operationsManager.staffNumber);
    expect(i.timeline.filter((l: any) => l.kind === 'DAMAGE_REPORTED').map((l: any) => l.text)).toEqual([
      '電算室: 重大 UPS 1台',
      '市民課 窓口: 軽微 端末1台 (煤)',
    ]);
    // also on the disaster page, for anyone on the spot
    expect((await checklist(id, DEMO.welfareClerk)).damageReports).toHaveLength(2);
  });

  it('A30.2 the report does the damage step (out of order while the checklist is open); a resend is stored once; other content under the same id, no room nor place, an unknown room and a virus incident are refused', async () => {
    const id = await reportOf(DEMO.operationsManager, 'EARTHQUAKE_OR_LIGHTNING', '震度6弱');
    const input = {
      clientId: randomUUID(),
      incidentId: id,
      roomId: f.rooms.R01,
      severity: 'NONE',
      damaged: '',
      observedAt: START.toISOString(),
    };
    const first = await f.gql(DEMO.operationsManager, REPORT_DAMAGE, { i: input });
    expect(first.errors).toBeUndefined();
    // the damage step done by the report while the checklist's steps are open: done, and flagged as
    // out of order like any step done before an earlier one (one rule for every way a step is done)
    const reported = stepOf(await incident(id), 'reportDamage');
    expect(reported.doneAt).not.toBeNull();
    expect(reported.outOfOrder).toBe(true);
    const again = await f.gql(DEMO.operationsManager, REPORT_DAMAGE, { i: input });
    expect(again.data!.reportIncidentDamage.id).toBe(first.data!.reportIncidentDamage.id);
    expect(
      await f.t.db.dataSource.query(`SELECT count(*)::int AS n FROM incident_damage_report WHERE "incidentId" = $1`, [
        id,
      ]),
    ).toEqual([{ n: 1 }]);
    const other = await f.gql(DEMO.operationsManager, REPORT_DAMAGE, {
      i: { ...input, severity: 'TOTAL', damaged: 'x' },
    });
    expect(errorCode(other)).toBe('CLIENT_ID_REUSED');
    const fresh = { ...input, clientId: randomUUID() };
    expect(errorCode(await f.gql(DEMO.itStaff, REPORT_DAMAGE, { i: { ...fresh, roomId: null } }))).toBe(
      'INVALID_INCIDENT_INPUT',
    );
    expect(
      errorCode(await f.gql(DEMO.itStaff, REPORT_DAMAGE, { i: { ...fresh, severity: 'MINOR', damaged: ' ' } })),
    ).toBe('INVALID_INCIDENT_INPUT');
    expect(errorCode(await f.gql(DEMO.itStaff, REPORT_DAMAGE, { i: { ...fresh, roomId: randomUUID() } }))).toBe(
      'UNKNOWN_ROOM',
    );
    const virus = await reportOf(DEMO.itStaff, 'VIRUS', 'ウイルス');
    expect(errorCode(await f.gql(DEMO.itStaff, REPORT_DAMAGE, { i: { ...fresh, incidentId: virus } }))).toBe(
      'NOT_A_DISASTER_TYPE',
    );
    expect((await lastAuditEntryOf(f.t.db.dataSource, 'Mutation.reportIncidentDamage')).reason).toBe(
      'NOT_A_DISASTER_TYPE',
    );
  });
});

/** Acknowledges and closes an incident, waiving whatever step is open (the checklist is not a step). */
describe('A30.1 what the manager is asked, and the compliance view', () => {
  const a30 = async (on?: string) => {
    const res = await f.gql(
      DEMO.chief,
      `query($on: LocalDate) { compliance(on: $on) { articles { id status controls { status reason link } } } }`,
      { on },
    );
    expect(res.errors).toBeUndefined();
    return (res.data!.compliance.articles as any[]).find((a) => a.id === 'A30');
  };
  const todo = async (who: DemoPerson) =>
    ((await f.gql(who, `{ myTodos { id count link } }`)).data!.myTodos as any[]).find(
      (t) => t.id === 'incidents.disasterRowsOpen',
    );

  it('A30.1 open rows wait on the manager; an incident closed with a row unconfirmed and without a reason is a violation', async () => {
    const before = (await todo(DEMO.manager))?.count ?? 0;
    const id = await reportOf(DEMO.operationsManager, 'EARTHQUAKE_OR_LIGHTNING', '落雷');
    expect(await todo(DEMO.manager)).toMatchObject({ count: before + 2, link: '/incidents/disaster' });
    expect(await todo(DEMO.itStaff)).toBeUndefined();

    const [r01] = (await checklist(id)).items;
    await confirm(DEMO.itStaff, r01.id, { outcome: 'CANNOT', note: '入室できない (扉が変形)' });
    // rows left open by incidents the tests above closed (an earlier test leaves one)
    const leftRows = async () => {
      const c = (await a30()).controls.find((c: any) => c.reason.includes('理由のない未確認'));
      return { control: c, rows: Number(/(\d+)行/.exec(c?.reason ?? '')?.[1] ?? 0) };
    };
    const was = (await leftRows()).rows;
    // the step the checklist stands for is still open; the manager waives it to close
    await closeWithStepsWaived(f, id);
    const { control, rows } = await leftRows();
    expect(control.status).toBe('VIOLATION');
    // the link opens the latest such incident: this one, or the earlier test's closed at the same test-clock instant
    const left = (await f.t.db.dataSource.query(
      `SELECT DISTINCT c."incidentId" AS id FROM disaster_checklist_item c JOIN incident i ON i.id = c."incidentId"
        WHERE i."closedAt" IS NOT NULL AND c.outcome IS NULL`,
    )) as { id: string }[];
    expect(left.map((r) => r.id)).toContain(id);
    expect(left.map((r) => `/incidents/${r.id}/disaster`)).toContain(control.link);
    expect(rows).toBe(was + 1);
    expect((await todo(DEMO.manager))?.count ?? 0).toBe(before);
    // the day before it was reported, the record was clean
    const yesterday = (await a30('2026-11-25')).controls.filter((c: any) => c.status === 'VIOLATION');
    expect(yesterday).toEqual([]);
  });

  it('A30.1 rows the phones could not do (CANNOT) or the manager took off (WAIVED) have a reason: closing with them is no violation', async () => {
    const countViolations = async () =>
      (await a30()).controls.find((c: any) => c.reason.includes('理由のない未確認'))?.reason ?? '';
    const was = await countViolations();
    const id = await reportOf(DEMO.operationsManager, 'EARTHQUAKE_OR_LIGHTNING', '震度5弱');
    const [r01, r02] = (await checklist(id)).items;
    await confirm(DEMO.itStaff, r01.id, { outcome: 'CANNOT', note: '停電で入室できない' });
    await f.gql(DEMO.manager, CHECKLIST_WAIVE, { i: { itemId: r02.id, reason: '媒体のみで電源なし' } });
    const i = await incident(id);
    expect(stepOf(i, 'shutDown').doneAt).not.toBeNull();
    await closeWithStepsWaived(f, id);
    expect(await countViolations()).toBe(was);
  });

  it('A30.1 a done step is not done again by the checklist', async () => {
    const id = await reportOf(DEMO.operationsManager, 'EARTHQUAKE_OR_LIGHTNING', '震度4');
    const i = await incident(id);
    const done = await f.gql(DEMO.operationsManager, COMPLETE, {
      i: { stepId: stepOf(i, 'shutDown').id, note: '手動で終了' },
    });
    expect(done.errors).toBeUndefined();
    for (const item of (await checklist(id)).items) await confirm(DEMO.itStaff, item.id);
    const after = await incident(id);
    expect(stepOf(after, 'shutDown').note).toBe('手動で終了');
    expect(stepOf(after, 'powerOffTerminals').note).toContain('確認リスト完了');
  });
});
