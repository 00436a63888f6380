import type { DataSource, EntityManager } from 'typeorm';
import type { IncidentSettings } from '../../config.js';
import type { RequestMeta } from '../../shared/audit.js';
import { SYSTEM_META, type AuditedWrites, type Changes } from '../../shared/audited.js';
import { dateIn } from '../../shared/dates.js';
import type { OrganisationService } from '../organisation/index.js';
import { clearTimer, setTimer } from './escalation-timer.js';
import { IncidentEvent, IncidentEventKind } from './incident-event.entity.js';
import { ackMinutesOf } from './incident-opening.js';
import { assertOpen, lockIncident, rolesOf, textOf, type Person } from './incident-person.js';
import { ask, HolderBook, pushAbout, writeTimeline, type Reach, type TimelineLine } from './incident-routing.js';
import { IncidentStep, isOpen } from './incident-step.entity.js';
import { ESCALATION, INCIDENT_TYPES, rankOf } from './incident-types.js';
import { Incident, IncidentState } from './incident.entity.js';
import { IncidentError, IncidentErrorCode } from './incidents.errors.js';
import type { IncidentsAuditAction } from './incidents.policy.js';

const TARGET = 'Incident';

/**
 * Acknowledging, instructing, closing and escalating (REQUIREMENTS §5). Each works on the incident
 * locked for its transaction, so two managers on two phones, or a timer and a manager, are applied
 * one after the other and each sees what the other did.
 */
export class IncidentHandlingService {
  constructor(
    private readonly ds: DataSource,
    private readonly audited: AuditedWrites<IncidentsAuditAction>,
    private readonly organisation: OrganisationService,
    private readonly settings: IncidentSettings,
    private readonly timeZone: string,
    private readonly now: () => Date,
    private readonly reach: Reach,
  ) {}

  /** The report reached someone responsible. A second acknowledgement changes nothing and answers the first. */
  acknowledge(id: string, by: Person, meta: RequestMeta): Promise<Incident> {
    return this.audited.write(meta, 'Mutation.acknowledgeIncident', { type: TARGET, id }, async (em) => {
      const incident = await lockIncident(em, id);
      if (incident.acknowledgedAt) return { result: incident, targetId: id, changes: null };
      await this.assertMayAcknowledge(em, incident, by);
      const changes = await this.markAcknowledged(em, incident, by.staffId, this.now());
      return { result: incident, targetId: id, changes };
    });
  }

  /**
   * A28: the manager's instruction, recorded; it acknowledges the report if nobody had yet. With a
   * clientId (a phone's outbox) a resend answers the incident and records nothing more, even once
   * the incident closed; the same id on another incident or with other words is refused.
   */
  instruct(
    id: string,
    instruction: string,
    by: Person,
    meta: RequestMeta,
    clientId: string | null = null,
  ): Promise<Incident> {
    return this.audited.write(meta, 'Mutation.instructIncident', { type: TARGET, id }, async (em) => {
      const text = textOf(instruction, 2000, '指示');
      const incident = await lockIncident(em, id);
      if (clientId) {
        const sent = await em.getRepository(IncidentEvent).findOneBy({ clientId });
        if (sent && (sent.incidentId !== id || sent.kind !== IncidentEventKind.INSTRUCTED || sent.text !== text))
          throw new IncidentError(
            IncidentErrorCode.CLIENT_ID_REUSED,
            'この clientId は別の記録に使われています (clientId already used for another record)',
          );
        if (sent) return { result: incident, targetId: id, changes: { resent: [null, true] } };
      }
      assertOpen(incident);
      const at = this.now();
      const changes: Changes = { instruction: [null, text] };
      if (!incident.acknowledgedAt) {
        await this.assertMayAcknowledge(em, incident, by);
        Object.assign(changes, await this.markAcknowledged(em, incident, by.staffId, at));
      }
      const lines: TimelineLine[] = [{ kind: IncidentEventKind.INSTRUCTED, actorId: by.staffId, text, clientId }];
      // A28: the step "the manager instructs" is done by the first instruction
      const keys = INCIDENT_TYPES[incident.type].steps.filter((s) => s.doneByInstruction).map((s) => s.key);
      const steps = keys.length
        ? await em.getRepository(IncidentStep).findBy(keys.map((key) => ({ incidentId: id, key })))
        : [];
      for (const step of steps.filter(isOpen)) {
        await em.update(
          IncidentStep,
          { id: step.id },
          { doneAt: at, doneById: by.staffId, recordedById: by.staffId, recordedAt: at, note: text },
        );
        lines.push({ kind: IncidentEventKind.STEP_DONE, actorId: by.staffId, stepId: step.id, stepKey: step.key });
        changes[`step.${step.key}`] = [null, 'DONE'];
      }
      await writeTimeline(em, id, at, lines);
      return { result: incident, targetId: id, changes };
    });
  }

  /** Closes once every step is done or waived; closing again changes nothing and answers the first. */
  close(id: string, note: string | null | undefined, by: Person, meta: RequestMeta): Promise<Incident> {
    return this.audited.write(meta, 'Mutation.closeIncident', { type: TARGET, id }, async (em) => {
      const closingNote = note?.trim() ? textOf(note, 2000, '所見') : null;
      const incident = await lockIncident(em, id);
      if (incident.state === IncidentState.CLOSED) return { result: incident, targetId: id, changes: null };
      if (!incident.acknowledgedAt)
        throw new IncidentError(
          IncidentErrorCode.INCIDENT_NOT_ACKNOWLEDGED,
          '報告が確認されていません。確認してから終了してください (acknowledge the report first)',
        );
      const open = (
        await em.getRepository(IncidentStep).find({ where: { incidentId: id }, order: { position: 'ASC' } })
      )
        .filter(isOpen)
        .map((s) => s.key);
      if (open.length)
        throw new IncidentError(
          IncidentErrorCode.STEPS_OPEN,
          `未了の手順があります: ${open.join(', ')} (every step must be done or waived first)`,
          { openSteps: open },
        );
      const at = this.now();
      Object.assign(incident, { state: IncidentState.CLOSED, closedAt: at, closedById: by.staffId, closingNote });
      await em.update(Incident, { id }, { state: incident.state, closedAt: at, closedById: by.staffId, closingNote });
      await writeTimeline(em, id, at, [{ kind: IncidentEventKind.CLOSED, actorId: by.staffId, text: closingNote }]);
      await clearTimer(em, id);
      return { result: incident, targetId: id, changes: { state: [IncidentState.ACKNOWLEDGED, IncidentState.CLOSED] } };
    });
  }

  /**
   * The timer of an incident fired (incidents.escalate): if it is still unacknowledged past its
   * limit, the next role up is asked and the timer set again. Early (the clock says the limit has
   * not passed) it only sets the timer again; late, or twice, it escalates once per limit passed.
   * Answers whether it escalated.
   */
  async escalate(id: string): Promise<boolean> {
    return this.ds.transaction(async (em) => {
      const incident = await em.getRepository(Incident).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!incident || incident.state !== IncidentState.REPORTED) return false;
      const at = this.now();
      const limit = ackMinutesOf(INCIDENT_TYPES[incident.type], this.settings) * 60_000;
      if (at < incident.ackDueAt) {
        await setTimer(em, id, incident.ackDueAt, at);
        return false;
      }
      const from = incident.awaiting;
      const next = rankOf(from) + 1;
      if (next >= ESCALATION.length) return false; // the chief was asked: nobody above
      await writeTimeline(em, id, at, [
        {
          kind: IncidentEventKind.ESCALATED,
          role: ESCALATION[next],
          text: `${limit / 60_000}分以内に確認されなかったため上位の役割へ`,
        },
      ]);
      const book = await HolderBook.of(this.organisation, dateIn(this.timeZone, at), em);
      const asked = await ask(em, incident, next, at, book);
      await this.reach(em, asked.staffIds, pushAbout(id, INCIDENT_TYPES[incident.type].label, true));
      const awaiting = asked.role ?? ESCALATION[ESCALATION.length - 1];
      const ackDueAt = new Date(at.getTime() + limit);
      await em.update(Incident, { id }, { awaiting, ackDueAt, escalations: incident.escalations + 1 });
      if (asked.role && rankOf(asked.role) < ESCALATION.length - 1) await setTimer(em, id, ackDueAt, at);
      await this.audited.record(
        em,
        SYSTEM_META,
        'System.incidentEscalation',
        { type: TARGET, id },
        {
          awaiting: [from, awaiting],
          notified: [null, asked.staffIds],
        },
      );
      return true;
    });
  }

  /** Whoever was asked, or anyone holding the role the report went to or one above it. */
  private async assertMayAcknowledge(em: EntityManager, incident: Incident, by: Person): Promise<void> {
    const asked = await em.getRepository(IncidentEvent).existsBy({
      incidentId: incident.id,
      kind: IncidentEventKind.NOTIFIED,
      staffId: by.staffId,
    });
    const above = rolesOf(by).some((r) => rankOf(r) >= rankOf(incident.reportTo));
    if (!asked && !above)
      throw new IncidentError(
        IncidentErrorCode.NOT_YOURS_TO_ACKNOWLEDGE,
        '報告を受けた役割の者が確認します (only the role the report went to, or one above it, acknowledges)',
      );
  }

  private async markAcknowledged(em: EntityManager, incident: Incident, staffId: string, at: Date): Promise<Changes> {
    Object.assign(incident, { state: IncidentState.ACKNOWLEDGED, acknowledgedAt: at, acknowledgedById: staffId });
    await em.update(
      Incident,
      { id: incident.id },
      { state: IncidentState.ACKNOWLEDGED, acknowledgedAt: at, acknowledgedById: staffId },
    );
    await writeTimeline(em, incident.id, at, [{ kind: IncidentEventKind.ACKNOWLEDGED, actorId: staffId }]);
    await clearTimer(em, incident.id);
    return { state: [IncidentState.REPORTED, IncidentState.ACKNOWLEDGED] };
  }
}
