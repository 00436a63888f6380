import type { Authority } from '../modules/identity/app-role.js';

/** Who is calling. Tokens and door devices join this union in later slices. */
export type Principal = AnonymousPrincipal | StaffPrincipal;

export interface AnonymousPrincipal {
  kind: 'anonymous';
}

export interface StaffPrincipal {
  kind: 'staff';
  staffId: string;
  sessionId: string;
  sessionExpiresAt: Date;
  authorities: ReadonlySet<Authority>;
}

export const ANONYMOUS: AnonymousPrincipal = { kind: 'anonymous' };
