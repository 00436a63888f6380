// One way to write an audited change: the change and its OK entry commit together, a refusal is
// audited alone. Each module makes one, typed by its own action union, so an entry can only name an
// action its policy table declares (or a System.* action of its own):
//   const audited = new AuditedWrites<AccessAction>(ds, audit);
import type { DataSource, EntityManager } from 'typeorm';
import {
  AuditOutcome,
  SYSTEM_ACTOR,
  type Actor,
  type AuditEntryPart,
  type AuditHead,
  type AuditRecord,
  type AuditTrail,
  type RequestAudits,
  type SqlPart,
} from './audit.js';
import type { SqlParam } from './sql-params.js';
import { AppError } from './errors.js';

/** { field: [before, after] } — never secrets */
export type Changes = Record<string, [unknown, unknown]>;

/** What an entry is about. */
export interface AuditTarget {
  type: string;
  id?: string | null;
}

/** The request facts an entry carries (RequestMeta fits; a timer job has no request). */
export interface AuditMeta {
  actor: Actor;
  requestId: string | null;
  clientAddress: string | null;
  clientRequestId?: string | null;
  /** the request's in-memory tally of entries written (RequestMeta has one) */
  tally?: RequestAudits;
}

/** For work done on a timer: the system acts, outside any request. */
export const SYSTEM_META: AuditMeta = { actor: SYSTEM_ACTOR, requestId: null, clientAddress: null };

/** What a change hands back to `write`: its result, the id it touched and what changed. */
export interface Written<T> {
  result: T;
  targetId: string | null;
  changes?: Changes | null;
}

/** The fields of something new as changes from nothing: { name: 'x' } → { name: [null, 'x'] }. */
export function created(fields: Record<string, unknown>): Changes {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, [null, v]]));
}

/** audit_entry.targetId's length: a longer id (a client's oversize input, a composite key) is cut, never refused */
const TARGET_ID_MAX = 64;
const targetOf = (t: string | AuditTarget | undefined): AuditTarget | undefined =>
  typeof t === 'string'
    ? { type: t }
    : t && typeof t.id === 'string' && t.id.length > TARGET_ID_MAX
      ? { ...t, id: t.id.slice(0, TARGET_ID_MAX) }
      : t;

export class AuditedWrites<A extends string> {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditTrail,
  ) {}

  /**
   * Runs the change in a transaction and writes its OK entry in the same one. An AppError thrown by
   * the change (the rules refusing it) rolls it back and is audited alone as REFUSED with its code,
   * against `target` (its id when known beforehand), then rethrown. Anything else is rethrown as is.
   */
  async write<T>(
    meta: AuditMeta,
    action: A,
    target: string | AuditTarget,
    change: (em: EntityManager) => Promise<Written<T>>,
  ): Promise<T> {
    const t = targetOf(target)!;
    try {
      return await this.ds.transaction(async (em) => {
        const { result, targetId, changes } = await change(em);
        await this.record(em, meta, action, { type: t.type, id: targetId }, changes);
        return result;
      });
    } catch (e) {
      if (e instanceof AppError) await this.refuse(meta, action, e.code, t);
      throw e;
    }
  }

  /** A refusal alone (nothing else changed): reason is the error code, `CODE:detail` at most. */
  async refuse(meta: AuditMeta, action: A, reason: string, target?: string | AuditTarget): Promise<void> {
    await this.audit.recordAlone(this.entry(meta, action, AuditOutcome.REFUSED, targetOf(target), null, reason));
  }

  /** An OK entry inside a transaction the caller already holds (batch writes, several steps). */
  async record(
    em: EntityManager,
    meta: AuditMeta,
    action: A,
    target: string | AuditTarget,
    changes?: Changes | null,
  ): Promise<void> {
    await this.audit.record(em, this.entry(meta, action, AuditOutcome.OK, targetOf(target), changes));
  }

  /**
   * Several OK entries inside the caller's transaction, in order, written together (a batch of
   * moves): the same entries as calling `record` for each.
   */
  async recordMany(
    em: EntityManager,
    meta: AuditMeta,
    entries: readonly { action: A; target: string | AuditTarget; changes?: Changes | null }[],
  ): Promise<void> {
    if (!entries.length) return;
    await this.audit.recordMany(
      em,
      entries.map((e) => this.entry(meta, e.action, AuditOutcome.OK, targetOf(e.target), e.changes)),
    );
  }

  /**
   * A REFUSED entry inside the caller's transaction, for a refusal that itself changes something
   * (a wrong password counts a failure, and may lock the account).
   */
  async refuseWithin(
    em: EntityManager,
    meta: AuditMeta,
    action: A,
    reason: string,
    target: string | AuditTarget,
    changes?: Changes | null,
  ): Promise<void> {
    await this.audit.record(em, this.entry(meta, action, AuditOutcome.REFUSED, targetOf(target), changes, reason));
  }

  /** An OK entry alone, for something that changes nothing but must be on record (an export, a check). */
  async recordAlone(meta: AuditMeta, action: A, target: string | AuditTarget, changes?: Changes | null) {
    await this.audit.recordAlone(this.entry(meta, action, AuditOutcome.OK, targetOf(target), changes));
  }

  /**
   * `record` without round trips of its own (Hardening §7): `headPart` goes into a statement of the
   * caller's transaction; `entryPart`, given what its column returned, into a later one of the same
   * transaction (then call `written()`). See AuditTrail.headPart.
   */
  headPart(meta: AuditMeta, p: SqlParam): SqlPart {
    return this.audit.headPart(meta.actor, p);
  }

  entryPart(
    head: AuditHead,
    meta: AuditMeta,
    action: A,
    target: string | AuditTarget,
    changes: Changes | null,
    p: SqlParam,
  ): AuditEntryPart | null {
    return this.audit.entryPart(head, this.entry(meta, action, AuditOutcome.OK, targetOf(target), changes), p);
  }

  /** The same writer for actions of the caller's choosing (a service auditing on behalf of another module's action). */
  for<B extends string>(): AuditedWrites<B> {
    return new AuditedWrites<B>(this.ds, this.audit);
  }

  private entry(
    meta: AuditMeta,
    action: A,
    outcome: AuditOutcome,
    target: AuditTarget | undefined,
    changes?: Changes | null,
    reason?: string,
  ): AuditRecord<A> {
    return {
      actor: meta.actor,
      action,
      outcome,
      targetType: target?.type ?? null,
      targetId: target?.id ?? null,
      reason: reason ?? null,
      changes: changes ?? null,
      requestId: meta.requestId,
      clientRequestId: meta.clientRequestId ?? null,
      clientAddress: meta.clientAddress,
      tally: meta.tally ?? null,
    };
  }
}
