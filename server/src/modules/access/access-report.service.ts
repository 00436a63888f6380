import { MONTH } from '../../shared/ids.js';
import type { DataSource, EntityManager } from 'typeorm';
import { AppError, CommonErrorCode } from '../../shared/errors.js';
import { instantThenId, type PageArgs, type PageResult } from '../../shared/paging.js';
import type { RequestMeta } from '../../shared/audit.js';
import { created, type AuditedWrites } from '../../shared/audited.js';
import { isWorkingDay } from '../../shared/working-days.js';
import type { AccessAuditAction } from './access.policy.js';
import { AccessReportAck, FollowUp } from './access-report.entity.js';

/**
 * Office hours (Asia/Tokyo) on the office's working days: entries outside them, on a weekend, a
 * Japanese public holiday or in the year-end closure 12/29–1/3, are counted for the chief (A13).
 */
export const OFFICE_HOURS = { from: '08:30', to: '17:15' };

export interface RoomMonth {
  roomId: string;
  roomCode: string;
  roomName: string;
  visits: number;
  people: number;
  unauthorisedEntries: number;
  unclosedEntries: number;
  afterHoursEntries: number;
  /** Hardening §1: entries and exits a manager typed in from the paper register (no tablet, no PIN) */
  paperFallbackEvents: number;
}

/** One line of the printed register: an entry and the exit that closed it (or an exit alone). */
export interface Visit {
  /** the entry's id, or the exit's for an exit without entry (unique across the lines) */
  id: string;
  /** when the line happened: the entry, or the lone exit */
  at: Date;
  name: string;
  affiliation: string;
  roomCode: string;
  enteredAt: Date | null;
  exitedAt: Date | null;
  purpose: string;
  checklist: {
    equipmentOff: boolean;
    noMediaLeft: boolean;
    noUnauthorisedCable: boolean;
    noDocumentsLeft: boolean;
  } | null;
  notes: string[];
  anomalies: string[];
  /** the staff member who accompanied an outside visitor (付添者), as recorded at the door */
  escortName: string | null;
  /** Hardening §1: the entry or the exit was typed in by a manager from the paper register */
  paperFallback: boolean;
  /** who typed it in (the manager's name), for a paper-fallback line */
  transcribedBy: string | null;
}

/** 'YYYY-MM' → the month's bounds as instants in Asia/Tokyo. */
/** The days of a month 'YYYY-MM' the office is closed (shared/working-days.ts: weekends, holidays, 12/29–1/3). */
export function closedDaysOf(month: string): string[] {
  const [y, mo] = month.split('-').map(Number);
  const days = new Date(Date.UTC(y!, mo!, 0)).getUTCDate();
  const all = Array.from({ length: days }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
  return all.filter((d) => !isWorkingDay(d));
}

export function monthBounds(month: string): [Date, Date] {
  const m = MONTH.exec(month);
  if (!m) throw new AppError(CommonErrorCode.BAD_USER_INPUT, 'month は YYYY-MM です (month must be YYYY-MM)');
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const start = new Date(`${m[1]}-${m[2]}-01T00:00:00+09:00`);
  const next = mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
  return [start, new Date(`${next}-01T00:00:00+09:00`)];
}

// Entries of the month with the exit that closed them, then exits of the month without an entry:
// two range scans on (occurredAt, id), not a join over the whole table.
const VISITS_SQL = `
  WITH lines AS (
    SELECT en.id, en."occurredAt" AS at, en."occurredAt" AS "enteredAt", ex."occurredAt" AS "exitedAt", en.purpose,
           ex.checklist, array_remove(ARRAY[en.note, ex.note], NULL) AS notes,
           en.anomalies::text[] || coalesce(ex.anomalies::text[], '{}') AS anomalies,
           en."roomId", en."staffId", en."contractorAuthorisationId",
           coalesce(en."escortStaffId", ex."escortStaffId") AS "escortStaffId",
           coalesce(en."recordedByStaffId", ex."recordedByStaffId") AS "recordedByStaffId"
    FROM access_event en LEFT JOIN access_event ex ON ex."entryEventId" = en.id
    WHERE en.direction = 'ENTER' AND en."occurredAt" >= $1 AND en."occurredAt" < $2
      AND ($3::uuid IS NULL OR en."roomId" = $3::uuid)
    UNION ALL
    SELECT ex.id, ex."occurredAt", NULL, ex."occurredAt", ex.purpose, ex.checklist, array_remove(ARRAY[ex.note], NULL),
           ex.anomalies::text[], ex."roomId", ex."staffId", ex."contractorAuthorisationId", ex."escortStaffId",
           ex."recordedByStaffId"
    FROM access_event ex
    WHERE ex.direction = 'EXIT' AND ex."entryEventId" IS NULL AND ex."occurredAt" >= $1 AND ex."occurredAt" < $2
      AND ($3::uuid IS NULL OR ex."roomId" = $3::uuid)
  )
  SELECT v.id, v.at, v."enteredAt", v."exitedAt", v.purpose, v.checklist, v.notes, v.anomalies, r.code AS "roomCode",
         CASE WHEN s.id IS NOT NULL THEN s."familyName" || ' ' || s."givenName" ELSE a."contractorName" END AS name,
         CASE WHEN s.id IS NOT NULL THEN sec.name ELSE a."contractorCompany" END AS affiliation,
         esc."familyName" || ' ' || esc."givenName" AS "escortName",
         v."recordedByStaffId" IS NOT NULL AS "paperFallback",
         rec."familyName" || ' ' || rec."givenName" AS "transcribedBy"
  FROM lines v
  JOIN room r ON r.id = v."roomId"
  LEFT JOIN staff s ON s.id = v."staffId"
  LEFT JOIN section sec ON sec.id = s."sectionId"
  LEFT JOIN room_authorisation a ON a.id = v."contractorAuthorisationId"
  LEFT JOIN staff esc ON esc.id = v."escortStaffId"
  LEFT JOIN staff rec ON rec.id = v."recordedByStaffId"`;

/** events are written from JS Dates (milliseconds), as the cursor carries them */
const OLDEST_VISIT_FIRST = instantThenId<Visit>('accessVisits', 'ASC', 'v.at', (v) => v.at);

/**
 * A13: the chief hears how access control went. Per month and room: visits, people, entries
 * without authorisation, entries never closed, entries outside office hours; the chief (or the
 * acting chief) acknowledges the month and may open an instruction or an investigation.
 */
export class AccessReportService {
  constructor(
    private readonly ds: DataSource,
    private readonly audited: AuditedWrites<AccessAuditAction>,
    private readonly now: () => Date,
  ) {}

  async month(month: string): Promise<RoomMonth[]> {
    const [from, to] = monthBounds(month);
    const rows = (await this.ds.query(
      `SELECT r.id AS "roomId", r.code AS "roomCode", r.name AS "roomName",
         count(e.id)::int AS visits,
         count(DISTINCT coalesce(e."staffId", e."contractorAuthorisationId"))::int AS people,
         count(e.id) FILTER (WHERE 'UNAUTHORISED' = ANY(e.anomalies))::int AS "unauthorisedEntries",
         count(e.id) FILTER (WHERE NOT EXISTS (SELECT 1 FROM access_event x WHERE x."entryEventId" = e.id))::int
           AS "unclosedEntries",
         count(e.id) FILTER (WHERE (e."occurredAt" AT TIME ZONE 'Asia/Tokyo')::date = ANY($5::date[])
           OR (e."occurredAt" AT TIME ZONE 'Asia/Tokyo')::time < $3::time
           OR (e."occurredAt" AT TIME ZONE 'Asia/Tokyo')::time >= $4::time)::int AS "afterHoursEntries",
         (SELECT count(*) FROM access_event p WHERE p."roomId" = r.id AND p."recordedByStaffId" IS NOT NULL
           AND p."occurredAt" >= $1 AND p."occurredAt" < $2)::int AS "paperFallbackEvents"
       FROM room r
       LEFT JOIN access_event e ON e."roomId" = r.id AND e.direction = 'ENTER'
         AND e."occurredAt" >= $1 AND e."occurredAt" < $2
       GROUP BY r.id HAVING r.active OR count(e.id) > 0 ORDER BY r.code`,
      [from, to, OFFICE_HOURS.from, OFFICE_HOURS.to, closedDaysOf(month)],
    )) as RoomMonth[];
    return rows;
  }

  /**
   * The register lines of a month (entries with their exits, and exits without entry), oldest
   * first, one keyset page (`max` lifts the API's cap of 100 for the CSV export).
   */
  async visits(
    month: string,
    roomId: string | null,
    page: PageArgs,
    { em = this.ds.manager, max }: { em?: EntityManager; max?: number } = {},
  ): Promise<PageResult<Visit>> {
    const [from, to] = monthBounds(month);
    const k = OLDEST_VISIT_FIRST.sql(page, 4, max);
    const rows = (await em.query(
      `${VISITS_SQL}${k.where ? ` WHERE ${k.where}` : ''} ORDER BY ${k.orderBy} LIMIT ${k.limit}`,
      [from, to, roomId, ...k.params],
    )) as Visit[];
    return OLDEST_VISIT_FIRST.page(rows, page);
  }

  async acknowledgements(month: string): Promise<AccessReportAck[]> {
    monthBounds(month);
    return this.ds.getRepository(AccessReportAck).find({ where: { month }, order: { acknowledgedAt: 'ASC' } });
  }

  async acknowledge(
    month: string,
    staffId: string,
    comment: string | null,
    followUp: FollowUp,
    followUpNote: string | null,
    meta: RequestMeta,
  ): Promise<AccessReportAck> {
    const [, end] = monthBounds(month);
    if (end > new Date(this.now().getTime() + 31 * 86_400_000)) {
      throw new AppError(
        CommonErrorCode.BAD_USER_INPUT,
        '先の月は確認できません (a future month cannot be acknowledged)',
      );
    }
    if (followUp !== FollowUp.NONE && !followUpNote?.trim()) {
      throw new AppError(CommonErrorCode.BAD_USER_INPUT, '指示・調査の内容を入力してください (describe the follow-up)');
    }
    return this.ds.transaction(async (em) => {
      const ack = await em.getRepository(AccessReportAck).save({
        month,
        acknowledgedById: staffId,
        acknowledgedAt: this.now(),
        comment: comment?.trim() || null,
        followUp,
        followUpNote: followUpNote?.trim() || null,
        figures: await this.month(month),
      });
      await this.audited.record(
        em,
        meta,
        'Mutation.acknowledgeAccessReport',
        { type: 'AccessReport', id: month },
        created({ acknowledged: ack.id, followUp }),
      );
      return ack;
    });
  }
}
