import { fingerprintOf, sameRequest } from '../../shared/resend.js';
import { In, type DataSource, type EntityManager } from 'typeorm';
import type { RequestMeta } from '../../shared/audit.js';
import { created, type AuditedWrites, type Changes } from '../../shared/audited.js';
import type { LostCard, UnauthorisedChange, UnauthorisedEntry } from '../../shared/hooks.js';
import { Room } from '../access/index.js';
import { Section, Staff } from '../organisation/index.js';
import { dateIn } from '../../shared/dates.js';
import { openIncident, type OpeningDeps } from './incident-opening.js';
import { IncidentEventKind } from './incident-event.entity.js';
import { HolderBook, writeTimeline } from './incident-routing.js';
import { INCIDENT_TYPES, IncidentType } from './incident-types.js';
import { Incident, IncidentSource } from './incident.entity.js';
import { IncidentError, IncidentErrorCode } from './incidents.errors.js';
import type { IncidentsAuditAction } from './incidents.policy.js';

export interface IncidentReport {
  clientId: string;
  type: IncidentType;
  occurredAt: Date;
  roomId?: string | null;
  /** default: the reporter's section */
  sectionId?: string | null;
  summary: string;
  origin?: string | null;
}

/** Puts a just-opened incident in disaster mode, in the report's transaction (disaster-mode.service.ts). */
export type DeclareDisaster = (
  em: EntityManager,
  incident: Incident,
  byId: string,
  at: Date,
  meta: RequestMeta,
) => Promise<Changes | null>;

/** A report may say it happened up to this long before the server's clock says now is (phones drift). */
const FUTURE_SLACK_MS = 5 * 60_000;
/** …and no earlier than this (a report of something a year ago is a typing mistake). */
const PAST_LIMIT_MS = 366 * 86_400_000;

const invalid = (message: string) => new IncidentError(IncidentErrorCode.INVALID_INCIDENT_INPUT, message);

/** What a resend must repeat to be the same report. */

/**
 * Reporting (REQUIREMENTS §5): any staff member reports at once from a phone; the register opens
 * an incident for each entry without authorisation (A12.2). A resend of a report (same clientId, same
 * content) answers the stored incident and stores nothing; the same clientId with other content is
 * refused (CLIENT_ID_REUSED), never merged.
 */
export class IncidentReportService {
  constructor(
    private readonly ds: DataSource,
    private readonly audited: AuditedWrites<IncidentsAuditAction>,
    private readonly deps: OpeningDeps,
    private readonly now: () => Date,
    private readonly declareDisaster?: DeclareDisaster,
  ) {}

  async report(input: IncidentReport, reporterId: string, meta: RequestMeta): Promise<Incident> {
    return this.audited.write(meta, 'Mutation.reportIncident', 'Incident', async (em) => {
      const at = this.now();
      const summary = input.summary.trim();
      const origin = input.origin?.trim() || null;
      if (!INCIDENT_TYPES[input.type]) throw invalid('種類が正しくありません (unknown incident type)');
      if (input.type === IncidentType.ACCESS_ANOMALY)
        throw invalid('許可のない入室は入退室管理簿から自動で報告されます (ACCESS_ANOMALY is opened by the register)');
      if (!summary) throw invalid('概要を入力してください (summary is required)');
      if (input.occurredAt.getTime() > at.getTime() + FUTURE_SLACK_MS)
        throw invalid('発生日時が未来です (occurredAt is in the future)');
      if (input.occurredAt.getTime() < at.getTime() - PAST_LIMIT_MS)
        throw invalid('発生日時が1年以上前です (occurredAt is more than a year ago)');
      const reporter = await em.getRepository(Staff).findOneBy({ id: reporterId, active: true });
      if (!reporter) throw new IncidentError(IncidentErrorCode.UNKNOWN_STAFF, '職員が見つかりません (unknown staff)');
      if (input.roomId && !(await em.getRepository(Room).existsBy({ id: input.roomId })))
        throw new IncidentError(IncidentErrorCode.UNKNOWN_ROOM, '電算室等が見つかりません (unknown room)');
      if (input.sectionId && !(await em.getRepository(Section).existsBy({ id: input.sectionId })))
        throw new IncidentError(IncidentErrorCode.UNKNOWN_SECTION, '課が見つかりません (unknown section)');
      const sectionId = input.sectionId ?? reporter.sectionId;
      const fingerprint = fingerprintOf([
        reporterId,
        input.type,
        input.occurredAt.toISOString(),
        input.roomId ?? null,
        sectionId,
        summary,
        origin,
      ]);
      const opened = await openIncident(
        em,
        this.deps,
        {
          type: input.type,
          source: IncidentSource.STAFF,
          occurredAt: input.occurredAt,
          reportedById: reporterId,
          sectionId,
          roomId: input.roomId ?? null,
          summary,
          origin,
          clientId: input.clientId,
          fingerprint,
        },
        at,
      );
      if (opened) {
        const changes = created({ type: opened.type, awaiting: opened.awaiting, clientId: input.clientId });
        // A30: a large earthquake or a lightning power cut puts the incident in disaster mode at once
        if (INCIDENT_TYPES[opened.type].disasterMode === 'auto' && this.declareDisaster)
          Object.assign(changes, await this.declareDisaster(em, opened, reporterId, at, meta));
        return { result: opened, targetId: opened.id, changes };
      }
      // a resend: the same report answers the stored incident; other content under the id is refused
      const stored = sameRequest(
        await em.getRepository(Incident).findOneByOrFail({ clientId: input.clientId }),
        fingerprint,
        () =>
          new IncidentError(
            IncidentErrorCode.CLIENT_ID_REUSED,
            'この clientId は別の報告に使われています。新しい報告には新しいIDを付けてください (clientId already used for another report)',
          ),
      );
      return { result: stored, targetId: stored.id, changes: { resent: [null, true] } };
    });
  }

  /**
   * A12.2, from the entry/exit register (the access module's hook, inside its transaction): an
   * ACCESS_ANOMALY incident for the manager, linked to the entry's register line. A flood (a door
   * held open, a batch typed in from paper) opens one per room, not one per entry: an entry into a
   * room with an open ACCESS_ANOMALY incident reported within the hour is linked to it (a flagged
   * ENTRY_LINKED line on its timeline, nobody pushed again). Answers the incidents opened and the
   * number of entries linked.
   */
  async openForUnauthorisedEntries(
    em: EntityManager,
    entries: UnauthorisedEntry[],
  ): Promise<{ opened: string[]; linked: number }> {
    const at = this.now();
    const ids: string[] = [];
    let linked = 0;
    const staffIds = entries.flatMap((e) => (e.staffId ? [e.staffId] : []));
    const staff = staffIds.length ? await em.getRepository(Staff).findBy({ id: In(staffIds) }) : [];
    const rooms = await em.getRepository(Room).findBy({ id: In(entries.map((e) => e.roomId)) });
    const book = await HolderBook.of(this.deps.organisation, dateIn(this.deps.timeZone, at), em);
    for (const e of entries) {
      const person = staff.find((s) => s.id === e.staffId);
      const room = rooms.find((r) => r.id === e.roomId);
      const who = person ? `${person.fullName} (${person.staffNumber})` : '外部の者';
      const open = await openAnomalyOf(em, e.roomId, new Date(at.getTime() - GROUP_WINDOW_MS));
      if (open) {
        await writeTimeline(em, open.id, at, [
          {
            kind: IncidentEventKind.ENTRY_LINKED,
            staffId: e.staffId,
            accessEventId: e.eventId,
            text: `同じ部屋への許可のない入室: ${who}`,
            flagged: true,
          },
        ]);
        linked += 1;
        continue;
      }
      const opened = await openIncident(
        em,
        this.deps,
        {
          type: IncidentType.ACCESS_ANOMALY,
          source: IncidentSource.ACCESS_REGISTER,
          occurredAt: e.occurredAt,
          reportedById: null,
          sectionId: person?.sectionId ?? null,
          roomId: e.roomId,
          summary: `${room ? room.name : '電算室等'}に許可のない入室: ${who}`,
          accessEventId: e.eventId,
        },
        at,
        book,
      );
      if (opened) ids.push(opened.id);
    }
    return { opened: ids, linked };
  }

  /**
   * A16: an operator ID card reported lost (revoked at once by the cards module) is a risk of
   * misuse of Juki-net: an incident of the unauthorised-access type (A22: the manager is told at
   * once and follows its manual), reported by whoever recorded the loss, in their transaction.
   */
  async openForLostCard(em: EntityManager, lost: LostCard): Promise<string | null> {
    const at = this.now();
    const person = lost.staffId ? await em.getRepository(Staff).findOneBy({ id: lost.staffId }) : null;
    const who = person ? `${person.fullName} (${person.staffNumber})` : '未貸与';
    const opened = await openIncident(
      em,
      this.deps,
      {
        type: IncidentType.UNAUTHORISED_ACCESS,
        source: IncidentSource.STAFF,
        occurredAt: lost.occurredAt,
        reportedById: lost.reportedById,
        sectionId: lost.sectionId,
        roomId: null,
        summary: `操作者識別カードの紛失 (失効済み): カード番号 ${lost.cardNumber}、操作者 ${who}${
          lost.note ? `。${lost.note}` : ''
        }`.slice(0, 1000),
      },
      at,
    );
    return opened?.id ?? null;
  }

  /**
   * A17: a change to Juki-net's equipment or programs found that nobody approved (recorded by the
   * manager in the configuration register) may be someone's unauthorised act on the system: an
   * incident of the unauthorised-access type (A22: told at once, investigated with its manual), not a
   * system failure (nothing has failed) — reported by whoever recorded it, in their transaction.
   */
  async openForUnauthorisedChange(em: EntityManager, change: UnauthorisedChange): Promise<string | null> {
    const opened = await openIncident(
      em,
      this.deps,
      {
        type: IncidentType.UNAUTHORISED_ACCESS,
        source: IncidentSource.STAFF,
        occurredAt: change.recordedAt,
        reportedById: change.recordedById || null,
        sectionId: change.sectionId,
        roomId: change.roomId,
        summary: `許可のない構成の変更 (A17): ${change.itemLabel}: ${change.summary}。${change.reason}`.slice(0, 1000),
      },
      this.now(),
    );
    return opened?.id ?? null;
  }
}

/** Entries into a room within this long of its open ACCESS_ANOMALY incident's report join that incident. */
export const GROUP_WINDOW_MS = 60 * 60_000;

/** The room's open ACCESS_ANOMALY incident reported since `since` (the newest), locked for this transaction. */
async function openAnomalyOf(em: EntityManager, roomId: string, since: Date): Promise<{ id: string } | null> {
  const rows = (await em.query(
    `SELECT id FROM incident
      WHERE type = 'ACCESS_ANOMALY' AND "roomId" = $1 AND state <> 'CLOSED' AND "reportedAt" >= $2
      ORDER BY "reportedAt" DESC LIMIT 1 FOR UPDATE`,
    [roomId, since],
  )) as { id: string }[];
  return rows[0] ?? null;
}
