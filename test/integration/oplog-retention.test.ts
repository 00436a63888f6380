// A20.2: operation records are kept 7 years. The database refuses to delete a record younger than
// that whoever asks: the application's role has no DELETE, UPDATE or TRUNCATE on the table or its
// partitions, so neither a request nor a job (graphile-worker runs on that role) can; the trigger
// refuses even the owner. The job that makes the coming months' partitions works on that role.
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAppRole } from '../../server/src/db/app-role.js';
import { startJobQueue, type JobQueue } from '../../server/src/jobs/job-queue.js';
import { sqlState } from '../../server/src/shared/errors.js';
import { startTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
const queues: JobQueue[] = [];
const YOUNG = new Date(Date.now() - 30 * 86_400_000); // a month ago
const OLD = new Date(Date.now() - (8 * 365 + 10) * 86_400_000); // more than 8 years ago

async function insert(at: Date, line: number) {
  await t.db.dataSource.query(`SELECT oplog_ensure_partition(($1::timestamptz AT TIME ZONE 'Asia/Tokyo')::date)`, [at]);
  await t.db.dataSource.query(
    `INSERT INTO operation_record ("at", "sourceId", line, "terminalCode", "operatorId", "operationType", result)
     VALUES ($1, 'retention', $2, 'T-1', 'OP1', 'INQUIRY', 'SUCCESS')`,
    [at, line],
  );
}
const stored = async () =>
  Number(
    (await t.db.dataSource.query(`SELECT count(*)::int AS n FROM operation_record WHERE "sourceId" = 'retention'`))[0]
      .n,
  );
const partitionOf = async (at: Date) =>
  (
    await t.db.dataSource.query(
      `SELECT tableoid::regclass::text AS p FROM operation_record WHERE "sourceId" = 'retention' AND "at" = $1`,
      [at],
    )
  )[0].p as string;
const failure = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return { state: sqlState(e), message: (e as Error).message };
  }
  return null;
};

beforeAll(async () => {
  t = await startTestApp({ seed: false });
  await insert(YOUNG, 1);
  await insert(OLD, 2);
  // the partitions made above are the owner's: at the next start the role's grants are refreshed
  await ensureAppRole(t.db.url, t.secrets.hmacKey, 15_000);
});
afterAll(async () => {
  await Promise.all(queues.map((q) => q.stop()));
  await t.close();
});

describe('A20.2 operation records kept 7 years', () => {
  it('A20.2: the application’s role can neither delete, change nor truncate a record, on the table or a partition', async () => {
    const ds = t.app.services.ds;
    const part = await partitionOf(YOUNG);
    for (const sql of [
      `DELETE FROM operation_record WHERE "sourceId" = 'retention'`,
      `UPDATE operation_record SET result = 'FAILURE' WHERE "sourceId" = 'retention'`,
      `TRUNCATE operation_record`,
      `DELETE FROM ${part}`,
      `TRUNCATE ${part}`,
    ]) {
      expect(await failure(ds.query(sql)), sql).toMatchObject({ state: '42501' }); // insufficient_privilege
    }
    expect(await stored()).toBe(2);
  });

  it('A20.2: a job (graphile-worker, on the application’s role) cannot delete a record either', async () => {
    const role = (await ensureAppRole(t.db.url, t.secrets.hmacKey, 15_000))!;
    let settle!: (v: unknown) => void;
    const outcome = new Promise((r) => (settle = r));
    const q = await startJobQueue({
      connectionString: role.url,
      log: pino({ level: 'silent' }),
      pollInterval: 100,
      jobs: [
        {
          name: 'test.pruneOperationRecords',
          async run() {
            settle(await failure(t.app.services.ds.query(`DELETE FROM operation_record WHERE "at" < now()`)));
          },
        },
      ],
    });
    queues.push(q);
    await q.enqueue('test.pruneOperationRecords', {});
    expect(await outcome).toMatchObject({ state: '42501' });
    expect(await stored()).toBe(2);
  });

  it('A20.2: even the owner may not delete or change a record younger than 7 years (the trigger); an older one may go', async () => {
    const owner = t.db.dataSource;
    const young = await failure(
      owner.query(`DELETE FROM operation_record WHERE "sourceId" = 'retention' AND line = 1`),
    );
    expect(young).toMatchObject({ state: '23001' });
    expect(young!.message).toContain('kept 7 years');
    expect(await failure(owner.query(`DELETE FROM ${await partitionOf(YOUNG)}`))).toMatchObject({ state: '23001' });
    expect(
      await failure(owner.query(`UPDATE operation_record SET "operatorId" = 'OP2' WHERE "sourceId" = 'retention'`)),
    ).toMatchObject({ state: '23001' });
    expect(await failure(owner.query(`TRUNCATE operation_record`))).toMatchObject({ state: '23001' });
    expect(await stored()).toBe(2);
    // past 7 years the trigger lets a record go (detaching and archiving by the manager is a later step)
    await owner.query(`DELETE FROM operation_record WHERE "sourceId" = 'retention' AND line = 2`);
    expect(await stored()).toBe(1);
  });

  it('A20.2: the job makes this month and the next three months’ partitions, on the application’s role', async () => {
    const job = t.app.services.declared.jobs.find((j) => j.name === 'oplog.partitionsAhead')!;
    const later = new Date(Date.now() + 150 * 86_400_000);
    await job.run({}, { now: later, log: pino({ level: 'silent' }) });
    const months = await t.app.services.oplogPartitions.months();
    const monthOf = (d: Date) => new Date(d.getTime() + 9 * 3_600_000).toISOString().slice(0, 7);
    for (let i = 0; i <= 3; i++) {
      const d = new Date(`${monthOf(later)}-01T00:00:00Z`);
      d.setUTCMonth(d.getUTCMonth() + i);
      expect(months).toContain(`${d.toISOString().slice(0, 7)}-01`);
    }
    // a partition's bounds are the Tokyo month
    const [b] = await t.db.dataSource.query(
      `SELECT pg_get_expr(relpartbound, oid) AS bound FROM pg_class WHERE relname = $1`,
      [`operation_record_${monthOf(later).replace('-', '_')}`],
    );
    expect(b.bound).toMatch(/FROM \('.*-01 00:00:00\+09'\)|FROM \('.*15:00:00\+00'\)/);
  });

  it('A20.2: the job does not wait behind a long upload to make a partition (reads would queue behind it): it leaves the month for another day', async () => {
    const job = t.app.services.declared.jobs.find((j) => j.name === 'oplog.partitionsAhead')!;
    // months no other test makes (the test above: up to ~242 days ahead), within the 400 days allowed
    const far = new Date(Date.now() + 280 * 86_400_000);
    const before = await t.app.services.oplogPartitions.months();
    // a batch's transaction still open on the table (the straight path holds it while the body streams)
    const uploading = await t.db.superuser();
    await uploading.query('BEGIN');
    await uploading.query('LOCK TABLE operation_record IN ROW EXCLUSIVE MODE');
    const warned: unknown[] = [];
    const log = pino({ level: 'warn' }, { write: (line: string) => void warned.push(JSON.parse(line)) });
    try {
      const started = Date.now();
      await job.run({}, { now: far, log });
      // each month gave up after the lock timeout, not when the upload ended
      expect(Date.now() - started).toBeLessThan(4 * 2_000 + 5_000);
      expect(warned).toMatchObject([{ busy: expect.arrayContaining([expect.stringMatching(/-01$/)]) }]);
      expect((warned[0] as { busy: string[] }).busy).toHaveLength(4);
      // meanwhile the history stays readable
      expect(await stored()).toBeGreaterThanOrEqual(0);
    } finally {
      await uploading.query('COMMIT');
      await uploading.end();
    }
    expect(await t.app.services.oplogPartitions.months()).toEqual(before);
    // the next day's run, with the table free, makes them
    await job.run({}, { now: far, log: pino({ level: 'silent' }) });
    expect((await t.app.services.oplogPartitions.months()).length).toBe(before.length + 4);
  });
});
