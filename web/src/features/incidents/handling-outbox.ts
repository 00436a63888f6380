// What a person does on an incident's page and its disaster page goes through the app's outbox
// (offline/outbox) like a report (issue 13 §6): acknowledging, the manager's instructions, a step
// done or waived, a row of the shutdown checklist confirmed, a damage report. Each is kept on the
// phone first (IndexedDB), sent at once if the server can be reached, else when the connection
// returns; the page shows what still waits. A resend stores once on the server: an acknowledgement,
// a step and a checklist row are settled once by their own id (a second time answers the first),
// an instruction and a damage report carry their client id.
import { request } from '../../api/graphql-client.js';
import {
  ConfirmDisasterChecklistItemDocument,
  ReportIncidentDamageDocument,
  type ConfirmDisasterChecklistItemInput,
  type DisasterItemRowFragment,
  type ReportIncidentDamageInput,
} from '../../generated/disaster.js';
import {
  AcknowledgeIncidentDocument,
  CompleteIncidentStepDocument,
  InstructIncidentDocument,
  WaiveIncidentStepDocument,
  type CompleteIncidentStepInput,
  type IncidentDetailFragment,
} from '../../generated/incidents.js';
import { addMessages, i18n } from '../../i18n/index.js';
import ja from '../../i18n/ja/incident-report.js';
import { defineOutboxKind, enqueue, outboxState, type OutboxItem } from '../../offline/outbox/outbox.js';

export const INCIDENT_ACK = 'incident.acknowledge';
export const INCIDENT_INSTRUCT = 'incident.instruct';
export const INCIDENT_STEP_DONE = 'incident.stepDone';
export const INCIDENT_STEP_WAIVED = 'incident.stepWaived';
export const DISASTER_CONFIRM = 'incident.disasterConfirm';
export const DISASTER_DAMAGE = 'incident.damage';
/** The kinds the incident page shows as waiting (OutboxWaiting's `kinds`). */
export const HANDLING_KINDS = [INCIDENT_ACK, INCIDENT_INSTRUCT, INCIDENT_STEP_DONE, INCIDENT_STEP_WAIVED] as const;
/** …and the disaster page. */
export const DISASTER_KINDS = [DISASTER_CONFIRM, DISASTER_DAMAGE] as const;

/** Every payload names its incident (kept on the phone only: the senders leave it out). */
interface OfIncident {
  incidentId: string;
}
export type AckPayload = OfIncident;
export type InstructPayload = OfIncident & { instruction: string; clientId: string };
export type StepDonePayload = OfIncident & { input: CompleteIncidentStepInput };
export type StepWaivedPayload = OfIncident & { stepId: string; reason: string };
export type ConfirmPayload = OfIncident & { input: ConfirmDisasterChecklistItemInput };
export type DamagePayload = OfIncident & { input: ReportIncidentDamageInput };

defineOutboxKind<AckPayload>(
  INCIDENT_ACK,
  async (p): Promise<IncidentDetailFragment> =>
    (await request(AcknowledgeIncidentDocument, { i: { id: p.incidentId } })).acknowledgeIncident,
);
defineOutboxKind<InstructPayload>(
  INCIDENT_INSTRUCT,
  async (p): Promise<IncidentDetailFragment> =>
    (
      await request(InstructIncidentDocument, {
        i: { id: p.incidentId, instruction: p.instruction, clientId: p.clientId },
      })
    ).instructIncident,
);
defineOutboxKind<StepDonePayload>(
  INCIDENT_STEP_DONE,
  async (p): Promise<IncidentDetailFragment> =>
    (await request(CompleteIncidentStepDocument, { i: p.input })).completeIncidentStep,
);
defineOutboxKind<StepWaivedPayload>(
  INCIDENT_STEP_WAIVED,
  async (p): Promise<IncidentDetailFragment> =>
    (await request(WaiveIncidentStepDocument, { i: { stepId: p.stepId, reason: p.reason } })).waiveIncidentStep,
);
defineOutboxKind<ConfirmPayload>(
  DISASTER_CONFIRM,
  async (p): Promise<DisasterItemRowFragment> =>
    (await request(ConfirmDisasterChecklistItemDocument, { i: p.input })).confirmDisasterChecklistItem,
);
defineOutboxKind<DamagePayload>(DISASTER_DAMAGE, async (p): Promise<{ id: string }> => {
  const { reportIncidentDamage } = await request(ReportIncidentDamageDocument, { i: p.input });
  return { id: reportIncidentDamage.id };
});

void addMessages(ja, () => import('../../i18n/en/incident-report.js'));

const t = (key: string, values: Record<string, unknown> = {}) => i18n.global.t(key, values);

/** The items of these kinds that still wait for this incident (refused ones are OutboxWaiting's). */
export const waitingFor = (incidentId: string, kinds: readonly string[]): OutboxItem[] =>
  outboxState.items.filter(
    (i) => kinds.includes(i.kind) && !i.refused && (i.payload as OfIncident).incidentId === incidentId,
  );

/** An item of `kind` that still waits and matches: the same tap again keeps the first. */
function waitingLike<P>(kind: string, same: (p: P) => boolean): OutboxItem<P> | undefined {
  return outboxState.items.find((i) => i.kind === kind && !i.refused && same(i.payload as P)) as
    OutboxItem<P> | undefined;
}

export async function queueAcknowledge(incidentId: string, label: string): Promise<OutboxItem<AckPayload>> {
  return (
    waitingLike<AckPayload>(INCIDENT_ACK, (p) => p.incidentId === incidentId) ??
    enqueue<AckPayload>(INCIDENT_ACK, { incidentId }, { display: { title: t('incidentReport.outbox.ack', { label }) } })
  );
}

export function queueInstruction(incidentId: string, instruction: string): Promise<OutboxItem<InstructPayload>> {
  const clientId = crypto.randomUUID();
  return enqueue<InstructPayload>(
    INCIDENT_INSTRUCT,
    { incidentId, instruction, clientId },
    { clientId, display: { title: t('incidentReport.outbox.instruct'), detail: instruction.slice(0, 80) } },
  );
}

/**
 * A step done, kept with the time of the tap (doneAt) so that a step confirmed offline is recorded
 * when it was done. The same step confirmed again while it waits keeps the first.
 */
export async function queueStepDone(
  incidentId: string,
  step: { stepId: string; label: string; note?: string | null; doneAt?: string },
): Promise<OutboxItem<StepDonePayload>> {
  const waiting = waitingLike<StepDonePayload>(INCIDENT_STEP_DONE, (p) => p.input.stepId === step.stepId);
  if (waiting) return waiting;
  const input: CompleteIncidentStepInput = {
    stepId: step.stepId,
    doneAt: step.doneAt ?? new Date().toISOString(),
    note: step.note?.trim() || null,
  };
  return enqueue<StepDonePayload>(
    INCIDENT_STEP_DONE,
    { incidentId, input },
    { display: { title: t('incidentReport.outbox.step', { step: step.label }), detail: input.note } },
  );
}

export async function queueStepWaived(
  incidentId: string,
  step: { stepId: string; label: string; reason: string },
): Promise<OutboxItem<StepWaivedPayload>> {
  return (
    waitingLike<StepWaivedPayload>(INCIDENT_STEP_WAIVED, (p) => p.stepId === step.stepId) ??
    enqueue<StepWaivedPayload>(
      INCIDENT_STEP_WAIVED,
      { incidentId, stepId: step.stepId, reason: step.reason.trim() },
      { display: { title: t('incidentReport.outbox.waive', { step: step.label }), detail: step.reason } },
    )
  );
}

/** Whether a step's confirmation (done or waived) still waits on this phone: its card says 送信待ち. */
export const stepWaiting = (stepId: string): boolean =>
  outboxState.items.some(
    (i) =>
      !i.refused &&
      ((i.kind === INCIDENT_STEP_DONE && (i.payload as StepDonePayload).input.stepId === stepId) ||
        (i.kind === INCIDENT_STEP_WAIVED && (i.payload as StepWaivedPayload).stepId === stepId)),
  );

/** A row of the shutdown checklist confirmed (A30.1), kept with the time of the tap. */
export async function queueConfirmRow(
  incidentId: string,
  row: { itemId: string; label: string; outcome: ConfirmDisasterChecklistItemInput['outcome']; note: string | null },
): Promise<OutboxItem<ConfirmPayload>> {
  const waiting = waitingLike<ConfirmPayload>(DISASTER_CONFIRM, (p) => p.input.itemId === row.itemId);
  if (waiting) return waiting;
  const input: ConfirmDisasterChecklistItemInput = {
    itemId: row.itemId,
    outcome: row.outcome,
    note: row.note,
    confirmedAt: new Date().toISOString(),
  };
  return enqueue<ConfirmPayload>(
    DISASTER_CONFIRM,
    { incidentId, input },
    {
      display: {
        title: t('incidentReport.outbox.row', { label: row.label, outcome: t(`disaster.outcome.${row.outcome}`) }),
        detail: row.note,
      },
    },
  );
}

export const rowWaiting = (itemId: string): boolean =>
  outboxState.items.some(
    (i) => i.kind === DISASTER_CONFIRM && !i.refused && (i.payload as ConfirmPayload).input.itemId === itemId,
  );

/** A29.2, A30.2: damage in a room, kept with the time it was seen; its client id is the server's. */
export function queueDamage(
  input: Omit<ReportIncidentDamageInput, 'clientId' | 'observedAt'>,
  where: string,
): Promise<OutboxItem<DamagePayload>> {
  const clientId = crypto.randomUUID();
  return enqueue<DamagePayload>(
    DISASTER_DAMAGE,
    { incidentId: input.incidentId, input: { ...input, clientId, observedAt: new Date().toISOString() } },
    { clientId, display: { title: t('incidentReport.outbox.damage', { where }), detail: input.damaged || null } },
  );
}
