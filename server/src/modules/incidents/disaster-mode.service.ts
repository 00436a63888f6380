// Disaster mode (A30): the shutdown checklist of an incident. Declared by the manager (or by the
// report of a large earthquake or a lightning power cut itself), listed from what the other modules
// keep (the 'incidents.disasterDeclared' hook: the access module's rooms, later the configuration
// register's servers and terminals), rows added by hand, and each row confirmed once from a phone.
import type { DataSource, EntityManager } from 'typeorm';
import type { RequestMeta } from '../../shared/audit.js';
import { created, type AuditedWrites, type Changes } from '../../shared/audited.js';
import { OrgRole } from '../../shared/authority.js';
import { dateIn } from '../../shared/dates.js';
import type { Hooks, ShutdownTarget } from '../../shared/hooks.js';
import { Room } from '../access/index.js';
import type { OrganisationService } from '../organisation/index.js';
import {
  DisasterChecklistItem,
  DisasterItemKind,
  DisasterItemOutcome,
  IncidentDisasterMode,
} from './disaster-checklist.entity.js';
import { CONFIRMABLE } from './disaster.inputs.js';
import { IncidentEventKind } from './incident-event.entity.js';
import { assertOpen, lockIncident, textOf, type Person } from './incident-person.js';
import { writeTimeline, type Reach } from './incident-routing.js';
import { markStepDone } from './incident-step-done.js';
import { IncidentStep, isOpen } from './incident-step.entity.js';
import { INCIDENT_TYPES } from './incident-types.js';
import type { Incident } from './incident.entity.js';
import { IncidentError, IncidentErrorCode } from './incidents.errors.js';
import type { IncidentsAuditAction } from './incidents.policy.js';

export interface NewChecklistItem {
  kind: DisasterItemKind;
  label: string;
  roomId?: string | null;
  /** the phone's id for the row: a resend adds it once */
  clientId?: string | null;
}

export interface ItemConfirmation {
  outcome: DisasterItemOutcome;
  note?: string | null;
  /** when it was done (default: now); a phone that was offline sends its own time */
  confirmedAt?: Date | null;
}

/** A time a phone sends may run this far ahead of the server's clock. */
const CLOCK_SLACK_MS = 5 * 60_000;
const ITEM = 'DisasterChecklistItem';
const KIND_ORDER = [DisasterItemKind.ROOM, DisasterItemKind.SERVER, DisasterItemKind.TERMINAL, DisasterItemKind.OTHER];

const invalid = (message: string) => new IncidentError(IncidentErrorCode.INVALID_INCIDENT_INPUT, message);
const itemNotFound = () =>
  new IncidentError(
    IncidentErrorCode.CHECKLIST_ITEM_NOT_FOUND,
    '確認リストの行が見つかりません (checklist row not found)',
  );
const modeOff = () =>
  new IncidentError(
    IncidentErrorCode.DISASTER_MODE_OFF,
    'このインシデントは災害モードではありません (not in disaster mode)',
  );

/** Whom disaster mode and damage reach at once: the manager and every section's operations manager (A30: 管理者等). */
export async function disasterRecipients(
  organisation: OrganisationService,
  day: string,
  roles: readonly OrgRole[],
  except: string | null,
  em: EntityManager,
): Promise<string[]> {
  const ids = (await organisation.roleHolders(day, em))
    .filter((h) => roles.includes(h.role) && h.effectiveHolder)
    .map((h) => h.effectiveHolder!.id);
  return [...new Set(ids)].filter((id) => id !== except);
}

export class DisasterModeService {
  constructor(
    private readonly ds: DataSource,
    private readonly audited: AuditedWrites<IncidentsAuditAction>,
    private readonly hooks: Hooks,
    private readonly organisation: OrganisationService,
    private readonly reach: Reach,
    private readonly timeZone: string,
    private readonly now: () => Date,
  ) {}

  /** The manager switches an incident of A28–A30 into disaster mode; declaring again changes nothing. */
  declare(incidentId: string, by: Person, meta: RequestMeta): Promise<string> {
    return this.audited.write(
      meta,
      'Mutation.declareDisasterMode',
      { type: 'Incident', id: incidentId },
      async (em) => {
        const incident = await lockIncident(em, incidentId);
        if (!INCIDENT_TYPES[incident.type].disasterMode) throw notDisasterType();
        if (await em.getRepository(IncidentDisasterMode).existsBy({ incidentId }))
          return { result: incidentId, targetId: incidentId, changes: null };
        assertOpen(incident);
        const changes = await this.declareWithin(em, incident, by.staffId, false, this.now(), meta);
        return { result: incidentId, targetId: incidentId, changes };
      },
    );
  }

  /**
   * Puts the incident in disaster mode inside the caller's transaction: the checklist from every
   * module's targets, a line on the timeline, and the manager and the operations managers told on
   * their phones. Answers what changed (null: it already was).
   */
  async declareWithin(
    em: EntityManager,
    incident: Incident,
    byId: string | null,
    automatic: boolean,
    at: Date,
    meta: RequestMeta,
  ): Promise<Changes | null> {
    const inserted = await em
      .createQueryBuilder()
      .insert()
      .into(IncidentDisasterMode)
      .values({ incidentId: incident.id, declaredAt: at, declaredById: byId, automatic })
      .orIgnore()
      .returning('"incidentId"')
      .execute();
    if (!(inserted.raw as unknown[]).length) return null;
    const targets: ShutdownTarget[] = [];
    const hookChanges = await this.hooks.emit(
      em,
      'incidents.disasterDeclared',
      { incidentId: incident.id, targets },
      meta,
    );
    const rows = await this.ordered(em, targets);
    if (rows.length)
      await em.insert(
        DisasterChecklistItem,
        rows.map((t, i) => ({
          incidentId: incident.id,
          position: i + 1,
          kind: t.kind as DisasterItemKind,
          label: t.label,
          roomId: t.roomId,
          source: t.source,
          sourceId: t.sourceId,
          addedAt: at,
        })),
      );
    await writeTimeline(em, incident.id, at, [
      {
        kind: IncidentEventKind.DISASTER_MODE,
        actorId: byId,
        text: `${automatic ? '報告により' : ''}災害モード: 確認リスト${rows.length}件`,
      },
    ]);
    const day = dateIn(this.timeZone, at);
    const staffIds = await disasterRecipients(
      this.organisation,
      day,
      [OrgRole.MANAGER, OrgRole.OPERATIONS_MANAGER],
      byId,
      em,
    );
    await this.reach(em, staffIds, {
      title: '災害モード: システムの終了と端末の電源の切断を確認してください',
      url: `/incidents/${incident.id}/disaster`,
    });
    return { disasterMode: [null, { automatic, items: rows.length }], ...hookChanges };
  }

  /** The manager adds a row by hand (equipment not in any register, a room elsewhere). */
  addItem(incidentId: string, input: NewChecklistItem, by: Person, meta: RequestMeta): Promise<DisasterChecklistItem> {
    return this.audited.write(
      meta,
      'Mutation.addDisasterChecklistItem',
      { type: 'Incident', id: incidentId },
      async (em) => {
        const label = textOf(input.label, 200, '対象の名前');
        if (!KIND_ORDER.includes(input.kind)) throw invalid('対象の種類が正しくありません (unknown kind)');
        const incident = await lockIncident(em, incidentId);
        if (!(await em.getRepository(IncidentDisasterMode).existsBy({ incidentId }))) throw modeOff();
        const items = em.getRepository(DisasterChecklistItem);
        if (input.clientId) {
          const resent = await items.findOneBy({ incidentId, source: 'manual', sourceId: input.clientId });
          if (resent) return { result: resent, targetId: resent.id, changes: null };
        }
        assertOpen(incident);
        if (input.roomId && !(await em.getRepository(Room).existsBy({ id: input.roomId })))
          throw new IncidentError(IncidentErrorCode.UNKNOWN_ROOM, '電算室等が見つかりません (unknown room)');
        const last = (await items.maximum('position', { incidentId })) ?? 0;
        const item = items.create({
          incidentId,
          position: last + 1,
          kind: input.kind,
          label,
          roomId: input.roomId ?? null,
          source: 'manual',
          sourceId: input.clientId ?? null,
          addedById: by.staffId,
          addedAt: this.now(),
          outcome: null,
          confirmedAt: null,
          confirmedById: null,
          recordedAt: null,
          note: null,
        });
        await em.insert(DisasterChecklistItem, item);
        return {
          result: item,
          targetId: item.id,
          changes: created({ incidentId, kind: item.kind, label, roomId: item.roomId }),
        };
      },
    );
  }

  /**
   * A phone confirms a row: shut down, switched off or checked (DONE), or CANNOT / DAMAGED with a
   * note. Rows are settled one at a time under the incident's lock, so two phones confirming the
   * same row store one confirmation: the second answers with the first and changes nothing.
   */
  confirm(itemId: string, input: ItemConfirmation, by: Person, meta: RequestMeta): Promise<DisasterChecklistItem> {
    return this.audited.write(meta, 'Mutation.confirmDisasterChecklistItem', { type: ITEM, id: itemId }, async (em) => {
      const { incident, item, items } = await this.lockItem(em, itemId);
      if (item.outcome) return { result: item, targetId: itemId, changes: null };
      assertOpen(incident);
      if (!CONFIRMABLE.includes(input.outcome))
        throw invalid('結果は DONE・CANNOT・DAMAGED のいずれかです (outcome must be DONE, CANNOT or DAMAGED)');
      const note =
        input.outcome === DisasterItemOutcome.DONE
          ? input.note?.trim()
            ? textOf(input.note, 1000, '備考')
            : null
          : textOf(input.note, 1000, input.outcome === DisasterItemOutcome.CANNOT ? 'できない理由' : '損傷の内容');
      const now = this.now();
      const confirmedAt = input.confirmedAt ?? now;
      if (confirmedAt.getTime() > now.getTime() + CLOCK_SLACK_MS)
        throw invalid('確認の時刻が未来です (confirmedAt is in the future)');
      if (confirmedAt.getTime() < incident.occurredAt.getTime() - CLOCK_SLACK_MS)
        throw invalid('確認の時刻が発生より前です (confirmedAt is before the incident occurred)');
      Object.assign(item, { outcome: input.outcome, confirmedAt, confirmedById: by.staffId, recordedAt: now, note });
      await em.update(
        DisasterChecklistItem,
        { id: itemId },
        { outcome: item.outcome, confirmedAt, confirmedById: by.staffId, recordedAt: now, note },
      );
      const changes: Changes = {
        outcome: [null, item.outcome],
        confirmedAt: [null, confirmedAt.toISOString()],
        ...(note ? { note: [null, note] } : {}),
      };
      Object.assign(changes, await this.completeIfLast(em, incident, items, by.staffId, now));
      return { result: item, targetId: itemId, changes };
    });
  }

  /** The manager takes a row off the list with a reason (not there, already off); again: no change. */
  waive(itemId: string, reason: string, by: Person, meta: RequestMeta): Promise<DisasterChecklistItem> {
    return this.audited.write(meta, 'Mutation.waiveDisasterChecklistItem', { type: ITEM, id: itemId }, async (em) => {
      const why = textOf(reason, 1000, '対象外の理由');
      const { incident, item, items } = await this.lockItem(em, itemId);
      if (item.outcome === DisasterItemOutcome.WAIVED) return { result: item, targetId: itemId, changes: null };
      if (item.outcome)
        throw new IncidentError(
          IncidentErrorCode.CHECKLIST_ITEM_SETTLED,
          'この行はすでに確認済みです (the row is already confirmed)',
        );
      assertOpen(incident);
      const now = this.now();
      Object.assign(item, {
        outcome: DisasterItemOutcome.WAIVED,
        confirmedAt: now,
        confirmedById: by.staffId,
        recordedAt: now,
        note: why,
      });
      await em.update(
        DisasterChecklistItem,
        { id: itemId },
        { outcome: item.outcome, confirmedAt: now, confirmedById: by.staffId, recordedAt: now, note: why },
      );
      const changes: Changes = { outcome: [null, item.outcome], note: [null, why] };
      Object.assign(changes, await this.completeIfLast(em, incident, items, by.staffId, now));
      return { result: item, targetId: itemId, changes };
    });
  }

  /**
   * When the row just settled was the last open one: a CHECKLIST_COMPLETE line with the tally, and
   * the type's steps the checklist stands for (A30: shut the system down, switch the terminals off)
   * done by the person who settled it, unless someone already did them.
   */
  private async completeIfLast(
    em: EntityManager,
    incident: Incident,
    items: DisasterChecklistItem[],
    staffId: string,
    at: Date,
  ): Promise<Changes> {
    if (items.some((i) => i.outcome === null)) return {};
    const n = (o: DisasterItemOutcome) => items.filter((i) => i.outcome === o).length;
    const tally = `確認リスト完了 ${items.length}件 (終了${n(DisasterItemOutcome.DONE)}・できない${n(DisasterItemOutcome.CANNOT)}・損傷${n(DisasterItemOutcome.DAMAGED)}・対象外${n(DisasterItemOutcome.WAIVED)})`;
    const keys = new Set(INCIDENT_TYPES[incident.type].steps.filter((s) => s.doneByChecklist).map((s) => s.key));
    const all = keys.size ? await em.getRepository(IncidentStep).findBy({ incidentId: incident.id }) : [];
    // in their order, so that one done now is not counted as open before the next
    const steps = all.filter((s) => keys.has(s.key) && isOpen(s)).sort((a, b) => a.position - b.position);
    await writeTimeline(em, incident.id, at, [
      { kind: IncidentEventKind.CHECKLIST_COMPLETE, actorId: staffId, text: tally },
    ]);
    for (const step of steps)
      await markStepDone(em, incident.id, step, all, {
        doneAt: at,
        doneById: staffId,
        recordedById: staffId,
        recordedAt: at,
        note: tally,
      });
    return {
      checklistComplete: [null, tally],
      ...Object.fromEntries(steps.map((s) => [`step.${s.key}`, [null, 'DONE']])),
    };
  }

  /** The row, its incident locked, and every row of the incident as they are under the lock. */
  private async lockItem(em: EntityManager, itemId: string) {
    const found = await em.getRepository(DisasterChecklistItem).findOneBy({ id: itemId });
    if (!found) throw itemNotFound();
    const incident = await lockIncident(em, found.incidentId);
    const items = await em.getRepository(DisasterChecklistItem).findBy({ incidentId: incident.id });
    const item = items.find((i) => i.id === itemId)!;
    return { incident, item, items };
  }

  /**
   * The targets as the checklist lists them: well formed, each source record once, grouped by room
   * (by the room's code; rooms before things elsewhere), the room itself first, then servers,
   * terminals and the rest by label.
   */
  private async ordered(em: EntityManager, targets: ShutdownTarget[]): Promise<ShutdownTarget[]> {
    const seen = new Set<string>();
    const clean = targets
      .map((t) => ({ ...t, label: t.label.trim().slice(0, 200) }))
      .filter((t) => {
        const key = `${t.source}\u0000${t.sourceId}`;
        if (!t.label || !KIND_ORDER.includes(t.kind as DisasterItemKind) || seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    const roomIds = [...new Set(clean.flatMap((t) => (t.roomId ? [t.roomId] : [])))];
    const rooms = roomIds.length ? await em.getRepository(Room).findBy(roomIds.map((id) => ({ id }))) : [];
    const codeOf = new Map(rooms.map((r) => [r.id, r.code]));
    const roomKey = (t: ShutdownTarget) => (t.roomId && codeOf.has(t.roomId) ? `0${codeOf.get(t.roomId)}` : '1');
    return clean
      .map((t) => ({ ...t, roomId: t.roomId && codeOf.has(t.roomId) ? t.roomId : null }))
      .sort(
        (a, b) =>
          roomKey(a).localeCompare(roomKey(b)) ||
          KIND_ORDER.indexOf(a.kind as DisasterItemKind) - KIND_ORDER.indexOf(b.kind as DisasterItemKind) ||
          a.label.localeCompare(b.label, 'ja'),
      );
  }
}

export const notDisasterType = () =>
  new IncidentError(
    IncidentErrorCode.NOT_A_DISASTER_TYPE,
    '災害モード・被害の報告は災害・火災・地震・落雷のインシデントのものです (only for A28–A30 incidents)',
  );
