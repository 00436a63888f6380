// Durable jobs (server/src/jobs/job-queue.ts) on real PostgreSQL, as the application's role of few
// rights: a job waits in the database through a restart, and with two queues on one database (as two
// server processes would have) each job and each cron tick runs once. Two queues here live in one
// test process, each with its own connections: what keeps them apart is PostgreSQL's locking.
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureAppRole } from '../../server/src/db/app-role.js';
import { startJobQueue, type JobQueue, type JobQueueOptions } from '../../server/src/jobs/job-queue.js';
import type { JobDefinition } from '../../server/src/shared/module.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

let db: TestDatabase;
let appUrl: string;
const queues: JobQueue[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  const role = await ensureAppRole(db.url, randomBytes(32), 15_000);
  if (!role) throw new Error('the test database user may not create roles');
  appUrl = role.url;
});
afterEach(async () => {
  await Promise.all(queues.splice(0).map((q) => q.stop()));
});
afterAll(() => db.drop());

interface Run {
  job: string;
  payload: any;
  by: string;
}

/** A job that records each run (which queue ran it, with what payload). */
const recorded = (runs: Run[], name: string, by: string, extra: Partial<JobDefinition> = {}): JobDefinition => ({
  name,
  async run(payload) {
    await new Promise((r) => setTimeout(r, 5)); // long enough for the other queue to want it too
    runs.push({ job: name, payload, by });
  },
  ...extra,
});

const silent = pino({ level: 'silent' });

async function queue(jobs: JobDefinition[], opts: Partial<JobQueueOptions> = {}): Promise<JobQueue> {
  const q = await startJobQueue({ connectionString: appUrl, jobs, log: silent, pollInterval: 100, ...opts });
  queues.push(q);
  return q;
}

/** Jobs of these tasks still in graphile-worker's table (waiting, running or to be retried). */
async function pending(...tasks: string[]): Promise<number> {
  const c = await db.superuser();
  try {
    const { rows } = await c.query(
      `SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE task_identifier = ANY($1::text[])`,
      [tasks],
    );
    return rows[0].n as number;
  } finally {
    await c.end();
  }
}

describe('durable jobs in PostgreSQL', () => {
  it('runs a job enqueued for later after the server restarts, once', async () => {
    const runs: Run[] = [];
    const first = await queue([recorded(runs, 'test.later', 'first')]);
    await first.enqueue('test.later', { n: 1 }, { runAt: new Date(Date.now() + 3000) });
    await first.stop();
    expect(runs).toEqual([]); // not due before the restart
    expect(await pending('test.later')).toBe(1);

    await queue([recorded(runs, 'test.later', 'second')]);
    await expect.poll(() => runs.length).toBe(1);
    expect(runs[0]).toEqual({ job: 'test.later', payload: { n: 1 }, by: 'second' });
    await expect.poll(() => pending('test.later')).toBe(0);
  });

  it('runs each of 30 jobs exactly once when two queues on one database take jobs at the same time', async () => {
    const runs: Run[] = [];
    const a = await queue([recorded(runs, 'test.once', 'a')], { concurrency: 3 });
    await queue([recorded(runs, 'test.once', 'b')], { concurrency: 3 });
    await Promise.all(Array.from({ length: 30 }, (_, n) => a.enqueue('test.once', { n })));
    await expect.poll(() => pending('test.once')).toBe(0);
    expect(runs.map((r) => r.payload.n).sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, n) => n));
  });

  it('keeps one pending job per jobKey: enqueueing the key again replaces the payload and the time', async () => {
    const runs: Run[] = [];
    const q = await queue([recorded(runs, 'test.keyed', 'q')]);
    await q.enqueue('test.keyed', { v: 1 }, { jobKey: 'incident-1', runAt: new Date(Date.now() + 60_000) });
    await q.enqueue('test.keyed', { v: 2 }, { jobKey: 'incident-1', runAt: new Date(Date.now() + 500) });
    await expect.poll(() => runs.length).toBe(1);
    await expect.poll(() => pending('test.keyed')).toBe(0);
    expect(runs).toEqual([{ job: 'test.keyed', payload: { v: 2 }, by: 'q' }]);
  });

  it('runs each missed cron tick once when two queues catch up at the same start (backfill: the same claim in known_crontabs as a live tick)', async () => {
    const runs: Run[] = [];
    // the crontab line was known 10 minutes ago and has not ticked since
    const c = await db.superuser();
    try {
      await c.query(
        `INSERT INTO graphile_worker._private_known_crontabs (identifier, known_since, last_execution)
         VALUES ('test.tick', now() - interval '10 minutes', now() - interval '10 minutes')`,
      );
    } finally {
      await c.end();
    }
    const tick = (by: string) => recorded(runs, 'test.tick', by, { cron: '* * * * *' });
    await Promise.all([
      queue([tick('a')], { cronBackfill: 5 * 60_000, concurrency: 2 }),
      queue([tick('b')], { cronBackfill: 5 * 60_000, concurrency: 2 }),
    ]);
    await expect.poll(() => runs.length).toBeGreaterThanOrEqual(4); // 4 or 5 minutes, by where in the minute it starts
    await expect.poll(() => pending('test.tick')).toBe(0);
    const ticks = runs.map((r) => r.payload._cron.ts as string);
    expect(new Set(ticks).size).toBe(ticks.length);
    expect(runs.filter((r) => r.payload._cron.backfilled).length).toBeGreaterThanOrEqual(4);
  });

  it('retries a job that throws, and logs the failure with the error', async () => {
    const lines: any[] = [];
    const log = pino(
      { level: 'warn' },
      new Writable({
        write(chunk, _enc, done) {
          lines.push(JSON.parse(String(chunk)));
          done();
        },
      }),
    );
    let attempts = 0;
    const q = await queue(
      [
        {
          name: 'test.flaky',
          async run() {
            if (++attempts === 1) throw new Error('the first attempt fails');
          },
        },
      ],
      { log },
    );
    await q.enqueue('test.flaky', {});
    // graphile-worker waits e^attempts seconds before the next attempt (about 3 s after the first)
    await expect.poll(() => attempts, { timeout: 30_000 }).toBe(2);
    await expect.poll(() => pending('test.flaky')).toBe(0);
    const failure = lines.find((l) => l.task === 'test.flaky');
    expect(failure).toMatchObject({ level: 50, attempt: 1, err: { message: 'the first attempt fails' } });
    expect(failure.msg).toMatch(/^Failed task/);
  });

  it('refuses to enqueue a job no definition names (it would wait forever)', async () => {
    const q = await queue([], { work: false });
    await expect(q.enqueue('test.nobody', {})).rejects.toThrow('no job named test.nobody');
  });

  it('lets a process that does not work on jobs enqueue them for one that does', async () => {
    const runs: Run[] = [];
    const web = await queue([recorded(runs, 'test.handoff', 'web')], { work: false });
    await queue([recorded(runs, 'test.handoff', 'worker')]);
    await web.enqueue('test.handoff', { n: 7 });
    await expect.poll(() => runs).toEqual([{ job: 'test.handoff', payload: { n: 7 }, by: 'worker' }]);
  });

  it('lets the application role use the queue but not change graphile-worker’s migration ledger', async () => {
    const c = new pg.Client({ connectionString: appUrl });
    await c.connect();
    try {
      await expect(c.query(`SELECT count(*) FROM graphile_worker.migrations`)).resolves.toBeTruthy();
      await expect(c.query(`DELETE FROM graphile_worker.migrations`)).rejects.toMatchObject({ code: '42501' });
    } finally {
      await c.end();
    }
  });
});
