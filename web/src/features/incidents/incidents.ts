// GraphQL of the incident pages (issue 13 §8) and the small rules they share: the list's filters
// as the URL carries them (the 対応が必要 items and the compliance view link to them), and what a
// step's state is.
import type { LocationQuery } from 'vue-router';
import { request } from '../../api/graphql-client.js';
import {
  AcknowledgeIncidentDocument,
  AddIncidentStepDocument,
  CloseIncidentDocument,
  CompleteIncidentStepDocument,
  IncidentDocument,
  IncidentsDocument,
  IncidentsForPrintDocument,
  InstructIncidentDocument,
  WaiveIncidentStepDocument,
  type AddIncidentStepInput,
  type IncidentDetailFragment,
  type IncidentFilterInput,
  type IncidentRowFragment,
  type IncidentState,
  type IncidentType,
  type IncidentsForPrintQuery,
} from '../../generated/incidents.js';

export type IncidentRow = IncidentRowFragment;
export type IncidentDetail = IncidentDetailFragment;
export type IncidentStep = IncidentDetail['steps'][number];
export type TimelineLine = IncidentDetail['timeline'][number];
export type PrintRow = IncidentsForPrintQuery['incidents']['nodes'][number];
export type { IncidentState, IncidentType };

export const INCIDENT_TYPES: readonly IncidentType[] = [
  'VIRUS',
  'UNAUTHORISED_ACCESS',
  'SYSTEM_FAILURE',
  'DISASTER',
  'FIRE',
  'EARTHQUAKE_OR_LIGHTNING',
  'ACCESS_ANOMALY',
];
export const INCIDENT_STATES: readonly IncidentState[] = ['REPORTED', 'ACKNOWLEDGED', 'CLOSED'];
/** The roles a step the manager adds may be given (null: anyone on the spot). */
export const STEP_ROLES = ['OPERATIONS_MANAGER', 'MANAGER', 'DEPUTY_CHIEF', 'CHIEF'] as const;

/** The list's filters as the URL says them: ?type=VIRUS&state=REPORTED&overdue=true&steps=mine */
export interface ListFilter {
  type: IncidentType | null;
  state: IncidentState | null;
  overdue: boolean;
  mine: boolean;
}

const one = (v: LocationQuery[string]): string | null => (typeof v === 'string' ? v : null);

export function filterFromQuery(q: LocationQuery): ListFilter {
  const type = one(q.type) as IncidentType | null;
  const state = one(q.state) as IncidentState | null;
  return {
    type: type && INCIDENT_TYPES.includes(type) ? type : null,
    state: state && INCIDENT_STATES.includes(state) ? state : null,
    overdue: one(q.overdue) === 'true',
    mine: one(q.steps) === 'mine',
  };
}

export function queryOfFilter(f: ListFilter): Record<string, string> {
  return {
    ...(f.type ? { type: f.type } : {}),
    ...(f.state ? { state: f.state } : {}),
    ...(f.overdue ? { overdue: 'true' } : {}),
    ...(f.mine ? { steps: 'mine' } : {}),
  };
}

const apiFilter = (f: ListFilter): IncidentFilterInput => ({
  type: f.type,
  state: f.state,
  overdue: f.overdue || null,
  mySteps: f.mine || null,
});

export const PAGE_SIZE = 20;

export async function incidentPage(f: ListFilter, after: string | null) {
  return (await request(IncidentsDocument, { filter: apiFilter(f), first: PAGE_SIZE, after })).incidents;
}

export const loadIncident = async (id: string) => (await request(IncidentDocument, { id })).incident;

export const acknowledgeIncident = async (id: string) =>
  (await request(AcknowledgeIncidentDocument, { i: { id } })).acknowledgeIncident;
export const instructIncident = async (id: string, instruction: string) =>
  (await request(InstructIncidentDocument, { i: { id, instruction } })).instructIncident;
export const completeStep = async (stepId: string, note: string) =>
  (await request(CompleteIncidentStepDocument, { i: { stepId, note: note.trim() || null } })).completeIncidentStep;
export const waiveStep = async (stepId: string, reason: string) =>
  (await request(WaiveIncidentStepDocument, { i: { stepId, reason } })).waiveIncidentStep;
export const addStep = async (input: AddIncidentStepInput) =>
  (await request(AddIncidentStepDocument, { i: input })).addIncidentStep;
export const closeIncident = async (id: string, note: string) =>
  (await request(CloseIncidentDocument, { i: { id, note: note.trim() || null } })).closeIncident;

/** 'YYYY-MM-DD' (Tokyo) → the instant its day starts. */
export const startOfDay = (day: string): string => new Date(`${day}T00:00:00+09:00`).toISOString();
const dayAfter = (day: string): string => new Date(Date.parse(`${day}T00:00:00+09:00`) + 86_400_000).toISOString();

/** Every incident reported in the period (both days included, Tokyo), a page of 100 at a time, newest first. */
export async function allInPeriod(from: string, to: string): Promise<PrintRow[]> {
  const filter: IncidentFilterInput = { from: startOfDay(from), to: dayAfter(to) };
  const all: PrintRow[] = [];
  let after: string | null = null;
  for (let i = 0; i < 100; i++) {
    const page: IncidentsForPrintQuery['incidents'] = (await request(IncidentsForPrintDocument, { filter, after }))
      .incidents;
    all.push(...page.nodes);
    if (!page.hasNextPage) break;
    after = page.endCursor;
  }
  return all;
}

/** The fiscal year (年度, from 1 April) a Tokyo day falls in: its first day. */
export function fiscalYearStart(today: string): string {
  const [y, m] = today.split('-').map(Number);
  return `${m >= 4 ? y : y - 1}-04-01`;
}

export type StepStatus = 'done' | 'waived' | 'open';
export const stepStatus = (s: { doneAt?: string | null; waivedAt?: string | null }): StepStatus =>
  s.doneAt ? 'done' : s.waivedAt ? 'waived' : 'open';

export const stepCounts = (steps: readonly { doneAt?: string | null; waivedAt?: string | null }[]) => {
  const done = steps.filter((s) => stepStatus(s) === 'done').length;
  const waived = steps.filter((s) => stepStatus(s) === 'waived').length;
  return { all: steps.length, done, waived, open: steps.length - done - waived };
};

/** An open step past its due time (the server says overdue for the incident; this marks the step). */
export const stepOverdue = (s: IncidentStep, now = Date.now()): boolean =>
  stepStatus(s) === 'open' && !!s.dueAt && Date.parse(s.dueAt) < now;
