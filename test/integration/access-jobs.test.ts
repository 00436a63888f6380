// A12.3: what the access module does on a timer runs as durable jobs kept in PostgreSQL
// (server/src/modules/access/access.jobs.ts on server/src/jobs/job-queue.ts), not in a timer of
// one server process: the sweep for anomalies only time reveals, and forgetting old PIN answers.
import { describe, expect, it } from 'vitest';
import { accessJobs } from '../../server/src/modules/access/access.jobs.js';
import { useRegisterFixture } from '../helpers/door-tablet.js';

const START = new Date('2026-11-26T01:00:00Z'); // 10:00 in Tokyo
const { f, pairTablet } = useRegisterFixture(START, { env: { JOBS_ENABLED: 'true' } });

const anomalies = async (eventId: string) =>
  (
    (await f.t.db.dataSource.query(`SELECT kind FROM access_anomaly WHERE "eventId" = $1`, [eventId])) as {
      kind: string;
    }[]
  ).map((a) => a.kind);

describe('A12.3 access jobs', () => {
  it('A12.3: schedules the sweep and the PIN-answer pruning every 5 minutes in PostgreSQL when the server starts', async () => {
    const jobs = accessJobs(f.t.app.services);
    expect(jobs.map((j) => [j.name, j.cron])).toEqual([
      ['access.sweep', '*/5 * * * *'],
      ['access.pruneDoorPinChecks', '*/5 * * * *'],
    ]);
    const known = (await f.t.db.dataSource.query(
      `SELECT identifier FROM graphile_worker._private_known_crontabs ORDER BY identifier`,
    )) as { identifier: string }[];
    // this module's; other modules schedule their own (audit checkpoints, backups, identity clean-up)
    expect(known.map((k) => k.identifier).filter((i) => i.startsWith('access.'))).toEqual([
      'access.pruneDoorPinChecks',
      'access.sweep',
    ]);
  });

  it('A12.3: gives an entry still open after 12 hours its NOT_CLOSED anomaly when the sweep runs as a job', async () => {
    const tablet = await pairTablet(['R02']);
    const [entry] = (await tablet.send([tablet.event({ staffId: f.staff['300201'], roomId: f.rooms.R02 })])).data
      .recordAccessEvents.results;
    expect(await anomalies(entry.eventId)).not.toContain('NOT_CLOSED');
    f.clock = new Date(START.getTime() + 13 * 3_600_000);
    try {
      await f.t.app.jobs.enqueue('access.sweep', {});
      await expect.poll(() => anomalies(entry.eventId)).toContain('NOT_CLOSED');
    } finally {
      f.clock = START;
    }
  });

  it('forgets door-PIN answers older than 30 days when the pruning job runs', async () => {
    const tablet = await pairTablet(['R01']);
    const event = tablet.event({ staffId: f.staff['200303'] });
    await tablet.send([event]);
    const answers = async () =>
      (
        await f.t.db.dataSource.query(`SELECT count(*)::int AS n FROM door_pin_check WHERE "clientEventId" = $1`, [
          event.clientEventId,
        ])
      )[0].n as number;
    expect(await answers()).toBe(1);
    f.clock = new Date(START.getTime() + 31 * 86_400_000);
    try {
      await f.t.app.jobs.enqueue('access.pruneDoorPinChecks', {});
      await expect.poll(answers).toBe(0);
    } finally {
      f.clock = START;
    }
  });
});
