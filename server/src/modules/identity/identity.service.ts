import type { DataSource, EntityManager } from 'typeorm';
import { ActorType, type Actor, type RequestMeta } from '../../shared/audit.js';
import { created, type AuditedWrites } from '../../shared/audited.js';
import type { IdentityAction } from './identity.policy.js';
import { Staff } from '../organisation/index.js';
import { IdentityError, IdentityErrorCode } from './identity.errors.js';
import { dummyHash, hashSecret, PASSWORD_MIN_LENGTH, verifySecret } from './password.js';
import type { AddressRateLimits } from '../../shared/rate-limit.js';
import { AppError } from '../../shared/errors.js';
import type { SessionService } from './session.service.js';
import { revokeTokensOf } from './api-token.service.js';
import { Passkey } from './passkey.entity.js';
import { StaffCredential } from './staff-credential.entity.js';
import type { StaffSession } from './session.entity.js';

/** 10 consecutive failures lock the account (REQUIREMENTS §8 via the identity issue). */
export const LOCK_AFTER_FAILURES = 10;
/** From the 3rd failure on, each attempt waits 1, 2, 4 … seconds (at most 60) after the previous failure. */
export function backoffSeconds(failures: number): number {
  return failures < 3 ? 0 : Math.min(60, 2 ** (failures - 3));
}

const staffActor = (staffId: string): Actor => ({ type: ActorType.STAFF, id: staffId });
const staffTarget = (staffId: string) => ({ type: 'Staff', id: staffId });
const WRONG_CREDENTIALS = '職員番号またはパスワードが違います (wrong staff number or password)';
const LOCKED = 'アカウントがロックされています。管理者に解除を依頼してください (account locked: ask a manager)';
/** TypeORM answers an UPDATE … RETURNING with [rows, affected]; a SELECT with rows. */
const rowsOf = <T = unknown>(raw: unknown): T[] => (Array.isArray(raw) && Array.isArray(raw[0]) ? raw[0] : raw) as T[];

/** Sign-in, passwords and lockout. Every attempt and change is audited in its own transaction. */
export class IdentityService {
  constructor(
    private readonly ds: DataSource,
    private readonly audited: AuditedWrites<IdentityAction>,
    private readonly sessions: SessionService,
    private readonly hmacKey: Buffer,
    private readonly limits: AddressRateLimits,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async signIn(
    staffNumber: string,
    password: string,
    meta: RequestMeta,
  ): Promise<{ token: string; session: StaffSession }> {
    const action = 'Mutation.signIn';
    try {
      await this.limits.consumeSignIn(meta.clientAddress);
    } catch (e) {
      if (e instanceof AppError) await this.audited.refuse(meta, action, e.code);
      throw e;
    }
    const staff = await this.ds.getRepository(Staff).findOneBy({ staffNumber: staffNumber.trim(), active: true });
    const credential = staff ? await this.ds.getRepository(StaffCredential).findOneBy({ staffId: staff.id }) : null;
    const refuse = async (code: IdentityErrorCode, message: string, details: Record<string, unknown> = {}) => {
      await this.audited.refuse(meta, action, code, { type: 'Staff', id: staff?.id });
      return new IdentityError(code, message, details);
    };
    if (!staff || !credential?.passwordHash) {
      await verifySecret(this.hmacKey, await dummyHash(this.hmacKey), password);
      throw await refuse(IdentityErrorCode.INVALID_CREDENTIALS, WRONG_CREDENTIALS);
    }
    // Reserve the attempt before checking the password: one conditional UPDATE, serialised on the
    // row, counts it as a failure only if the account is not locked and the back-off has passed.
    // Parallel guesses therefore cannot all slip past the limit (they queue on this row).
    const reserved = rowsOf<{ failedAttempts: number }>(
      await this.ds.query(
        `UPDATE staff_credential SET "failedAttempts" = "failedAttempts" + 1, "lastFailedAt" = $2
         WHERE "staffId" = $1 AND "lockedAt" IS NULL
           AND ("failedAttempts" < 3 OR "lastFailedAt" IS NULL
                OR "lastFailedAt" + make_interval(secs => LEAST(60, power(2, "failedAttempts" - 3))) <= $2)
         RETURNING "failedAttempts"`,
        [staff.id, this.now()],
      ),
    )[0];
    if (!reserved) {
      await verifySecret(this.hmacKey, await dummyHash(this.hmacKey), password); // same time as a real check
      const now = await this.ds.getRepository(StaffCredential).findOneByOrFail({ staffId: staff.id });
      if (now.lockedAt) throw await refuse(IdentityErrorCode.ACCOUNT_LOCKED, LOCKED);
      const wait = backoffSeconds(now.failedAttempts);
      const since = now.lastFailedAt ? (this.now().getTime() - now.lastFailedAt.getTime()) / 1000 : wait;
      const retryAfterSeconds = Math.max(1, Math.ceil(wait - since));
      throw await refuse(
        IdentityErrorCode.TOO_MANY_ATTEMPTS,
        `試行が続いています。${retryAfterSeconds}秒後にもう一度お試しください (try again in ${retryAfterSeconds} s)`,
        { retryAfterSeconds },
      );
    }
    const n = reserved.failedAttempts;
    if (!(await verifySecret(this.hmacKey, credential.passwordHash, password))) {
      const lockedNow = n >= LOCK_AFTER_FAILURES;
      await this.ds.transaction(async (em) => {
        if (lockedNow) {
          await em.query(`UPDATE staff_credential SET "lockedAt" = $2 WHERE "staffId" = $1 AND "lockedAt" IS NULL`, [
            staff.id,
            this.now(),
          ]);
        }
        const reason = lockedNow ? 'LOCKED_NOW' : IdentityErrorCode.INVALID_CREDENTIALS;
        const counted = { failedAttempts: [n - 1, n] as [number, number] };
        await this.audited.refuseWithin(em, meta, action, reason, staffTarget(staff.id), counted);
      });
      if (lockedNow) throw new IdentityError(IdentityErrorCode.ACCOUNT_LOCKED, LOCKED);
      throw new IdentityError(IdentityErrorCode.INVALID_CREDENTIALS, WRONG_CREDENTIALS);
    }
    const session = await this.ds.transaction(async (em) => {
      // A concurrent failure may have locked the account meanwhile: then this success counts for nothing.
      const reset = rowsOf(
        await em.query(
          `UPDATE staff_credential SET "failedAttempts" = 0, "lastFailedAt" = NULL
           WHERE "staffId" = $1 AND "lockedAt" IS NULL RETURNING "staffId"`,
          [staff.id],
        ),
      );
      if (!reset.length) return null;
      const opened = await this.sessions.create(em, staff.id, meta.clientAddress, meta.userAgent ?? null);
      await this.audited.record(em, { ...meta, actor: staffActor(staff.id) }, action, staffTarget(staff.id));
      return opened;
    });
    if (!session) throw await refuse(IdentityErrorCode.ACCOUNT_LOCKED, LOCKED);
    return session;
  }

  async signOut(sessionId: string, staffId: string, meta: RequestMeta): Promise<void> {
    await this.ds.transaction(async (em) => {
      await this.sessions.revoke(em, sessionId);
      await this.audited.record(
        em,
        meta,
        'Mutation.signOut',
        { type: 'StaffSession', id: sessionId },
        created({ staffId }),
      );
    });
  }

  /** Ends every session and API token of the person (a token made from a stolen session must not survive it). */
  async signOutEverywhere(staffId: string, meta: RequestMeta): Promise<number> {
    return this.ds.transaction(async (em) => {
      const n = await this.sessions.revokeAll(em, staffId);
      const tokensRevoked = await revokeTokensOf(em, staffId, this.now());
      await this.audited.record(
        em,
        meta,
        'Mutation.signOutEverywhere',
        staffTarget(staffId),
        created({ sessionsEnded: n, tokensRevoked }),
      );
      return n;
    });
  }

  /**
   * Changes one's own password. A wrong current password counts as a failed sign-in (a stolen
   * session cannot guess without limit); success ends every other session and every API token of
   * the person (a token minted from a stolen session must not outlive the change).
   */
  async changePassword(
    staffId: string,
    current: string,
    next: string,
    meta: RequestMeta,
    keepSessionId?: string,
  ): Promise<void> {
    await this.verifyCurrentPassword(staffId, current, meta, 'Mutation.changePassword');
    await this.audited.write(meta, 'Mutation.changePassword', staffTarget(staffId), async (em) => {
      await this.storePassword(em, staffId, next);
      const ended = await this.sessions.revokeAll(em, staffId, keepSessionId);
      const tokensRevoked = await revokeTokensOf(em, staffId, this.now());
      return { result: undefined, targetId: staffId, changes: created({ otherSessionsEnded: ended, tokensRevoked }) };
    });
  }

  /**
   * Re-authentication before a sensitive change of one's own account (password, new passkey). A
   * wrong password counts as a failed sign-in, so a stolen session cannot guess without limit.
   */
  async verifyCurrentPassword<A extends string>(
    staffId: string,
    current: string,
    meta: RequestMeta,
    /** the caller's action (another module's too: setDoorPin), which the refusal is entered under */
    action: A,
  ): Promise<void> {
    const credential = await this.ds.getRepository(StaffCredential).findOneBy({ staffId });
    if (!credential?.passwordHash || !(await verifySecret(this.hmacKey, credential.passwordHash, current))) {
      await this.ds.transaction(async (em) => {
        await em.query(
          `UPDATE staff_credential SET "failedAttempts" = "failedAttempts" + 1, "lastFailedAt" = $2,
             "lockedAt" = CASE WHEN "failedAttempts" + 1 >= $3 THEN $2 ELSE "lockedAt" END
           WHERE "staffId" = $1`,
          [staffId, this.now(), LOCK_AFTER_FAILURES],
        );
        const reason = IdentityErrorCode.INVALID_CREDENTIALS;
        await this.audited.for<A>().refuseWithin(em, meta, action, reason, staffTarget(staffId));
      });
      throw new IdentityError(
        IdentityErrorCode.INVALID_CREDENTIALS,
        '現在のパスワードが違います (current password is wrong)',
      );
    }
  }

  /**
   * A system administrator sets someone's password (first issue or reset, e.g. after a suspected
   * compromise): that person's sessions, API tokens and passkeys end.
   */
  async setStaffPassword(staffId: string, password: string, meta: RequestMeta): Promise<void> {
    await this.audited.write(meta, 'Mutation.setStaffPassword', staffTarget(staffId), async (em) => {
      if (!(await em.getRepository(Staff).existsBy({ id: staffId }))) {
        throw new IdentityError(IdentityErrorCode.STAFF_NOT_FOUND, '職員が見つかりません (staff not found)');
      }
      await this.storePassword(em, staffId, password);
      const sessionsEnded = await this.sessions.revokeAll(em, staffId);
      const tokensRevoked = await revokeTokensOf(em, staffId, this.now());
      // A reset follows a suspected compromise: a passkey planted meanwhile must not survive it.
      const passkeysRemoved = (await em.getRepository(Passkey).delete({ staffId })).affected ?? 0;
      return {
        result: undefined,
        targetId: staffId,
        changes: created({ sessionsEnded, tokensRevoked, passkeysRemoved }),
      };
    });
  }

  /** A manager or system administrator lifts a lock (and the failure count). */
  async unlockAccount(staffId: string, meta: RequestMeta): Promise<void> {
    await this.ds.transaction(async (em) => {
      const before = await em.getRepository(StaffCredential).findOneBy({ staffId });
      if (!before) throw new IdentityError(IdentityErrorCode.STAFF_NOT_FOUND, '職員が見つかりません (staff not found)');
      await em
        .getRepository(StaffCredential)
        .update(staffId, { lockedAt: null, failedAttempts: 0, lastFailedAt: null });
      await this.audited.record(em, meta, 'Mutation.unlockAccount', staffTarget(staffId), {
        locked: [before.lockedAt !== null, false],
        failedAttempts: [before.failedAttempts, 0],
      });
    });
  }

  /** Stores a password (used by the demo seed too). Refuses short ones. */
  async storePassword(em: EntityManager, staffId: string, password: string): Promise<void> {
    if (password.length < PASSWORD_MIN_LENGTH) {
      throw new IdentityError(
        IdentityErrorCode.WEAK_PASSWORD,
        `パスワードは${PASSWORD_MIN_LENGTH}文字以上にしてください (at least ${PASSWORD_MIN_LENGTH} characters)`,
      );
    }
    const passwordHash = await hashSecret(this.hmacKey, password);
    await em
      .getRepository(StaffCredential)
      .upsert(
        { staffId, passwordHash, passwordChangedAt: this.now(), failedAttempts: 0, lastFailedAt: null, lockedAt: null },
        ['staffId'],
      );
  }
}
