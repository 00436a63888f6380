import type { DataSource, EntityManager } from 'typeorm';
import { isOwnCase, ownCase, staffIdOfActor } from '../../shared/duties.js';
import { ActorType, type Actor, type RequestMeta } from '../../shared/audit.js';
import { created, type AuditedWrites, type Changes } from '../../shared/audited.js';
import type { IdentityAction } from './identity.policy.js';
import { Staff } from '../organisation/index.js';
import { IdentityError, IdentityErrorCode } from './identity.errors.js';
import { dummyHash, hashSecret, PASSWORD_MIN_LENGTH, verifySecret } from './password.js';
import type { AddressRateLimits } from '../../shared/rate-limit.js';
import { AppError, CommonErrorCode } from '../../shared/errors.js';
import type { SessionService } from './session.service.js';
import { revokeTokensOf } from './api-token.service.js';
import { Passkey } from './passkey.entity.js';
import { StaffCredential } from './staff-credential.entity.js';
import type { StaffSession } from './session.entity.js';
import { DEMO_LOCAL_ONLY, type DemoAccounts } from './demo-accounts.js';
import { backoffSeconds, LOCK_AFTER_FAILURES, PasswordLockout, unknownKey, type LockSubject } from './lockout.js';

export { backoffSeconds, LOCK_AFTER_FAILURES } from './lockout.js';

const staffActor = (staffId: string): Actor => ({ type: ActorType.STAFF, id: staffId });
const staffTarget = (staffId: string | undefined) => ({ type: 'Staff', id: staffId });
const WRONG_CREDENTIALS = '職員番号またはパスワードが違います (wrong staff number or password)';
const lockedMessage = (minutes: number) =>
  `パスワードでのサインインは一時的にロックされています。約${minutes}分後にお試しいただくか、パスキーでサインインしてください (locked for about ${minutes} min: try later or use a passkey)`;
const lockedError = (until: Date, now: Date) => {
  const retryAfterSeconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  return new IdentityError(IdentityErrorCode.ACCOUNT_LOCKED, lockedMessage(Math.ceil(retryAfterSeconds / 60)), {
    retryAfterSeconds,
  });
};

/** Sign-in, passwords and lockout. Every attempt and change is audited in its own transaction. */
export class IdentityService {
  private readonly lockout: PasswordLockout;

  constructor(
    private readonly ds: DataSource,
    private readonly audited: AuditedWrites<IdentityAction>,
    private readonly sessions: SessionService,
    private readonly hmacKey: Buffer,
    private readonly limits: AddressRateLimits,
    private readonly now: () => Date = () => new Date(),
    private readonly demo: DemoAccounts | null = null,
  ) {
    this.lockout = new PasswordLockout(ds);
  }

  /**
   * Password sign-in. A staff number that names nobody (or someone without a password, or who
   * left) takes the same path as a real one: the same statements, one argon2 verification (against
   * a dummy hash), its own failure count, back-off and lock, and the same answers.
   */
  async signIn(
    staffNumber: string,
    password: string,
    meta: RequestMeta,
  ): Promise<{ token: string; session: StaffSession }> {
    const action = 'Mutation.signIn';
    const number = staffNumber.trim();
    try {
      await this.limits.consumeSignIn(meta.clientAddress, number);
    } catch (e) {
      if (e instanceof AppError) await this.audited.refuse(meta, action, e.code);
      throw e;
    }
    const [found] = (await this.ds.query(
      `SELECT s.id, c."passwordHash" FROM staff s JOIN staff_credential c ON c."staffId" = s.id
       WHERE s."staffNumber" = $1 AND s.active AND c."passwordHash" IS NOT NULL`,
      [number],
    )) as { id: string; passwordHash: string }[];
    const subject: LockSubject = found
      ? { kind: 'staff', staffId: found.id }
      : { kind: 'unknown', key: unknownKey(this.hmacKey, number) };
    const target = staffTarget(found?.id);
    const refuse = async (error: IdentityError) => {
      await this.audited.refuse(meta, action, error.code, target);
      return error;
    };
    // the demo's staff sign in only from this machine unless DEMO_SIGN_IN_FROM says otherwise
    if (found && (await this.demo?.refuses(found.id, meta))) {
      throw await refuse(new IdentityError(IdentityErrorCode.DEMO_ACCOUNT_LOCAL_ONLY, DEMO_LOCAL_ONLY));
    }
    const now = this.now();
    const n = await this.lockout.reserve(subject, now);
    if (n === null) {
      await verifySecret(this.hmacKey, await dummyHash(this.hmacKey), password); // same time as a real check
      const state = await this.lockout.state(subject, now);
      if (state.lockedUntil) throw await refuse(lockedError(state.lockedUntil, now));
      const wait = backoffSeconds(state.failedAttempts);
      const since = state.lastFailedAt ? (now.getTime() - state.lastFailedAt.getTime()) / 1000 : wait;
      const retryAfterSeconds = Math.max(1, Math.ceil(wait - since));
      throw await refuse(
        new IdentityError(
          IdentityErrorCode.TOO_MANY_ATTEMPTS,
          `試行が続いています。${retryAfterSeconds}秒後にもう一度お試しください (try again in ${retryAfterSeconds} s)`,
          { retryAfterSeconds },
        ),
      );
    }
    const verified = await verifySecret(this.hmacKey, found?.passwordHash ?? (await dummyHash(this.hmacKey)), password);
    if (!found || !verified) {
      const lock = await this.ds.transaction(async (em) => {
        const counted: Changes = { failedAttempts: [n - 1, n] };
        const locked = n >= LOCK_AFTER_FAILURES ? await this.lockAndEnd(em, subject, now) : null;
        const reason = locked ? 'LOCKED_NOW' : IdentityErrorCode.INVALID_CREDENTIALS;
        await this.audited.refuseWithin(em, meta, action, reason, target, { ...counted, ...locked?.changes });
        return locked;
      });
      if (lock) throw lockedError(lock.until, now);
      throw new IdentityError(IdentityErrorCode.INVALID_CREDENTIALS, WRONG_CREDENTIALS);
    }
    const session = await this.ds.transaction(async (em) => {
      // A concurrent failure may have locked the account meanwhile: then this success counts for nothing.
      if (!(await this.lockout.reset(em, subject, now))) return null;
      const opened = await this.sessions.create(em, found.id, meta.clientAddress, meta.userAgent ?? null);
      await this.audited.record(em, { ...meta, actor: staffActor(found.id) }, action, target);
      return opened;
    });
    if (!session) {
      const state = await this.lockout.state(subject, now);
      throw await refuse(lockedError(state.lockedUntil ?? now, now));
    }
    // only failures count against the rate limits
    await this.limits.forgiveSignIn(meta.clientAddress, number);
    return session;
  }

  /**
   * Locks the password sign-in of the subject (if not locked already) and, for a real account, ends
   * every session and API token: a lock means someone else may know or be guessing the password.
   */
  private async lockAndEnd(em: EntityManager, subject: LockSubject, now: Date) {
    const lock = await this.lockout.lock(em, subject, now);
    if (!lock) return null;
    const ended =
      subject.kind === 'staff'
        ? {
            sessionsEnded: await this.sessions.revokeAll(em, subject.staffId),
            tokensRevoked: await revokeTokensOf(em, subject.staffId, now),
          }
        : { sessionsEnded: 0, tokensRevoked: 0 };
    return {
      until: lock.until,
      changes: created({ lockedUntil: lock.until.toISOString(), lockCount: lock.lockCount, ...ended }),
    };
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
      const now = this.now();
      const subject: LockSubject = { kind: 'staff', staffId };
      await this.ds.transaction(async (em) => {
        const n = await this.lockout.countFailure(em, subject, now);
        const locked = n >= LOCK_AFTER_FAILURES ? await this.lockAndEnd(em, subject, now) : null;
        const reason = locked ? 'LOCKED_NOW' : IdentityErrorCode.INVALID_CREDENTIALS;
        const changes: Changes = { failedAttempts: [n - 1, n], ...locked?.changes };
        await this.audited.for<A>().refuseWithin(em, meta, action, reason, staffTarget(staffId), changes);
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

  /**
   * A manager or system administrator lifts a lock (and the failure count) before it ends. The
   * lock stays on record (lockedAt, lockCount), so a new lock within 7 days still escalates.
   */
  async unlockAccount(staffId: string, meta: RequestMeta): Promise<void> {
    // Hardening §1: nobody unlocks their own account; another manager or system administrator does
    if (isOwnCase(staffIdOfActor(meta.actor), staffId)) {
      await this.audited.refuse(meta, 'Mutation.unlockAccount', CommonErrorCode.OWN_CASE, staffTarget(staffId));
      throw ownCase('ご自身のアカウントのロックは解除できません (not your own account)');
    }
    await this.ds.transaction(async (em) => {
      const before = await this.lockout.lift(em, { kind: 'staff', staffId });
      if (!before) throw new IdentityError(IdentityErrorCode.STAFF_NOT_FOUND, '職員が見つかりません (staff not found)');
      await this.audited.record(em, meta, 'Mutation.unlockAccount', staffTarget(staffId), {
        locked: [before.lockedUntil !== null && before.lockedUntil > this.now(), false],
        failedAttempts: [before.failedAttempts, 0],
      });
    });
  }

  /**
   * Stores a password (used by the demo seed too). Refuses short ones. Leaves the failure count
   * and any lock as they are: a new password does not end a lock (only time or an unlock does).
   */
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
      .upsert({ staffId, passwordHash, passwordChangedAt: this.now() }, ['staffId']);
  }
}
