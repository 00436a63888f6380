// The escalation timers are durable jobs (server/src/modules/incidents/escalation-timer.ts on
// graphile-worker): a timer set while no server works on jobs, or by a server that then stops, fires
// on the server that works on them next; with two servers on one database each fires once. The
// test app here only enqueues (JOBS_ENABLED=false, like a web-only process); the servers that work
// on jobs are started and stopped beside it on the same database.
import { afterEach, describe, expect, it } from 'vitest';
import { auditEntriesOf } from '../helpers/factories.js';
import { INCIDENT, startServerOn, timersOf, useIncidentFixture } from '../helpers/incidents.js';
import { DEMO } from '../helpers/people.js';

const START = new Date('2027-02-04T01:00:00Z'); // ahead of the real clock: timers wait for the test
const f = useIncidentFixture(START);
const servers: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});
const server = async () => {
  const s = await startServerOn(f.t, () => f.clock);
  servers.push(s);
  return s;
};

const awaitingOf = async (id: string) =>
  (await f.gql(DEMO.manager, INCIDENT, { id })).data!.incident.awaiting as string;
const POLL = { timeout: 20_000, interval: 100 };

describe('durable escalation timers', () => {
  it('a timer survives a server stopping before it is due and fires on the server started after', async () => {
    const first = await server();
    const { id } = (await f.report(DEMO.citizenSectionClerk)).data!.reportIncident;
    await first.stop();
    // the limit passes while no server works on jobs: the timer waits in PostgreSQL
    await f.advance(16);
    expect(await timersOf(f.t, id)).toHaveLength(1);
    expect(await awaitingOf(id)).toBe('MANAGER');
    await server();
    await expect.poll(() => awaitingOf(id), POLL).toBe('DEPUTY_CHIEF');
  });

  it('with two servers working on one database, each timer fires once, and the sweep on both leaves one timer per incident', async () => {
    const [a, b] = [await server(), await server()];
    const ids: string[] = [];
    for (let i = 0; i < 6; i++)
      ids.push((await f.report(DEMO.citizenSectionClerk, { summary: `同時に${i + 1}件目` })).data!.reportIncident.id);
    // the safety sweep runs on both servers: a timer already waiting is left as it is
    await Promise.all([
      a.app.jobs.enqueue('incidents.ensureTimers', {}),
      b.app.jobs.enqueue('incidents.ensureTimers', {}),
    ]);
    const sweeps = async () =>
      (
        await f.t.db.dataSource.query(
          `SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE task_identifier = 'incidents.ensureTimers'`,
        )
      )[0].n as number;
    await expect.poll(sweeps, POLL).toBe(0);
    for (const id of ids) expect(await timersOf(f.t, id)).toHaveLength(1);

    await f.advance(16);
    for (const id of ids) await expect.poll(() => awaitingOf(id), POLL).toBe('DEPUTY_CHIEF');
    await f.advance(16);
    for (const id of ids) await expect.poll(() => awaitingOf(id), POLL).toBe('CHIEF');
    const escalated = (await f.t.db.dataSource.query(
      `SELECT "incidentId", count(*)::int AS n FROM incident_event
        WHERE kind = 'ESCALATED' AND "incidentId" = ANY($1::uuid[]) GROUP BY "incidentId"`,
      [ids],
    )) as { incidentId: string; n: number }[];
    expect(escalated.map((r) => r.n)).toEqual(ids.map(() => 2));
    const audited = (await auditEntriesOf(f.t.db.dataSource, 'System.incidentEscalation')).filter((e) =>
      ids.includes(e.targetId),
    );
    expect(audited).toHaveLength(ids.length * 2);
  });

  it('the sweep sets a timer again for an unacknowledged incident that lost it (a restored database starts with an empty queue)', async () => {
    const { id } = (await f.report(DEMO.citizenSectionClerk, { type: 'FIRE', summary: '分電盤から出火' })).data!
      .reportIncident;
    const c = await f.t.db.superuser();
    try {
      await c.query(`SELECT graphile_worker.remove_job($1)`, [`incident-escalation:${id}`]);
    } finally {
      await c.end();
    }
    expect(await timersOf(f.t, id)).toEqual([]);
    const s = await server();
    await s.app.jobs.enqueue('incidents.ensureTimers', {});
    await expect.poll(async () => (await timersOf(f.t, id)).length, POLL).toBe(1);
    await f.advance(16);
    await expect.poll(() => awaitingOf(id), POLL).toBe('DEPUTY_CHIEF');
  });
});
