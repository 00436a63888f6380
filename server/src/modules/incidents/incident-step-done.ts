import type { EntityManager } from 'typeorm';
import { IncidentEventKind } from './incident-event.entity.js';
import { writeTimeline } from './incident-routing.js';
import { IncidentStep, isOpen } from './incident-step.entity.js';

export interface StepDone {
  /** when the step was done (a phone's tap, an observation): may be before it was recorded */
  doneAt: Date;
  doneById: string;
  /** who recorded it, and when the server took it: the timeline line's time */
  recordedById: string;
  recordedAt: Date;
  note: string | null;
}

/**
 * The one way a step becomes done, whether a person ticks it, the disaster checklist or a damage report
 * completes it, or the register's resolved anomaly confirms it: the step row, flagged out of order when
 * an earlier step of the incident is still open (allowed, but the manager sees it), and its STEP_DONE
 * line on the timeline. `steps`: every step of the incident, read under the incident's lock.
 * Answers whether it was out of order.
 */
export async function markStepDone(
  em: EntityManager,
  incidentId: string,
  step: IncidentStep,
  steps: readonly IncidentStep[],
  done: StepDone,
): Promise<boolean> {
  const outOfOrder = steps.some((s) => s.id !== step.id && s.position < step.position && isOpen(s));
  await em.update(IncidentStep, { id: step.id }, { ...done, outOfOrder });
  // the steps of this write are read as done by the next one in the same transaction
  Object.assign(step, done, { outOfOrder });
  await writeTimeline(em, incidentId, done.recordedAt, [
    {
      kind: IncidentEventKind.STEP_DONE,
      actorId: done.recordedById,
      staffId: done.doneById,
      stepId: step.id,
      stepKey: step.key,
      text: done.note,
      flagged: outOfOrder,
    },
  ]);
  return outOfOrder;
}
