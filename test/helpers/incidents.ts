// The incidents tests' common start: the app with a clock the test moves, sign-ins by demo person,
// a report as a phone makes it, and the job queue moved on by the same time as the clock; for the
// disaster files (A29.2, A30), the checklist's operations and a fixture whose checklists list rooms only.
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, expect } from 'vitest';
import { createApp, type App } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/config.js';
import { ensureAppRole } from '../../server/src/db/app-role.js';
import { createDataSource } from '../../server/src/db/data-source.js';
import { DEMO_PASSWORD, startTestApp, type TestApp } from './app.js';
import { staffIdsByNumber, roomIdsByCode } from './factories.js';
import { gql, signIn, type GqlResult } from './graphql.js';
import { DEMO, type DemoPerson } from './people.js';

export const INCIDENT_FIELDS = `id type state source summary reportTo awaiting escalations ackDueAt acknowledgedAt
  closedAt overdue accessEventId mediaScanId manualLink
  reportedBy { staffNumber } acknowledgedBy { staffNumber } section { code } room { code }
  steps { id key position label role article mandated dueAt doneAt outOfOrder waivedAt waiveReason note
    doneBy { staffNumber } recordedBy { staffNumber } }
  timeline { kind role acting stepKey text flagged actor { staffNumber } staff { staffNumber } }`;

export const REPORT = `mutation($i: ReportIncidentInput!) { reportIncident(input: $i) { ${INCIDENT_FIELDS} } }`;
export const INCIDENT = `query($id: ID!) { incident(id: $id) { ${INCIDENT_FIELDS} } }`;
export const ACKNOWLEDGE = `mutation($i: IncidentIdInput!) { acknowledgeIncident(input: $i) { ${INCIDENT_FIELDS} } }`;
export const COMPLETE = `mutation($i: CompleteIncidentStepInput!) { completeIncidentStep(input: $i) { ${INCIDENT_FIELDS} } }`;
export const WAIVE = `mutation($i: WaiveIncidentStepInput!) { waiveIncidentStep(input: $i) { ${INCIDENT_FIELDS} } }`;
export const ADD_STEP = `mutation($i: AddIncidentStepInput!) { addIncidentStep(input: $i) { ${INCIDENT_FIELDS} } }`;
export const INSTRUCT = `mutation($i: InstructIncidentInput!) { instructIncident(input: $i) { ${INCIDENT_FIELDS} } }`;
export const CLOSE = `mutation($i: CloseIncidentInput!) { closeIncident(input: $i) { ${INCIDENT_FIELDS} } }`;
export const RECORD_SCAN = `mutation($i: RecordMediaScanInput!) { recordMediaScan(input: $i) {
  id result direction medium software definitionVersion scannedBy { staffNumber } incident { ${INCIDENT_FIELDS} } } }`;

export interface IncidentFixture {
  t: TestApp;
  clock: Date;
  readonly staff: Record<string, string>;
  readonly rooms: Record<string, string>;
  /** a fresh session of a demo person (sessions outlive no clock the tests move far) */
  as(who: DemoPerson): Promise<string>;
  /** one operation as a demo person */
  gql<T = any>(who: DemoPerson, query: string, variables?: Record<string, unknown>): Promise<GqlResult<T>>;
  /** a report as a phone sends it: its own clientId, now as occurredAt, unless `fields` say otherwise */
  report(who: DemoPerson, fields?: Record<string, unknown>): Promise<GqlResult<any>>;
  /** the application's clock and the job queue both move on by `minutes` (START ahead of the real clock) */
  advance(minutes: number): Promise<void>;
}

export function useIncidentFixture(start: Date, opts: { env?: Record<string, string> } = {}): IncidentFixture {
  const sessions = new Map<string, string>();
  const f: IncidentFixture = {
    t: undefined as unknown as TestApp,
    clock: start,
    staff: {},
    rooms: {},
    async as(who) {
      let cookie = sessions.get(who.staffNumber);
      if (!cookie) {
        cookie = await signIn(f.t.app.http, who.staffNumber, DEMO_PASSWORD);
        sessions.set(who.staffNumber, cookie);
      }
      return cookie;
    },
    async gql(who, query, variables) {
      return gql(f.t.app.http, query, variables, await f.as(who));
    },
    report(who, fields = {}) {
      return f.gql(who, REPORT, {
        i: {
          clientId: randomUUID(),
          type: 'VIRUS',
          occurredAt: f.clock.toISOString(),
          summary: '端末でウイルスを検知',
          ...fields,
        },
      });
    },
    async advance(minutes) {
      f.clock = new Date(f.clock.getTime() + minutes * 60_000);
      sessions.clear(); // a session idle longer than its limit would end; sign in again
      await runDueJobs(f.t, f.clock);
    },
  };
  beforeAll(async () => {
    f.t = await startTestApp({ now: () => f.clock, env: opts.env });
    Object.assign(f.staff, await staffIdsByNumber(f.t.db.dataSource));
    Object.assign(f.rooms, await roomIdsByCode(f.t.db.dataSource));
  });
  afterAll(() => f.t?.close());
  return f;
}

/**
 * The queue's side of moving time: jobs due by `upTo` on the application's clock are made due now on
 * the database's, and the workers are told (as graphile-worker's own add_job tells them). A timer is
 * set for its deadline on the application's clock (escalation-timer.ts), so with a test clock ahead
 * of the real one nothing fires until the test moves the clock past it.
 */
export async function runDueJobs(t: TestApp, upTo: Date): Promise<number> {
  const c = await t.db.superuser();
  try {
    const { rowCount } = await c.query(
      `UPDATE graphile_worker._private_jobs j SET run_at = now()
         FROM graphile_worker._private_tasks k
        WHERE k.id = j.task_id AND k.identifier LIKE 'incidents.%' AND j.locked_at IS NULL AND j.run_at <= $1`,
      [upTo],
    );
    await c.query(`SELECT pg_notify('jobs:insert', '{"count":1}')`);
    return rowCount ?? 0;
  } finally {
    await c.end();
  }
}

/** The incident's escalation timers waiting in the queue (with their key), for a check that there is one. */
export async function timersOf(t: TestApp, incidentId: string): Promise<{ key: string; runInSeconds: number }[]> {
  const rows = (await t.db.dataSource.query(
    `SELECT j.key, extract(epoch FROM j.run_at - now())::float AS s
       FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks k ON k.id = j.task_id
      WHERE k.identifier = 'incidents.escalate' AND j.payload->>'incidentId' = $1`,
    [incidentId],
  )) as { key: string; s: number }[];
  return rows.map((r) => ({ key: r.key, runInSeconds: r.s }));
}

/** Timeline lines of an incident as [kind, role or stepKey, staffNumber] for compact assertions. */
export const linesOf = (incident: any): string[] =>
  incident.timeline.map((l: any) =>
    [l.kind, l.role ?? l.stepKey, l.staff?.staffNumber ?? l.actor?.staffNumber].filter(Boolean).join(' '),
  );

/**
 * Another server process on the test app's database (its own pool, its own job queue working on
 * jobs), as a second machine or a restarted server would be: the same database, keys and clock.
 */
export async function startServerOn(t: TestApp, now: () => Date): Promise<{ app: App; stop(): Promise<void> }> {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: t.db.url,
    SECRETS_DIR: t.secretsDir,
    JOBS_ENABLED: 'true',
  });
  const role = await ensureAppRole(t.db.url, t.secrets.hmacKey, config.statementTimeoutMs);
  if (!role) throw new Error('the test database user may not create roles');
  const ds = createDataSource({ url: role.url, installExtensions: false });
  await ds.initialize();
  const app = await createApp(config, ds, pino({ level: 'silent' }), t.secrets, now);
  let stopped: Promise<void> | null = null;
  return {
    app,
    stop: () =>
      (stopped ??= (async () => {
        await app.close();
        await ds.destroy();
      })()),
  };
}

/** Acknowledges the incident, waives every step still open (a drill), and closes it. */
export async function closeWithStepsWaived(f: IncidentFixture, id: string): Promise<void> {
  await f.gql(DEMO.manager, ACKNOWLEDGE, { i: { id } });
  const open = (await f.gql(DEMO.manager, INCIDENT, { id })).data!.incident.steps.filter(
    (s: any) => !s.doneAt && !s.waivedAt,
  );
  for (const s of open) await f.gql(DEMO.manager, WAIVE, { i: { stepId: s.id, reason: '訓練のため' } });
  const closed = await f.gql(DEMO.manager, CLOSE, { i: { id } });
  if (closed.errors) throw new Error(`closing ${id}: ${JSON.stringify(closed.errors)}`);
}

const CHECKLIST_ITEM_FIELDS = `id kind label source sourceId position outcome confirmedAt recordedAt note
  room { code } confirmedBy { staffNumber } addedBy { staffNumber }`;
const DAMAGE_FIELDS = `id clientId severity damaged location note observedAt room { code } reportedBy { staffNumber }`;
const CHECKLIST_FIELDS = `incidentId incidentType incidentState declaredAt automatic declarable total settled done cannot
  damaged waived declaredBy { staffNumber } items { ${CHECKLIST_ITEM_FIELDS} } damageReports { ${DAMAGE_FIELDS} }`;
export const CHECKLIST_READ = `query($id: ID!) { disasterChecklist(incidentId: $id) { ${CHECKLIST_FIELDS} } }`;
export const CHECKLIST_DECLARE = `mutation($i: DeclareDisasterModeInput!) { declareDisasterMode(input: $i) { ${CHECKLIST_FIELDS} } }`;
export const CHECKLIST_CONFIRM = `mutation($i: ConfirmDisasterChecklistItemInput!) { confirmDisasterChecklistItem(input: $i) { ${CHECKLIST_ITEM_FIELDS} } }`;
export const CHECKLIST_ADD = `mutation($i: AddDisasterChecklistItemInput!) { addDisasterChecklistItem(input: $i) { ${CHECKLIST_ITEM_FIELDS} } }`;
export const CHECKLIST_WAIVE = `mutation($i: WaiveDisasterChecklistItemInput!) { waiveDisasterChecklistItem(input: $i) { ${CHECKLIST_ITEM_FIELDS} } }`;
export const REPORT_DAMAGE = `mutation($i: ReportIncidentDamageInput!) { reportIncidentDamage(input: $i) { ${DAMAGE_FIELDS} } }`;

export interface DisasterFixture extends IncidentFixture {
  /** a report of this type and summary; its incident's id */
  reportOf(who: DemoPerson, type: string, summary: string): Promise<string>;
  /** the incident's disaster checklist as a demo person (the manager unless told) sees it */
  checklist(id: string, who?: DemoPerson): Promise<any>;
  /** a checklist row confirmed DONE unless `fields` say otherwise */
  confirm(who: DemoPerson, itemId: string, fields?: Record<string, unknown>): Promise<GqlResult<any>>;
  /** the incident as the manager sees it */
  incident(id: string): Promise<any>;
}

/**
 * The incident fixture for the disaster files: the checklists hold the access module's rooms only,
 * as the demo register's servers and terminals are put in store (the configuration module's
 * listing is tested in configuration-register).
 */
export function useDisasterFixture(start: Date): DisasterFixture {
  const f = useIncidentFixture(start) as DisasterFixture;
  beforeAll(async () => {
    await f.t.db.dataSource.query(
      `UPDATE configuration_item SET state = 'STORED' WHERE kind IN ('SERVER', 'TERMINAL') AND state = 'IN_USE'`,
    );
  });
  f.reportOf = async (who, type, summary) => {
    const res = await f.report(who, { type, summary });
    expect(res.errors).toBeUndefined();
    return res.data!.reportIncident.id as string;
  };
  f.checklist = async (id, who = DEMO.manager) => {
    const res = await f.gql(who, CHECKLIST_READ, { id });
    expect(res.errors).toBeUndefined();
    return res.data!.disasterChecklist;
  };
  f.confirm = (who, itemId, fields = {}) =>
    f.gql(who, CHECKLIST_CONFIRM, { i: { itemId, outcome: 'DONE', ...fields } });
  f.incident = async (id) => (await f.gql(DEMO.manager, INCIDENT, { id })).data!.incident;
  return f;
}

/** An incident's step by its key. */
export const stepOf = (incident: any, key: string) => incident.steps.find((s: any) => s.key === key);
