import type { DataSource, EntityManager } from 'typeorm';
import type { RequestMeta } from '../../shared/audit.js';
import { created, type AuditedWrites } from '../../shared/audited.js';
import type { OrgRole } from '../../shared/authority.js';
import { Staff } from '../organisation/index.js';
import { IncidentEventKind } from './incident-event.entity.js';
import { assertOpen, lockIncident, rolesOf, textOf, type Person } from './incident-person.js';
import { writeTimeline } from './incident-routing.js';
import { markStepDone } from './incident-step-done.js';
import { IncidentStep, isOpen } from './incident-step.entity.js';
import { mayStandIn } from './incident-types.js';
import { IncidentState, type Incident } from './incident.entity.js';
import { IncidentError, IncidentErrorCode } from './incidents.errors.js';
import type { IncidentsAuditAction } from './incidents.policy.js';

export interface StepDone {
  /** who did it, when not the person recording it (told to do it) */
  doneById?: string | null;
  /** when (default: now); a phone that was offline sends the time it was done */
  doneAt?: Date | null;
  note?: string | null;
}

export interface NewStep {
  label: string;
  /** who must do it (null: anyone on the spot) */
  role?: OrgRole | null;
  /** minutes from now it falls due (none: no limit) */
  dueInMinutes?: number | null;
}

/** A time a phone sends may run this far ahead of the server's clock. */
const CLOCK_SLACK_MS = 5 * 60_000;
const MAX_DUE_MINUTES = 30 * 24 * 60;
const invalid = (message: string) => new IncidentError(IncidentErrorCode.INVALID_INCIDENT_INPUT, message);
const stepNotFound = () =>
  new IncidentError(IncidentErrorCode.INCIDENT_STEP_NOT_FOUND, '手順が見つかりません (step not found)');

/**
 * The checklist of an incident (REQUIREMENTS §5): a step is done by its role or one above it,
 * possibly out of order (allowed, flagged); the manager adds steps and waives them with a reason.
 * Recording a step already done again (a phone resending) changes nothing.
 */
export class IncidentStepService {
  constructor(
    private readonly ds: DataSource,
    private readonly audited: AuditedWrites<IncidentsAuditAction>,
    private readonly now: () => Date,
  ) {}

  complete(stepId: string, done: StepDone, by: Person, meta: RequestMeta): Promise<Incident> {
    return this.audited.write(
      meta,
      'Mutation.completeIncidentStep',
      { type: 'IncidentStep', id: stepId },
      async (em) => {
        const { incident, step, steps } = await this.lockStep(em, stepId);
        if (step.doneAt) return { result: incident, targetId: stepId, changes: null };
        assertOpen(incident);
        if (step.waivedAt) throw settled();
        if (!mayStandIn(step.role, rolesOf(by)))
          throw new IncidentError(
            IncidentErrorCode.NOT_YOUR_STEP,
            'この手順は担当の役割 (またはその上位) の者が行います (this step is for another role)',
            { role: step.role },
          );
        const now = this.now();
        const doneAt = done.doneAt ?? now;
        if (doneAt.getTime() > now.getTime() + CLOCK_SLACK_MS)
          throw invalid('実施日時が未来です (doneAt is in the future)');
        if (doneAt.getTime() < incident.occurredAt.getTime() - CLOCK_SLACK_MS)
          throw invalid('実施日時が発生より前です (doneAt is before the incident occurred)');
        const doneById = done.doneById ?? by.staffId;
        if (doneById !== by.staffId && !(await em.getRepository(Staff).existsBy({ id: doneById, active: true })))
          throw new IncidentError(IncidentErrorCode.UNKNOWN_STAFF, '実施した職員が見つかりません (unknown staff)');
        const note = done.note?.trim() ? textOf(done.note, 2000, '記録') : null;
        const outOfOrder = await markStepDone(em, incident.id, step, steps, {
          doneAt,
          doneById,
          recordedById: by.staffId,
          recordedAt: now,
          note,
        });
        return {
          result: incident,
          targetId: stepId,
          changes: { done: [null, doneAt.toISOString()], doneById: [null, doneById], outOfOrder: [null, outOfOrder] },
        };
      },
    );
  }

  /** The manager waives a step with a reason; waiving it again changes nothing. */
  waive(stepId: string, reason: string, by: Person, meta: RequestMeta): Promise<Incident> {
    return this.audited.write(meta, 'Mutation.waiveIncidentStep', { type: 'IncidentStep', id: stepId }, async (em) => {
      const why = textOf(reason, 1000, '省略の理由');
      const { incident, step } = await this.lockStep(em, stepId);
      if (step.waivedAt) return { result: incident, targetId: stepId, changes: null };
      assertOpen(incident);
      if (step.doneAt) throw settled();
      const now = this.now();
      await em.update(IncidentStep, { id: step.id }, { waivedAt: now, waivedById: by.staffId, waiveReason: why });
      await writeTimeline(em, incident.id, now, [
        { kind: IncidentEventKind.STEP_WAIVED, actorId: by.staffId, stepId: step.id, stepKey: step.key, text: why },
      ]);
      return { result: incident, targetId: stepId, changes: { waived: [null, why] } };
    });
  }

  /** The manager adds a step; it must be done or waived before closing, like the mandated ones. */
  add(incidentId: string, input: NewStep, by: Person, meta: RequestMeta): Promise<Incident> {
    return this.audited.write(meta, 'Mutation.addIncidentStep', { type: 'Incident', id: incidentId }, async (em) => {
      const label = textOf(input.label, 200, '手順');
      const due = input.dueInMinutes;
      if (due != null && (!Number.isInteger(due) || due < 1 || due > MAX_DUE_MINUTES))
        throw invalid(`期限は1〜${MAX_DUE_MINUTES}分です (dueInMinutes must be 1–${MAX_DUE_MINUTES})`);
      const incident = await lockIncident(em, incidentId);
      assertOpen(incident);
      const steps = await em.getRepository(IncidentStep).findBy({ incidentId });
      const now = this.now();
      const step = em.getRepository(IncidentStep).create({
        incidentId,
        key: `added-${steps.filter((s) => !s.mandated).length + 1}`,
        position: Math.max(0, ...steps.map((s) => s.position)) + 1,
        label,
        role: input.role ?? null,
        article: null,
        mandated: false,
        addedById: by.staffId,
        dueAt: due != null ? new Date(now.getTime() + due * 60_000) : null,
      });
      await em.insert(IncidentStep, step);
      await writeTimeline(em, incidentId, now, [
        { kind: IncidentEventKind.STEP_ADDED, actorId: by.staffId, stepId: step.id, stepKey: step.key, text: label },
      ]);
      return {
        result: incident,
        targetId: incidentId,
        changes: created({ step: step.key, label, role: step.role, dueAt: step.dueAt?.toISOString() ?? null }),
      };
    });
  }

  /**
   * A12.2: the manager resolved the register's UNAUTHORISED anomaly of an entry with a note; the
   * open incident linked to that entry has its "confirm the entry's facts and reason" step done by
   * that resolution, in the same transaction. Answers the step ids ticked.
   */
  async tickConfirmedEntry(
    em: EntityManager,
    resolved: { eventId: string; staffId: string; note: string; at: Date },
  ): Promise<string[]> {
    const steps = (await em.query(
      `SELECT s.id, s."incidentId", s.position FROM incident_step s JOIN incident i ON i.id = s."incidentId"
        WHERE i."accessEventId" = $1 AND i.type = 'ACCESS_ANOMALY' AND i.state <> 'CLOSED'
          AND s.key = 'confirmEntry' AND s."doneAt" IS NULL AND s."waivedAt" IS NULL`,
      [resolved.eventId],
    )) as { id: string; incidentId: string }[];
    for (const row of steps) {
      const { incident, step, steps: all } = await this.lockStep(em, row.id);
      if (!isOpen(step) || incident.state === IncidentState.CLOSED) continue;
      await markStepDone(em, incident.id, step, all, {
        doneAt: resolved.at,
        doneById: resolved.staffId,
        recordedById: resolved.staffId,
        recordedAt: resolved.at,
        note: `入退室の異常を解決: ${resolved.note}`.slice(0, 2000),
      });
    }
    return steps.map((s) => s.id);
  }

  /** The step, its incident locked, and every step of it (as they are under the lock). */
  private async lockStep(em: EntityManager, stepId: string) {
    const found = await em.getRepository(IncidentStep).findOneBy({ id: stepId });
    if (!found) throw stepNotFound();
    const incident = await lockIncident(em, found.incidentId);
    const steps = await em.getRepository(IncidentStep).findBy({ incidentId: incident.id });
    const step = steps.find((s) => s.id === stepId)!;
    return { incident, step, steps };
  }
}

const settled = () =>
  new IncidentError(
    IncidentErrorCode.STEP_ALREADY_SETTLED,
    'この手順はすでに実施済みか省略済みです (the step is already done or waived)',
  );
