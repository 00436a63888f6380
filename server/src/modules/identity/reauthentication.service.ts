import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { webauthn } from './webauthn.js';
import type { DataSource } from 'typeorm';
import type { RequestMeta } from '../../shared/audit.js';
import type { AuditedWrites } from '../../shared/audited.js';
import { IdentityError, IdentityErrorCode } from './identity.errors.js';
import type { IdentityAction } from './identity.policy.js';
import type { IdentityService } from './identity.service.js';
import {
  advanceCounter,
  CHALLENGE_MINUTES,
  REJECTED,
  verifyAssertion,
  WebauthnChallenges,
  type WebAuthnSettings,
} from './passkey-assertion.js';
import { ChallengePurpose, Passkey } from './passkey.entity.js';
import { parseAuthenticationResponse } from './passkey-response.js';

/** What a person gives to confirm, again, that it is them: exactly one of the two. */
export interface ReauthenticationProof {
  currentPassword?: string | null;
  /** navigator.credentials.get() for a challenge from beginPasskeyReauthentication */
  passkey?: Record<string, unknown> | null;
}

export enum ReauthenticationMethod {
  PASSWORD = 'PASSWORD',
  PASSKEY = 'PASSKEY',
}

/**
 * Re-authentication before one sensitive change, its action fixed by whoever hands it out
 * (ReauthenticationService.for): how the person confirmed, for the change's audit entry.
 */
export type Reauthenticate = (
  staffId: string,
  proof: ReauthenticationProof,
  meta: RequestMeta,
) => Promise<ReauthenticationMethod>;

/** live re-authentication challenges one person may hold (the oldest go): a bound on what a session can store */
const LIVE_CHALLENGES_PER_STAFF = 5;
const staffTarget = (staffId: string) => ({ type: 'Staff', id: staffId });

/**
 * Re-authentication before a sensitive change of one's own account (an API token, a new passkey,
 * the door PIN; Hardening §4): the current password, or a fresh assertion of one of the person's
 * own passkeys, so staff who sign in with a passkey only are not shut out. A wrong password counts as a failed sign-in (lockout.ts); a
 * rejected passkey does not (password guesses cannot take the passkey from the person, and a bad
 * assertion guesses nothing). The passkey's challenge is single use and bound to the person and to
 * this purpose: a sign-in challenge, or another person's, does not do.
 */
export class ReauthenticationService {
  private readonly challenges: WebauthnChallenges;

  constructor(
    private readonly ds: DataSource,
    private readonly audited: AuditedWrites<IdentityAction>,
    private readonly identity: IdentityService,
    private readonly settings: WebAuthnSettings,
    private readonly now: () => Date,
  ) {
    this.challenges = new WebauthnChallenges(ds, now);
  }

  /** Options for navigator.credentials.get(), limited to the person's own passkeys. */
  async beginPasskey(staffId: string, meta: RequestMeta): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const passkeys = await this.ds.getRepository(Passkey).find({ where: { staffId }, take: 100 });
    if (!passkeys.length) {
      const code = IdentityErrorCode.INVALID_PASSKEY_REQUEST;
      await this.audited.refuse(
        meta,
        'Mutation.beginPasskeyReauthentication',
        `${code}:NO_PASSKEY`,
        staffTarget(staffId),
      );
      throw new IdentityError(code, 'パスキーが登録されていません (you have no passkey)');
    }
    const { generateAuthenticationOptions } = await webauthn();
    const options = await generateAuthenticationOptions({
      rpID: this.settings.rpId,
      userVerification: 'required',
      allowCredentials: passkeys.map((p) => ({ id: p.credentialId, transports: p.transports as never })),
      timeout: CHALLENGE_MINUTES * 60_000,
    });
    await this.challenges.store(options.challenge, ChallengePurpose.REAUTHENTICATE, staffId, LIVE_CHALLENGES_PER_STAFF);
    return options;
  }

  /** verify() for one action: what a service that makes such a change is given. */
  for<A extends string>(action: A): Reauthenticate {
    return (staffId, proof, meta) => this.verify(staffId, proof, meta, action);
  }

  /**
   * Checks the proof; refusals are audited under the caller's action (which may be another
   * module's). Returns how the person confirmed, for the caller's audit entry.
   */
  async verify<A extends string>(
    staffId: string,
    proof: ReauthenticationProof,
    meta: RequestMeta,
    action: A,
  ): Promise<ReauthenticationMethod> {
    const password = proof.currentPassword ?? null;
    const assertion = proof.passkey ?? null;
    if ((password === null) === (assertion === null)) {
      const code = IdentityErrorCode.REAUTHENTICATION_REQUIRED;
      await this.audited.for<A>().refuse(meta, action, code, staffTarget(staffId));
      throw new IdentityError(
        code,
        '現在のパスワードかパスキーのどちらか一方で本人確認してください (give the current password or a passkey, one of them)',
      );
    }
    if (password !== null) {
      await this.identity.verifyCurrentPassword(staffId, password, meta, action);
      return ReauthenticationMethod.PASSWORD;
    }
    await this.verifyPasskey(staffId, assertion, meta, action);
    return ReauthenticationMethod.PASSKEY;
  }

  private async verifyPasskey<A extends string>(staffId: string, input: unknown, meta: RequestMeta, action: A) {
    const refuse = async (code: IdentityErrorCode, message: string, detail?: string) => {
      await this.audited.for<A>().refuse(meta, action, detail ? `${code}:${detail}` : code, staffTarget(staffId));
      return new IdentityError(code, message);
    };
    const rejected = IdentityErrorCode.PASSKEY_REJECTED;
    const response = parseAuthenticationResponse(input);
    if (!response) {
      throw await refuse(
        IdentityErrorCode.INVALID_PASSKEY_REQUEST,
        'パスキーの応答が正しくありません (malformed passkey response)',
      );
    }
    if (!(await this.challenges.consume(response.clientData.challenge, ChallengePurpose.REAUTHENTICATE, staffId))) {
      throw await refuse(rejected, REJECTED, 'CHALLENGE');
    }
    const passkey = await this.ds.getRepository(Passkey).findOneBy({ credentialId: response.json.id, staffId });
    if (!passkey) throw await refuse(rejected, REJECTED, 'UNKNOWN_PASSKEY');
    const info = await verifyAssertion(this.settings, response, passkey);
    if (!info.verified) throw await refuse(rejected, REJECTED, info.reason);
    if (!(await advanceCounter(this.ds.manager, passkey.id, info.newCounter, this.now()))) {
      throw await refuse(rejected, REJECTED, 'COUNTER_REGRESSED');
    }
  }
}
