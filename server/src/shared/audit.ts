// The audit trail's vocabulary, at the bottom of the layers: every module writes entries through the
// AuditTrail interface (implemented by modules/audit-trail) and names actors the same way.
import { registerEnumType } from 'type-graphql';
import type { EntityManager } from 'typeorm';

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
  clientAddress?: string | null;
}

/** Facts about the request that every audited write carries. */
export interface RequestMeta {
  actor: Actor;
  requestId: string;
  clientAddress: string | null;
  userAgent?: string | null;
}

/** Appends entries to the append-only, hash-chained trail (modules/audit-trail implements it). */
export interface AuditTrail {
  /** inside the caller's transaction: the entry exists exactly when the change does */
  record(em: EntityManager, rec: AuditRecord): Promise<unknown>;
  /** for refusals: nothing else changes, so the entry gets a transaction of its own */
  recordAlone(rec: AuditRecord): Promise<unknown>;
}
