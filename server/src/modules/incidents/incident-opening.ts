// Opening an incident, whatever reported it (a person, a positive scan, the entry/exit register):
// the incident with its type's steps, the REPORTED line, the role the standard names asked to
// acknowledge (passing vacant roles on up), the section's operations manager told of their steps,
// and the escalation timer, all in the caller's transaction.
import type { EntityManager } from 'typeorm';
import type { IncidentSettings } from '../../config.js';
import { OrgRole } from '../../shared/authority.js';
import { dateIn } from '../../shared/dates.js';
import type { OrganisationService } from '../organisation/index.js';
import { setTimer } from './escalation-timer.js';
import { IncidentEventKind } from './incident-event.entity.js';
import { ask, HolderBook, pushAbout, writeTimeline, type Reach, type TimelineLine } from './incident-routing.js';
import { IncidentStep } from './incident-step.entity.js';
import { ESCALATION, INCIDENT_TYPES, rankOf, type TypeDefinition, type Urgency } from './incident-types.js';
import { Incident, IncidentSource, IncidentState } from './incident.entity.js';
import type { IncidentType } from './incident-types.js';

export interface OpeningDeps {
  organisation: OrganisationService;
  /** the phones of those asked and informed */
  reach: Reach;
  settings: IncidentSettings;
  timeZone: string;
}

export interface IncidentSpec {
  type: IncidentType;
  source: IncidentSource;
  occurredAt: Date;
  reportedById: string | null;
  sectionId: string | null;
  roomId: string | null;
  summary: string;
  origin?: string | null;
  accessEventId?: string | null;
  mediaScanId?: string | null;
  clientId?: string | null;
  fingerprint?: string | null;
}

/** Minutes a report of this type waits for acknowledgement before it escalates. */
export const ackMinutesOf = (def: TypeDefinition, s: IncidentSettings): number =>
  def.ack === 'IMMEDIATE' ? s.ackMinutes.immediate : s.ackMinutes.normal;

/** Minutes a step of this urgency may stay open after the report (null: no limit). */
export const stepMinutesOf = (due: Urgency, s: IncidentSettings): number | null =>
  due === 'NONE' ? null : due === 'IMMEDIATE' ? s.stepMinutes.immediate : s.stepMinutes.prompt;

/** When a step of this urgency falls due, counted from the report (null: no limit). */
export function dueOf(due: Urgency, from: Date, s: IncidentSettings): Date | null {
  const minutes = stepMinutesOf(due, s);
  return minutes === null ? null : new Date(from.getTime() + minutes * 60_000);
}

/**
 * Opens the incident at `at`. Answers null when its clientId (or its register line) is already
 * stored: the caller reads the stored one and compares. `book`: the role holders of the day, when
 * the caller opens several at once.
 */
export async function openIncident(
  em: EntityManager,
  deps: OpeningDeps,
  spec: IncidentSpec,
  at: Date,
  book?: HolderBook,
): Promise<Incident | null> {
  const def = INCIDENT_TYPES[spec.type];
  const ackMinutes = ackMinutesOf(def, deps.settings);
  const inserted = await em
    .createQueryBuilder()
    .insert()
    .into(Incident)
    .values({
      ...spec,
      origin: spec.origin ?? null,
      accessEventId: spec.accessEventId ?? null,
      mediaScanId: spec.mediaScanId ?? null,
      clientId: spec.clientId ?? null,
      fingerprint: spec.fingerprint ?? null,
      manualLink: def.manual ? deps.settings.manuals[def.manual] : null,
      state: IncidentState.REPORTED,
      reportedAt: at,
      reportTo: def.reportTo,
      awaiting: def.reportTo,
      escalations: 0,
      ackDueAt: new Date(at.getTime() + ackMinutes * 60_000),
    })
    // a resend (same clientId) or a register line already opened: stored once
    .orIgnore()
    .returning('id')
    .execute();
  const id = (inserted.raw as { id: string }[])[0]?.id;
  if (!id) return null;

  await em.insert(
    IncidentStep,
    def.steps.map((s, i) => ({
      incidentId: id,
      key: s.key,
      position: i + 1,
      label: s.label,
      role: s.role,
      article: s.article,
      mandated: true,
      dueAt: dueOf(s.due, at, deps.settings),
    })),
  );
  await writeTimeline(em, id, at, [
    { kind: IncidentEventKind.REPORTED, actorId: spec.reportedById, text: spec.summary },
  ]);

  book ??= await HolderBook.of(deps.organisation, dateIn(deps.timeZone, at), em);
  const asked = await ask(em, { id, sectionId: spec.sectionId }, rankOf(def.reportTo), at, book);
  const after: TimelineLine[] = [];
  // the section's operations manager hears of it at once when steps are theirs (A19.3, A28, A29.2, A30)
  if (def.steps.some((s) => s.role === OrgRole.OPERATIONS_MANAGER)) {
    for (const h of book.holders(OrgRole.OPERATIONS_MANAGER, spec.sectionId)) {
      if (!asked.staffIds.includes(h.staffId) && h.staffId !== spec.reportedById)
        after.push({ kind: IncidentEventKind.INFORMED, role: OrgRole.OPERATIONS_MANAGER, staffId: h.staffId });
    }
  }
  // at once (直ちに), on their phones: whoever is asked or informed, but not the reporter
  const reached = [...asked.staffIds, ...after.map((l) => l.staffId!)].filter((s) => s !== spec.reportedById);
  await deps.reach(em, reached, pushAbout(id, def.label));
  // a report made by the very person asked is acknowledged as it is made
  const selfAcknowledged = !!spec.reportedById && asked.staffIds.includes(spec.reportedById);
  if (selfAcknowledged)
    after.push({ kind: IncidentEventKind.ACKNOWLEDGED, actorId: spec.reportedById, text: '報告者自身が確認' });
  await writeTimeline(em, id, at, after);

  const awaiting = asked.role ?? OrgRole.CHIEF;
  await em.update(
    Incident,
    { id },
    {
      awaiting,
      escalations: Math.max(0, rankOf(awaiting) - rankOf(def.reportTo)),
      ...(selfAcknowledged
        ? { state: IncidentState.ACKNOWLEDGED, acknowledgedAt: at, acknowledgedById: spec.reportedById }
        : {}),
    },
  );
  // the chief asked, nobody is above: no timer (the compliance view shows the report overdue)
  if (!selfAcknowledged && asked.role && rankOf(asked.role) < ESCALATION.length - 1)
    await setTimer(em, id, new Date(at.getTime() + ackMinutes * 60_000), at);
  return em.getRepository(Incident).findOneByOrFail({ id });
}
