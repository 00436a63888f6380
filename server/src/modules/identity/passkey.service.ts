import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { webauthn } from './webauthn.js';
import type { DataSource } from 'typeorm';
import { ActorType, type RequestMeta } from '../../shared/audit.js';
import { created, type AuditedWrites } from '../../shared/audited.js';
import type { IdentityAction } from './identity.policy.js';
import { Staff } from '../organisation/index.js';
import { AppError } from '../../shared/errors.js';
import type { AddressRateLimits } from '../../shared/rate-limit.js';
import { IdentityError, IdentityErrorCode } from './identity.errors.js';
import type { Reauthenticate, ReauthenticationProof } from './reauthentication.service.js';
import { ChallengePurpose, Passkey } from './passkey.entity.js';
import { parseAuthenticationResponse, parseRegistrationResponse } from './passkey-response.js';
import {
  advanceCounter,
  CHALLENGE_MINUTES,
  originsFor,
  REJECTED,
  userHandleOf,
  verifyAssertion,
  WebauthnChallenges,
  type WebAuthnSettings,
} from './passkey-assertion.js';
import type { SessionService } from './session.service.js';
import type { StaffSession } from './session.entity.js';
import { mayAct } from '../../shared/access-scope.js';
import { DEMO_LOCAL_ONLY, type DemoAccounts } from './demo-accounts.js';

const MAX_PASSKEYS_PER_STAFF = 10;
/** ES256, EdDSA, RS256: what phones, Windows Hello and security keys use. */
const ALGORITHMS = [-7, -8, -257];

/**
 * Passkeys (WebAuthn) so managers sign in on phones without a password. Registration needs the
 * current password, or a fresh assertion of a passkey the person already has (a stolen session
 * cannot plant its own passkey; one who has only passkeys can still add one). Sign-in is usernameless: the
 * passkey names its owner. Challenges are single use and expire; every attempt is audited.
 */
export class PasskeyService {
  private readonly challenges: WebauthnChallenges;

  constructor(
    private readonly ds: DataSource,
    private readonly audited: AuditedWrites<IdentityAction>,
    private readonly sessions: SessionService,
    /** the current password or a passkey of one's own, before a new passkey (ReauthenticationService) */
    private readonly reauthenticate: Reauthenticate,
    private readonly limits: AddressRateLimits,
    private readonly settings: WebAuthnSettings,
    private readonly now: () => Date,
    private readonly demo: DemoAccounts | null = null,
  ) {
    this.challenges = new WebauthnChallenges(ds, now);
  }

  async beginRegistration(
    staffId: string,
    proof: ReauthenticationProof,
    meta: RequestMeta,
  ): Promise<PublicKeyCredentialCreationOptionsJSON> {
    const action: IdentityAction = 'Mutation.beginPasskeyRegistration';
    await this.reauthenticate(staffId, proof, meta);
    const staff = await this.ds.getRepository(Staff).findOneByOrFail({ id: staffId });
    const existing = await this.listOf(staffId);
    if (existing.length >= MAX_PASSKEYS_PER_STAFF) {
      throw await this.refuse(
        meta,
        action,
        staffId,
        IdentityErrorCode.INVALID_PASSKEY_REQUEST,
        `パスキーは${MAX_PASSKEYS_PER_STAFF}個までです。不要なものを削除してください (at most ${MAX_PASSKEYS_PER_STAFF} passkeys)`,
      );
    }
    const { generateRegistrationOptions } = await webauthn();
    const options = await generateRegistrationOptions({
      rpName: this.settings.rpName,
      rpID: this.settings.rpId,
      userName: staff.staffNumber,
      userID: userHandleOf(staff.id),
      userDisplayName: `${staff.familyName} ${staff.givenName}`,
      attestationType: 'none',
      excludeCredentials: existing.map((p) => ({ id: p.credentialId, transports: p.transports })),
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
      supportedAlgorithmIDs: ALGORITHMS,
      timeout: CHALLENGE_MINUTES * 60_000,
    });
    await this.challenges.store(options.challenge, ChallengePurpose.REGISTER, staffId);
    return options;
  }

  async finishRegistration(staffId: string, input: unknown, name: string, meta: RequestMeta): Promise<Passkey> {
    const action: IdentityAction = 'Mutation.finishPasskeyRegistration';
    const response = parseRegistrationResponse(input);
    if (!response || !name.trim()) {
      throw await this.refuse(
        meta,
        action,
        staffId,
        IdentityErrorCode.INVALID_PASSKEY_REQUEST,
        'パスキーの登録データまたは名前が正しくありません (malformed registration or missing name)',
      );
    }
    const { challenge, origin } = response.clientData;
    if (!(await this.challenges.consume(challenge, ChallengePurpose.REGISTER, staffId))) {
      throw await this.refuse(meta, action, staffId, IdentityErrorCode.PASSKEY_REJECTED, REJECTED, 'CHALLENGE');
    }
    const { verifyRegistrationResponse } = await webauthn();
    const info = await verifyRegistrationResponse({
      response: response.json as RegistrationResponseJSON,
      expectedChallenge: challenge,
      expectedOrigin: originsFor(this.settings, origin),
      expectedRPID: this.settings.rpId,
      requireUserVerification: true,
      supportedAlgorithmIDs: ALGORITHMS,
    }).catch(() => null);
    if (!info?.verified) {
      throw await this.refuse(meta, action, staffId, IdentityErrorCode.PASSKEY_REJECTED, REJECTED, 'VERIFICATION');
    }
    const { credential, credentialBackedUp } = info.registrationInfo;
    try {
      return await this.ds.transaction(async (em) => {
        const saved = await em.getRepository(Passkey).save({
          staffId,
          credentialId: credential.id,
          publicKey: Buffer.from(credential.publicKey),
          counter: credential.counter,
          transports: credential.transports ?? [],
          name: name.trim(),
          backedUp: credentialBackedUp,
        });
        await this.audited.record(
          em,
          meta,
          action,
          { type: 'Passkey', id: saved.id },
          created({ name: saved.name, staffId }),
        );
        return saved;
      });
    } catch (e) {
      if ((e as { code?: string }).code === '23505') {
        throw await this.refuse(
          meta,
          action,
          staffId,
          IdentityErrorCode.PASSKEY_REJECTED,
          'このパスキーは登録済みです (this passkey is already registered)',
          'DUPLICATE',
        );
      }
      throw e;
    }
  }

  /**
   * Options for a usernameless sign-in. Counts against the passkey rate limit of the address (its
   * own bucket: password failures from the address do not block passkeys); a success gives it back.
   */
  async beginSignIn(meta: RequestMeta): Promise<PublicKeyCredentialRequestOptionsJSON> {
    try {
      await this.limits.consumePasskey(meta.clientAddress);
    } catch (e) {
      if (e instanceof AppError)
        await this.audited.refuse(meta, 'Mutation.beginPasskeySignIn', e.code, { type: 'Staff' });
      throw e;
    }
    const { generateAuthenticationOptions } = await webauthn();
    const options = await generateAuthenticationOptions({
      rpID: this.settings.rpId,
      userVerification: 'required',
      timeout: CHALLENGE_MINUTES * 60_000,
    });
    await this.challenges.store(options.challenge, ChallengePurpose.SIGN_IN, null);
    return options;
  }

  async signIn(input: unknown, meta: RequestMeta): Promise<{ token: string; session: StaffSession }> {
    const action: IdentityAction = 'Mutation.signInWithPasskey';
    const response = parseAuthenticationResponse(input);
    if (!response) {
      throw await this.refuse(
        meta,
        action,
        null,
        IdentityErrorCode.INVALID_PASSKEY_REQUEST,
        'パスキーの応答が正しくありません (malformed passkey response)',
      );
    }
    if (!(await this.challenges.consume(response.clientData.challenge, ChallengePurpose.SIGN_IN, null))) {
      throw await this.refuse(meta, action, null, IdentityErrorCode.PASSKEY_REJECTED, REJECTED, 'CHALLENGE');
    }
    const passkey = await this.ds.getRepository(Passkey).findOneBy({ credentialId: response.json.id });
    const staff = passkey ? await this.ds.getRepository(Staff).findOneBy({ id: passkey.staffId, active: true }) : null;
    if (!passkey || !staff) {
      throw await this.refuse(meta, action, null, IdentityErrorCode.PASSKEY_REJECTED, REJECTED, 'UNKNOWN_PASSKEY');
    }
    const info = await verifyAssertion(this.settings, response, passkey);
    if (!info.verified) {
      throw await this.refuse(meta, action, staff.id, IdentityErrorCode.PASSKEY_REJECTED, REJECTED, info.reason);
    }
    if (await this.demo?.refuses(staff.id, meta)) {
      const code = IdentityErrorCode.DEMO_ACCOUNT_LOCAL_ONLY;
      throw await this.refuse(meta, action, staff.id, code, DEMO_LOCAL_ONLY);
    }
    // A password lock does not apply: it is what guessing strangers cause, and a passkey is the
    // way in that their guesses cannot take from the person (Hardening §4).
    const session = await this.ds.transaction(async (em) => {
      // Conditional on the counter we checked: a clone racing the same passkey loses here.
      if (!(await advanceCounter(em, passkey.id, info.newCounter, this.now()))) return null;
      const opened = await this.sessions.create(em, staff.id, meta.clientAddress, meta.userAgent ?? null);
      const asStaff = { ...meta, actor: { type: ActorType.STAFF, id: staff.id } };
      await this.audited.record(
        em,
        asStaff,
        action,
        { type: 'Staff', id: staff.id },
        created({ passkeyId: passkey.id }),
      );
      return opened;
    });
    if (!session) {
      throw await this.refuse(
        meta,
        action,
        staff.id,
        IdentityErrorCode.PASSKEY_REJECTED,
        REJECTED,
        'COUNTER_REGRESSED',
      );
    }
    await this.limits.forgivePasskey(meta.clientAddress);
    return session;
  }

  listOf(staffId: string): Promise<Passkey[]> {
    return this.ds.getRepository(Passkey).find({ where: { staffId }, order: { createdAt: 'ASC' }, take: 100 });
  }

  /** The owner, or a system administrator, removes a passkey. */
  async remove(passkeyId: string, by: { staffId: string; isAdmin: boolean }, meta: RequestMeta): Promise<Passkey> {
    const action: IdentityAction = 'Mutation.deletePasskey';
    return this.ds.transaction(async (em) => {
      const passkey = await em.getRepository(Passkey).findOneBy({ id: passkeyId });
      if (!passkey || !mayAct({ staffId: by.staffId, all: by.isAdmin }, { ownerId: passkey.staffId })) {
        throw new IdentityError(IdentityErrorCode.PASSKEY_NOT_FOUND, 'パスキーが見つかりません (passkey not found)');
      }
      await em.getRepository(Passkey).delete({ id: passkeyId });
      await this.audited.record(
        em,
        meta,
        action,
        { type: 'Passkey', id: passkeyId },
        { name: [passkey.name, null], staffId: [passkey.staffId, null] },
      );
      return passkey;
    });
  }

  /** Audits a refusal alone (the code, `CODE:detail` when told why) and gives the error to throw. */
  private async refuse(
    meta: RequestMeta,
    action: IdentityAction,
    staffId: string | null,
    code: IdentityErrorCode,
    message: string,
    detail?: string,
  ): Promise<IdentityError> {
    await this.audited.refuse(meta, action, detail ? `${code}:${detail}` : code, { type: 'Staff', id: staffId });
    return new IdentityError(code, message);
  }
}
