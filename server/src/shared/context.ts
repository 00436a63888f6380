import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config.js';
import { ActorType, ANONYMOUS_ACTOR, type Actor, type RequestMeta } from './audit.js';
import { AuditTrailService } from '../modules/audit-trail/audit-trail.service.js';
import { ApiTokenService } from '../modules/identity/api-token.service.js';
import { PasskeyService } from '../modules/identity/passkey.service.js';
import { DoorDeviceService } from '../modules/identity/door-device.service.js';
import { AuthorityService } from '../modules/identity/authority.service.js';
import { IdentityService } from '../modules/identity/identity.service.js';
import { SessionService } from '../modules/identity/session.service.js';
import { createOrganisationLoaders } from '../modules/organisation/organisation.loaders.js';
import { OrganisationAdminService } from '../modules/organisation/organisation-admin.service.js';
import { OrganisationService } from '../modules/organisation/organisation.service.js';
import { StaffDirectoryService } from '../modules/organisation/staff-directory.service.js';
import { createIdentityLoaders } from '../modules/identity/staff-account.js';
import { createAccessLoaders } from '../modules/access/access.loaders.js';
import { RoomAuthorisationService } from '../modules/access/room-authorisation.service.js';
import { AccessEventService } from '../modules/access/access-event.service.js';
import { AccessRegisterService } from '../modules/access/access-register.service.js';
import { AccessReportService } from '../modules/access/access-report.service.js';
import { DoorPinService } from '../modules/access/door-pin.service.js';
import { RoomService } from '../modules/access/room.service.js';
import { accessCompliance } from '../modules/access/access.compliance.js';
import { accessTodos } from '../modules/access/access.todos.js';
import { identityTodos } from '../modules/identity/identity.todos.js';
import { ComplianceService, type ComplianceLog } from '../modules/compliance/compliance.service.js';
import { pino } from 'pino';
import { dateIn } from './dates.js';
import { AddressRateLimits } from './rate-limit.js';
import { ANONYMOUS, type Principal } from './principal.js';
import type { Secrets } from './secrets.js';

export const SESSION_COOKIE = 'jukinet_session';

/** Services live as long as the server; they hold no per-request state. */
export function createServices(
  ds: DataSource,
  config: AppConfig,
  secrets: Secrets,
  now: () => Date = () => new Date(),
  log: ComplianceLog = pino({ level: config.logLevel }),
) {
  const audit = new AuditTrailService(ds, secrets.auditChainKey);
  const limits = new AddressRateLimits(ds, config.rateLimits);
  const sessions = new SessionService(ds, { hours: config.sessionHours, idleMinutes: config.sessionIdleMinutes, now });
  const organisation = new OrganisationService(ds);
  const identity = new IdentityService(ds, audit, sessions, secrets.hmacKey, limits, now);
  const roomAuthorisations = new RoomAuthorisationService(ds, audit, now);
  const doorPins = new DoorPinService(ds, audit, identity, secrets.hmacKey, secrets.doorPinKey, now);
  // every module's compliance controls and to-do sources (moves to the module list with the manifests)
  const compliance = new ComplianceService(
    [...accessCompliance({ ds })],
    [...accessTodos({ ds }), ...identityTodos({ ds })],
    { now, timeZone: config.timeZone, log },
  );
  return {
    organisation,
    staffDirectory: new StaffDirectoryService(ds),
    organisationAdmin: new OrganisationAdminService(ds, organisation, audit, sessions, roomAuthorisations),
    roomAuthorisations,
    doorPins,
    rooms: new RoomService(ds, audit),
    accessEvents: new AccessEventService(ds, audit, doorPins, now),
    accessRegister: new AccessRegisterService(ds, audit, now),
    accessReport: new AccessReportService(ds, audit, now),
    audit,
    sessions,
    authority: new AuthorityService(ds),
    apiTokens: new ApiTokenService(ds, audit, now),
    doorDevices: new DoorDeviceService(ds, audit, secrets.hmacKey, limits, now),
    identity,
    compliance,
    passkeys: new PasskeyService(ds, audit, sessions, identity, limits, config.webauthn, now),
    secrets,
    dataSource: ds,
    /** the clock (tests move it) */
    now,
  };
}
export type Services = ReturnType<typeof createServices>;

/** What every resolver receives. */
export interface AppContext {
  requestId: string;
  /** today in Asia/Tokyo, 'YYYY-MM-DD' */
  today: string;
  principal: Principal;
  /** the principal as the audit trail names it */
  actor: Actor;
  clientAddress: string | null;
  services: Services;
  loaders: {
    organisation: ReturnType<typeof createOrganisationLoaders>;
    identity: ReturnType<typeof createIdentityLoaders>;
    access: ReturnType<typeof createAccessLoaders>;
  };
  /** request facts for services that audit */
  meta: RequestMeta;
  cookies: { setSession(token: string, expires: Date): void; clearSession(): void };
}

export async function createContext(
  services: Services,
  config: AppConfig,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<AppContext> {
  const today = dateIn(config.timeZone, services.now());
  const principal = await identify(services, request, today);
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
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'strict' as const, secure: config.cookieSecure };
  return {
    requestId,
    today,
    principal,
    actor,
    clientAddress,
    services,
    loaders: {
      organisation: createOrganisationLoaders(services.organisation, today),
      identity: createIdentityLoaders(services.dataSource),
      access: createAccessLoaders(services.dataSource),
    },
    meta: { actor, requestId, clientAddress, userAgent: request.headers['user-agent'] ?? null },
    cookies: {
      setSession: (token, expires) => void reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions, expires }),
      clearSession: () => void reply.clearCookie(SESSION_COOKIE, cookieOptions),
    },
  };
}

/** A credential in "Authorization: Bearer …" (a door device's, or an API token) wins over a session cookie. */
async function identify(services: Services, request: FastifyRequest, today: string): Promise<Principal> {
  const auth = request.headers.authorization;
  if (auth) {
    const m = /^Bearer (\S+)$/.exec(auth);
    const device = m ? await services.doorDevices.resolve(m[1]) : null;
    if (device) return { kind: 'device', deviceId: device.id, roomIds: device.roomIds };
    const token = m ? await services.apiTokens.resolve(m[1]) : null;
    if (!token) return ANONYMOUS;
    return {
      kind: 'token',
      tokenId: token.id,
      staffId: token.staffId,
      expiresAt: token.expiresAt,
      scopes: new Set(token.scopes),
      authorities: await services.authority.authoritiesOf(token.staffId, today),
    };
  }
  const session = await services.sessions.resolve(request.cookies?.[SESSION_COOKIE]);
  if (!session) return ANONYMOUS;
  return {
    kind: 'staff',
    staffId: session.staffId,
    sessionId: session.id,
    sessionExpiresAt: session.expiresAt,
    authorities: await services.authority.authoritiesOf(session.staffId, today),
  };
}
