import type { TokenScope } from './authority.js';
import type { Authority } from './authority.js';

/** Who is calling. */
export type Principal = AnonymousPrincipal | StaffPrincipal | TokenPrincipal | DevicePrincipal;

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

/** An API client with a personal access token: its owner's authority, narrowed to the token's scopes. */
export interface TokenPrincipal {
  kind: 'token';
  tokenId: string;
  staffId: string;
  expiresAt: Date;
  scopes: ReadonlySet<TokenScope>;
  authorities: ReadonlySet<Authority>;
}

/** A paired door tablet: reads who may enter its rooms and records entry/exit there, nothing else. */
export interface DevicePrincipal {
  kind: 'device';
  deviceId: string;
  roomIds: readonly string[];
}

export const ANONYMOUS: AnonymousPrincipal = { kind: 'anonymous' };
