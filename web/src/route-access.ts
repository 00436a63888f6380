// Who may open a page: the route names the API action the page is for (meta.action, e.g.
// 'Query.accessInside'), and its grantees come from the server's one policy table, generated into
// web/src/generated/policy.ts by `npm run codegen` — never a copied list. The server decides anyway.
import { POLICY, type Action } from './generated/policy.js';

/** A page's action, or several when the page serves each of them (any one lets the person in). */
export type RouteAction = Action | readonly Action[];

/** May someone with these authorities (undefined: not known, e.g. offline) call the action? */
export function mayCall(action: RouteAction | undefined, authorities: readonly string[] | undefined): boolean {
  if (!action) return true;
  const grantees = (typeof action === 'string' ? [action] : action).flatMap((a) => POLICY[a] as readonly string[]);
  if (grantees.includes('PUBLIC')) return true;
  return !!authorities && grantees.some((g) => authorities.includes(g));
}
