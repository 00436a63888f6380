import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { RequestMeta } from '../../shared/audit.js';
import { created, type AuditedWrites } from '../../shared/audited.js';
import { Authority, OrgRole } from '../../shared/authority.js';
import { staffIdOfActor } from '../../shared/duties.js';
import { RoleAssignment } from '../organisation/index.js';
import { CardState, OperatorCard } from './card.entity.js';
import {
  CardRequest,
  CardRequestKind,
  CardRequestOrigin,
  CardRequestStatus,
  OPEN_REQUEST,
} from './card-request.entity.js';
import { CardsError, CardsErrorCode } from './cards.errors.js';
import type { CardsAuditAction } from './cards.policy.js';
import { CardOperator, type OperatorPeriod } from './operator.entity.js';
import { operatorNotFound, type OperatorService } from './operator.service.js';

export interface Requester {
  staffId: string;
  authorities: ReadonlySet<Authority>;
  /** 'YYYY-MM-DD' in Tokyo */
  today: string;
}

/** What happened to the person: moved section on a day, or left on their last day. */
export type TransferChange = { kind: 'moved'; on: string } | { kind: 'left'; lastDay: string };

export interface CardRequestInput {
  kind: CardRequestKind;
  operatorId: string;
  cardId?: string | null;
  reason?: string | null;
}

const TARGET = 'CardRequest';
const err = (code: CardsErrorCode, message: string) => new CardsError(code, message);
export const requestNotFound = () =>
  err(CardsErrorCode.CARD_REQUEST_NOT_FOUND, '依頼が見つかりません (request not found)');
const wrongState = (r: CardRequest, step: string) =>
  new CardsError(CardsErrorCode.CARD_REQUEST_STATE_INVALID, `この依頼は${step}できません (request is ${r.status})`, {
    status: r.status,
  });

/**
 * The system never keeps a Juki-net PIN (issue 15): a reason or a note that is only digits, or
 * names a PIN with digits after it, is refused rather than stored.
 */
const LOOKS_LIKE_PIN = /^\s*\d{4,16}\s*$|(暗証番号|暗証|PIN|パスワード)\s*[:：は=]?\s*\d{3,}/i;
export function text(value: string | null | undefined, field: string): string | null {
  const v = value?.trim() || null;
  if (v && LOOKS_LIKE_PIN.test(v))
    throw err(CardsErrorCode.INVALID_CARD_REQUEST, `${field}に暗証番号を書かないでください (never write a PIN here)`);
  return v;
}

/** Sections whose operations manager the person is on `day` (A6). */
export async function operationsManagerSections(em: EntityManager, staffId: string, day: string): Promise<string[]> {
  const rows = await em
    .getRepository(RoleAssignment)
    .createQueryBuilder('r')
    .where('r.staffId = :staffId AND r.role = :role', { staffId, role: OrgRole.OPERATIONS_MANAGER })
    .andWhere('r.validFrom <= :day AND (r.validTo IS NULL OR r.validTo >= :day)', { day })
    .getMany();
  return rows.map((r) => r.sectionId).filter((s): s is string => !!s);
}

/**
 * A16.1, A16.3: requests to the PIN administrator. The manager asks for any operator, an operations
 * manager for the operators of their own section; the PIN administrator may start one too. Only the
 * PIN administrator accepts, completes or refuses (with a reason). A transfer or the end of
 * employment opens them in the same transaction (openForTransfer).
 */
export class CardRequestService {
  constructor(
    private readonly ds: DataSource,
    private readonly audited: AuditedWrites<CardsAuditAction>,
    private readonly operators: OperatorService,
    private readonly now: () => Date,
  ) {}

  request(input: CardRequestInput, by: Requester, meta: RequestMeta): Promise<CardRequest> {
    return this.audited.write(meta, 'Mutation.requestCardChange', TARGET, async (em) => {
      const operator = await em.getRepository(CardOperator).findOneBy({ id: input.operatorId });
      if (!operator) throw operatorNotFound();
      const origin = await this.originOf(em, operator, by);
      const reason = text(input.reason, '理由');
      let cardId: string | null = null;
      if (input.cardId) {
        const card = await em.getRepository(OperatorCard).findOneBy({ id: input.cardId });
        if (!card || card.holderId !== operator.id)
          throw err(
            CardsErrorCode.CARD_NOT_HELD,
            'そのカードはこの操作者に貸与されていません (card not held by the operator)',
          );
        cardId = card.id;
      }
      const saved = await em.getRepository(CardRequest).save({
        kind: input.kind,
        status: CardRequestStatus.REQUESTED,
        origin,
        operatorId: operator.id,
        cardId,
        sectionId: operator.sectionId,
        reason,
        requestedById: by.staffId,
        requestedAt: this.now(),
      });
      return {
        result: saved,
        targetId: saved.id,
        changes: created({ kind: saved.kind, operatorId: operator.id, origin, cardId, status: saved.status }),
      };
    });
  }

  accept(id: string, by: Requester, meta: RequestMeta): Promise<CardRequest> {
    return this.step(meta, 'Mutation.acceptCardRequest', id, (r) => {
      if (r.status !== CardRequestStatus.REQUESTED) throw wrongState(r, '受付');
      r.status = CardRequestStatus.ACCEPTED;
      r.acceptedAt = this.now();
      r.handledById = by.staffId;
    });
  }

  complete(id: string, note: string | null, by: Requester, meta: RequestMeta): Promise<CardRequest> {
    return this.step(meta, 'Mutation.completeCardRequest', id, (r) => {
      if (r.status !== CardRequestStatus.ACCEPTED) throw wrongState(r, '完了');
      r.status = CardRequestStatus.DONE;
      r.doneAt = this.now();
      r.handledById = by.staffId;
      r.note = text(note, '対応の記録');
    });
  }

  refuse(id: string, reason: string, by: Requester, meta: RequestMeta): Promise<CardRequest> {
    return this.step(meta, 'Mutation.refuseCardRequest', id, (r) => {
      if (!OPEN_REQUEST.includes(r.status as (typeof OPEN_REQUEST)[number])) throw wrongState(r, 'お断り');
      const why = text(reason, '理由');
      if (!why) throw err(CardsErrorCode.INVALID_CARD_REQUEST, '断る理由を入力してください (a reason is required)');
      r.status = CardRequestStatus.REFUSED;
      r.refusedAt = this.now();
      r.refusalReason = why;
      r.handledById = by.staffId;
    });
  }

  /**
   * Issue 15 §3: a staff member moved section or left. For each of their current operator periods,
   * the requests open at once in the caller's transaction: collect each card they hold (A16.2),
   * change the PIN (a move) or cancel it (leaving; the period ends on the last day). A request of
   * the same kind still open for the operator (and card) is not opened twice.
   */
  async openForTransfer(
    em: EntityManager,
    staffId: string,
    change: TransferChange,
    meta: RequestMeta,
  ): Promise<string[]> {
    return (await this.openForTransfers(em, [staffId], change, meta)).get(staffId) ?? [];
  }

  /**
   * openForTransfer for many people at once (a transfer round's moves), in a few statements for
   * the whole list: the ids of the requests opened, by staff id (the same as one by one). A person
   * in `transferMoveOf` moves by a transfer round's move: their requests are that move's tasks.
   */
  async openForTransfers(
    em: EntityManager,
    staffIds: readonly string[],
    change: TransferChange,
    meta: RequestMeta,
    transferMoveOf: ReadonlyMap<string, string> = new Map(),
  ): Promise<Map<string, string[]>> {
    const openedBy = new Map<string, string[]>();
    if (!staffIds.length) return openedBy;
    const on = change.kind === 'moved' ? change.on : change.lastDay;
    // rows, not entities (a round reads thousands), each list as one array parameter (= ANY)
    const operators = (await em.query(
      `SELECT id, "staffId", "sectionId", since::text AS since, until::text AS until FROM card_operator
        WHERE "staffId" = ANY($1::uuid[]) AND (until IS NULL OR until >= $2::date)
        ORDER BY "staffId", since, id FOR UPDATE`,
      [[...staffIds], on],
    )) as OperatorPeriod[];
    if (operators.length === 0) return openedBy;
    const ids = operators.map((o) => o.id);
    const cards = (await em.query(
      `SELECT id, "holderId" FROM operator_card WHERE "holderId" = ANY($1::uuid[]) AND state = $2`,
      [ids, CardState.ISSUED],
    )) as { id: string; holderId: string }[];
    const open = (await em.query(
      `SELECT "operatorId", kind, "cardId" FROM card_request WHERE "operatorId" = ANY($1::uuid[]) AND status = ANY($2::card_request_status[])`,
      [ids, [...OPEN_REQUEST]],
    )) as { operatorId: string; kind: CardRequestKind; cardId: string | null }[];
    // a request of the kind still open for the operator (and, for a card's, that card)
    const openKinds = new Set(open.map((r) => `${r.operatorId}|${r.kind}`));
    const openCards = new Set(open.map((r) => `${r.operatorId}|${r.kind}|${r.cardId}`));
    const isOpen = (operatorId: string, kind: CardRequestKind, cardId: string | null) =>
      cardId === null ? openKinds.has(`${operatorId}|${kind}`) : openCards.has(`${operatorId}|${kind}|${cardId}`);
    const cardsOf = new Map<string, { id: string }[]>();
    for (const c of cards) cardsOf.set(c.holderId, [...(cardsOf.get(c.holderId) ?? []), c]);
    const at = this.now();
    const requestedById = staffIdOfActor(meta.actor);
    const reason = change.kind === 'moved' ? '異動 (所属の変更) により自動で作成' : '退職により自動で作成';
    const rows: (Partial<CardRequest> & { staffId: string })[] = [];
    for (const o of operators) {
      const staffId = o.staffId;
      for (const c of cardsOf.get(o.id) ?? [])
        if (!isOpen(o.id, CardRequestKind.CARD_COLLECT, c.id))
          rows.push({
            staffId,
            kind: CardRequestKind.CARD_COLLECT,
            operatorId: o.id,
            cardId: c.id,
            sectionId: o.sectionId,
          });
      const pin = change.kind === 'moved' ? CardRequestKind.PIN_CHANGE : CardRequestKind.PIN_CANCEL;
      if (!isOpen(o.id, pin, null))
        rows.push({ staffId, kind: pin, operatorId: o.id, cardId: null, sectionId: o.sectionId });
      if (change.kind === 'left' && (o.until === null || o.until > change.lastDay))
        await this.operators.endWithin(em, o, change.lastDay < o.since ? o.since : change.lastDay);
    }
    // one statement, one array a column (ids made here, so each is known to be its person's whatever
    // order the rows are stored in); arrays, not JSON through json_populate_recordset, which cost
    // the database several times the CPU for a transfer round (bench/cards.profile.ts)
    if (!rows.length) return openedBy;
    const requestIds = rows.map(({ staffId }) => {
      const id = randomUUID();
      openedBy.set(staffId, [...(openedBy.get(staffId) ?? []), id]);
      return id;
    });
    await em.query(
      `INSERT INTO card_request (id, kind, status, origin, "operatorId", "cardId", "sectionId", "transferMoveId",
         reason, "requestedById", "requestedAt")
       SELECT r.id, r.kind, $7::card_request_status, $8::card_request_origin, r."operatorId", r."cardId", r."sectionId",
              r."transferMoveId", $9::varchar, $10::uuid, $11::timestamptz
         FROM unnest($1::uuid[], $2::card_request_kind[], $3::uuid[], $4::uuid[], $5::uuid[], $6::uuid[])
              AS r(id, kind, "operatorId", "cardId", "sectionId", "transferMoveId")`,
      [
        requestIds,
        rows.map((r) => r.kind),
        rows.map((r) => r.operatorId),
        rows.map((r) => r.cardId),
        rows.map((r) => r.sectionId),
        rows.map((r) => transferMoveOf.get(r.staffId) ?? null),
        CardRequestStatus.REQUESTED,
        CardRequestOrigin.TRANSFER,
        reason,
        requestedById,
        at,
      ],
    );
    return openedBy;
  }

  /** Who is asking: the manager for anyone, an operations manager for their own section, else the PIN administrator. */
  private async originOf(em: EntityManager, operator: CardOperator, by: Requester): Promise<CardRequestOrigin> {
    if (by.authorities.has(Authority.MANAGER)) return CardRequestOrigin.MANAGER;
    if (
      by.authorities.has(Authority.OPERATIONS_MANAGER) &&
      (await operationsManagerSections(em, by.staffId, by.today)).includes(operator.sectionId)
    )
      return CardRequestOrigin.MANAGER;
    if (by.authorities.has(Authority.PIN_ADMINISTRATOR)) return CardRequestOrigin.PIN_ADMINISTRATOR;
    throw err(
      CardsErrorCode.CARD_REQUEST_OUTSIDE_SECTION,
      '運用管理者はご自身の所属の操作者についてのみ依頼できます (only for operators of your own section)',
    );
  }

  private step(
    meta: RequestMeta,
    action: CardsAuditAction,
    id: string,
    change: (r: CardRequest) => void,
  ): Promise<CardRequest> {
    return this.audited.write(meta, action, { type: TARGET, id }, async (em) => {
      const r = await em.getRepository(CardRequest).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!r) throw requestNotFound();
      const before = r.status;
      change(r);
      await em.getRepository(CardRequest).save(r);
      return { result: r, targetId: r.id, changes: { status: [before, r.status] } };
    });
  }
}
