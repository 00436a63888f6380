// What a passkey sign-in and a passkey re-authentication share: single-use challenges, the origins
// we accept, and the verification of an assertion (navigator.credentials.get()) against a stored
// passkey, counter included.
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { webauthn } from './webauthn.js';
import { LessThan, type DataSource, type EntityManager } from 'typeorm';
import { ChallengePurpose, WebauthnChallenge, type Passkey } from './passkey.entity.js';
import type { ParsedResponse } from './passkey-response.js';

export interface WebAuthnSettings {
  /** the host name staff use, e.g. jukinet.city.example.lg.jp (localhost in development) */
  rpId: string;
  rpName: string;
  /** exact origins allowed; null: any http(s) origin whose host is rpId */
  origins: string[] | null;
}

export const CHALLENGE_MINUTES = 5;
export const REJECTED = 'パスキーを確認できませんでした。もう一度お試しください (passkey not accepted)';

/** The WebAuthn user handle of a staff member: the 16 bytes of their id (not personal data). */
export const userHandleOf = (staffId: string) => new Uint8Array(Buffer.from(staffId.replace(/-/g, ''), 'hex'));
/** TypeORM answers a DELETE/UPDATE … RETURNING with [rows, affected]. */
export const rowsOf = <T>(raw: unknown): T[] => (Array.isArray(raw) && Array.isArray(raw[0]) ? raw[0] : raw) as T[];

/** Configured origins, or the one the browser reported if its host is our RP ID. */
export function originsFor(settings: WebAuthnSettings, reported: string): string[] {
  if (settings.origins) return settings.origins;
  try {
    const url = new URL(reported);
    return /^https?:$/.test(url.protocol) && url.hostname === settings.rpId ? [url.origin] : [];
  } catch {
    return [];
  }
}

/** Single-use, short-lived WebAuthn challenges, each for one purpose (and person, where known). */
export class WebauthnChallenges {
  constructor(
    private readonly ds: DataSource,
    private readonly now: () => Date,
  ) {}

  /** Stores a challenge; `keep` bounds how many live ones of this purpose one person may hold (the oldest go). */
  async store(challenge: string, purpose: ChallengePurpose, staffId: string | null, keep?: number): Promise<void> {
    const now = this.now();
    const repo = this.ds.getRepository(WebauthnChallenge);
    await repo.delete({ expiresAt: LessThan(now) });
    if (keep && staffId) {
      await this.ds.query(
        `DELETE FROM webauthn_challenge WHERE purpose = $1 AND "staffId" = $2 AND challenge NOT IN (
           SELECT challenge FROM webauthn_challenge WHERE purpose = $1 AND "staffId" = $2
           ORDER BY "expiresAt" DESC LIMIT $3)`,
        [purpose, staffId, keep - 1],
      );
    }
    await repo.insert({ challenge, purpose, staffId, expiresAt: new Date(now.getTime() + CHALLENGE_MINUTES * 60_000) });
  }

  /** Deletes the challenge if it is live and ours: true once, false on any replay. */
  async consume(challenge: string, purpose: ChallengePurpose, staffId: string | null): Promise<boolean> {
    const rows = rowsOf(
      await this.ds.query(
        `DELETE FROM webauthn_challenge
         WHERE challenge = $1 AND purpose = $2 AND "staffId" IS NOT DISTINCT FROM $3 AND "expiresAt" > $4
         RETURNING challenge`,
        [challenge, purpose, staffId, this.now()],
      ),
    );
    return rows.length === 1;
  }
}

export type AssertionCheck =
  { verified: true; newCounter: number } | { verified: false; reason: 'VERIFICATION' | 'COUNTER_REGRESSED' };

/**
 * Verifies an assertion made by `passkey` for `challenge`: signature, origin, RP ID, user
 * verification, the user handle (when the authenticator sends one) and a counter that moved on.
 */
export async function verifyAssertion(
  settings: WebAuthnSettings,
  response: ParsedResponse,
  passkey: Passkey,
): Promise<AssertionCheck> {
  const json = response.json as AuthenticationResponseJSON;
  const userHandle = json.response.userHandle;
  if (userHandle && !Buffer.from(userHandle, 'base64url').equals(userHandleOf(passkey.staffId))) {
    return { verified: false, reason: 'VERIFICATION' };
  }
  try {
    const { verifyAuthenticationResponse } = await webauthn();
    const info = await verifyAuthenticationResponse({
      response: json,
      expectedChallenge: response.clientData.challenge,
      expectedOrigin: originsFor(settings, response.clientData.origin),
      expectedRPID: settings.rpId,
      credential: {
        id: passkey.credentialId,
        publicKey: new Uint8Array(passkey.publicKey),
        counter: passkey.counter,
        transports: passkey.transports as never,
      },
      requireUserVerification: true,
    });
    return info.verified
      ? { verified: true, newCounter: info.authenticationInfo.newCounter }
      : { verified: false, reason: 'VERIFICATION' };
  } catch (e) {
    return { verified: false, reason: /counter/i.test((e as Error).message) ? 'COUNTER_REGRESSED' : 'VERIFICATION' };
  }
}

/**
 * Moves the stored counter on, conditional on the one we verified against: of a clone racing the
 * same passkey, one wins and the other gets false.
 */
export async function advanceCounter(em: EntityManager, passkeyId: string, newCounter: number, now: Date) {
  const moved = rowsOf(
    await em.query(
      `UPDATE passkey SET counter = $2, "lastUsedAt" = $3
       WHERE id = $1 AND (counter < $2 OR ($2 = 0 AND counter = 0)) RETURNING id`,
      [passkeyId, newCounter, now],
    ),
  );
  return moved.length > 0;
}
