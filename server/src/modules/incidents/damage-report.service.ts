// A29.2, A30.2: the damage to equipment and rooms, reported at once, per room, from a phone. The
// manager hears of it on their phone; the operations manager's step "report the damage" is done by
// their first report (or by one of a role above).
import { fingerprintOf, sameRequest } from '../../shared/resend.js';
import type { DataSource } from 'typeorm';
import type { RequestMeta } from '../../shared/audit.js';
import { created, type AuditedWrites, type Changes } from '../../shared/audited.js';
import { OrgRole } from '../../shared/authority.js';
import { dateIn } from '../../shared/dates.js';
import { Room } from '../access/index.js';
import type { OrganisationService } from '../organisation/index.js';
import { DamageSeverity, IncidentDamageReport } from './damage-report.entity.js';
import { disasterRecipients, notDisasterType } from './disaster-mode.service.js';
import { IncidentEventKind } from './incident-event.entity.js';
import { assertOpen, lockIncident, rolesOf, textOf, type Person } from './incident-person.js';
import { writeTimeline, type Reach } from './incident-routing.js';
import { markStepDone } from './incident-step-done.js';
import { IncidentStep, isOpen } from './incident-step.entity.js';
import { INCIDENT_TYPES, mayStandIn } from './incident-types.js';
import { IncidentError, IncidentErrorCode } from './incidents.errors.js';
import type { IncidentsAuditAction } from './incidents.policy.js';

export interface DamageReport {
  clientId: string;
  incidentId: string;
  roomId?: string | null;
  location?: string | null;
  severity: DamageSeverity;
  damaged: string;
  note?: string | null;
  observedAt?: Date | null;
}

const CLOCK_SLACK_MS = 5 * 60_000;
const SEVERITY_LABEL: Record<DamageSeverity, string> = {
  NONE: '被害なし',
  MINOR: '軽微',
  SERIOUS: '重大',
  TOTAL: '全損',
};
const invalid = (message: string) => new IncidentError(IncidentErrorCode.INVALID_INCIDENT_INPUT, message);

export class DamageReportService {
  constructor(
    private readonly ds: DataSource,
    private readonly audited: AuditedWrites<IncidentsAuditAction>,
    private readonly organisation: OrganisationService,
    private readonly reach: Reach,
    private readonly timeZone: string,
    private readonly now: () => Date,
  ) {}

  /**
   * Stores the report (a resend with the same clientId and content answers the stored one; other
   * content under it is refused), writes it on the timeline, does the step it stands for, and tells
   * the manager at once.
   */
  report(input: DamageReport, by: Person, meta: RequestMeta): Promise<IncidentDamageReport> {
    return this.audited.write(meta, 'Mutation.reportIncidentDamage', 'IncidentDamageReport', async (em) => {
      if (!Object.values(DamageSeverity).includes(input.severity)) throw invalid('被害の程度が正しくありません');
      const damaged =
        input.severity === DamageSeverity.NONE
          ? (input.damaged ?? '').trim()
          : textOf(input.damaged, 500, '損傷した機器・設備');
      const location = input.location?.trim() ? textOf(input.location, 200, '場所') : null;
      const note = input.note?.trim() ? textOf(input.note, 2000, '備考') : null;
      if (!input.roomId && !location)
        throw invalid('電算室等か場所を指定してください (a room or a location is required)');
      const incident = await lockIncident(em, input.incidentId);
      const def = INCIDENT_TYPES[incident.type];
      if (!def.disasterMode) throw notDisasterType();
      const fingerprint = fingerprintOf([
        by.staffId,
        input.incidentId,
        input.roomId ?? null,
        location,
        input.severity,
        damaged,
        note,
        input.observedAt?.toISOString() ?? null,
      ]);
      const stored = await em.getRepository(IncidentDamageReport).findOneBy({ clientId: input.clientId });
      if (stored) {
        sameRequest(
          stored,
          fingerprint,
          () =>
            new IncidentError(
              IncidentErrorCode.CLIENT_ID_REUSED,
              'この clientId は別の報告に使われています (clientId already used for another report)',
            ),
        );
        return { result: stored, targetId: stored.id, changes: { resent: [null, true] } };
      }
      assertOpen(incident);
      const room = input.roomId ? await em.getRepository(Room).findOneBy({ id: input.roomId }) : null;
      if (input.roomId && !room)
        throw new IncidentError(IncidentErrorCode.UNKNOWN_ROOM, '電算室等が見つかりません (unknown room)');
      const now = this.now();
      const observedAt = input.observedAt ?? now;
      if (observedAt.getTime() > now.getTime() + CLOCK_SLACK_MS) throw invalid('確認の時刻が未来です');
      if (observedAt.getTime() < incident.occurredAt.getTime() - CLOCK_SLACK_MS)
        throw invalid('確認の時刻が発生より前です');
      const report = em.getRepository(IncidentDamageReport).create({
        clientId: input.clientId,
        fingerprint,
        incidentId: incident.id,
        roomId: room?.id ?? null,
        location,
        severity: input.severity,
        damaged,
        note,
        observedAt,
        reportedAt: now,
        reportedById: by.staffId,
      });
      await em.insert(IncidentDamageReport, report);
      const where = room ? room.name : location!;
      const text = `${where}: ${SEVERITY_LABEL[input.severity]}${damaged ? ` ${damaged}` : ''}`;
      await writeTimeline(em, incident.id, now, [
        { kind: IncidentEventKind.DAMAGE_REPORTED, actorId: by.staffId, text },
      ]);
      const changes: Changes = created({
        incidentId: incident.id,
        roomId: report.roomId,
        location,
        severity: input.severity,
        damaged,
        clientId: input.clientId,
      });
      // the operations manager's step (A29.2, A30.2) is done by their report, or by one of a role above
      const keys = new Set(def.steps.filter((s) => s.doneByDamageReport).map((s) => s.key));
      const all = keys.size ? await em.getRepository(IncidentStep).findBy({ incidentId: incident.id }) : [];
      const steps = all
        .filter((s) => keys.has(s.key) && isOpen(s) && mayStandIn(s.role, rolesOf(by)))
        .sort((a, b) => a.position - b.position);
      for (const step of steps) {
        await markStepDone(em, incident.id, step, all, {
          doneAt: observedAt,
          doneById: by.staffId,
          recordedById: by.staffId,
          recordedAt: now,
          note: text,
        });
        changes[`step.${step.key}`] = [null, 'DONE'];
      }
      const managers = await disasterRecipients(
        this.organisation,
        dateIn(this.timeZone, now),
        [OrgRole.MANAGER],
        by.staffId,
        em,
      );
      await this.reach(em, managers, {
        title: `被害の報告があります (${def.label})`,
        url: `/incidents/${incident.id}/disaster`,
      });
      return { result: report, targetId: report.id, changes };
    });
  }
}
