// The audit trail's vocabulary, at the bottom of the layers: every module writes entries through the
// AuditTrail interface (implemented by modules/audit-trail) and names actors the same way.
import { registerEnumType } from 'type-graphql';
import type { EntityManager } from 'typeorm';
import type { SqlParam } from './sql-params.js';

export enum AuditOutcome {
  /** the change was made */
  OK = 'OK',
  /** refused: not allowed, locked, wrong password… nothing changed */
  REFUSED = 'REFUSED',
}
registerEnumType(AuditOutcome, { name: 'AuditOutcome', description: '監査記録の結果' });

export enum ActorType {
  STAFF = 'STAFF',
  TOKEN = 'TOKEN',
  DEVICE = 'DEVICE',
  ANONYMOUS = 'ANONYMOUS',
  SYSTEM = 'SYSTEM',
}
registerEnumType(ActorType, { name: 'ActorType', description: '操作の主体の種類' });

export interface Actor {
  type: ActorType;
  id: string | null;
}

export const SYSTEM_ACTOR: Actor = { type: ActorType.SYSTEM, id: null };
export const ANONYMOUS_ACTOR: Actor = { type: ActorType.ANONYMOUS, id: null };

export interface AuditRecord<A extends string = string> {
  actor: Actor;
  action: A;
  outcome: AuditOutcome;
  targetType?: string | null;
  targetId?: string | null;
  reason?: string | null;
  /** { field: [before, after] } — callers never pass secrets */
  changes?: Record<string, [unknown, unknown]> | null;
  requestId?: string | null;
  /** the client's own X-Request-Id, kept apart: the request id is always made by the server */
  clientRequestId?: string | null;
  clientAddress?: string | null;
  /** the request's tally: marked when an entry of the request is written (see RequestAudits) */
  tally?: RequestAudits | null;
}

/**
 * What the audit trail has written for one request, kept in memory with the request context: the
 * refused-mutation plugin asks it (never the database) whether a refusal was already audited.
 */
export interface RequestAudits {
  entries: number;
}

/** Facts about the request that every audited write carries. */
export interface RequestMeta {
  actor: Actor;
  requestId: string;
  clientRequestId?: string | null;
  clientAddress: string | null;
  userAgent?: string | null;
  tally?: RequestAudits;
}

/** A piece of another module's statement: a CTE for its WITH list, and the column that reads it back. */
export interface SqlPart {
  /** `name AS (…)`, for the statement's WITH list */
  cte: string;
  /** an expression for the statement's select list */
  column: string;
}

/** The chain head an entry will extend, as `headPart`'s column returned it (opaque to the writer). */
export type AuditHead = unknown;

/** Appends entries to the append-only, hash-chained trail (modules/audit-trail implements it). */
export interface AuditTrail {
  /** inside the caller's transaction: the entry exists exactly when the change does */
  record(em: EntityManager, rec: AuditRecord): Promise<unknown>;
  /**
   * Several entries inside the caller's transaction, chained in the given order, with one head
   * taken and one multi-row insert per few thousand entries (a transfer round's moves): the same
   * entries `record` would write one by one.
   */
  recordMany(em: EntityManager, recs: readonly AuditRecord[]): Promise<unknown>;
  /** for refusals: nothing else changes, so the entry gets a transaction of its own */
  recordAlone(rec: AuditRecord): Promise<unknown>;
  /**
   * An entry written inside statements the writer sends anyway, in place of `record`'s own two
   * (Hardening §7: the door tablet's one event per request). `headPart` goes into a statement of
   * the transaction: it takes the actor's chain head (locked until the transaction ends) and its
   * column returns it. `entryPart`, given that value, inserts the chained entry in a later statement
   * of the same transaction (null: the entry is not a row of its own, see `record`).
   */
  headPart(actor: Actor, p: SqlParam): SqlPart;
  entryPart(head: AuditHead, rec: AuditRecord, p: SqlParam): AuditEntryPart | null;
}

/** An entry's insert as a CTE of the caller's statement. */
export interface AuditEntryPart {
  /** `audit_entry_new AS (INSERT …)`, for the statement's WITH list */
  cte: string;
  /** to call once the statement ran: the request's tally counts the entry */
  written(): void;
}
