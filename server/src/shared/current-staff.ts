// The signed-in person as a resolver parameter, instead of `if (p.kind !== 'staff') throw …` in
// each resolver. The policy table already refuses whoever the action is not granted to; these
// decorators narrow the principal's type and refuse, with the auth checker's FORBIDDEN, a caller
// the resolver cannot serve (a door tablet, an API token where a session is required, anonymous).
import { createParameterDecorator } from 'type-graphql';
import type { BaseContext } from './context.js';
import { AppError, CommonErrorCode } from './errors.js';
import type { Principal, StaffPrincipal, TokenPrincipal } from './principal.js';

const forbidden = () => new AppError(CommonErrorCode.FORBIDDEN, 'この操作を行う権限がありません (not allowed)');

/** A staff member signed in with a session (not a token, a tablet or nobody). */
export function staffOf(p: Principal): StaffPrincipal {
  if (p.kind !== 'staff') throw forbidden();
  return p;
}

/** A staff member, in a session or through an API token acting for them (not a tablet or nobody). */
export function personOf(p: Principal): StaffPrincipal | TokenPrincipal {
  if (p.kind !== 'staff' && p.kind !== 'token') throw forbidden();
  return p;
}

/** `@CurrentStaff() staff: StaffPrincipal`: the signed-in staff member; FORBIDDEN for anyone else. */
export function CurrentStaff() {
  return createParameterDecorator<BaseContext>(({ context }) => staffOf(context.principal));
}

/** `@CurrentPerson() by: StaffPrincipal | TokenPrincipal`: staff in a session or through a token. */
export function CurrentPerson() {
  return createParameterDecorator<BaseContext>(({ context }) => personOf(context.principal));
}
