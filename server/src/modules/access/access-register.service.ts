import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AppError, CommonErrorCode } from '../../shared/errors.js';
import { instantThenId, type PageArgs, type PageResult } from '../../shared/paging.js';
import type { RequestMeta } from '../../shared/audit.js';
import type { Hooks } from '../../shared/hooks.js';
import { created, SYSTEM_META, type AuditedWrites } from '../../shared/audited.js';
import type { AccessAuditAction } from './access.policy.js';
import { AccessAnomaly, AccessEvent } from './access-event.entity.js';
import { AccessError, AccessErrorCode } from './access.errors.js';
import { AuthorisationStatus, RoomAuthorisation } from './room-authorisation.entity.js';

export interface RegisterFilter {
  roomId?: string | null;
  staffId?: string | null;
  from?: Date | null;
  to?: Date | null;
  /** only events with at least one anomaly */
  anomalous?: boolean | null;
}

export interface AuthorisedPerson {
  authorisation: RoomAuthorisation;
  roomIds: string[];
}

/** newest first; occurredAt is written from a JS Date (milliseconds), as the cursor carries it */
const NEWEST_FIRST = instantThenId<AccessEvent>('accessEvents', 'DESC', 'e.occurredAt', (e) => e.occurredAt);

/** Reading the register (A12.3) for managers, and what a door tablet needs to guide people. */
export class AccessRegisterService {
  constructor(
    private readonly ds: DataSource,
    private readonly audited: AuditedWrites<AccessAuditAction>,
    private readonly now: () => Date,
    private readonly hooks: Hooks,
  ) {}

  async page(filter: RegisterFilter, page: PageArgs): Promise<PageResult<AccessEvent>> {
    const qb = NEWEST_FIRST.apply(this.ds.getRepository(AccessEvent).createQueryBuilder('e'), page);
    if (filter.roomId) qb.andWhere('e.roomId = :roomId', { roomId: filter.roomId });
    if (filter.staffId) qb.andWhere('e.staffId = :staffId', { staffId: filter.staffId });
    if (filter.from) qb.andWhere('e.occurredAt >= :from', { from: filter.from });
    if (filter.to) qb.andWhere('e.occurredAt < :to', { to: filter.to });
    if (filter.anomalous) qb.andWhere(`cardinality(e.anomalies) > 0`);
    return NEWEST_FIRST.page(await qb.getMany(), page);
  }

  /** Entries not closed yet (people still inside), oldest first. */
  async inside(roomId: string | null, first: number): Promise<AccessEvent[]> {
    const qb = this.ds
      .getRepository(AccessEvent)
      .createQueryBuilder('e')
      .where(`e.direction = 'ENTER'`)
      .andWhere(`NOT EXISTS (SELECT 1 FROM access_event x WHERE x."entryEventId" = e.id)`)
      .orderBy('e.occurredAt', 'ASC')
      .take(first);
    if (roomId) qb.andWhere('e.roomId = :roomId', { roomId });
    const rows = await qb.getMany();
    for (const r of rows) r.stillOpen = true;
    return rows;
  }

  /**
   * People inside the given rooms now, with a name a tablet can show: per room the `perRoom` latest
   * entries of the last 30 days not closed yet (older ones are the manager's NOT_CLOSED anomalies),
   * oldest first.
   */
  async insideForTablet(roomIds: readonly string[], perRoom: number) {
    if (!roomIds.length) return [];
    const since = new Date(this.now().getTime() - 30 * 86_400_000);
    const rows: {
      clientEventId: string;
      roomId: string;
      staffId: string | null;
      contractorAuthorisationId: string | null;
      name: string;
      nameKana: string | null;
      staffNumber: string | null;
      enteredAt: Date;
      purpose: string;
    }[] = await this.ds.query(
      `SELECT "clientEventId", "roomId", "staffId", "contractorAuthorisationId", "enteredAt", purpose, name,
              "nameKana", "staffNumber"
         FROM (SELECT e."clientEventId", e."roomId", e."staffId", e."contractorAuthorisationId",
                      e."occurredAt" AS "enteredAt", e.purpose, e.id,
                      s."familyNameKana" || ' ' || s."givenNameKana" AS "nameKana", s."staffNumber",
                      coalesce(s."familyName" || ' ' || s."givenName",
                               trim(coalesce(a."contractorCompany", '') || ' ' || coalesce(a."contractorName", ''))) AS name,
                      row_number() OVER (PARTITION BY e."roomId" ORDER BY e."occurredAt" DESC, e.id DESC) AS latest
                 FROM access_event e
                 LEFT JOIN staff s ON s.id = e."staffId"
                 LEFT JOIN room_authorisation a ON a.id = e."contractorAuthorisationId"
                WHERE e.direction = 'ENTER' AND e."roomId" = ANY($1::uuid[]) AND e."occurredAt" >= $3
                  AND NOT EXISTS (SELECT 1 FROM access_event x WHERE x."entryEventId" = e.id)) open
        WHERE latest <= $2
        ORDER BY "enteredAt", id`,
      [roomIds, perRoom, since],
    );
    return rows;
  }

  /**
   * Anomalies that only time reveals: an entry still open after 12 hours (NOT_CLOSED), and a
   * tablet's sequence numbers still missing an hour after a later one arrived (SEQUENCE_GAP, on
   * the event after the gap). Idempotent (unique per event and kind); run every few minutes by
   * the server and safe to run anywhere. Returns how many were added.
   */
  async sweep(): Promise<number> {
    const now = this.now();
    return this.ds.transaction(async (em) => {
      const notClosed = (await em.query(
        `INSERT INTO access_anomaly ("eventId", kind, "detectedAt")
         SELECT e.id, 'NOT_CLOSED', $1 FROM access_event e
         WHERE e.direction = 'ENTER' AND e."occurredAt" < $1::timestamptz - interval '12 hours'
           AND e."occurredAt" > $1::timestamptz - interval '90 days'
           AND NOT EXISTS (SELECT 1 FROM access_event x WHERE x."entryEventId" = e.id)
         ON CONFLICT ("eventId", kind) DO NOTHING RETURNING id`,
        [now],
      )) as unknown[];
      const gaps = (await em.query(
        `INSERT INTO access_anomaly ("eventId", kind, "detectedAt")
         SELECT e.id, 'SEQUENCE_GAP', $1 FROM access_event e
         WHERE e."deviceId" IS NOT NULL AND e."deviceSeq" IS NOT NULL
           AND e."receivedAt" > $1::timestamptz - interval '90 days' AND e."receivedAt" < $1::timestamptz - interval '1 hour'
           -- the number before it over the tablet's whole history (index probes), refused numbers counting as used
           AND e."deviceSeq" - coalesce(greatest(
                 (SELECT max(x."deviceSeq") FROM access_event x WHERE x."deviceId" = e."deviceId" AND x."deviceSeq" < e."deviceSeq"),
                 (SELECT max(r."deviceSeq") FROM access_event_refusal r WHERE r."deviceId" = e."deviceId" AND r."deviceSeq" < e."deviceSeq")
               ), 0) > 1
         ON CONFLICT ("eventId", kind) DO NOTHING RETURNING id`,
        [now],
      )) as unknown[];
      const added = notClosed.length + gaps.length;
      if (added) {
        await this.audited.record(
          em,
          SYSTEM_META,
          'System.accessSweep',
          'AccessAnomaly',
          created({ notClosed: notClosed.length, sequenceGaps: gaps.length }),
        );
      }
      return added;
    });
  }

  openAnomalies(first: number): Promise<AccessAnomaly[]> {
    return this.ds
      .getRepository(AccessAnomaly)
      .createQueryBuilder('a')
      .where('a.resolvedAt IS NULL')
      .orderBy('a.detectedAt', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .take(first)
      .getMany();
  }

  async resolveAnomaly(id: string, note: string, staffId: string, meta: RequestMeta): Promise<AccessAnomaly> {
    return this.ds.transaction(async (em) => {
      if (!note.trim())
        throw new AppError(CommonErrorCode.BAD_USER_INPUT, '確認内容を入力してください (a note is required)');
      const rows = (await em.query(
        `UPDATE access_anomaly SET "resolvedAt" = $2, "resolvedById" = $3, "resolutionNote" = $4
         WHERE id = $1 AND "resolvedAt" IS NULL RETURNING id`,
        [id, this.now(), staffId, note.trim()],
      )) as unknown[];
      const moved = Array.isArray(rows[0]) ? (rows[0] as unknown[]) : rows;
      const anomaly = await em.getRepository(AccessAnomaly).findOneBy({ id });
      if (!anomaly) throw new AccessError(AccessErrorCode.ANOMALY_NOT_FOUND, '異常が見つかりません (not found)');
      if (!moved.length) throw new AccessError(AccessErrorCode.ANOMALY_RESOLVED, '既に解決済みです (already resolved)');
      // in the same transaction: e.g. the incident of an unauthorised entry has its step ticked
      const reactions = await this.hooks.emit(
        em,
        'access.anomalyResolved',
        { eventId: anomaly.eventId, kind: anomaly.kind, staffId, note: note.trim(), at: anomaly.resolvedAt! },
        meta,
      );
      await this.audited.record(
        em,
        meta,
        'Mutation.resolveAccessAnomaly',
        { type: 'AccessAnomaly', id: id },
        { resolved: [false, true], note: [null, note.trim()], ...reactions },
      );
      return anomaly;
    });
  }

  /**
   * For a door tablet: who is authorised for its rooms now or within the next hours (no secrets),
   * with a version tag that changes whenever the answer would, so the tablet refreshes cheaply.
   */
  async authorisedFor(
    roomIds: readonly string[],
    hours: number,
  ): Promise<{ version: string; people: AuthorisedPerson[] }> {
    const now = this.now();
    const until = new Date(now.getTime() + hours * 3_600_000);
    if (!roomIds.length) return { version: 'none', people: [] };
    const rows = await this.ds
      .getRepository(RoomAuthorisation)
      .createQueryBuilder('a')
      .innerJoinAndSelect('a.rooms', 'r', 'r.id IN (:...roomIds)', { roomIds: [...roomIds] })
      .where('a.status = :approved', { approved: AuthorisationStatus.APPROVED })
      .andWhere('a.validFrom < :until AND a.validTo > :now', { until, now })
      .orderBy('a.validFrom', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .take(1000)
      .getMany();
    const people = rows.map((a) => ({ authorisation: a, roomIds: (a.rooms ?? []).map((r) => r.id).sort() }));
    const version = createHash('sha256')
      .update(
        JSON.stringify(
          people.map((p) => [p.authorisation.id, p.authorisation.validFrom, p.authorisation.validTo, p.roomIds]),
        ),
      )
      .digest('base64url')
      .slice(0, 22);
    return { version, people };
  }
}
