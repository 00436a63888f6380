// The request context: the shared part (shared/context.ts) plus the module list's services and
// loaders. Resolvers type their context with AppContext (a type-only import of the composition root).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '../config.js';
import { ActorType, ANONYMOUS_ACTOR, type Actor } from '../shared/audit.js';
import { SESSION_COOKIE, type BaseContext } from '../shared/context.js';
import { dateIn } from '../shared/dates.js';
import { ANONYMOUS, type Principal } from '../shared/principal.js';
import { policy } from './policy.js';
import type { Composition, Loaders, Services } from './services.js';

export { SESSION_COOKIE };

/** What every resolver receives. */
export interface AppContext extends BaseContext {
  services: Services;
  loaders: Loaders;
}

export async function createContext(
  composition: Composition,
  config: AppConfig,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<AppContext> {
  const { services } = composition;
  const today = dateIn(config.timeZone, services.now());
  const principal = await identify(services, request, today, config.sessionCookieName);
  const actor: Actor =
    principal.kind === 'staff'
      ? { type: ActorType.STAFF, id: principal.staffId }
      : principal.kind === 'token'
        ? { type: ActorType.TOKEN, id: principal.tokenId }
        : principal.kind === 'device'
          ? { type: ActorType.DEVICE, id: principal.deviceId }
          : ANONYMOUS_ACTOR;
  const clientAddress = request.ip ?? null;
  const requestId = String(request.id);
  const given = request.headers['x-request-id'];
  const clientRequestId = typeof given === 'string' && /^[\w.:-]{1,64}$/.test(given) ? given : null;
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'strict' as const, secure: config.cookieSecure };
  return {
    requestId,
    today,
    principal,
    actor,
    clientAddress,
    policy,
    audit: services.audit,
    dataSource: services.dataSource,
    services,
    loaders: composition.loaders(today),
    meta: {
      actor,
      requestId,
      clientRequestId,
      clientAddress,
      userAgent: request.headers['user-agent'] ?? null,
      tally: { entries: 0 },
    },
    cookies: {
      setSession: (token, expires) =>
        void reply.setCookie(config.sessionCookieName, token, { ...cookieOptions, expires }),
      clearSession: () => void reply.clearCookie(config.sessionCookieName, cookieOptions),
    },
  };
}

/** A credential in "Authorization: Bearer …" (a door device's, or an API token) wins over a session cookie. */
async function identify(
  services: Services,
  request: FastifyRequest,
  today: string,
  sessionCookie: string,
): Promise<Principal> {
  const auth = request.headers.authorization;
  if (auth) {
    const m = /^Bearer (\S+)$/.exec(auth);
    const device = m ? await services.doorDevices.resolve(m[1]) : null;
    if (device) return { kind: 'device', deviceId: device.id, roomIds: device.roomIds };
    const token = m ? await services.apiTokens.resolve(m[1], today) : null;
    if (!token) return ANONYMOUS;
    const { id: tokenId, staffId, expiresAt, authorities } = token;
    return { kind: 'token', tokenId, staffId, expiresAt, scopes: new Set(token.scopes), authorities };
  }
  const session = await services.sessions.resolve(request.cookies?.[sessionCookie], today);
  if (!session) return ANONYMOUS;
  return {
    kind: 'staff',
    staffId: session.staffId,
    sessionId: session.id,
    sessionExpiresAt: session.expiresAt,
    authorities: session.authorities,
  };
}
