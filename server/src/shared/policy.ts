// The one decision of who may call what (REQUIREMENTS §8). Each module declares its table
// (`modules/<domain>/<domain>.policy.ts`); the composition root folds them into one Policy.
// Resolvers name their action with @Authorized('<Type>.<field>'); the auth checker asks the policy;
// a root field no table names is refused (deny by default). The authorization tests are generated from it.
import { Authority, type TokenScope } from './authority.js';
import type { Principal } from './principal.js';

/** Callers who are not signed in. */
export const PUBLIC = 'PUBLIC';
/** A paired door tablet (only what names it explicitly). */
export const DEVICE = 'DEVICE';
export type Grantee = Authority | typeof PUBLIC | typeof DEVICE;

/** '<Type>.<field>' → who may call it. */
export type PolicyTable = Readonly<Record<string, readonly Grantee[]>>;
/** '<Type>.<field>' → the scope an API token needs on top of its owner being allowed it. */
export type TokenScopeTable = Readonly<Partial<Record<string, TokenScope>>>;

export type Decision = 'ALLOW' | 'UNAUTHENTICATED' | 'FORBIDDEN';

export class Policy {
  /** The tables are kept by reference (a test removes an entry to see the refusal). */
  constructor(
    readonly table: PolicyTable,
    readonly tokenScopes: TokenScopeTable,
  ) {}

  grantees(action: string): readonly Grantee[] | undefined {
    return Object.prototype.hasOwnProperty.call(this.table, action) ? this.table[action] : undefined;
  }

  /** May this caller do this action? (GraphQL's auth checker and HTTP exports ask the same.) */
  decide(p: Principal, action: string): Decision {
    const allowed = this.grantees(action) ?? [];
    const ownerAllowed =
      (p.kind === 'staff' || p.kind === 'token') &&
      allowed.some((g) => g !== PUBLIC && g !== DEVICE && p.authorities.has(g));
    if (p.kind === 'device') {
      if (allowed.includes(DEVICE)) return 'ALLOW';
    } else if (p.kind === 'token') {
      const scope = this.tokenScopes[action];
      if (scope && p.scopes.has(scope) && (ownerAllowed || allowed.includes(PUBLIC))) return 'ALLOW';
    } else if (allowed.includes(PUBLIC) || ownerAllowed) {
      return 'ALLOW';
    }
    return p.kind === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN';
  }
}

/** Folds the modules' tables into one; an action declared twice is a programming error. */
export function mergePolicyTables<T extends Readonly<Record<string, unknown>>>(tables: readonly T[]): T {
  const merged: Record<string, unknown> = {};
  for (const t of tables) {
    for (const [action, value] of Object.entries(t)) {
      if (action in merged) throw new Error(`policy: ${action} is declared by two modules`);
      merged[action] = value;
    }
  }
  return merged as T;
}
