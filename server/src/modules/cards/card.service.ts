import type { DataSource, EntityManager } from 'typeorm';
import type { RequestMeta } from '../../shared/audit.js';
import { created, type AuditedWrites, type Changes } from '../../shared/audited.js';
import { AppError, CommonErrorCode, sqlState } from '../../shared/errors.js';
import type { Hooks } from '../../shared/hooks.js';
import { Staff } from '../organisation/index.js';
import { CardEvent, CardEventKind, CardState, OperatorCard } from './card.entity.js';
import { CardsError, CardsErrorCode } from './cards.errors.js';
import type { CardsAuditAction } from './cards.policy.js';
import { CardOperator } from './operator.entity.js';
import { isCurrent, operatorNotFound } from './operator.service.js';

/** Where a card in our hands is kept (A16.6). */
export interface Storage {
  storagePlace?: string | null;
  storageLocked?: boolean | null;
}

export interface By {
  staffId: string;
  /** 'YYYY-MM-DD' in Tokyo */
  today: string;
}

const TARGET = 'OperatorCard';
const err = (code: CardsErrorCode, message: string, details: Record<string, unknown> = {}) =>
  new CardsError(code, message, details);
export const cardNotFound = () => err(CardsErrorCode.CARD_NOT_FOUND, 'カードが見つかりません (card not found)');
const wrongState = (card: OperatorCard, step: string) =>
  err(
    CardsErrorCode.CARD_STATE_INVALID,
    `このカードは${STATE_LABEL[card.state]}のため${step}できません (not allowed in state ${card.state})`,
    { state: card.state },
  );
const STATE_LABEL: Record<CardState, string> = {
  IN_STOCK: '未発行(保管中)',
  ISSUED: '貸与中',
  RETURNED: '返還済み',
  LOST: '紛失',
  REVOKED: '失効',
  DESTROYED: '廃棄済み',
};

/** A16.6: a card in our hands needs a place that locks; refused with CARD_STORAGE_NOT_LOCKED otherwise. */
function lockedPlace(s: Storage): string {
  const place = s.storagePlace?.trim();
  if (!place || s.storageLocked !== true)
    throw err(
      CardsErrorCode.CARD_STORAGE_NOT_LOCKED,
      '発行していないカードは施錠できる場所に保管してください。保管場所と施錠を指定してください (A16.6: a locked storage place is required)',
    );
  return place;
}

/**
 * A16: an operator ID card's life: received into stock (locked, A16.6) → issued to an operator →
 * returned (A16.2), lost (revoked at once, an incident opens) or revoked → destroyed before a
 * witness. Each step is one CardEvent (who, when, the operator, the place) and one audit entry.
 */
export class CardService {
  constructor(
    private readonly ds: DataSource,
    private readonly audited: AuditedWrites<CardsAuditAction>,
    private readonly hooks: Hooks,
    private readonly now: () => Date,
  ) {}

  receive(input: { cardNumber: string } & Storage, by: By, meta: RequestMeta): Promise<OperatorCard> {
    return this.audited.write(meta, 'Mutation.receiveOperatorCard', TARGET, async (em) => {
      const cardNumber = input.cardNumber.trim();
      if (!cardNumber)
        throw new AppError(CommonErrorCode.BAD_USER_INPUT, 'カード番号を入力してください (card number required)');
      const place = lockedPlace(input);
      if (await em.getRepository(OperatorCard).existsBy({ cardNumber })) throw numberTaken();
      const at = this.now();
      let card: OperatorCard;
      try {
        card = await em.getRepository(OperatorCard).save({
          cardNumber,
          state: CardState.IN_STOCK,
          holderId: null,
          storagePlace: place,
          storageLocked: true,
          updatedAt: at,
        });
      } catch (e) {
        if (sqlState(e) === '23505') throw numberTaken();
        throw e;
      }
      await this.event(em, card, CardEventKind.RECEIVED, by, at, { storagePlace: place, storageLocked: true });
      return {
        result: card,
        targetId: card.id,
        changes: created({ cardNumber, state: card.state, storagePlace: place }),
      };
    });
  }

  issue(cardId: string, operatorId: string, by: By, meta: RequestMeta): Promise<OperatorCard> {
    return this.step(meta, 'Mutation.issueOperatorCard', cardId, async (em, card) => {
      if (card.state === CardState.ISSUED)
        throw err(CardsErrorCode.CARD_ALREADY_ISSUED, 'このカードは既に貸与されています (card already issued)');
      if (card.state !== CardState.IN_STOCK) throw wrongState(card, '貸与');
      // the operator is locked too: two cards issued to them at once wait for each other
      const operator = await em
        .getRepository(CardOperator)
        .findOne({ where: { id: operatorId }, lock: { mode: 'pessimistic_write' } });
      if (!operator) throw operatorNotFound();
      if (!isCurrent(operator, by.today))
        throw err(CardsErrorCode.OPERATOR_ENDED, '操作者の期間外です (the operator is not current)');
      if (await em.getRepository(OperatorCard).existsBy({ holderId: operator.id })) throw holdsCard();
      try {
        return await this.move(
          em,
          card,
          CardEventKind.ISSUED,
          by,
          { holderId: operator.id, place: null },
          { operatorId },
        );
      } catch (e) {
        // the partial unique index operator_card_one_per_holder, should anything write around the lock
        if (sqlState(e) === '23505') throw holdsCard();
        throw e;
      }
    });
  }

  /** A16.2: the card comes back from the operator who holds it, into a locked place. */
  return(cardId: string, operatorId: string, storage: Storage, note: string | null, by: By, meta: RequestMeta) {
    return this.step(meta, 'Mutation.returnOperatorCard', cardId, async (em, card) => {
      if (card.state !== CardState.ISSUED) throw wrongState(card, '返還');
      if (card.holderId !== operatorId)
        throw err(
          CardsErrorCode.CARD_NOT_HELD,
          'このカードはその操作者に貸与されていません (that operator does not hold this card)',
        );
      const place = lockedPlace(storage);
      return this.move(em, card, CardEventKind.RETURNED, by, { holderId: null, place }, { operatorId, note });
    });
  }

  /** Lost: revoked at once (it can no longer be used) and an incident is opened (hook `cards.cardLost`). */
  reportLost(cardId: string, note: string | null, by: By, meta: RequestMeta): Promise<OperatorCard> {
    return this.step(meta, 'Mutation.reportOperatorCardLost', cardId, async (em, card) => {
      if (card.state === CardState.LOST || card.state === CardState.DESTROYED) throw wrongState(card, '紛失の記録');
      const holder = card.holderId ? await em.getRepository(CardOperator).findOneBy({ id: card.holderId }) : null;
      const written = await this.move(
        em,
        card,
        CardEventKind.LOST,
        by,
        { holderId: null, place: null },
        { operatorId: holder?.id ?? null, note },
      );
      const staff = holder ? await em.getRepository(Staff).findOneBy({ id: holder.staffId }) : null;
      const reactions = await this.hooks.emit(
        em,
        'cards.cardLost',
        {
          cardId: card.id,
          cardNumber: card.cardNumber,
          staffId: holder?.staffId ?? null,
          sectionId: holder?.sectionId ?? staff?.sectionId ?? null,
          reportedById: by.staffId,
          occurredAt: card.updatedAt,
          note,
        },
        meta,
      );
      return { ...written, changes: { ...written.changes, revoked: [false, true], ...reactions } };
    });
  }

  /** Revoked while in our hands (collected for revocation: a locked place is needed). */
  revoke(cardId: string, storage: Storage, note: string | null, by: By, meta: RequestMeta): Promise<OperatorCard> {
    return this.step(meta, 'Mutation.revokeOperatorCard', cardId, async (em, card) => {
      if (![CardState.IN_STOCK, CardState.ISSUED, CardState.RETURNED].includes(card.state))
        throw wrongState(card, '失効');
      const place = storage.storagePlace?.trim() || card.state === CardState.ISSUED ? lockedPlace(storage) : null;
      return this.move(
        em,
        card,
        CardEventKind.REVOKED,
        by,
        { holderId: null, place: place ?? card.storagePlace },
        { operatorId: card.holderId, note },
      );
    });
  }

  /** Destroyed before a witness (another person), with how: the end of the card. */
  destroy(cardId: string, witnessId: string | null, method: string, by: By, meta: RequestMeta) {
    return this.step(meta, 'Mutation.destroyOperatorCard', cardId, async (em, card) => {
      if (![CardState.IN_STOCK, CardState.RETURNED, CardState.REVOKED].includes(card.state))
        throw wrongState(card, '廃棄');
      const how = method.trim();
      const witness = witnessId ? await em.getRepository(Staff).findOneBy({ id: witnessId, active: true }) : null;
      if (!how || !witness || witness.id === by.staffId)
        throw err(
          CardsErrorCode.CARD_WITNESS_REQUIRED,
          '廃棄には、廃棄する方以外の立会人と廃棄の方法が必要です (a witness other than yourself and the method are required)',
        );
      return this.move(
        em,
        card,
        CardEventKind.DESTROYED,
        by,
        { holderId: null, place: null },
        { note: how, witnessId: witness.id },
      );
    });
  }

  /** Runs one step on the card, locked for the transaction (two steps at once cannot both pass). */
  private step(
    meta: RequestMeta,
    action: CardsAuditAction,
    cardId: string,
    change: (
      em: EntityManager,
      card: OperatorCard,
    ) => Promise<{ result: OperatorCard; targetId: string; changes: Changes }>,
  ): Promise<OperatorCard> {
    return this.audited.write(meta, action, { type: TARGET, id: cardId }, async (em) => {
      const card = await em
        .getRepository(OperatorCard)
        .findOne({ where: { id: cardId }, lock: { mode: 'pessimistic_write' } });
      if (!card) throw cardNotFound();
      return change(em, card);
    });
  }

  private async move(
    em: EntityManager,
    card: OperatorCard,
    kind: CardEventKind,
    by: By,
    to: { holderId: string | null; place: string | null },
    extra: { operatorId?: string | null; note?: string | null; witnessId?: string | null },
  ) {
    const before = { state: card.state, holderId: card.holderId, storagePlace: card.storagePlace };
    const at = this.now();
    card.state = STATE_AFTER[kind];
    card.holderId = to.holderId;
    card.storagePlace = to.place;
    card.storageLocked = to.place !== null;
    card.updatedAt = at;
    await em.getRepository(OperatorCard).save(card);
    await this.event(em, card, kind, by, at, {
      operatorId: extra.operatorId ?? to.holderId,
      storagePlace: to.place,
      storageLocked: to.place !== null ? true : null,
      witnessId: extra.witnessId ?? null,
      note: extra.note?.trim() || null,
    });
    const changes: Changes = { state: [before.state, card.state] };
    if (before.holderId !== card.holderId) changes.holderId = [before.holderId, card.holderId];
    if (before.storagePlace !== card.storagePlace) changes.storagePlace = [before.storagePlace, card.storagePlace];
    if (extra.witnessId) changes.witnessId = [null, extra.witnessId];
    return { result: card, targetId: card.id, changes };
  }

  private async event(
    em: EntityManager,
    card: OperatorCard,
    kind: CardEventKind,
    by: By,
    at: Date,
    fields: Partial<Pick<CardEvent, 'operatorId' | 'storagePlace' | 'storageLocked' | 'witnessId' | 'note'>>,
  ): Promise<void> {
    await em.getRepository(CardEvent).insert({
      cardId: card.id,
      kind,
      at,
      byId: by.staffId,
      operatorId: null,
      storagePlace: null,
      storageLocked: null,
      witnessId: null,
      note: null,
      ...fields,
    });
  }
}

const STATE_AFTER: Record<CardEventKind, CardState> = {
  RECEIVED: CardState.IN_STOCK,
  ISSUED: CardState.ISSUED,
  RETURNED: CardState.RETURNED,
  LOST: CardState.LOST,
  REVOKED: CardState.REVOKED,
  DESTROYED: CardState.DESTROYED,
};

const holdsCard = () =>
  err(
    CardsErrorCode.OPERATOR_HOLDS_CARD,
    'この操作者には貸与中のカードがあります。1人に貸与するカードは1枚です (the operator holds an issued card already)',
  );

const numberTaken = () =>
  err(CardsErrorCode.CARD_NUMBER_TAKEN, 'このカード番号は登録済みです (card number already registered)');
