// The escalation timer of one incident, kept as a durable job in graphile-worker's tables and written
// in the same transaction as the incident: the report and its timer commit together, or neither
// does, and the timer waits in PostgreSQL across restarts. One job key per incident, so a report,
// an escalation and the safety sweep never leave two timers for it, and graphile-worker hands a job
// to one process only, however many servers share the database.
import type { EntityManager } from 'typeorm';
import { JOB_SCHEMA } from '../../jobs/job-queue.js';

export const ESCALATE_JOB = 'incidents.escalate';

export const timerKey = (incidentId: string) => `incident-escalation:${incidentId}`;

/**
 * Sets the incident's timer to fire at `dueAt` (the application's clock, `appNow` being its now).
 * The queue runs on the database's clock: when the two agree (production) the timer fires at
 * `dueAt`; when the application's clock is behind the database's (a test's fixed clock in the past)
 * it fires after the same wait from the database's now, never at once and over again.
 */
export async function setTimer(em: EntityManager, incidentId: string, dueAt: Date, appNow: Date): Promise<void> {
  await em.query(
    `SELECT 1 FROM ${JOB_SCHEMA}.add_job($1, json_build_object('incidentId', $2::text),
       run_at := greatest($3::timestamptz, now() + ($3::timestamptz - $4::timestamptz)),
       max_attempts := 25, job_key := $5)`,
    [ESCALATE_JOB, incidentId, dueAt, appNow, timerKey(incidentId)],
  );
}

/** Removes the incident's waiting timer (acknowledged or closed): nothing left to escalate. */
export async function clearTimer(em: EntityManager, incidentId: string): Promise<void> {
  await em.query(`SELECT 1 FROM ${JOB_SCHEMA}.remove_job($1)`, [timerKey(incidentId)]);
}

/**
 * The safety net: every unacknowledged incident below the top of the chain has a timer. Fills in
 * one that is missing (a database restored from a backup starts with an empty queue) and leaves
 * waiting timers as they are (job_key_mode preserve_run_at). `now` is the application's clock.
 */
export async function ensureTimers(em: EntityManager, now: Date): Promise<number> {
  const rows = (await em.query(
    `SELECT ${JOB_SCHEMA}.add_job($1, json_build_object('incidentId', i.id::text),
       run_at := greatest(i."ackDueAt", now() + (i."ackDueAt" - $2::timestamptz)),
       max_attempts := 25, job_key := 'incident-escalation:' || i.id::text, job_key_mode := 'preserve_run_at')
     FROM incident i WHERE i.state = 'REPORTED' AND i.awaiting <> 'CHIEF'`,
    [ESCALATE_JOB, now],
  )) as unknown[];
  return rows.length;
}
