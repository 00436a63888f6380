// What a change request proposes, and how it is carried out. `prepare` checks a proposed change
// against the register as it is (when asked, and again for an emergency entry) and keeps it as
// JSON; `apply` carries a proposal out through the RegisterWriter, which checks the line again
// against the register as it is then (it may have changed since the request was approved).
import type { EntityManager } from 'typeorm';
import { ChangeKind } from './change-request.entity.js';
import { ConfigurationConnection } from './connection.entity.js';
import { ConfigurationItem } from './configuration-item.entity.js';
import { ConfigurationError, ConfigurationErrorCode } from './configuration.errors.js';
import { ItemState, LIVE_STATES } from './item-kinds.js';
import { normalisePatch, type ItemFields, type ItemPatch } from './item-rules.js';
import {
  notFound,
  type ConnectionFields,
  type RecordFacts,
  type Recorded,
  type RegisterWriter,
} from './item-writes.js';

/** A change as asked for (the GraphQL input, or a test's object). */
export interface ChangeInput {
  kind: ChangeKind;
  /** the item changed (CHANGE, CONNECT, REMOVE; DISCONNECT may name it) */
  itemId?: string | null;
  /** INSTALL: the new line; CHANGE: only the fields to change */
  item?: object | null;
  /** CONNECT */
  connection?: {
    otherSystem: string;
    purpose?: string | null;
    protectiveMeasures?: string | null;
    connectedOn?: string | null;
  } | null;
  /** DISCONNECT */
  connectionId?: string | null;
  /** REMOVE: RETIRED (default) or DISPOSED */
  endState?: ItemState | null;
  summary: string;
  reason: string;
}

export type Proposal =
  | { item: ItemFields }
  | { patch: ItemPatch }
  | { connection: ConnectionFields }
  | { connectionId: string; otherSystem: string }
  | { state: ItemState };

export interface Prepared {
  kind: ChangeKind;
  itemId: string | null;
  proposal: Proposal;
  summary: string;
  reason: string;
}

export const invalidRequest = (message: string) =>
  new ConfigurationError(ConfigurationErrorCode.INVALID_CHANGE_REQUEST, message);

const blank = (v: string | null | undefined) => {
  const s = v?.trim();
  return s ? s : null;
};

/** A new line's fields: what was given, and the defaults of what was not. */
function newLine(input: object): ItemFields {
  const given = normalisePatch(input as Record<string, unknown>);
  return {
    maker: null,
    model: null,
    version: null,
    serialNumber: null,
    roomId: null,
    rack: null,
    location: null,
    storageLocked: null,
    inUseFrom: null,
    inUseTo: null,
    installedOnId: null,
    note: null,
    networkAddresses: [],
    sharedWithOtherSystems: false,
    ...given,
  } as ItemFields;
}

export class ChangeProposals {
  constructor(private readonly writer: RegisterWriter) {}

  async item(em: EntityManager, id: string | null | undefined, lock = false): Promise<ConfigurationItem> {
    if (!id) throw invalidRequest('対象の構成品を指定してください (itemId is required)');
    const item = await em
      .getRepository(ConfigurationItem)
      .findOne({ where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!item) throw notFound();
    return item;
  }

  private async connection(em: EntityManager, id: string | null | undefined): Promise<ConfigurationConnection> {
    const c = id ? await em.getRepository(ConfigurationConnection).findOneBy({ id }) : null;
    if (!c)
      throw new ConfigurationError(
        ConfigurationErrorCode.CONNECTION_NOT_FOUND,
        '接続が見つかりません (connection not found)',
      );
    return c;
  }

  /** Checks a proposed change against the register now; refuses with the code of the first problem. */
  async prepare(em: EntityManager, input: ChangeInput): Promise<Prepared> {
    const summary = blank(input.summary);
    const reason = blank(input.reason);
    if (!summary) throw invalidRequest('件名を入力してください (summary is required)');
    if (!reason) throw invalidRequest('理由を入力してください (reason is required)');
    const base = { kind: input.kind, summary, reason };
    switch (input.kind) {
      case ChangeKind.INSTALL: {
        if (!input.item) throw invalidRequest('導入する構成品の内容を入力してください (item is required)');
        if (input.itemId) throw invalidRequest('導入の申請では itemId は指定しません (INSTALL names no existing item)');
        const item = await this.writer.check(em, newLine(input.item), null);
        return { ...base, itemId: null, proposal: { item } };
      }
      case ChangeKind.CHANGE: {
        const item = await this.item(em, input.itemId);
        const patch = this.writer.diff(item, normalisePatch((input.item ?? {}) as Record<string, unknown>));
        if (!Object.keys(patch).length) throw invalidRequest('変更する項目がありません (nothing would change)');
        await this.writer.checkChange(em, item, patch);
        return { ...base, itemId: item.id, proposal: { patch } };
      }
      case ChangeKind.REMOVE: {
        const item = await this.item(em, input.itemId);
        const state = input.endState ?? ItemState.RETIRED;
        if (LIVE_STATES.includes(state) || item.state === state)
          throw invalidRequest(
            '撤去後の状態は 使用終了 か 廃棄 で、今と違う状態です (RETIRED or DISPOSED, not the current state)',
          );
        await this.writer.checkChange(em, item, { state });
        return { ...base, itemId: item.id, proposal: { state } };
      }
      case ChangeKind.CONNECT: {
        const item = await this.item(em, input.itemId);
        const c = input.connection;
        const otherSystem = blank(c?.otherSystem);
        if (!c || !otherSystem) throw invalidRequest('接続先のシステムを入力してください (otherSystem is required)');
        if (otherSystem.length > 100 || (c.purpose?.length ?? 0) > 200 || (c.protectiveMeasures?.length ?? 0) > 1000)
          throw invalidRequest('接続の内容が長すぎます (too long)');
        if (!LIVE_STATES.includes(item.state))
          throw invalidRequest('使用を終えた機器には接続できません (that equipment is retired)');
        const connection: ConnectionFields = {
          otherSystem,
          purpose: blank(c.purpose),
          protectiveMeasures: blank(c.protectiveMeasures),
          connectedOn: c.connectedOn ?? null,
        };
        return { ...base, itemId: item.id, proposal: { connection } };
      }
      case ChangeKind.DISCONNECT: {
        const c = await this.connection(em, input.connectionId);
        if (input.itemId && input.itemId !== c.itemId)
          throw invalidRequest('接続と構成品が一致しません (connection of another item)');
        if (c.disconnectedOn) throw invalidRequest('この接続は既に切断されています (already disconnected)');
        return { ...base, itemId: c.itemId, proposal: { connectionId: c.id, otherSystem: c.otherSystem } };
      }
    }
  }

  /**
   * Carries a proposal out inside the caller's transaction, writing the change record with `facts`.
   * Returns the item changed (a new one for INSTALL) and the changes for the audit entry.
   */
  async apply(
    em: EntityManager,
    p: Prepared,
    facts: Omit<RecordFacts, 'kind' | 'summary' | 'reason'>,
    today: string,
  ): Promise<Recorded & { itemId: string }> {
    const record: RecordFacts = { ...facts, kind: p.kind, summary: p.summary, reason: p.reason };
    const proposal = p.proposal as Record<string, unknown>;
    switch (p.kind) {
      case ChangeKind.INSTALL: {
        const { item, ...recorded } = await this.writer.install(em, proposal.item as ItemFields, record);
        return { itemId: item.id, ...recorded };
      }
      case ChangeKind.CHANGE: {
        const item = await this.item(em, p.itemId, true);
        const { changes, recordId } = await this.writer.change(em, item, proposal.patch as ItemPatch, record);
        return { itemId: item.id, changes, recordId };
      }
      case ChangeKind.REMOVE: {
        const item = await this.item(em, p.itemId, true);
        const patch: ItemPatch = { state: proposal.state as ItemState, inUseTo: item.inUseTo ?? today };
        if (item.inUseFrom && item.inUseFrom > today) patch.inUseTo = item.inUseFrom;
        const { changes, recordId } = await this.writer.change(em, item, patch, record);
        return { itemId: item.id, changes, recordId };
      }
      case ChangeKind.CONNECT: {
        const item = await this.item(em, p.itemId, true);
        const c = proposal.connection as ConnectionFields;
        const connectedOn = c.connectedOn ?? today;
        const { changes, recordId } = await this.writer.connect(em, item, { ...c, connectedOn }, record);
        return { itemId: item.id, changes, recordId };
      }
      case ChangeKind.DISCONNECT: {
        const c = await this.connection(em, proposal.connectionId as string);
        return { itemId: c.itemId, ...(await this.writer.disconnect(em, c, today, record)) };
      }
    }
  }
}
