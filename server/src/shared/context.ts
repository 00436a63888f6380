// What every resolver and plugin receives, less the module-specific parts: the composition root
// (server/src/composition/context.ts) adds the services and loaders of the module list.
import type { DataSource } from 'typeorm';
import type { Actor, AuditTrail, RequestMeta } from './audit.js';
import type { Policy } from './policy.js';
import type { Principal } from './principal.js';

export const SESSION_COOKIE = 'jukinet_session';

export interface BaseContext {
  requestId: string;
  /** today in Asia/Tokyo, 'YYYY-MM-DD' */
  today: string;
  principal: Principal;
  /** the principal as the audit trail names it */
  actor: Actor;
  clientAddress: string | null;
  /** request facts for services that audit */
  meta: RequestMeta;
  /** the one policy table, folded from the modules */
  policy: Policy;
  audit: AuditTrail;
  dataSource: DataSource;
  cookies: { setSession(token: string, expires: Date): void; clearSession(): void };
}
