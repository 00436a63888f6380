import { constants, createHash, createPublicKey, privateDecrypt, type JsonWebKey, type KeyObject } from 'node:crypto';
import { isOwnCase, ownCase, staffIdOfActor } from '../../shared/duties.js';
import type { DataSource } from 'typeorm';
import { AppError, CommonErrorCode } from '../../shared/errors.js';
import type { RequestMeta } from '../../shared/audit.js';
import { created, type AuditedWrites } from '../../shared/audited.js';
import type { AccessAuditAction } from './access.policy.js';
import type { IdentityService } from '../identity/index.js';
import { hashSecret, verifySecret } from '../identity/index.js';
import { Staff } from '../organisation/index.js';
import { AccessError, AccessErrorCode } from './access.errors.js';
import { DoorPin, DoorPinCheck } from './door-pin.entity.js';

export const PIN_LOCK_AFTER = 10;

export enum PinCheck {
  OK = 'OK',
  WRONG = 'WRONG',
  /** 10 consecutive failures: the PIN administrator or the manager must unlock */
  LOCKED = 'LOCKED',
  /** the person has not set a door PIN yet */
  NOT_SET = 'NOT_SET',
  /** not a PIN encrypted to this server's key for this event */
  MALFORMED = 'MALFORMED',
}

/** Easy to watch or guess: one digit repeated, a run up or down, and well-known patterns. */
const COMMON = new Set(['123123', '112233', '121212', '111222', '147258', '159753', '123321', '102030', '131313']);
export function weakPin(pin: string, staffNumber: string): boolean {
  if (!/^\d{6,12}$/.test(pin)) return true;
  if (/^(\d)\1+$/.test(pin) || COMMON.has(pin) || pin === staffNumber || staffNumber.includes(pin)) return true;
  const steps = [...pin].slice(1).map((d, i) => (Number(d) - Number(pin[i]) + 10) % 10);
  return steps.every((s) => s === 1) || steps.every((s) => s === 9);
}

// domain-separated from passwords, though under the same HMAC key
const peppered = (pin: string) => `door-pin:${pin}`;

/**
 * Door PINs (A12.3 identification). The tablet keeps no secret: it encrypts the typed PIN, bound
 * to the event's own id, to the server's public key (RSA-OAEP-256 in WebCrypto), online or
 * offline alike; only the server decrypts and checks it.
 */
export class DoorPinService {
  constructor(
    private readonly ds: DataSource,
    private readonly audited: AuditedWrites<AccessAuditAction>,
    private readonly identity: IdentityService,
    private readonly hmacKey: Buffer,
    private readonly privateKey: KeyObject,
    private readonly now: () => Date,
  ) {}

  /** The public key as a JWK for WebCrypto (importKey('jwk', …, { name: 'RSA-OAEP', hash: 'SHA-256' })). */
  publicJwk(): JsonWebKey {
    return { ...createPublicKey(this.privateKey).export({ format: 'jwk' }), alg: 'RSA-OAEP-256', use: 'enc' };
  }

  async setPin(staffId: string, currentPassword: string, pin: string, meta: RequestMeta): Promise<void> {
    const action = 'Mutation.setDoorPin';
    await this.identity.verifyCurrentPassword(staffId, currentPassword, meta, action);
    const staff = await this.ds.getRepository(Staff).findOneByOrFail({ id: staffId });
    if (weakPin(pin, staff.staffNumber)) {
      await this.audited.refuse(meta, action, AccessErrorCode.WEAK_PIN, { type: 'Staff', id: staffId });
      throw new AccessError(
        AccessErrorCode.WEAK_PIN,
        '6〜12桁の数字で、同じ数字の繰り返し・連番・よくある番号・職員番号以外にしてください (6–12 digits, not easy to guess)',
      );
    }
    const pinHash = await hashSecret(this.hmacKey, peppered(pin));
    await this.ds.transaction(async (em) => {
      await em
        .getRepository(DoorPin)
        .upsert({ staffId, pinHash, failedAttempts: 0, lockedAt: null, setAt: this.now() }, ['staffId']);
      await this.audited.record(em, meta, action, { type: 'Staff', id: staffId }, created({ doorPinSet: true }));
    });
  }

  /** Reads an encrypted PIN; null unless it decrypts and names this event. */
  decrypt(cipher: string, clientEventId: string): string | null {
    try {
      if (!/^[A-Za-z0-9+/=_-]{16,1000}$/.test(cipher)) return null;
      const plain = privateDecrypt(
        { key: this.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
        Buffer.from(cipher, 'base64'),
      );
      const { pin, event } = JSON.parse(plain.toString('utf8')) as { pin?: unknown; event?: unknown };
      return typeof pin === 'string' && typeof event === 'string' && event.toLowerCase() === clientEventId.toLowerCase()
        ? pin
        : null;
    } catch {
      return null;
    }
  }

  /**
   * Checks a PIN typed for one event. Failures count across all tablets; the 10th locks. A
   * success resets the count. Returns how many tries are left before the lock. The same cipher
   * for the same event is answered as the first time, without checking or counting again.
   */
  async check(staffId: string, cipher: string, clientEventId: string): Promise<{ result: PinCheck; left: number }> {
    const cipherHash = createHash('sha256').update(cipher).digest('hex');
    const id = clientEventId.toLowerCase();
    const [earlier, row] = await Promise.all([
      this.ds.getRepository(DoorPinCheck).findOneBy({ clientEventId: id, cipherHash, staffId }),
      this.ds.getRepository(DoorPin).findOneBy({ staffId }),
    ]);
    // an answer given before the PIN was set again is no answer; a lock since then wins over it
    if (earlier && row && earlier.checkedAt >= row.setAt) {
      if (row.lockedAt) return { result: PinCheck.LOCKED, left: 0 };
      return { result: earlier.result as PinCheck, left: PIN_LOCK_AFTER - row.failedAttempts };
    }
    const answer = await this.checkOnce(staffId, cipher, id);
    if (answer.result !== PinCheck.NOT_SET)
      await this.ds
        .createQueryBuilder()
        .insert()
        .into(DoorPinCheck)
        .values({ clientEventId: id, cipherHash, staffId, result: answer.result, checkedAt: this.now() })
        .orUpdate(['result', 'checkedAt'], ['clientEventId', 'cipherHash', 'staffId'])
        .execute();
    return answer;
  }

  /** A tablet's check (checkDoorPin), on record either way: OK, or refused with the answer as reason. */
  async checkAudited(staffId: string, cipher: string, clientEventId: string, meta: RequestMeta) {
    const answer = await this.check(staffId, cipher, clientEventId);
    const target = { type: 'Staff', id: staffId };
    if (answer.result === PinCheck.OK) await this.audited.recordAlone(meta, 'Mutation.checkDoorPin', target);
    else await this.audited.refuse(meta, 'Mutation.checkDoorPin', answer.result, target);
    return answer;
  }

  /** Forgets answers older than 30 days (an event is sent long before that). */
  async pruneChecks(): Promise<number> {
    const [, n] = (await this.ds.query(`DELETE FROM door_pin_check WHERE "checkedAt" < $1`, [
      new Date(this.now().getTime() - 30 * 86_400_000),
    ])) as [unknown, number];
    return n;
  }

  private async checkOnce(staffId: string, cipher: string, clientEventId: string) {
    const pin = this.decrypt(cipher, clientEventId);
    const row = await this.ds.getRepository(DoorPin).findOneBy({ staffId });
    if (!row) return { result: PinCheck.NOT_SET, left: 0 };
    if (row.lockedAt) return { result: PinCheck.LOCKED, left: 0 };
    if (pin !== null && (await verifySecret(this.hmacKey, row.pinHash, peppered(pin)))) {
      if (row.failedAttempts) await this.ds.getRepository(DoorPin).update({ staffId }, { failedAttempts: 0 });
      return { result: PinCheck.OK, left: PIN_LOCK_AFTER };
    }
    const [counted] = (await this.ds.query(
      `UPDATE door_pin SET "failedAttempts" = "failedAttempts" + 1,
         "lockedAt" = CASE WHEN "failedAttempts" + 1 >= $2 THEN $3::timestamptz ELSE "lockedAt" END
       WHERE "staffId" = $1 RETURNING "failedAttempts", "lockedAt"`,
      [staffId, PIN_LOCK_AFTER, this.now()],
    )) as [{ failedAttempts: number; lockedAt: Date | null }[], number];
    const now = counted[0];
    if (now?.lockedAt) return { result: PinCheck.LOCKED, left: 0 };
    return {
      result: pin === null ? PinCheck.MALFORMED : PinCheck.WRONG,
      left: PIN_LOCK_AFTER - (now?.failedAttempts ?? 0),
    };
  }

  async unlock(staffId: string, meta: RequestMeta): Promise<void> {
    // Hardening §1: nobody unlocks their own PIN; another PIN administrator or the manager does
    if (isOwnCase(staffIdOfActor(meta.actor), staffId)) {
      await this.audited.refuse(meta, 'Mutation.unlockDoorPin', CommonErrorCode.OWN_CASE, {
        type: 'Staff',
        id: staffId,
      });
      throw ownCase('ご自身の暗証番号のロックは解除できません (not your own PIN)');
    }
    await this.ds.transaction(async (em) => {
      const row = await em.getRepository(DoorPin).findOneBy({ staffId });
      if (!row)
        throw new AppError(CommonErrorCode.BAD_USER_INPUT, '扉の暗証番号が設定されていません (no door PIN set)');
      await em.getRepository(DoorPin).update({ staffId }, { failedAttempts: 0, lockedAt: null });
      await this.audited.record(
        em,
        meta,
        'Mutation.unlockDoorPin',
        { type: 'Staff', id: staffId },
        { locked: [row.lockedAt !== null, false], failedAttempts: [row.failedAttempts, 0] },
      );
    });
  }
}
