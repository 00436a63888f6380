// Reporting an incident (REQUIREMENTS §5): every type with the steps the standard mandates and the
// roles that must do them, the report going to the role the standard names as held today (acting
// holders included), the section's operations manager told of their steps, resends stored once,
// and bad input refused with codes (server/src/modules/incidents/incident-report.service.ts).
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { auditEntriesOf, lastAuditEntryOf } from '../helpers/factories.js';
import { errorCode } from '../helpers/graphql.js';
import { linesOf, timersOf, useIncidentFixture } from '../helpers/incidents.js';
import { DEMO } from '../helpers/people.js';

const START = new Date('2026-11-26T01:00:00Z'); // Thursday 10:00 in Tokyo
const f = useIncidentFixture(START);
const minutesAfter = (iso: string, from: Date) => (new Date(iso).getTime() - from.getTime()) / 60_000;

/** Every type's mandated steps as [key, role, article, minutes to do it] (null role: anyone on the spot). */
const MANDATED: Record<string, [string, string | null, string, number | null][]> = {
  VIRUS: [
    ['disconnect', 'OPERATIONS_MANAGER', 'A19.3', 30],
    ['reportCause', 'OPERATIONS_MANAGER', 'A19.3', 1440],
    ['notifySource', 'OPERATIONS_MANAGER', 'A19.3', 1440],
    ['notifyOperationsManagers', 'MANAGER', 'A19.4', 1440],
    ['preventSpread', 'MANAGER', 'A19.4', 1440],
  ],
  UNAUTHORISED_ACCESS: [
    ['reportToManager', 'OPERATIONS_MANAGER', 'A22.1–3', 30],
    ['followManual', 'MANAGER', 'A22.1–3', null],
  ],
  SYSTEM_FAILURE: [
    ['followManual', 'MANAGER', 'A27', null],
    ['confirmRecovery', 'MANAGER', 'A27', null],
  ],
  DISASTER: [
    ['contactManager', 'OPERATIONS_MANAGER', 'A28', 30],
    ['instructions', 'MANAGER', 'A28', 30],
    ['actOnInstructions', 'OPERATIONS_MANAGER', 'A28', null],
  ],
  FIRE: [
    ['containDamage', null, 'A29', 30],
    ['reportDamage', 'OPERATIONS_MANAGER', 'A29', 30],
  ],
  EARTHQUAKE_OR_LIGHTNING: [
    ['shutDown', 'OPERATIONS_MANAGER', 'A30', 30],
    ['powerOffTerminals', 'OPERATIONS_MANAGER', 'A30', 30],
    ['reportDamage', 'OPERATIONS_MANAGER', 'A30', 30],
  ],
  ACCESS_ANOMALY: [
    ['confirmEntry', 'MANAGER', 'A12.2', 1440],
    ['preventRecurrence', 'MANAGER', 'A12.2', null],
  ],
};

describe('incident types and their mandated steps', () => {
  it('A19.3–4, A22, A27–A30, A12.2: every type names its steps, the role of each, the manager as receiver and its limit', async () => {
    const res = await f.gql(
      DEMO.operator,
      `{ incidentTypes { type articles reportTo ackMinutes reportable steps { key role article dueMinutes } } }`,
    );
    expect(res.errors).toBeUndefined();
    const types = res.data!.incidentTypes as any[];
    expect(
      Object.fromEntries(types.map((t) => [t.type, t.steps.map((s: any) => [s.key, s.role, s.article, s.dueMinutes])])),
    ).toEqual(MANDATED);
    // 直ちに: 15 minutes to acknowledge; a failure (A27) and an unauthorised entry (A12.2): 60
    expect(Object.fromEntries(types.map((t) => [t.type, [t.reportTo, t.ackMinutes, t.reportable]]))).toEqual({
      VIRUS: ['MANAGER', 15, true],
      UNAUTHORISED_ACCESS: ['MANAGER', 15, true],
      SYSTEM_FAILURE: ['MANAGER', 60, true],
      DISASTER: ['MANAGER', 15, true],
      FIRE: ['MANAGER', 15, true],
      EARTHQUAKE_OR_LIGHTNING: ['MANAGER', 15, true],
      ACCESS_ANOMALY: ['MANAGER', 60, false],
    });
  });

  it('A19.3, A22, A27–A30: a report of each type starts with exactly its mandated steps, each due from the report', async () => {
    for (const type of Object.keys(MANDATED).filter((t) => t !== 'ACCESS_ANOMALY')) {
      const res = await f.report(DEMO.citizenSectionClerk, { type, summary: `${type} の報告` });
      expect(res.errors).toBeUndefined();
      const incident = res.data!.reportIncident;
      expect(
        incident.steps.map((s: any) => [s.key, s.role, s.article, s.dueAt ? minutesAfter(s.dueAt, START) : null]),
      ).toEqual(MANDATED[type]);
      expect(incident.steps.every((s: any) => s.mandated && !s.doneAt && !s.waivedAt)).toBe(true);
      expect(incident.steps.map((s: any) => s.position)).toEqual(MANDATED[type].map((_, i) => i + 1));
    }
  });
});

describe('reporting', () => {
  it("A19.3: an operator's virus report goes to today's manager, tells the section's operations manager, and sets a timer in the queue", async () => {
    const res = await f.report(DEMO.citizenSectionClerk, { roomId: f.rooms.R01, origin: '県から届いたUSBメモリ' });
    expect(res.errors).toBeUndefined();
    const incident = res.data!.reportIncident;
    expect(incident).toMatchObject({
      type: 'VIRUS',
      state: 'REPORTED',
      source: 'STAFF',
      reportTo: 'MANAGER',
      awaiting: 'MANAGER',
      escalations: 0,
      acknowledgedAt: null,
      overdue: false,
      reportedBy: { staffNumber: DEMO.citizenSectionClerk.staffNumber },
      section: { code: DEMO.citizenSectionClerk.sectionCode },
      room: { code: 'R01' },
    });
    expect(minutesAfter(incident.ackDueAt, START)).toBe(15);
    expect(linesOf(incident)).toEqual([
      `REPORTED ${DEMO.citizenSectionClerk.staffNumber}`,
      `NOTIFIED MANAGER ${DEMO.manager.staffNumber}`,
      `INFORMED OPERATIONS_MANAGER ${DEMO.operationsManager.staffNumber}`,
    ]);
    // durable: the timer is a job in PostgreSQL under the incident's key, due when the limit passes
    const timers = await timersOf(f.t, incident.id);
    expect(timers).toHaveLength(1);
    expect(timers[0].key).toBe(`incident-escalation:${incident.id}`);
    expect(timers[0].runInSeconds).toBeGreaterThan(14 * 60);
    expect(timers[0].runInSeconds).toBeLessThanOrEqual(15 * 60);
    const audit = await lastAuditEntryOf(f.t.db.dataSource, 'Mutation.reportIncident');
    expect(audit).toMatchObject({ outcome: 'OK', targetType: 'Incident', targetId: incident.id });
    expect(audit.changes).toMatchObject({ type: [null, 'VIRUS'], awaiting: [null, 'MANAGER'] });
  });

  it('a resend with the same clientId answers the stored incident and stores nothing twice', async () => {
    const input = {
      clientId: randomUUID(),
      type: 'FIRE',
      occurredAt: new Date(START.getTime() - 3 * 60_000).toISOString(),
      roomId: f.rooms.R02,
      summary: '媒体保管室で煙',
    };
    const first = await f.gql(DEMO.citizenSectionClerk, REPORT_ID, { i: input });
    const again = await f.gql(DEMO.citizenSectionClerk, REPORT_ID, { i: input });
    expect(first.errors).toBeUndefined();
    expect(again.errors).toBeUndefined();
    expect(again.data!.reportIncident.id).toBe(first.data!.reportIncident.id);
    const [{ n }] = await f.t.db.dataSource.query(`SELECT count(*)::int AS n FROM incident WHERE "clientId" = $1`, [
      input.clientId,
    ]);
    expect(n).toBe(1);
    const [{ lines }] = await f.t.db.dataSource.query(
      `SELECT count(*)::int AS lines FROM incident_event WHERE "incidentId" = $1 AND kind = 'REPORTED'`,
      [first.data!.reportIncident.id],
    );
    expect(lines).toBe(1);
    expect((await lastAuditEntryOf(f.t.db.dataSource, 'Mutation.reportIncident')).changes).toEqual({
      resent: [null, true],
    });
    // the same id for something else is refused, never merged; so is another person's use of it
    const changed = await f.gql(DEMO.citizenSectionClerk, REPORT_ID, { i: { ...input, summary: '媒体保管室で火災' } });
    expect(errorCode(changed)).toBe('CLIENT_ID_REUSED');
    const someoneElse = await f.gql(DEMO.citizenSectionStaff, REPORT_ID, { i: input });
    expect(errorCode(someoneElse)).toBe('CLIENT_ID_REUSED');
    const refused = await auditEntriesOf(f.t.db.dataSource, 'Mutation.reportIncident');
    expect(refused.filter((e) => e.reason === 'CLIENT_ID_REUSED')).toHaveLength(2);
  });

  it('refuses unknown rooms, sections and types, a register-only type, an empty summary and a future time, each with its code and audited', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    const cases: [Record<string, unknown>, string][] = [
      [{ roomId: unknown }, 'UNKNOWN_ROOM'],
      [{ sectionId: unknown }, 'UNKNOWN_SECTION'],
      [{ type: 'ACCESS_ANOMALY' }, 'INVALID_INCIDENT_INPUT'],
      [{ summary: '   ' }, 'INVALID_INCIDENT_INPUT'],
      [{ occurredAt: new Date(START.getTime() + 3_600_000).toISOString() }, 'INVALID_INCIDENT_INPUT'],
    ];
    for (const [fields, code] of cases) {
      const res = await f.report(DEMO.operator, fields);
      expect([JSON.stringify(fields), errorCode(res)]).toEqual([JSON.stringify(fields), code]);
      expect((await lastAuditEntryOf(f.t.db.dataSource, 'Mutation.reportIncident')).reason).toBe(code);
    }
    // a type the API does not know is refused before any resolver runs
    const bad = await f.report(DEMO.operator, { type: 'METEOR' });
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    // and a step done by someone unknown
    const ok = (await f.report(DEMO.operationsManager, { type: 'FIRE' })).data!.reportIncident;
    const step = ok.steps.find((s: any) => s.key === 'reportDamage');
    const res = await f.gql(
      DEMO.operationsManager,
      `mutation($i: CompleteIncidentStepInput!) { completeIncidentStep(input: $i) { id } }`,
      { i: { stepId: step.id, doneById: unknown } },
    );
    expect(errorCode(res)).toBe('UNKNOWN_STAFF');
  });

  it('A9.7: with someone acting for the manager today, the report goes to the acting holder, who acknowledges it', async () => {
    const today = '2026-11-26';
    await f.t.db.dataSource.query(
      `INSERT INTO acting_assignment (role, "actingStaffId", "startsOn", "endsOn", reason) VALUES ('MANAGER', $1, $2, $2, '管理者の出張')`,
      [f.staff[DEMO.formerManager.staffNumber], today],
    );
    try {
      const incident = (await f.report(DEMO.citizenSectionClerk, { type: 'DISASTER', summary: '庁舎の浸水' })).data!
        .reportIncident;
      expect(incident.timeline[1]).toMatchObject({
        kind: 'NOTIFIED',
        role: 'MANAGER',
        acting: true,
        staff: { staffNumber: DEMO.formerManager.staffNumber },
      });
      const acked = await f.gql(
        DEMO.formerManager,
        `mutation($i: IncidentIdInput!) { acknowledgeIncident(input: $i) {
        state acknowledgedBy { staffNumber } } }`,
        { i: { id: incident.id } },
      );
      expect(acked.errors).toBeUndefined();
      expect(acked.data!.acknowledgeIncident).toEqual({
        state: 'ACKNOWLEDGED',
        acknowledgedBy: { staffNumber: DEMO.formerManager.staffNumber },
      });
    } finally {
      await f.t.db.dataSource.query(`DELETE FROM acting_assignment WHERE role = 'MANAGER' AND "startsOn" = $1`, [
        today,
      ]);
    }
  });

  it('a report by the manager, the very person it goes to, is acknowledged as it is made and sets no timer', async () => {
    const incident = (await f.report(DEMO.manager, { type: 'UNAUTHORISED_ACCESS', summary: 'FWのログに不審な接続' }))
      .data!.reportIncident;
    expect(incident.state).toBe('ACKNOWLEDGED');
    expect(incident.acknowledgedBy).toEqual({ staffNumber: DEMO.manager.staffNumber });
    expect(linesOf(incident)).toEqual([
      `REPORTED ${DEMO.manager.staffNumber}`,
      `NOTIFIED MANAGER ${DEMO.manager.staffNumber}`,
      `ACKNOWLEDGED ${DEMO.manager.staffNumber}`,
    ]);
    expect(await timersOf(f.t, incident.id)).toEqual([]);
  });
});

const REPORT_ID = `mutation($i: ReportIncidentInput!) { reportIncident(input: $i) { id } }`;
