// The one policy table: every module's entries, folded. Deny by default: what no module names is refused.
import { mergePolicyTables, Policy, type TokenScopeTable } from '../shared/policy.js';
import { MODULES, type Modules } from './modules.js';

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** Every module's table, as one type: its keys are every action of the API. */
export type PolicyTables = UnionToIntersection<Modules[number]['policy']>;
export type Action = keyof PolicyTables & string;

export const POLICY = mergePolicyTables(MODULES.map((m) => m.policy)) as PolicyTables;
export const TOKEN_SCOPES: TokenScopeTable = mergePolicyTables(MODULES.map((m) => m.tokenScopes ?? {}));

/** The policy every request asks (the tables are held by reference). */
export const policy = new Policy(POLICY, TOKEN_SCOPES);
