import type { DataSource, EntityManager } from 'typeorm';
import { instantThenId, Keyset, type PageArgs, type PageResult } from '../../shared/paging.js';
import { ConfigurationChange, UNAPPROVED_BASES } from './change-record.entity.js';
import { ChangeKind, ChangeRequestStatus, ConfigurationChangeRequest } from './change-request.entity.js';
import { ConfigurationConnection } from './connection.entity.js';
import { ConfigurationItem } from './configuration-item.entity.js';
import { ItemCategory, ItemKind, ItemState, KINDS_OF } from './item-kinds.js';
import type { ItemFields, ItemPatch } from './item-rules.js';
import { itemFieldsOf, type ConnectionFields, type ReferenceLookup, type RegisterWriter } from './item-writes.js';

export interface ItemFilter {
  category?: ItemCategory | null;
  kind?: ItemKind | null;
  state?: ItemState | null;
  roomId?: string | null;
  sectionId?: string | null;
  /** part of the register number, name, maker/model, serial or location */
  search?: string | null;
}

export interface ChangeFilter {
  itemId?: string | null;
  /** 'YYYY-MM-DD' (Tokyo), inclusive */
  from?: string | null;
  to?: string | null;
  /** only changes recorded without an approved request (EMERGENCY, DISCOVERED) */
  unapprovedOnly?: boolean | null;
  /** only those the chief or the deputy chief has not reviewed yet */
  unreviewedOnly?: boolean | null;
}

export interface ChangeRequestFilter {
  status?: ChangeRequestStatus | null;
  itemId?: string | null;
  requestedById?: string | null;
}

/** A device to shut down in a disaster (A30): for the incidents module's disaster mode. */
export interface InUseEquipment {
  id: string;
  kind: ItemKind;
  /** 登録番号 名称 */
  label: string;
  /** the 電算室等 it stands in, when it stands in one */
  roomId: string | null;
}

const BY_REGISTER_NUMBER = new Keyset<ConfigurationItem>({
  list: 'configurationItems',
  columns: [
    { sql: 'i.registerNumber', kind: 'text', of: (i) => i.registerNumber },
    { sql: 'i.id', kind: 'uuid', of: (i) => i.id },
  ],
  direction: 'ASC',
});
const NEWEST_CHANGE_FIRST = instantThenId<ConfigurationChange>('configurationChanges', 'DESC', 'c.at', (c) => c.at);
const NEWEST_REQUEST_FIRST = instantThenId<ConfigurationChangeRequest>(
  'configurationChangeRequests',
  'DESC',
  'r.requestedAt',
  (r) => r.requestedAt,
);

/** `%…%` for ILIKE with the user's %, _ and \ taken literally. */
const contains = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** A14.5: reading the register, its history and its change requests (everything paged by keyset). */
export class RegisterReadingService {
  constructor(
    private readonly ds: DataSource,
    private readonly timeZone: string,
    private readonly writer: RegisterWriter,
  ) {}

  /**
   * What a request would change, field by field: for a change, each field's value now (the item's
   * current state) and the value asked for, so the manager decides on the phone with both in view.
   * `look`: the request's loaders, so a page of requests costs the same statements for 10 as for 50.
   */
  async proposalFields(
    r: ConfigurationChangeRequest,
    look: ReferenceLookup,
  ): Promise<Record<string, [string | null, string | null]>> {
    const em = look;
    const p = r.proposal;
    const item = r.itemId ? await look.item(r.itemId) : null;
    const now = item ? itemFieldsOf(item) : {};
    switch (r.kind) {
      case ChangeKind.INSTALL:
        return this.writer.labels(em, {}, p.item as ItemFields);
      case ChangeKind.CHANGE: {
        const patch = p.patch as ItemPatch;
        return this.writer.labels(em, now, patch, Object.keys(patch) as (keyof ItemFields)[]);
      }
      case ChangeKind.REMOVE:
        return this.writer.labels(em, now, { state: p.state as ItemState }, ['state']);
      case ChangeKind.CONNECT: {
        const c = p.connection as ConnectionFields;
        return {
          connection: [null, c.otherSystem],
          purpose: [null, c.purpose],
          protectiveMeasures: [null, c.protectiveMeasures],
          connectedOn: [null, c.connectedOn],
        };
      }
      case ChangeKind.DISCONNECT:
        return { connection: [String(p.otherSystem), null] };
    }
  }

  item(id: string): Promise<ConfigurationItem | null> {
    return this.ds.getRepository(ConfigurationItem).findOneBy({ id });
  }

  async items(filter: ItemFilter, page: PageArgs): Promise<PageResult<ConfigurationItem>> {
    const qb = BY_REGISTER_NUMBER.apply(this.ds.getRepository(ConfigurationItem).createQueryBuilder('i'), page);
    if (filter.category) qb.andWhere('i.kind IN (:...kinds)', { kinds: KINDS_OF[filter.category] });
    if (filter.kind) qb.andWhere('i.kind = :kind', { kind: filter.kind });
    if (filter.state) qb.andWhere('i.state = :state', { state: filter.state });
    if (filter.roomId) qb.andWhere('i.roomId = :roomId', { roomId: filter.roomId });
    if (filter.sectionId) qb.andWhere('i.sectionId = :sectionId', { sectionId: filter.sectionId });
    const search = filter.search?.trim();
    if (search) {
      qb.andWhere(
        `(i.registerNumber ILIKE :q OR i.name ILIKE :q OR i.maker ILIKE :q OR i.model ILIKE :q
          OR i.serialNumber ILIKE :q OR i.location ILIKE :q OR i.rack ILIKE :q
          OR EXISTS (SELECT 1 FROM room r WHERE r.id = i."roomId" AND (r.code ILIKE :q OR r.name ILIKE :q)))`,
        { q: contains(search.slice(0, 100)) },
      );
    }
    return BY_REGISTER_NUMBER.page(await qb.getMany(), page);
  }

  async changes(filter: ChangeFilter, page: PageArgs): Promise<PageResult<ConfigurationChange>> {
    const qb = NEWEST_CHANGE_FIRST.apply(this.ds.getRepository(ConfigurationChange).createQueryBuilder('c'), page);
    if (filter.itemId) qb.andWhere('c.itemId = :itemId', { itemId: filter.itemId });
    const tz = { tz: this.timeZone };
    if (filter.from)
      qb.andWhere(`c.at >= (CAST(:from AS date)::timestamp AT TIME ZONE :tz)`, { ...tz, from: filter.from });
    if (filter.to)
      qb.andWhere(`c.at < ((CAST(:to AS date) + 1)::timestamp AT TIME ZONE :tz)`, { ...tz, to: filter.to });
    if (filter.unapprovedOnly || filter.unreviewedOnly)
      qb.andWhere('c.basis IN (:...bases)', { bases: UNAPPROVED_BASES });
    if (filter.unreviewedOnly) qb.andWhere('c.reviewedAt IS NULL');
    return NEWEST_CHANGE_FIRST.page(await qb.getMany(), page);
  }

  request(id: string): Promise<ConfigurationChangeRequest | null> {
    return this.ds.getRepository(ConfigurationChangeRequest).findOneBy({ id });
  }

  async requests(filter: ChangeRequestFilter, page: PageArgs): Promise<PageResult<ConfigurationChangeRequest>> {
    const qb = NEWEST_REQUEST_FIRST.apply(
      this.ds.getRepository(ConfigurationChangeRequest).createQueryBuilder('r'),
      page,
    );
    if (filter.status) qb.andWhere('r.status = :status', { status: filter.status });
    if (filter.itemId) qb.andWhere('r.itemId = :itemId', { itemId: filter.itemId });
    if (filter.requestedById) qb.andWhere('r.requestedById = :by', { by: filter.requestedById });
    return NEWEST_REQUEST_FIRST.page(await qb.getMany(), page);
  }

  connectionsOf(itemIds: readonly string[]): Promise<ConfigurationConnection[]> {
    return this.ds
      .getRepository(ConfigurationConnection)
      .createQueryBuilder('c')
      .where('c.itemId = ANY(:ids)', { ids: [...itemIds] })
      .orderBy('c.disconnectedOn', 'DESC', 'NULLS FIRST')
      .addOrderBy('c.createdAt', 'ASC')
      .getMany();
  }

  itemsByIds(ids: readonly string[]): Promise<ConfigurationItem[]> {
    return this.ds
      .getRepository(ConfigurationItem)
      .createQueryBuilder('i')
      .where('i.id = ANY(:ids)', { ids: [...ids] })
      .getMany();
  }

  /** The programs installed on each of these devices (retired ones too: the register keeps them). */
  programsOn(itemIds: readonly string[]): Promise<ConfigurationItem[]> {
    return this.ds
      .getRepository(ConfigurationItem)
      .createQueryBuilder('i')
      .where('i.installedOnId = ANY(:ids)', { ids: [...itemIds] })
      .orderBy('i.registerNumber')
      .getMany();
  }

  /**
   * Servers and terminals in use, with the room each stands in: what the incidents module's
   * disaster mode lists to shut down (A30). Runs on the caller's transaction when given one.
   */
  async inUseEquipment(em: EntityManager = this.ds.manager): Promise<InUseEquipment[]> {
    const rows = (await em.query(
      `SELECT id, kind, "registerNumber", name, "roomId" FROM configuration_item
        WHERE kind IN ('SERVER', 'TERMINAL') AND state = 'IN_USE' ORDER BY kind, "registerNumber"`,
    )) as { id: string; kind: ItemKind; registerNumber: string; name: string; roomId: string | null }[];
    return rows.map((r) => ({ id: r.id, kind: r.kind, label: `${r.registerNumber} ${r.name}`, roomId: r.roomId }));
  }
}
