// Every change to the register goes through here, inside the caller's transaction: the line is
// checked (item-rules.ts) and its references looked up, the change is made, and its change record
// (what, why, before and after, A14.5) is written in the same transaction. Returns the changes for
// the audit entry.
import type { EntityManager } from 'typeorm';
import { Room } from '../access/index.js';
import { Section, Staff } from '../organisation/index.js';
import type { ChangeBasis } from './change-record.entity.js';
import { ConfigurationChange } from './change-record.entity.js';
import type { ChangeKind } from './change-request.entity.js';
import { ConfigurationConnection } from './connection.entity.js';
import { ConfigurationItem } from './configuration-item.entity.js';
import { ConfigurationError, ConfigurationErrorCode } from './configuration.errors.js';
import { categoryOf, ItemCategory, ItemState, LIVE_STATES } from './item-kinds.js';
import { checkItem, invalidItem, ITEM_FIELDS, type ItemFields, type ItemPatch } from './item-rules.js';

/** The facts of the change record every write leaves. */
export interface RecordFacts {
  kind: ChangeKind;
  basis: ChangeBasis;
  summary: string;
  reason: string;
  /** the staff member who recorded it (null: the system) */
  byId: string | null;
  requestId: string | null;
}

export interface ConnectionFields {
  otherSystem: string;
  purpose: string | null;
  protectiveMeasures: string | null;
  connectedOn: string | null;
}

type Labels = Record<string, [string | null, string | null]>;

/**
 * How a line's references are looked up: in a transaction (a write), or through the request's
 * DataLoaders (a page of requests, one statement per kind however many rows).
 */
export interface ReferenceLookup {
  room(id: string): Promise<Room | null>;
  section(id: string): Promise<Section | null>;
  staff(id: string): Promise<Staff | null>;
  item(id: string): Promise<ConfigurationItem | null>;
}

const lookupIn = (em: EntityManager): ReferenceLookup => ({
  room: (id) => em.getRepository(Room).findOneBy({ id }),
  section: (id) => em.getRepository(Section).findOneBy({ id }),
  staff: (id) => em.getRepository(Staff).findOneBy({ id }),
  item: (id) => em.getRepository(ConfigurationItem).findOneBy({ id }),
});

/** What a write hands back: the changes for the audit entry and its change record's id. */
export interface Recorded {
  changes: Labels;
  recordId: string;
}

/** How the register's history names a field: the reference, not its id. */
export const HISTORY_KEY: Partial<Record<keyof ItemFields, string>> = {
  roomId: 'room',
  sectionId: 'section',
  responsibleStaffId: 'responsibleStaff',
  installedOnId: 'installedOn',
};

export const itemFieldsOf = (item: ConfigurationItem): ItemFields =>
  Object.fromEntries(ITEM_FIELDS.map((f) => [f, item[f] ?? null])) as unknown as ItemFields;

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export const notFound = () =>
  new ConfigurationError(
    ConfigurationErrorCode.CONFIGURATION_ITEM_NOT_FOUND,
    '構成品が見つかりません (item not found)',
  );

export class RegisterWriter {
  constructor(private readonly now: () => Date) {}

  /** The fields of a patch that differ from the item (a patch naming only its current values is empty). */
  diff(item: ConfigurationItem, patch: ItemPatch): ItemPatch {
    return Object.fromEntries(
      Object.entries(patch).filter(([k, v]) => !same(item[k as keyof ItemFields], v)),
    ) as ItemPatch;
  }

  /** Checks a whole line and what it refers to (inside the transaction). */
  async check(em: EntityManager, f: ItemFields, selfId: string | null): Promise<ItemFields> {
    checkItem(f);
    const refs = await this.references(em, f);
    if (f.roomId && !refs.room) throw invalidItem('roomId', '電算室等が見つかりません (unknown room)');
    if (!refs.section) throw invalidItem('sectionId', '使用課が見つかりません (unknown section)');
    if (!refs.staff) throw invalidItem('responsibleStaffId', '管理責任者が見つかりません (unknown staff member)');
    if (f.installedOnId) {
      const on = refs.installedOn;
      if (!on || on.id === selfId || categoryOf(on.kind) !== ItemCategory.EQUIPMENT)
        throw invalidItem(
          'installedOnId',
          '組み込み先は登録済みの機器です (a program is installed on registered equipment)',
        );
      if (f.state === ItemState.IN_USE && !LIVE_STATES.includes(on.state))
        throw invalidItem('installedOnId', '組み込み先の機器は使用を終えています (that equipment is retired)');
    }
    const taken = await em.query(
      `SELECT 1 FROM configuration_item WHERE "registerNumber" = $1 AND id IS DISTINCT FROM $2::uuid`,
      [f.registerNumber, selfId],
    );
    if ((taken as unknown[]).length) {
      throw new ConfigurationError(
        ConfigurationErrorCode.REGISTER_NUMBER_TAKEN,
        `登録番号 ${f.registerNumber} は使われています (register number already used)`,
        { field: 'registerNumber' },
      );
    }
    return f;
  }

  /** The line as a patch would leave it, checked whole; refuses a patch that changes the category. */
  async checkChange(em: EntityManager, item: ConfigurationItem, diff: ItemPatch): Promise<ItemFields> {
    if (diff.kind && categoryOf(diff.kind) !== categoryOf(item.kind))
      throw invalidItem('kind', '区分 (機器・プログラム・磁気媒体等) は変更できません (the category cannot change)');
    const before = itemFieldsOf(item);
    const after = await this.check(em, { ...before, ...diff }, item.id);
    if (!LIVE_STATES.includes(after.state) && before.state !== after.state) {
      // a device leaving use takes no program in use with it
      const [{ n }] = (await em.query(
        `SELECT count(*)::int AS n FROM configuration_item WHERE "installedOnId" = $1 AND state = 'IN_USE'`,
        [item.id],
      )) as { n: number }[];
      if (n > 0)
        throw invalidItem(
          'state',
          `この機器には使用中のプログラムが${n}件あります。先に撤去してください (programs in use are installed on it)`,
        );
    }
    return after;
  }

  /** A new line (導入). */
  async install(
    em: EntityManager,
    fields: ItemFields,
    facts: RecordFacts,
  ): Promise<Recorded & { item: ConfigurationItem }> {
    await this.lockNumber(em, fields.registerNumber);
    await this.check(em, fields, null);
    const repo = em.getRepository(ConfigurationItem);
    const item = await repo.save(repo.create({ ...fields, updatedAt: this.now() }));
    const changes = await this.labels(em, {}, fields);
    return { item, changes, recordId: await this.record(em, item.id, facts, changes) };
  }

  /** Changes fields of a line (a patch over its current fields, checked whole). */
  async change(
    em: EntityManager,
    item: ConfigurationItem,
    patch: ItemPatch,
    facts: RecordFacts,
  ): Promise<Recorded & { item: ConfigurationItem }> {
    const diff = this.diff(item, patch);
    if (diff.registerNumber) await this.lockNumber(em, diff.registerNumber);
    const before = itemFieldsOf(item);
    const after = await this.checkChange(em, item, diff);
    const saved = await em.getRepository(ConfigurationItem).save({ ...item, ...diff, updatedAt: this.now() });
    const changes = await this.labels(em, before, after, Object.keys(diff) as (keyof ItemFields)[]);
    return { item: saved, changes, recordId: await this.record(em, item.id, facts, changes) };
  }

  /** A connection to another system (A11.1), recorded on the item it is made at. */
  async connect(
    em: EntityManager,
    item: ConfigurationItem,
    c: ConnectionFields,
    facts: RecordFacts,
  ): Promise<Recorded & { connection: ConfigurationConnection }> {
    if (categoryOf(item.kind) !== ItemCategory.EQUIPMENT)
      throw invalidItem('itemId', '他システムとの接続は機器に記録します (a connection is made at equipment)');
    const repo = em.getRepository(ConfigurationConnection);
    const connection = await repo.save(repo.create({ ...c, itemId: item.id, disconnectedOn: null }));
    const changes: Labels = {
      connection: [null, c.otherSystem],
      protectiveMeasures: [null, c.protectiveMeasures],
      ...(c.purpose ? { purpose: [null, c.purpose] } : {}),
      ...(c.connectedOn ? { connectedOn: [null, c.connectedOn] } : {}),
    };
    return { connection, changes, recordId: await this.record(em, item.id, facts, changes) };
  }

  async disconnect(
    em: EntityManager,
    connection: ConfigurationConnection,
    on: string,
    facts: RecordFacts,
  ): Promise<Recorded> {
    if (connection.disconnectedOn)
      throw new ConfigurationError(
        ConfigurationErrorCode.CONNECTION_NOT_FOUND,
        'この接続は既に切断されています (already disconnected)',
      );
    await em.getRepository(ConfigurationConnection).update({ id: connection.id }, { disconnectedOn: on });
    const changes: Labels = { connection: [connection.otherSystem, null], disconnectedOn: [null, on] };
    return { changes, recordId: await this.record(em, connection.itemId, facts, changes) };
  }

  /** The protective measures of a connection (A8.3), written down or corrected. */
  async setMeasures(
    em: EntityManager,
    connection: ConfigurationConnection,
    measures: string,
    facts: RecordFacts,
  ): Promise<Recorded> {
    await em.getRepository(ConfigurationConnection).update({ id: connection.id }, { protectiveMeasures: measures });
    const changes: Labels = {
      connection: [connection.otherSystem, connection.otherSystem],
      protectiveMeasures: [connection.protectiveMeasures, measures],
    };
    return { changes, recordId: await this.record(em, connection.itemId, facts, changes) };
  }

  private async record(em: EntityManager, itemId: string, facts: RecordFacts, changes: Labels): Promise<string> {
    const { identifiers } = await em.getRepository(ConfigurationChange).insert({
      itemId,
      at: this.now(),
      byId: facts.byId,
      kind: facts.kind,
      basis: facts.basis,
      summary: facts.summary,
      reason: facts.reason,
      requestId: facts.requestId,
      changes,
    });
    return identifiers[0].id as string;
  }

  /** Two requests giving one new number wait for each other here, so the second gets a clear code. */
  private async lockNumber(em: EntityManager, registerNumber: string): Promise<void> {
    await em.query(`SELECT pg_advisory_xact_lock(hashtext('configuration_item:' || $1))`, [registerNumber]);
  }

  private async references(em: EntityManager | ReferenceLookup, f: ItemPatch, keys?: (keyof ItemFields)[]) {
    const look = 'getRepository' in em ? lookupIn(em) : em;
    const wanted = (k: keyof ItemFields) => !keys || keys.includes(k);
    // DataLoaders batch lookups made together; one transaction's connection runs one statement at a
    // time (pg deprecates queuing a second while the first runs), so there they go one after another
    if ('getRepository' in em) {
      const room = f.roomId && wanted('roomId') ? await look.room(f.roomId) : null;
      const section = f.sectionId && wanted('sectionId') ? await look.section(f.sectionId) : null;
      const staff =
        f.responsibleStaffId && wanted('responsibleStaffId') ? await look.staff(f.responsibleStaffId) : null;
      const installedOn = f.installedOnId && wanted('installedOnId') ? await look.item(f.installedOnId) : null;
      return { room, section, staff, installedOn };
    }
    const [room, section, staff, installedOn] = await Promise.all([
      f.roomId && wanted('roomId') ? look.room(f.roomId) : null,
      f.sectionId && wanted('sectionId') ? look.section(f.sectionId) : null,
      f.responsibleStaffId && wanted('responsibleStaffId') ? look.staff(f.responsibleStaffId) : null,
      f.installedOnId && wanted('installedOnId') ? look.item(f.installedOnId) : null,
    ]);
    return { room, section, staff, installedOn };
  }

  /**
   * { field: [before, after] } of the fields named (all of `after` when none), references as labels
   * (looked up in `em`'s transaction, or through the given lookup).
   */
  async labels(
    em: EntityManager | ReferenceLookup,
    before: ItemPatch,
    after: ItemPatch,
    fields?: (keyof ItemFields)[],
  ): Promise<Labels> {
    const keys = fields ?? (Object.keys(after) as (keyof ItemFields)[]).filter((k) => after[k] !== null);
    const [b, a] =
      'getRepository' in em
        ? [await this.references(em, before, keys), await this.references(em, after, keys)]
        : await Promise.all([this.references(em, before, keys), this.references(em, after, keys)]);
    const text = (v: unknown): string | null =>
      v === null || v === undefined ? null : Array.isArray(v) ? (v.length ? v.join(', ') : null) : String(v);
    const label = (refs: typeof b, k: keyof ItemFields, v: unknown): string | null => {
      if (v === null || v === undefined) return null;
      if (k === 'roomId') return refs.room ? `${refs.room.code} ${refs.room.name}` : String(v);
      if (k === 'sectionId') return refs.section?.name ?? String(v);
      if (k === 'responsibleStaffId')
        return refs.staff ? `${refs.staff.familyName} ${refs.staff.givenName}` : String(v);
      if (k === 'installedOnId')
        return refs.installedOn ? `${refs.installedOn.registerNumber} ${refs.installedOn.name}` : String(v);
      return text(v);
    };
    return Object.fromEntries(
      keys.map((k) => [HISTORY_KEY[k] ?? k, [label(b, k, before[k]), label(a, k, after[k])]]),
    ) as Labels;
  }
}
