// Escalation (REQUIREMENTS §5): a report nobody acknowledges within its type's limit climbs the
// roles manager → deputy chief → chief, each step on the incident's timeline, by a durable timer in
// the job queue. The tests move the application's clock and the queue together (helpers/incidents.ts)
// and let the queue's worker run the timers.
import { describe, expect, it } from 'vitest';
import { auditEntriesOf } from '../helpers/factories.js';
import { ACKNOWLEDGE, INCIDENT, linesOf, timersOf, useIncidentFixture } from '../helpers/incidents.js';
import { DEMO } from '../helpers/people.js';

// ahead of the real clock, so a timer waits until the test moves the clock past it
const START = new Date('2027-01-14T01:00:00Z'); // Thursday 10:00 in Tokyo
const TODAY = '2027-01-14';
const f = useIncidentFixture(START, { env: { JOBS_ENABLED: 'true' } });

const read = async (id: string) => {
  const res = await f.gql(DEMO.manager, INCIDENT, { id });
  expect(res.errors).toBeUndefined();
  return res.data!.incident;
};
const awaitingOf = async (id: string) => (await read(id)).awaiting as string;
const POLL = { timeout: 20_000, interval: 100 };
const todo = async (who: (typeof DEMO)[keyof typeof DEMO], id: string) =>
  ((await f.gql(who, `{ myTodos { id count } }`)).data!.myTodos as { id: string; count: number }[]).find(
    (x) => x.id === id,
  )?.count ?? 0;

describe('escalation up the roles', () => {
  it('A19.3: an unacknowledged virus report escalates manager → deputy chief → chief as each limit passes, each step on the timeline', async () => {
    const reported = (await f.report(DEMO.citizenSectionClerk)).data!.reportIncident;
    const { id } = reported;
    const base = linesOf(reported);

    await f.advance(14);
    // before the limit the timer still waits in the queue and nothing has moved
    expect(await timersOf(f.t, id)).toHaveLength(1);
    expect(await awaitingOf(id)).toBe('MANAGER');

    await f.advance(2);
    await expect.poll(() => awaitingOf(id), POLL).toBe('DEPUTY_CHIEF');
    let incident = await read(id);
    expect(linesOf(incident)).toEqual([
      ...base,
      'ESCALATED DEPUTY_CHIEF',
      `NOTIFIED DEPUTY_CHIEF ${DEMO.deputyChief.staffNumber}`,
    ]);
    expect(incident.escalations).toBe(1);
    expect(new Date(incident.ackDueAt).getTime()).toBe(START.getTime() + 31 * 60_000);
    expect(incident.overdue).toBe(false);
    expect(await todo(DEMO.deputyChief, 'incidents.toAcknowledge')).toBe(1);

    await f.advance(15);
    await expect.poll(() => awaitingOf(id), POLL).toBe('CHIEF');
    incident = await read(id);
    expect(linesOf(incident).slice(base.length)).toEqual([
      'ESCALATED DEPUTY_CHIEF',
      `NOTIFIED DEPUTY_CHIEF ${DEMO.deputyChief.staffNumber}`,
      'ESCALATED CHIEF',
      `NOTIFIED CHIEF ${DEMO.chief.staffNumber}`,
    ]);
    // the chief is the top: no timer is left; past the limit the incident reads overdue
    expect(await timersOf(f.t, id)).toEqual([]);
    await f.advance(16);
    expect((await read(id)).overdue).toBe(true);
    const escalations = (await auditEntriesOf(f.t.db.dataSource, 'System.incidentEscalation')).filter(
      (e) => e.targetId === id,
    );
    expect(escalations.map((e) => [e.actorType, e.outcome, e.changes.awaiting])).toEqual([
      ['SYSTEM', 'OK', ['MANAGER', 'DEPUTY_CHIEF']],
      ['SYSTEM', 'OK', ['DEPUTY_CHIEF', 'CHIEF']],
    ]);

    // the chief acknowledges; it leaves everyone's list of reports to acknowledge
    expect(await todo(DEMO.chief, 'incidents.toAcknowledge')).toBe(1);
    const acked = await f.gql(DEMO.chief, ACKNOWLEDGE, { i: { id } });
    expect(acked.errors).toBeUndefined();
    expect(acked.data!.acknowledgeIncident.acknowledgedBy).toEqual({ staffNumber: DEMO.chief.staffNumber });
    expect(await todo(DEMO.chief, 'incidents.toAcknowledge')).toBe(0);
    expect(await todo(DEMO.manager, 'incidents.toAcknowledge')).toBe(0);
  });

  it('an acknowledged report does not escalate: its timer leaves the queue; a second acknowledgement answers the first', async () => {
    const { id } = (await f.report(DEMO.citizenSectionClerk, { type: 'FIRE', summary: '電算室の煙感知器が作動' })).data!
      .reportIncident;
    expect(await timersOf(f.t, id)).toHaveLength(1);
    const first = await f.gql(DEMO.manager, ACKNOWLEDGE, { i: { id } });
    expect(first.errors).toBeUndefined();
    expect(await timersOf(f.t, id)).toEqual([]);
    await f.advance(20);
    const again = await f.gql(DEMO.deputyChief, ACKNOWLEDGE, { i: { id } });
    expect(again.errors).toBeUndefined();
    expect(again.data!.acknowledgeIncident).toMatchObject({
      state: 'ACKNOWLEDGED',
      acknowledgedAt: first.data!.acknowledgeIncident.acknowledgedAt,
      acknowledgedBy: { staffNumber: DEMO.manager.staffNumber },
      awaiting: 'MANAGER',
      escalations: 0,
    });
    expect(linesOf(again.data!.acknowledgeIncident).filter((l) => l.startsWith('ACKNOWLEDGED'))).toEqual([
      `ACKNOWLEDGED ${DEMO.manager.staffNumber}`,
    ]);
    // both are on the audit trail; the second changed nothing
    const entries = (await auditEntriesOf(f.t.db.dataSource, 'Mutation.acknowledgeIncident')).filter(
      (e) => e.targetId === id,
    );
    expect(entries.map((e) => [e.outcome, e.changes])).toEqual([
      ['OK', { state: ['REPORTED', 'ACKNOWLEDGED'] }],
      ['OK', null],
    ]);
  });

  it('A9.7: escalation follows acting holders: the acting manager first, the acting chief at the top', async () => {
    await f.t.db.dataSource.query(
      `INSERT INTO acting_assignment (role, "actingStaffId", "startsOn", "endsOn", reason)
       VALUES ('MANAGER', $1, $3, $3, '管理者の研修'), ('CHIEF', $2, $3, $3, '統括者の出張 (A9.7)')`,
      [f.staff[DEMO.formerManager.staffNumber], f.staff[DEMO.deputyChief.staffNumber], TODAY],
    );
    try {
      const { id } = (await f.report(DEMO.citizenSectionClerk, { type: 'DISASTER', summary: '庁舎が停電' })).data!
        .reportIncident;
      await f.advance(16);
      await expect.poll(() => awaitingOf(id), POLL).toBe('DEPUTY_CHIEF');
      await f.advance(16);
      await expect.poll(() => awaitingOf(id), POLL).toBe('CHIEF');
      const incident = await read(id);
      const asked = incident.timeline
        .filter((l: any) => l.kind === 'NOTIFIED')
        .map((l: any) => [l.role, l.staff.staffNumber, l.acting]);
      expect(asked).toEqual([
        ['MANAGER', DEMO.formerManager.staffNumber, true],
        ['DEPUTY_CHIEF', DEMO.deputyChief.staffNumber, false],
        ['CHIEF', DEMO.deputyChief.staffNumber, true],
      ]);
    } finally {
      await f.t.db.dataSource.query(`DELETE FROM acting_assignment WHERE "startsOn" = $1`, [TODAY]);
    }
  });

  it('a vacant role is passed over at once: with no deputy chief today the report goes from the manager to the chief', async () => {
    await f.t.db.dataSource.query(
      `UPDATE role_assignment SET "validTo" = '2027-01-13' WHERE role = 'DEPUTY_CHIEF' AND "validTo" IS NULL`,
    );
    try {
      const reported = (
        await f.report(DEMO.citizenSectionClerk, { type: 'UNAUTHORISED_ACCESS', summary: '不審なログイン' })
      ).data!.reportIncident;
      await f.advance(16);
      await expect.poll(() => awaitingOf(reported.id), POLL).toBe('CHIEF');
      const incident = await read(reported.id);
      expect(linesOf(incident).slice(linesOf(reported).length)).toEqual([
        'ESCALATED DEPUTY_CHIEF',
        'ROLE_VACANT DEPUTY_CHIEF',
        `NOTIFIED CHIEF ${DEMO.chief.staffNumber}`,
      ]);
      expect(incident.escalations).toBe(1);
    } finally {
      await f.t.db.dataSource.query(
        `UPDATE role_assignment SET "validTo" = NULL WHERE role = 'DEPUTY_CHIEF' AND "validTo" = '2027-01-13'`,
      );
    }
  });

  it('two timers of one incident firing at the same moment escalate it once', async () => {
    const { id } = (await f.report(DEMO.citizenSectionClerk, { type: 'EARTHQUAKE_OR_LIGHTNING', summary: '震度6弱' }))
      .data!.reportIncident;
    // the clock alone moves: the queue's timer stays waiting, and the test fires two by hand, both
    // held at the incident's row until both are there (as two servers' workers could be)
    f.clock = new Date(f.clock.getTime() + 16 * 60_000);
    const holder = await f.t.db.superuser();
    let fired: boolean[];
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM incident WHERE id = $1 FOR UPDATE', [id]);
      const both = Promise.all([
        f.t.app.services.incidentHandling.escalate(id),
        f.t.app.services.incidentHandling.escalate(id),
      ]);
      const waiting = async () =>
        (
          await holder.query(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
          )
        ).rows[0].n as number;
      await expect.poll(waiting, POLL).toBe(2);
      await holder.query('COMMIT');
      fired = await both;
    } finally {
      await holder.end();
    }
    expect(fired.sort()).toEqual([false, true]);
    const incident = await read(id);
    expect(incident.timeline.filter((l: any) => l.kind === 'ESCALATED')).toHaveLength(1);
    expect(incident.awaiting).toBe('DEPUTY_CHIEF');
    // one timer for the next limit, under the incident's key
    expect(await timersOf(f.t, id)).toHaveLength(1);
  });
});
