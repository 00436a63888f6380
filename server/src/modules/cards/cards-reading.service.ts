import { Brackets, In, type DataSource, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { Authority } from '../../shared/authority.js';
import { dateIn } from '../../shared/dates.js';
import { instantThenId, Keyset, type PageArgs, type PageResult } from '../../shared/paging.js';
import { addWorkingDays } from '../../shared/working-days.js';
import { Staff } from '../organisation/index.js';
import { CardEvent, CardState, OperatorCard } from './card.entity.js';
import { CardRequest, CardRequestKind, CardRequestStatus, OPEN_REQUEST } from './card-request.entity.js';
import { cardNotFound } from './card.service.js';
import { requestNotFound } from './card-request.service.js';
import { CardOperator } from './operator.entity.js';
import { operatorNotFound } from './operator.service.js';

export interface Reader {
  staffId: string;
  authorities: ReadonlySet<Authority>;
}

/** Those who read the whole register and every request. */
export const READ_ALL = [
  Authority.PIN_ADMINISTRATOR,
  Authority.MANAGER,
  Authority.CHIEF,
  Authority.DEPUTY_CHIEF,
  Authority.AUDITOR,
];

export interface OperatorFilter {
  /** true: operators current today; false: ended ones */
  current?: boolean | null;
  sectionId?: string | null;
  staffId?: string | null;
  /** staff number or operator ID prefix, or part of the name or its kana */
  search?: string | null;
  /** true: those holding an issued card; false: those without one (whom a card may be issued to) */
  holdsCard?: boolean | null;
}
export interface CardFilter {
  state?: CardState | null;
  holderId?: string | null;
}
export interface RequestFilter {
  status?: CardRequestStatus | null;
  /** REQUESTED or ACCEPTED */
  open?: boolean | null;
  kind?: CardRequestKind | null;
  operatorId?: string | null;
}

const BY_CODE = new Keyset<CardOperator>({
  list: 'cardOperators',
  direction: 'ASC',
  columns: [
    { sql: 'o.operatorCode', kind: 'text', of: (o) => o.operatorCode },
    { sql: 'o.id', kind: 'uuid', of: (o) => o.id },
  ],
});
const BY_NUMBER = new Keyset<OperatorCard>({
  list: 'operatorCards',
  direction: 'ASC',
  columns: [
    { sql: 'c.cardNumber', kind: 'text', of: (c) => c.cardNumber },
    { sql: 'c.id', kind: 'uuid', of: (c) => c.id },
  ],
});
const NEWEST_REQUEST = instantThenId<CardRequest>('cardRequests', 'DESC', 'r.requestedAt', (r) => r.requestedAt);

/** The sections whose operations manager `:me` is on `:today` (A6). */
const OM_SECTIONS = `SELECT ra."sectionId" FROM role_assignment ra
  WHERE ra."staffId" = :me AND ra.role = 'OPERATIONS_MANAGER' AND ra."validFrom" <= :today
    AND (ra."validTo" IS NULL OR ra."validTo" >= :today)`;

const grouped = <T>(keys: readonly string[], rows: T[], key: (row: T) => string): Map<string, T[]> => {
  const groups = new Map<string, T[]>(keys.map((k) => [k, []]));
  for (const r of rows) groups.get(key(r))?.push(r);
  return groups;
};

/** The day a request falls due: `days` working days after the Tokyo day it was made (A16.1). */
export const dueOn = (r: Pick<CardRequest, 'requestedAt'>, days: number, timeZone: string) =>
  addWorkingDays(dateIn(timeZone, r.requestedAt), days);

/** Open past its due day (the day over in Tokyo). */
export const isOverdue = (r: CardRequest, days: number, timeZone: string, now: Date) =>
  OPEN_REQUEST.includes(r.status as (typeof OPEN_REQUEST)[number]) && dueOn(r, days, timeZone) < dateIn(timeZone, now);

/** Reading the register (A16) and the requests (A16.1): one statement per page, loaders for the rest. */
export class CardsReadService {
  constructor(
    private readonly ds: DataSource,
    private readonly now: () => Date,
    private readonly timeZone: string,
  ) {}

  async operators(filter: OperatorFilter, page: PageArgs, reader: Reader): Promise<PageResult<CardOperator>> {
    const qb = BY_CODE.apply(this.ds.getRepository(CardOperator).createQueryBuilder('o'), page);
    const today = dateIn(this.timeZone, this.now());
    if (!READ_ALL.some((a) => reader.authorities.has(a)))
      qb.andWhere(`o."sectionId" IN (${OM_SECTIONS})`, { me: reader.staffId, today });
    if (filter.current != null) {
      const current = `(o.since <= :today AND (o.until IS NULL OR o.until >= :today))`;
      qb.andWhere(filter.current ? current : `NOT ${current}`, { today });
    }
    if (filter.sectionId) qb.andWhere('o.sectionId = :sectionId', { sectionId: filter.sectionId });
    if (filter.staffId) qb.andWhere('o.staffId = :staffId', { staffId: filter.staffId });
    if (filter.holdsCard != null)
      qb.andWhere(
        `${filter.holdsCard ? '' : 'NOT '}EXISTS (SELECT 1 FROM operator_card c WHERE c."holderId" = o.id AND c.state = 'ISSUED')`,
      );
    const search = filter.search?.trim().replace(/[\s\u3000]+/g, '');
    if (search) {
      // the same words as the staff directory: a number's prefix, a part of the name or its kana
      const like = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.innerJoin(Staff, 's', 's.id = o.staffId').andWhere(
        new Brackets((w) =>
          w
            .where('s.staffNumber LIKE :prefix', { prefix: like.slice(1) })
            .orWhere('o.operatorCode ILIKE :prefix', { prefix: like.slice(1) })
            .orWhere(`(s.familyName || s.givenName) ILIKE :like`, { like })
            .orWhere(`(s.familyNameKana || s.givenNameKana) ILIKE :like`, { like }),
        ),
      );
    }
    return BY_CODE.page(await qb.getMany(), page);
  }

  async operator(id: string): Promise<CardOperator> {
    const found = await this.ds.getRepository(CardOperator).findOneBy({ id });
    if (!found) throw operatorNotFound();
    return found;
  }

  async cards(filter: CardFilter, page: PageArgs): Promise<PageResult<OperatorCard>> {
    const qb = BY_NUMBER.apply(this.ds.getRepository(OperatorCard).createQueryBuilder('c'), page);
    if (filter.state) qb.andWhere('c.state = :state', { state: filter.state });
    if (filter.holderId) qb.andWhere('c.holderId = :holderId', { holderId: filter.holderId });
    return BY_NUMBER.page(await qb.getMany(), page);
  }

  async card(id: string): Promise<OperatorCard> {
    const found = await this.ds.getRepository(OperatorCard).findOneBy({ id });
    if (!found) throw cardNotFound();
    return found;
  }

  async requests(filter: RequestFilter, page: PageArgs, reader: Reader): Promise<PageResult<CardRequest>> {
    const qb = NEWEST_REQUEST.apply(this.ds.getRepository(CardRequest).createQueryBuilder('r'), page);
    this.within(qb, reader);
    if (filter.status) qb.andWhere('r.status = :status', { status: filter.status });
    if (filter.open != null)
      qb.andWhere(filter.open ? 'r.status IN (:...open)' : 'r.status NOT IN (:...open)', { open: [...OPEN_REQUEST] });
    if (filter.kind) qb.andWhere('r.kind = :kind', { kind: filter.kind });
    if (filter.operatorId) qb.andWhere('r.operatorId = :operatorId', { operatorId: filter.operatorId });
    return NEWEST_REQUEST.page(await qb.getMany(), page);
  }

  async request(id: string, reader: Reader): Promise<CardRequest> {
    const qb = this.ds.getRepository(CardRequest).createQueryBuilder('r').where('r.id = :id', { id });
    this.within(qb, reader);
    const found = await qb.getOne();
    if (!found) throw requestNotFound();
    return found;
  }

  /** Each card's history, oldest first (one statement for every card asked). */
  async eventsOf(cardIds: readonly string[]): Promise<Map<string, CardEvent[]>> {
    const rows = await this.ds
      .getRepository(CardEvent)
      .find({ where: { cardId: In([...cardIds]) }, order: { seq: 'ASC' } });
    return grouped(cardIds, rows, (e) => e.cardId);
  }

  /** The cards each operator holds or has held, by card number. */
  async cardsOf(operatorIds: readonly string[]): Promise<Map<string, OperatorCard[]>> {
    const rows = (await this.ds.query(
      `SELECT DISTINCT e."operatorId", c.id FROM operator_card_event e JOIN operator_card c ON c.id = e."cardId"
        WHERE e."operatorId" = ANY($1::uuid[])`,
      [[...operatorIds]],
    )) as { operatorId: string; id: string }[];
    const cards = rows.length
      ? await this.ds.getRepository(OperatorCard).find({
          where: { id: In([...new Set(rows.map((r) => r.id))]) },
          order: { cardNumber: 'ASC' },
        })
      : [];
    const byId = new Map(cards.map((c) => [c.id, c]));
    const groups = new Map<string, OperatorCard[]>(operatorIds.map((k) => [k, []]));
    for (const c of cards) for (const r of rows) if (r.id === c.id) groups.get(r.operatorId)?.push(byId.get(c.id)!);
    return groups;
  }

  async operatorsByIds(ids: readonly string[]): Promise<CardOperator[]> {
    return this.ds.getRepository(CardOperator).findBy({ id: In([...ids]) });
  }

  async cardsByIds(ids: readonly string[]): Promise<OperatorCard[]> {
    return this.ds.getRepository(OperatorCard).findBy({ id: In([...ids]) });
  }

  /** An operations manager reads the requests of their sections and their own (A6). */
  private within<E extends ObjectLiteral>(qb: SelectQueryBuilder<E>, reader: Reader): void {
    if (READ_ALL.some((a) => reader.authorities.has(a))) return;
    qb.andWhere(`(r."requestedById" = :me OR r."sectionId" IN (${OM_SECTIONS}))`, {
      me: reader.staffId,
      today: dateIn(this.timeZone, this.now()),
    });
  }
}
