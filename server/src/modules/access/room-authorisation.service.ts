import { In, type DataSource, type EntityManager } from 'typeorm';
import { instantThenId, type PageArgs, type PageResult } from '../../shared/paging.js';
import type { RequestMeta } from '../../shared/audit.js';
import { created, type AuditedWrites, type Written } from '../../shared/audited.js';
import { Authority } from '../../shared/authority.js';
import { OrgRole } from '../../shared/authority.js';
import { RoleAssignment, Staff, type OrganisationService } from '../organisation/index.js';
import { AccessError, AccessErrorCode } from './access.errors.js';
import type { AccessAuditAction } from './access.policy.js';
import { AuthorisationStatus, RoomAuthorisation, SubjectKind } from './room-authorisation.entity.js';
import { Room } from './room.entity.js';
import { mayAct, type RecordScope } from '../../shared/access-scope.js';
import { isOwnCase, ownCase } from '../../shared/duties.js';

/** newest request first; requestedAt has millisecond precision, as the cursor carries it */
const NEWEST_REQUEST_FIRST = instantThenId<RoomAuthorisation>(
  'roomAuthorisations',
  'DESC',
  'a.requestedAt',
  (a) => a.requestedAt,
);

export interface AuthorisationRequest {
  subjectKind: SubjectKind;
  /** STAFF: whom (default: the requester) */
  staffId?: string | null;
  contractorCompany?: string | null;
  contractorName?: string | null;
  contractorContact?: string | null;
  roomIds: string[];
  validFrom: Date;
  validTo: Date;
  purpose: string;
  escortRequired?: boolean | null;
}

export interface Requester {
  staffId: string;
  authorities: ReadonlySet<Authority>;
  /** today in Asia/Tokyo, for "current" role assignments */
  today: string;
}

export interface AuthorisationFilter {
  status?: AuthorisationStatus | null;
  roomId?: string | null;
  staffId?: string | null;
  /** only those in force at this instant (approved, within their period) */
  inForceAt?: Date | null;
}

const TARGET = 'RoomAuthorisation';
const MAX_DAYS = 366;
const MAX_ROOMS = 20;
const outsideScope = (message: string) => new AccessError(AccessErrorCode.OUTSIDE_YOUR_SCOPE, message);
const invalid = (message: string) => new AccessError(AccessErrorCode.INVALID_AUTHORISATION_REQUEST, message);
const rowsOf = <T>(raw: unknown): T[] => (Array.isArray(raw) && Array.isArray(raw[0]) ? raw[0] : raw) as T[];

/**
 * Whether a person may approve or refuse a pending request (pure; Hardening §1): never their own
 * (subject or requester); the manager any other; the chief or the deputy chief those a manager is
 * the subject or the requester of, which the manager cannot decide.
 */
export function mayDecideRequest(
  a: Pick<RoomAuthorisation, 'staffId' | 'requestedById'>,
  by: Pick<Requester, 'staffId' | 'authorities'>,
  managers: readonly string[],
): boolean {
  if (isOwnCase(by.staffId, a.staffId, a.requestedById)) return false;
  return by.authorities.has(Authority.MANAGER) || mayDecideAsChief(a, by, managers);
}

function mayDecideAsChief(
  a: Pick<RoomAuthorisation, 'staffId' | 'requestedById'>,
  by: Pick<Requester, 'authorities'>,
  managers: readonly string[],
): boolean {
  const routed = managers.some((m) => isOwnCase(m, a.staffId, a.requestedById));
  return routed && (by.authorities.has(Authority.CHIEF) || by.authorities.has(Authority.DEPUTY_CHIEF));
}

/**
 * A12.2: authorisations to enter the 電算室等. Anyone asks for themselves; an operations manager
 * asks for staff of their own section and for outside people; the manager may ask for anyone.
 * Only the manager (or the acting manager) approves, refuses or revokes; a request of or for a
 * manager is decided by the chief or the deputy chief (Hardening §1). Decisions are
 * conditional updates, so two managers deciding at once cannot both win.
 */
export class RoomAuthorisationService {
  constructor(
    private readonly ds: DataSource,
    private readonly audited: AuditedWrites<AccessAuditAction>,
    private readonly now: () => Date,
    /** who holds the manager's authority on a day (the organisation module's rule) */
    private readonly org: Pick<OrganisationService, 'authorityHoldersOn'>,
  ) {}

  async request(input: AuthorisationRequest, by: Requester, meta: RequestMeta): Promise<RoomAuthorisation> {
    return this.audited.write(meta, 'Mutation.requestRoomAuthorisation', TARGET, (em) => this.create(em, input, by));
  }

  /**
   * The same request inside a transaction another module holds (A26: a maintenance work order asks
   * for its contractors' authorisations and commits with them), with its own audit entry. Like any
   * request, it waits for a decision: the manager who instructs is its requester, so the chief or
   * the deputy chief approves it (Hardening §1).
   */
  async requestWithin(
    em: EntityManager,
    input: AuthorisationRequest,
    by: Requester,
    meta: RequestMeta,
  ): Promise<RoomAuthorisation> {
    const { result, targetId, changes } = await this.create(em, input, by);
    await this.audited.record(em, meta, 'Mutation.requestRoomAuthorisation', { type: TARGET, id: targetId }, changes);
    return result;
  }

  private async create(
    em: EntityManager,
    input: AuthorisationRequest,
    by: Requester,
  ): Promise<Written<RoomAuthorisation>> {
    const purpose = input.purpose.trim();
    const roomIds = [...new Set(input.roomIds)];
    if (!purpose) throw invalid('目的を入力してください (purpose is required)');
    if (roomIds.length === 0 || roomIds.length > MAX_ROOMS)
      throw invalid(`電算室等を1〜${MAX_ROOMS}室選んでください (choose 1–${MAX_ROOMS} rooms)`);
    if (!(input.validTo > input.validFrom))
      throw invalid('終了は開始より後にしてください (validTo must follow validFrom)');
    if (input.validTo <= this.now()) throw invalid('終了が過去です (the period has already ended)');
    if (input.validTo.getTime() - input.validFrom.getTime() > MAX_DAYS * 86_400_000)
      throw invalid(`期間は${MAX_DAYS}日以内にしてください (at most ${MAX_DAYS} days)`);
    const rooms = await em.getRepository(Room).findBy({ id: In(roomIds), active: true });
    if (rooms.length !== roomIds.length) throw invalid('電算室等が見つかりません (unknown room)');

    // A6: the manager asks for anyone; an operations manager for staff of their section and for
    // outside people; everyone for themselves
    const isManager = by.authorities.has(Authority.MANAGER);
    const scope: RecordScope = {
      all: isManager,
      staffId: by.staffId,
      sections: isManager ? [] : await this.operationsManagerSections(em, by.staffId, by.today),
    };
    let subject: Partial<RoomAuthorisation>;
    if (input.subjectKind === SubjectKind.CONTRACTOR) {
      const name = input.contractorName?.trim();
      const company = input.contractorCompany?.trim();
      if (!name || !company) throw invalid('外部の者は会社名と氏名が必要です (company and name are required)');
      if (!mayAct(scope, { anySection: true }))
        throw outsideScope(
          '外部の者の入室許可は運用管理者または管理者が申請します (operations managers and the manager request for outside people)',
        );
      subject = {
        staffId: null,
        contractorName: name,
        contractorCompany: company,
        contractorContact: input.contractorContact?.trim() || null,
        escortRequired: true,
      };
    } else {
      const staffId = input.staffId ?? by.staffId;
      const staff = await em.getRepository(Staff).findOneBy({ id: staffId, active: true });
      if (!staff) throw invalid('職員が見つかりません (staff not found or no longer employed)');
      if (!mayAct(scope, { ownerId: staffId, sectionId: staff.sectionId }))
        throw outsideScope(
          '他の職員の申請は、その課の運用管理者または管理者が行います (only for staff of your own section)',
        );
      subject = {
        staffId,
        contractorName: null,
        contractorCompany: null,
        contractorContact: null,
        escortRequired: input.escortRequired ?? false,
      };
    }
    const saved = await em.getRepository(RoomAuthorisation).save({
      ...subject,
      subjectKind: input.subjectKind,
      rooms,
      validFrom: input.validFrom,
      validTo: input.validTo,
      purpose,
      status: AuthorisationStatus.REQUESTED,
      requestedById: by.staffId,
    });
    return {
      result: saved,
      targetId: saved.id,
      changes: created({
        subject: saved.staffId ?? `${saved.contractorCompany} ${saved.contractorName}`,
        rooms: rooms.map((r) => r.code),
        validFrom: saved.validFrom.toISOString(),
        validTo: saved.validTo.toISOString(),
        purpose,
        status: saved.status,
      }),
    };
  }

  approve(id: string, by: Requester, meta: RequestMeta): Promise<RoomAuthorisation> {
    return this.decide(id, by, meta, 'Mutation.approveRoomAuthorisation', AuthorisationStatus.APPROVED, null);
  }

  refuse(id: string, reason: string, by: Requester, meta: RequestMeta): Promise<RoomAuthorisation> {
    return this.decide(id, by, meta, 'Mutation.refuseRoomAuthorisation', AuthorisationStatus.REFUSED, reason);
  }

  revoke(id: string, reason: string, by: Requester, meta: RequestMeta): Promise<RoomAuthorisation> {
    return this.decide(id, by, meta, 'Mutation.revokeRoomAuthorisation', AuthorisationStatus.REVOKED, reason);
  }

  /**
   * Ends every open authorisation of a person (end of employment, transfer): approved ones are
   * revoked, pending requests refused. Returns how many. REVOKED therefore always means "was
   * approved until decidedAt", which the register relies on for events recorded offline.
   */
  async revokeAllOf(em: EntityManager, staffId: string, reason: string): Promise<number> {
    const rows = rowsOf(
      await em.query(
        `UPDATE room_authorisation
         SET status = CASE status WHEN 'APPROVED' THEN 'REVOKED' ELSE 'REFUSED' END::authorisation_status,
             reason = $2, "decidedAt" = $3
         WHERE "staffId" = $1 AND status IN ('REQUESTED', 'APPROVED') AND "validTo" > $3 RETURNING id`,
        [staffId, reason, this.now()],
      ),
    );
    return rows.length;
  }

  /** revokeAllOf for many people in one statement: how many each one had ended, by staff id. */
  async revokeAllOfMany(em: EntityManager, staffIds: readonly string[], reason: string): Promise<Map<string, number>> {
    const ended = new Map<string, number>();
    if (!staffIds.length) return ended;
    const rows = rowsOf<{ staffId: string }>(
      await em.query(
        `UPDATE room_authorisation
         SET status = CASE status WHEN 'APPROVED' THEN 'REVOKED' ELSE 'REFUSED' END::authorisation_status,
             reason = $2, "decidedAt" = $3
         WHERE "staffId" = ANY($1::uuid[]) AND status IN ('REQUESTED', 'APPROVED') AND "validTo" > $3
         RETURNING "staffId"`,
        [staffIds, reason, this.now()],
      ),
    );
    for (const r of rows) ended.set(r.staffId, (ended.get(r.staffId) ?? 0) + 1);
    return ended;
  }

  /**
   * Ends the open authorisations `ids` in the caller's transaction (a cancelled work order's own
   * requests, A26): approved ones are revoked, pending requests refused, as revokeAllOf does.
   * Returns the ids ended.
   */
  async endWithin(em: EntityManager, ids: readonly string[], reason: string): Promise<string[]> {
    if (!ids.length) return [];
    const rows = rowsOf<{ id: string }>(
      await em.query(
        `UPDATE room_authorisation
         SET status = CASE status WHEN 'APPROVED' THEN 'REVOKED' ELSE 'REFUSED' END::authorisation_status,
             reason = $2, "decidedAt" = $3
         WHERE id = ANY($1::uuid[]) AND status IN ('REQUESTED', 'APPROVED') AND "validTo" > $3 RETURNING id`,
        [ids, reason, this.now()],
      ),
    );
    return rows.map((r) => r.id);
  }

  async page(filter: AuthorisationFilter, page: PageArgs): Promise<PageResult<RoomAuthorisation>> {
    const qb = NEWEST_REQUEST_FIRST.apply(this.ds.getRepository(RoomAuthorisation).createQueryBuilder('a'), page);
    if (filter.status) qb.andWhere('a.status = :status', { status: filter.status });
    if (filter.staffId) qb.andWhere('a.staffId = :staffId', { staffId: filter.staffId });
    if (filter.roomId) {
      qb.andWhere(
        `EXISTS (SELECT 1 FROM room_authorisation_room r WHERE r."authorisationId" = a.id AND r."roomId" = :roomId)`,
        { roomId: filter.roomId },
      );
    }
    if (filter.inForceAt) {
      qb.andWhere(`a.status = 'APPROVED' AND a.validFrom <= :at AND a.validTo > :at`, { at: filter.inForceAt });
    }
    return NEWEST_REQUEST_FIRST.page(await qb.getMany(), page);
  }

  private async decide(
    id: string,
    by: Requester,
    meta: RequestMeta,
    action: AccessAuditAction,
    to: AuthorisationStatus,
    reason: string | null,
  ): Promise<RoomAuthorisation> {
    return this.audited.write(meta, action, { type: TARGET, id }, async (em) => {
      if (to !== AuthorisationStatus.APPROVED && !reason?.trim())
        throw invalid('理由を入力してください (a reason is required)');
      const before = await em.getRepository(RoomAuthorisation).findOneBy({ id });
      if (!before)
        throw new AccessError(AccessErrorCode.AUTHORISATION_NOT_FOUND, '入室許可が見つかりません (not found)');
      if (to !== AuthorisationStatus.REVOKED) await this.assertMayDecide(em, before, by);
      // revoking applies to an approved one (a pending request is refused instead)
      const from = to === AuthorisationStatus.REVOKED ? ['APPROVED'] : ['REQUESTED'];
      const now = this.now();
      const moved = rowsOf(
        await em.query(
          `UPDATE room_authorisation SET status = $2::authorisation_status, reason = $3, "decidedById" = $4, "decidedAt" = $5,
             "approvedAt" = CASE WHEN $2::authorisation_status = 'APPROVED' THEN $5 ELSE "approvedAt" END
           WHERE id = $1 AND status = ANY($6::authorisation_status[]) AND "validTo" > $5 RETURNING id`,
          [id, to, reason?.trim() || null, by.staffId, now, from],
        ),
      );
      if (!moved.length) {
        throw new AccessError(
          AccessErrorCode.AUTHORISATION_NOT_PENDING,
          before.validTo <= now
            ? '期間が終了しています (the period has ended)'
            : `この申請は既に処理されています: ${before.status} (already decided)`,
          { status: before.status },
        );
      }
      const after = await em.getRepository(RoomAuthorisation).findOneByOrFail({ id });
      return {
        result: after,
        targetId: id,
        changes: {
          status: [before.status, after.status],
          ...(reason ? { reason: [before.reason, after.reason] } : {}),
        },
      };
    });
  }

  /**
   * Hardening §1: nobody approves or refuses a request they are the subject or the requester of.
   * The manager decides the others; a request of (or for) a manager goes to the chief or the
   * deputy chief, who decide only those.
   */
  private async assertMayDecide(em: EntityManager, a: RoomAuthorisation, by: Requester): Promise<void> {
    if (isOwnCase(by.staffId, a.staffId, a.requestedById))
      throw ownCase(
        'ご自身が対象または申請者の入室申請は承認・却下できません。統括者または副統括者が判断します (not your own request)',
      );
    if (by.authorities.has(Authority.MANAGER)) return;
    const managers = await this.org.authorityHoldersOn(OrgRole.MANAGER, by.today, em);
    if (!mayDecideAsChief(a, by, managers))
      throw outsideScope(
        '統括者・副統括者は管理者ご本人に関する申請のみ判断します。管理者が判断します (the manager decides this request)',
      );
  }

  /** Sections whose operations manager the person is today (A6: record scope of their requests). */
  private async operationsManagerSections(em: EntityManager, staffId: string, today: string): Promise<string[]> {
    const rows = await em
      .getRepository(RoleAssignment)
      .createQueryBuilder('r')
      .where('r.staffId = :staffId AND r.role = :role', { staffId, role: OrgRole.OPERATIONS_MANAGER })
      .andWhere('r.validFrom <= :today AND (r.validTo IS NULL OR r.validTo >= :today)', { today })
      .getMany();
    return rows.map((r) => r.sectionId).filter((s): s is string => !!s);
  }
}
