// Identity: sign-in (password, passkeys), sessions, authority from role holdings, API tokens, door devices.
import { defineModule } from '../../shared/module.js';
import { AddressRateLimits } from '../../shared/rate-limit.js';
import { ApiTokenResolver } from './api-token.resolver.js';
import { ApiToken } from './api-token.entity.js';
import { ApiTokenService, revokeTokensOf } from './api-token.service.js';
import { AppRoleGrant } from './app-role-grant.entity.js';
import { AuthorityService } from './authority.service.js';
import { DevicePairing } from './device-pairing.entity.js';
import { DemoAccounts } from './demo-accounts.js';
import { DoorDevice } from './door-device.entity.js';
import { DoorDeviceResolver } from './door-device.resolver.js';
import { DoorDeviceService } from './door-device.service.js';
import { identityPolicy, identityTokenScopes, type IdentityAction } from './identity.policy.js';
import { AuditedWrites } from '../../shared/audited.js';
import { IdentityErrorCode } from './identity.errors.js';
import { identityTodos } from './identity.todos.js';
import { IdentityResolver } from './identity.resolver.js';
import { IdentityService } from './identity.service.js';
import { Passkey, WebauthnChallenge } from './passkey.entity.js';
import { PasskeyResolver } from './passkey.resolver.js';
import { PasskeyService } from './passkey.service.js';
import { StaffSession } from './session.entity.js';
import { SessionService } from './session.service.js';
import { createIdentityLoaders, StaffAccountResolver } from './staff-account.js';
import { StaffCredential } from './staff-credential.entity.js';
import { SignInUnknownAccount } from './sign-in-unknown-account.entity.js';
import { PasswordLockout } from './lockout.js';
import { PrincipalCache } from './principal-cache.js';
import { ReauthenticationService } from './reauthentication.service.js';

export const identityModule = defineModule()({
  name: 'identity',
  entities: [
    StaffCredential,
    SignInUnknownAccount,
    StaffSession,
    AppRoleGrant,
    ApiToken,
    Passkey,
    WebauthnChallenge,
    DoorDevice,
    DevicePairing,
  ],
  resolvers: [IdentityResolver, PasskeyResolver, StaffAccountResolver, ApiTokenResolver, DoorDeviceResolver],
  policy: identityPolicy,
  tokenScopes: identityTokenScopes,
  errorCodes: IdentityErrorCode,
  services: ({ ds, config, secrets, audit, now, log }) => {
    const limits = new AddressRateLimits(ds, config.rateLimits);
    // who a session or token belongs to, kept while nothing that decides it changes (§7)
    const principals = new PrincipalCache(ds, {
      maxAgeMs: config.identityCacheSeconds * 1000,
      maxEntries: 10_000,
      log,
    });
    const sessions = new SessionService(
      ds,
      { hours: config.sessionHours, idleMinutes: config.sessionIdleMinutes, now },
      principals,
    );
    // every entry identity writes names an action of its own policy
    const audited = new AuditedWrites<IdentityAction>(ds, audit);
    // demo accounts (published password) sign in only from loopback unless DEMO_SIGN_IN_FROM allows more
    const demo = new DemoAccounts(ds, config.demoSignInFrom);
    const identity = new IdentityService(ds, audited, sessions, secrets.hmacKey, limits, now, demo);
    const reauthentication = new ReauthenticationService(ds, audited, identity, config.webauthn, now);
    return {
      principals,
      sessions,
      identity,
      reauthentication,
      authority: new AuthorityService(ds),
      apiTokens: new ApiTokenService(ds, audited, now, reauthentication.for('Mutation.createApiToken'), principals),
      doorDevices: new DoorDeviceService(ds, audited, secrets.hmacKey, limits, now, principals),
      passkeys: new PasskeyService(
        ds,
        audited,
        sessions,
        reauthentication.for('Mutation.beginPasskeyRegistration'),
        limits,
        config.webauthn,
        now,
        demo,
      ),
    };
  },
  loaders: (s) => createIdentityLoaders(s.ds, s.now),
  // 対応が必要: locked accounts to unlock, and recent locks for the system administrator to look into
  todos: (s) => identityTodos(s),
  jobs: (s) => [
    {
      // failures of staff numbers that name nobody are kept only while they can still escalate a lock
      name: 'identity.pruneUnknownSignIns',
      cron: '17 * * * *',
      async run(_payload, ctx) {
        const removed = await new PasswordLockout(s.ds).pruneUnknown(ctx.now);
        if (removed) ctx.log.debug({ removed }, 'failed sign-ins of unknown staff numbers forgotten');
      },
    },
  ],
  hooks: (s) => ({
    // the end of employment ends every sign-in and API token at once
    'staff.left': async (em, { staffId }) => {
      await s.sessions.revokeAll(em, staffId);
      await revokeTokensOf(em, staffId, s.now());
    },
  }),
});
