// Durable jobs kept in PostgreSQL (graphile-worker): queued jobs and crontab lines survive a
// restart, and each runs once even with several server processes on one database (jobs are taken
// with SELECT … FOR UPDATE SKIP LOCKED; a cron tick is claimed through known_crontabs before its job
// is added). The schema (graphile_worker) is installed by the database owner at start-up
// (installJobSchema, from db/database.ts); the queue itself connects as the application's role,
// which app-role.ts grants what graphile-worker needs.
import {
  Logger as WorkerLogger,
  makeWorkerUtils,
  parseCronItems,
  run,
  runMigrations,
  type JobHelpers,
  type LogLevel,
  type Runner,
  type WorkerUtils,
} from 'graphile-worker';
import pg from 'pg';
import type { Logger } from 'pino';
import type { JobDefinition } from '../shared/module.js';

/** graphile-worker's schema; named here so that no GRAPHILE_WORKER_SCHEMA in the environment moves it. */
export const JOB_SCHEMA = 'graphile_worker';

/** A cron tick that fails is retried this many times in all; the next tick comes anyway. */
const CRON_MAX_ATTEMPTS = 3;

export interface EnqueueOptions {
  /** not before this time (default: now) */
  runAt?: Date;
  /** one pending job per key: enqueueing the same key again replaces the pending job (its payload and runAt) */
  jobKey?: string;
}

export interface JobQueue {
  /** Adds a job for one of the queue's definitions; it is in PostgreSQL when this resolves. */
  enqueue(name: string, payload: unknown, opts?: EnqueueOptions): Promise<void>;
  /** Waits for running jobs to finish, then disconnects. Safe to call twice. */
  stop(): Promise<void>;
}

export interface JobQueueOptions {
  /** the application's connection (exactly one of connectionString and pgPool) */
  connectionString?: string;
  pgPool?: pg.Pool;
  jobs: readonly JobDefinition[];
  log: Logger;
  /** false: this process only enqueues; jobs and cron ticks run in another process (default true) */
  work?: boolean;
  /** jobs run at the same time in this process (default 1) */
  concurrency?: number;
  /** how often to look for jobs whose runAt has come, and for retries, in ms (default 2000); new jobs are noticed at once (LISTEN/NOTIFY) */
  pollInterval?: number;
  /**
   * how far back, in ms, cron ticks missed while no process was running are caught up at start
   * (default 0: the next tick comes anyway). A tick is claimed once whichever process catches it up.
   */
  cronBackfill?: number;
  /** the clock handed to jobs as ctx.now (tests move it; the queue itself follows PostgreSQL's clock) */
  now?: () => Date;
}

/** What graphile-worker's messages are written to (a pino logger). */
export interface WorkerLog {
  error(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

/** Installs or upgrades graphile-worker's schema. Run as the database owner, before the application role is granted its rights. */
export async function installJobSchema(ownerUrl: string, log: WorkerLog): Promise<void> {
  await runMigrations({ connectionString: ownerUrl, schema: JOB_SCHEMA, logger: workerLogger(log) });
}

/** Starts working on the jobs (unless work is false) and returns a handle to enqueue and stop. */
export async function startJobQueue(opts: JobQueueOptions): Promise<JobQueue> {
  const names = new Set<string>();
  for (const job of opts.jobs) {
    if (names.has(job.name)) throw new Error(`job ${job.name} is defined twice`);
    names.add(job.name);
  }
  const concurrency = opts.concurrency ?? 1;
  const ownPool = !opts.pgPool;
  const pgPool =
    opts.pgPool ??
    new pg.Pool({
      connectionString: opts.connectionString,
      // graphile-worker holds one connection for LISTEN and needs another to take and release jobs
      max: Math.max(4, concurrency + 2),
      application_name: 'jukinet-jobs',
    });
  if (ownPool) {
    // pg drops a broken connection by itself; without listeners its 'error' would end the process
    const onError = (err: Error) => opts.log.error({ err }, 'job queue: database connection error');
    pgPool.on('error', onError);
    pgPool.on('connect', (client) => client.on('error', onError));
  }
  const now = opts.now ?? (() => new Date());
  const logger = workerLogger(opts.log);

  let runner: Runner | null = null;
  if (opts.work ?? true) {
    const taskList = Object.fromEntries(
      opts.jobs.map((job) => [
        job.name,
        async (payload: unknown, helpers: JobHelpers) => {
          // a throw is logged by graphile-worker (through workerLogger) and the job retried later
          await job.run(payload, { now: now(), log: opts.log.child({ job: job.name, jobId: helpers.job.id }) });
        },
      ]),
    );
    const cron = opts.jobs.filter((j) => j.cron);
    try {
      runner = await run({
        pgPool,
        schema: JOB_SCHEMA,
        logger,
        concurrency,
        pollInterval: opts.pollInterval ?? 2000,
        noHandleSignals: true, // main.ts shuts down in order (HTTP, jobs, pool, database)
        taskList,
        parsedCronItems: parseCronItems(
          cron.map((j) => ({
            task: j.name,
            identifier: j.name,
            match: j.cron!,
            options: { backfillPeriod: opts.cronBackfill ?? 0, maxAttempts: CRON_MAX_ATTEMPTS },
          })),
        ),
      });
    } catch (e) {
      if (ownPool) await pgPool.end();
      throw e;
    }
    runner.promise.catch((err: unknown) => opts.log.error({ err }, 'job queue stopped on an error'));
    opts.log.info({ jobs: [...names], cron: cron.map((j) => `${j.cron} ${j.name}`) }, 'job queue started');
  }
  // only enqueueing: connect on the first job
  let utils: Promise<WorkerUtils> | null = null;

  let stopped: Promise<void> | null = null;
  return {
    async enqueue(name, payload, { runAt, jobKey } = {}) {
      if (!names.has(name)) throw new Error(`no job named ${name}`);
      if (stopped) throw new Error('the job queue is stopped');
      const spec = { runAt, jobKey };
      if (runner) {
        await runner.addJob(name, payload, spec);
        return;
      }
      utils ??= makeWorkerUtils({ pgPool, schema: JOB_SCHEMA, logger }).catch((e: unknown) => {
        utils = null; // the database may be back on the next try
        throw e;
      });
      await (await utils).addJob(name, payload, spec);
    },
    stop() {
      stopped ??= (async () => {
        try {
          if (runner) await runner.stop();
          if (utils) await (await utils.catch(() => null))?.release();
        } finally {
          if (ownPool) await pgPool.end();
        }
      })();
      return stopped;
    },
  };
}

/** graphile-worker's logger onto pino: its levels, its scope as fields, a failed job's error as `err` (never its payload). */
export function workerLogger(log: WorkerLog): WorkerLogger {
  return new WorkerLogger((scope) => (level: LogLevel, message: string, meta?: Record<string, unknown>) => {
    const fields: Record<string, unknown> = { jobs: 'graphile-worker', ...scope };
    const job = meta?.job as
      { id?: string; task_identifier?: string; attempts?: number; max_attempts?: number } | undefined;
    if (job)
      Object.assign(fields, {
        jobId: job.id,
        task: job.task_identifier,
        attempt: job.attempts,
        maxAttempts: job.max_attempts,
      });
    const err = meta?.error;
    if (err) fields.err = err;
    // with the error as a field, its stack need not be in the message too
    const msg = err ? message.split('\n')[0] : message;
    switch (level as string) {
      case 'error':
        return log.error(fields, msg);
      case 'warning':
        return log.warn(fields, msg);
      case 'info':
        // "worker connected", "completed task …" every few minutes: detail, not news
        return log.debug(fields, msg);
      default:
        return log.debug(fields, msg);
    }
  });
}
