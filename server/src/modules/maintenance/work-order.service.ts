import { fingerprintOf, storedUnderClientId } from '../../shared/resend.js';
import { In, type DataSource, type EntityManager } from 'typeorm';
import type { RequestMeta } from '../../shared/audit.js';
import { created, type AuditedWrites, type Changes } from '../../shared/audited.js';
import { Authority } from '../../shared/authority.js';
import type { ContractorEntry } from '../../shared/hooks.js';
import {
  AuthorisationStatus,
  Room,
  RoomAuthorisation,
  SubjectKind,
  type Requester,
  type RoomAuthorisationService,
} from '../access/index.js';
import { MaintenanceError, MaintenanceErrorCode } from './maintenance.errors.js';
import type { MaintenanceAuditAction } from './maintenance.policy.js';
import { ESCORTED_BY, START_WORK } from './work-order.sql.js';
import { MaintenanceWorkOrder, MaintenanceWorkOrderAuthorisation, WorkOrderState } from './work-order.entity.js';

/** What the manager instructs (A26). */
export interface WorkInstruction {
  /** the screen's id for this instruction: a resend answers the stored order */
  clientId?: string | null;
  contractorCompany: string;
  contractorContact?: string | null;
  /** the contractor's people to authorise for this work: each gets a room authorisation request */
  people?: string[] | null;
  /** existing authorisations of outside people to link instead (or as well) */
  authorisationIds?: string[] | null;
  work: string;
  configurationItems?: string | null;
  startsAt: Date;
  endsAt: Date;
  roomIds: string[];
}

/** A work order's window is one job, not a standing authorisation (that is A12.2's, up to a year). */
export const MAX_WORK_DAYS = 31;
export const MAX_PEOPLE = 10;
const MAX_ROOMS = 20;
const TARGET = 'MaintenanceWorkOrder';
/** Those who read every work order (and the entries no order covers). */
export const READ_ALL = [Authority.MANAGER, Authority.CHIEF, Authority.DEPUTY_CHIEF, Authority.AUDITOR];

const invalid = (message: string, details: Record<string, unknown> = {}) =>
  new MaintenanceError(MaintenanceErrorCode.INVALID_WORK_ORDER, message, details);
const badPeriod = (message: string) => new MaintenanceError(MaintenanceErrorCode.INVALID_WORK_PERIOD, message);
const unusable = (authorisationId: string, message: string) =>
  new MaintenanceError(MaintenanceErrorCode.WORK_AUTHORISATION_UNUSABLE, message, { authorisationId });
export const orderNotFound = () =>
  new MaintenanceError(MaintenanceErrorCode.WORK_ORDER_NOT_FOUND, '作業の指示が見つかりません (work order not found)');
const rowsOf = <T>(raw: unknown): T[] => (Array.isArray(raw) && Array.isArray(raw[0]) ? raw[0] : raw) as T[];

/**
 * A26: the manager's instruction of maintenance work, its start (the first entry of its people),
 * its result and its cancellation. Creating an order asks for a room authorisation (A12.2) for each
 * of the contractor's people, in the same transaction, through the access module's service: the
 * manager is its requester, so by the separation of duties (Hardening §1) the chief or the deputy
 * chief approves it, not the manager's own instruction. An existing authorisation may be linked.
 */
export class WorkOrderService {
  constructor(
    private readonly ds: DataSource,
    private readonly audited: AuditedWrites<MaintenanceAuditAction>,
    private readonly authorisations: Pick<RoomAuthorisationService, 'requestWithin' | 'endWithin'>,
    private readonly now: () => Date,
  ) {}

  instruct(input: WorkInstruction, by: Requester, meta: RequestMeta): Promise<MaintenanceWorkOrder> {
    return this.audited.write(meta, 'Mutation.instructMaintenanceWork', TARGET, async (em) => {
      const company = input.contractorCompany.trim();
      const work = input.work.trim();
      const people = [...new Set((input.people ?? []).map((p) => p.trim()))];
      const linked = [...new Set(input.authorisationIds ?? [])];
      const roomIds = [...new Set(input.roomIds)];
      if (!company) throw invalid('委託業者の会社名を入力してください (the contractor company is required)');
      if (!work) throw invalid('作業内容を入力してください (what is to be done is required)');
      if (people.some((p) => !p)) throw invalid('作業者の氏名が空です (a person without a name)');
      if (people.length + linked.length === 0)
        throw invalid('作業者を1人以上指定してください (name at least one person, or link an authorisation)');
      if (people.length + linked.length > MAX_PEOPLE)
        throw invalid(`作業者は${MAX_PEOPLE}人までです (at most ${MAX_PEOPLE} people)`);
      if (roomIds.length === 0 || roomIds.length > MAX_ROOMS)
        throw invalid(`電算室等を1〜${MAX_ROOMS}室選んでください (choose 1–${MAX_ROOMS} rooms)`);
      this.checkWindow(input.startsAt, input.endsAt);

      const rooms = await em.getRepository(Room).findBy({ id: In(roomIds), active: true });
      if (rooms.length !== roomIds.length) {
        const known = new Set(rooms.map((r) => r.id));
        throw new MaintenanceError(MaintenanceErrorCode.UNKNOWN_ROOM, '電算室等が見つかりません (unknown room)', {
          roomIds: roomIds.filter((id) => !known.has(id)),
        });
      }
      // a resend (the answer was lost) answers the order stored the first time; two at once wait
      // for each other on the id, so neither stores a second order and its requests
      const clientId = input.clientId ?? null;
      const fingerprint = clientId
        ? fingerprintOf([
            by.staffId,
            company,
            input.contractorContact?.trim() || null,
            people,
            [...linked].sort(),
            work,
            input.configurationItems?.trim() || null,
            input.startsAt.toISOString(),
            input.endsAt.toISOString(),
            [...roomIds].sort(),
          ])
        : null;
      const stored = await storedUnderClientId(
        em,
        MaintenanceWorkOrder,
        clientId,
        fingerprint,
        () =>
          new MaintenanceError(
            MaintenanceErrorCode.CLIENT_ID_REUSED,
            'この clientId は別の指示に使われています (clientId already used for another instruction)',
          ),
      );
      if (stored) return { result: stored, targetId: stored.id, changes: { resent: [null, true] } };
      const existing = await this.usableAuthorisations(em, linked, roomIds, input.startsAt, input.endsAt);

      const order = await em.getRepository(MaintenanceWorkOrder).save({
        clientId,
        fingerprint,
        state: WorkOrderState.INSTRUCTED,
        contractorCompany: company,
        contractorContact: input.contractorContact?.trim() || null,
        work,
        configurationItems: input.configurationItems?.trim() || null,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        rooms,
        instructedById: by.staffId,
        instructedAt: this.now(),
      });
      // each person's authorisation to enter (A12.2), asked for with the order: the manager is its
      // requester, so the chief or the deputy chief decides it (Hardening §1)
      const requested: RoomAuthorisation[] = [];
      for (const name of people) {
        requested.push(
          await this.authorisations.requestWithin(
            em,
            {
              subjectKind: SubjectKind.CONTRACTOR,
              contractorCompany: company,
              contractorName: name,
              contractorContact: order.contractorContact,
              roomIds,
              validFrom: input.startsAt,
              validTo: input.endsAt,
              purpose: `保守作業: ${work}`.slice(0, 200),
            },
            by,
            meta,
          ),
        );
      }
      await em.getRepository(MaintenanceWorkOrderAuthorisation).insert(
        [...requested, ...existing].map((a, position) => ({
          orderId: order.id,
          authorisationId: a.id,
          position,
          requested: position < requested.length,
        })),
      );
      // a linked authorisation may already have entries in the window (work begun before the order was typed in)
      const started = rowsOf<{ id: string }>(await em.query(START_WORK, [[], [order.id]]));
      const saved = await em.getRepository(MaintenanceWorkOrder).findOneByOrFail({ id: order.id });
      return {
        result: saved,
        targetId: saved.id,
        changes: created({
          contractorCompany: company,
          people: [...people, ...existing.map((a) => a.contractorName)],
          work,
          rooms: rooms.map((r) => r.code),
          startsAt: saved.startsAt.toISOString(),
          endsAt: saved.endsAt.toISOString(),
          authorisationsRequested: requested.map((a) => a.id),
          authorisationsLinked: existing.map((a) => a.id),
          state: started.length ? WorkOrderState.IN_PROGRESS : WorkOrderState.INSTRUCTED,
        }),
      };
    });
  }

  /** The manager, or a staff member who escorted the order's people in, confirms the result (A26). */
  complete(id: string, result: string, by: Requester, meta: RequestMeta): Promise<MaintenanceWorkOrder> {
    return this.audited.write(meta, 'Mutation.completeMaintenanceWork', { type: TARGET, id }, async (em) => {
      const note = result.trim();
      if (!note) throw invalid('作業結果を入力してください (the result is required)');
      const before = await em.getRepository(MaintenanceWorkOrder).findOneBy({ id });
      if (!before) throw orderNotFound();
      if (!by.authorities.has(Authority.MANAGER) && !(await this.escorted(em, id, by.staffId))) {
        // someone who may not read it at all is told it does not exist
        if (!READ_ALL.some((a) => by.authorities.has(a))) throw orderNotFound();
        throw new MaintenanceError(
          MaintenanceErrorCode.NOT_YOUR_WORK_ORDER,
          '作業結果は管理者または付き添った職員が確認します (the manager or an escort confirms the result)',
        );
      }
      this.assertOpen(before);
      if (before.state === WorkOrderState.INSTRUCTED)
        throw new MaintenanceError(
          MaintenanceErrorCode.WORK_NOT_STARTED,
          'まだ入室の記録がありません。入退室管理簿に記録してから確認してください (no entry recorded for this work yet)',
        );
      const moved = rowsOf(
        await em.query(
          `UPDATE maintenance_work_order SET state = 'DONE', result = $2, "completedById" = $3, "completedAt" = $4
            WHERE id = $1 AND state = 'IN_PROGRESS' RETURNING id`,
          [id, note, by.staffId, this.now()],
        ),
      );
      if (!moved.length) this.assertOpen(await em.getRepository(MaintenanceWorkOrder).findOneByOrFail({ id }), true);
      const after = await em.getRepository(MaintenanceWorkOrder).findOneByOrFail({ id });
      return {
        result: after,
        targetId: id,
        changes: { state: [before.state, after.state], result: [null, note] },
      };
    });
  }

  /** The manager cancels an order not yet done, with a reason. */
  cancel(id: string, reason: string, by: Requester, meta: RequestMeta): Promise<MaintenanceWorkOrder> {
    return this.audited.write(meta, 'Mutation.cancelMaintenanceWork', { type: TARGET, id }, async (em) => {
      const why = reason.trim();
      if (!why) throw invalid('取消の理由を入力してください (a reason is required)');
      const before = await em.getRepository(MaintenanceWorkOrder).findOneBy({ id });
      if (!before) throw orderNotFound();
      this.assertOpen(before);
      const moved = rowsOf(
        await em.query(
          `UPDATE maintenance_work_order SET state = 'CANCELLED', "cancelReason" = $2, "cancelledById" = $3,
             "cancelledAt" = $4 WHERE id = $1 AND state IN ('INSTRUCTED', 'IN_PROGRESS') RETURNING id`,
          [id, why, by.staffId, this.now()],
        ),
      );
      if (!moved.length) this.assertOpen(await em.getRepository(MaintenanceWorkOrder).findOneByOrFail({ id }), true);
      // the authorisations this order asked for end with it, unless another open order uses them too;
      // one linked to the order was asked for on its own and stays
      const own = rowsOf<{ authorisationId: string }>(
        await em.query(
          `SELECT l."authorisationId" FROM maintenance_work_order_authorisation l
           WHERE l."orderId" = $1 AND l.requested
             AND NOT EXISTS (SELECT 1 FROM maintenance_work_order_authorisation o
               JOIN maintenance_work_order w ON w.id = o."orderId"
               WHERE o."authorisationId" = l."authorisationId" AND o."orderId" <> $1
                 AND w.state IN ('INSTRUCTED', 'IN_PROGRESS'))`,
          [id],
        ),
      ).map((r) => r.authorisationId);
      const ended = await this.authorisations.endWithin(em, own, `保守作業の指示の取消: ${why}`);
      const after = await em.getRepository(MaintenanceWorkOrder).findOneByOrFail({ id });
      return {
        result: after,
        targetId: id,
        changes: {
          state: [before.state, after.state],
          cancelReason: [null, why],
          ...(ended.length ? { authorisationsEnded: [null, ended] } : {}),
        },
      };
    });
  }

  /**
   * Hook access.contractorEntered: the first entry of an order's people in its rooms within its
   * window starts its work, in the register's transaction. Answers changes for the register's audit entry.
   */
  async startFor(em: EntityManager, entries: readonly ContractorEntry[]): Promise<Changes | undefined> {
    const started = rowsOf<{ id: string }>(await em.query(START_WORK, [entries.map((e) => e.eventId), []]));
    return started.length ? { maintenanceWorkStarted: [null, started.map((r) => r.id)] } : undefined;
  }

  private checkWindow(startsAt: Date, endsAt: Date): void {
    if (!(endsAt > startsAt)) throw badPeriod('終了は開始より後にしてください (the end must follow the start)');
    if (endsAt <= this.now()) throw badPeriod('終了が過去です (the window has already ended)');
    if (endsAt.getTime() - startsAt.getTime() > MAX_WORK_DAYS * 86_400_000)
      throw badPeriod(`作業の期間は${MAX_WORK_DAYS}日以内にしてください (at most ${MAX_WORK_DAYS} days)`);
  }

  /**
   * Existing authorisations the manager links: outside people's, requested or approved, for every
   * room of the order over its whole window (else the entries would be refused or flagged anyway).
   */
  private async usableAuthorisations(
    em: EntityManager,
    ids: string[],
    roomIds: string[],
    startsAt: Date,
    endsAt: Date,
  ): Promise<RoomAuthorisation[]> {
    if (!ids.length) return [];
    const found = await em
      .getRepository(RoomAuthorisation)
      .find({ where: { id: In(ids) }, relations: { rooms: true } });
    for (const id of ids) {
      const a = found.find((x) => x.id === id);
      if (!a) throw unusable(id, '入室許可が見つかりません (authorisation not found)');
      if (a.subjectKind !== SubjectKind.CONTRACTOR)
        throw unusable(id, '外部の者の入室許可ではありません (not an outside person’s authorisation)');
      if (a.status !== AuthorisationStatus.APPROVED && a.status !== AuthorisationStatus.REQUESTED)
        throw unusable(id, `この入室許可は使えません: ${a.status} (refused or revoked)`);
      if (a.validFrom > startsAt || a.validTo < endsAt)
        throw unusable(id, '入室許可の期間が作業の期間を含みません (the authorisation does not cover the window)');
      const rooms = new Set((a.rooms ?? []).map((r) => r.id));
      if (roomIds.some((r) => !rooms.has(r)))
        throw unusable(id, '入室許可が作業の電算室等を含みません (the authorisation does not cover the rooms)');
    }
    return ids.map((id) => found.find((x) => x.id === id)!);
  }

  private async escorted(em: EntityManager, orderId: string, staffId: string): Promise<boolean> {
    const rows = rowsOf(
      await em.query(`SELECT 1 FROM maintenance_work_order o WHERE o.id = $1 AND ${ESCORTED_BY('o', '$2')}`, [
        orderId,
        staffId,
      ]),
    );
    return rows.length > 0;
  }

  private assertOpen(o: MaintenanceWorkOrder, raced = false): void {
    if (o.state === WorkOrderState.DONE || o.state === WorkOrderState.CANCELLED || raced)
      throw new MaintenanceError(
        MaintenanceErrorCode.WORK_ORDER_CLOSED,
        `この作業の指示は既に${o.state === WorkOrderState.DONE ? '完了' : '取消'}しています (already ${o.state})`,
        { state: o.state },
      );
  }
}
