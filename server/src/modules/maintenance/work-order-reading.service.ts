import { In, type DataSource, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import type { Authority } from '../../shared/authority.js';
import { MONTH } from '../../shared/ids.js';
import { instantThenId, type PageArgs, type PageResult } from '../../shared/paging.js';
import { AccessEvent, Room, RoomAuthorisation } from '../access/index.js';
import { MaintenanceError, MaintenanceErrorCode } from './maintenance.errors.js';
import { ESCORTED_BY, LIST_UNCOVERED, ORDER_ENTRIES, type EventRow } from './work-order.sql.js';
import { MaintenanceWorkOrder, MaintenanceWorkOrderAuthorisation, WorkOrderState } from './work-order.entity.js';
import { orderNotFound, READ_ALL } from './work-order.service.js';

export interface Reader {
  staffId: string;
  authorities: ReadonlySet<Authority>;
}

export interface WorkOrderFilter {
  state?: WorkOrderState | null;
  /** 'YYYY-MM': orders whose window overlaps the month (Asia/Tokyo) */
  month?: string | null;
  /** only orders whose window has ended without a result (instructed or in progress) */
  resultDue?: boolean | null;
}

/** Newest window first. */
const NEWEST_FIRST = instantThenId<MaintenanceWorkOrder>(
  'maintenanceWorkOrders',
  'DESC',
  'o.startsAt',
  (o) => o.startsAt,
);

/** The first instant of a month in Tokyo, and of the next one. */
export function monthWindow(month: string): [Date, Date] {
  const m = MONTH.exec(month);
  if (!m)
    throw new MaintenanceError(MaintenanceErrorCode.INVALID_WORK_PERIOD, 'month は YYYY-MM です (month is YYYY-MM)');
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const next = mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
  return [new Date(`${month}-01T00:00:00+09:00`), new Date(`${next}-01T00:00:00+09:00`)];
}

export const isResultDue = (o: MaintenanceWorkOrder, now: Date) =>
  (o.state === WorkOrderState.INSTRUCTED || o.state === WorkOrderState.IN_PROGRESS) && o.endsAt <= now;

/** An access_event row of raw SQL as the entity (the field resolvers of AccessEvent then apply). */
export const eventOf = ({ orderId: _order, ...row }: EventRow): AccessEvent => Object.assign(new AccessEvent(), row);

/**
 * Reading work orders (A26): the manager, the chief, the deputy chief and auditors read them all;
 * anyone else the orders whose people they escorted in (to confirm the result).
 */
export class WorkOrderReadService {
  constructor(
    private readonly ds: DataSource,
    private readonly now: () => Date,
  ) {}

  async page(filter: WorkOrderFilter, page: PageArgs, reader: Reader): Promise<PageResult<MaintenanceWorkOrder>> {
    const qb = NEWEST_FIRST.apply(this.ds.getRepository(MaintenanceWorkOrder).createQueryBuilder('o'), page);
    this.within(qb, reader);
    if (filter.state) qb.andWhere('o.state = :state', { state: filter.state });
    if (filter.month) {
      const [from, to] = monthWindow(filter.month);
      qb.andWhere('o.startsAt < :to AND o.endsAt >= :from', { from, to });
    }
    if (filter.resultDue != null) {
      const due = `(o.state IN ('INSTRUCTED', 'IN_PROGRESS') AND o."endsAt" <= :now)`;
      qb.andWhere(filter.resultDue ? due : `NOT ${due}`, { now: this.now() });
    }
    return NEWEST_FIRST.page(await qb.getMany(), page);
  }

  /** One order the reader may see; WORK_ORDER_NOT_FOUND otherwise (out of reach reads as absent). */
  async one(id: string, reader: Reader): Promise<MaintenanceWorkOrder> {
    const qb = this.ds.getRepository(MaintenanceWorkOrder).createQueryBuilder('o').where('o.id = :id', { id });
    this.within(qb, reader);
    const found = await qb.getOne();
    if (!found) throw orderNotFound();
    return found;
  }

  /** The register lines of each order (one statement for them all), oldest first. */
  async entriesOf(orderIds: readonly string[]): Promise<Map<string, AccessEvent[]>> {
    const rows = (await this.ds.query(ORDER_ENTRIES, [[...orderIds]])) as EventRow[];
    const groups = new Map<string, AccessEvent[]>(orderIds.map((id) => [id, []]));
    for (const r of rows) groups.get(r.orderId!)?.push(eventOf(r));
    return groups;
  }

  async roomsOf(orderIds: readonly string[]): Promise<Map<string, Room[]>> {
    const rows = (await this.ds.query(
      `SELECT x."orderId", r.id, r.code, r.name, r.kind, r.location, r.active, r."createdAt"
         FROM maintenance_work_order_room x JOIN room r ON r.id = x."roomId"
        WHERE x."orderId" = ANY($1::uuid[]) ORDER BY r.code`,
      [[...orderIds]],
    )) as (Room & { orderId: string })[];
    const groups = new Map<string, Room[]>(orderIds.map((id) => [id, []]));
    for (const { orderId, ...room } of rows) groups.get(orderId)?.push(this.ds.getRepository(Room).create(room));
    return groups;
  }

  /** Each order's authorisations (A12.2), its people in the order the manager listed them. */
  async authorisationsOf(orderIds: readonly string[]): Promise<Map<string, RoomAuthorisation[]>> {
    const links = await this.ds.getRepository(MaintenanceWorkOrderAuthorisation).find({
      where: { orderId: In([...orderIds]) },
      order: { orderId: 'ASC', position: 'ASC' },
    });
    const ids = [...new Set(links.map((l) => l.authorisationId))];
    const found = ids.length ? await this.ds.getRepository(RoomAuthorisation).findBy({ id: In(ids) }) : [];
    const byId = new Map(found.map((a) => [a.id, a]));
    const groups = new Map<string, RoomAuthorisation[]>(orderIds.map((id) => [id, []]));
    for (const l of links) groups.get(l.orderId)?.push(byId.get(l.authorisationId)!);
    return groups;
  }

  /** Outside people's entries no order covers and the manager has not looked at, newest first (A26). */
  async uncovered(limit: number): Promise<AccessEvent[]> {
    return ((await this.ds.query(LIST_UNCOVERED, [this.now(), limit])) as EventRow[]).map(eventOf);
  }

  private within<E extends ObjectLiteral>(qb: SelectQueryBuilder<E>, reader: Reader): void {
    if (READ_ALL.some((a) => reader.authorities.has(a))) return;
    qb.andWhere(ESCORTED_BY('o', ':me'), { me: reader.staffId });
  }
}
