import { createHash, createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { isOwnCase, ownCase, staffIdOfActor } from '../../shared/duties.js';
import type { DataSource } from 'typeorm';
import { AppError, CommonErrorCode } from '../../shared/errors.js';
import type { RequestMeta } from '../../shared/audit.js';
import { created, type AuditedWrites } from '../../shared/audited.js';
import type { AccessAuditAction } from './access.policy.js';
import type { Reauthenticate, ReauthenticationProof } from '../identity/index.js';
import { hashSecret, verifySecret } from '../identity/index.js';
import { Staff } from '../organisation/index.js';
import { AccessError, AccessErrorCode } from './access.errors.js';
import { DoorDevicePinFault, DoorPin, DoorPinCheck } from './door-pin.entity.js';
import { bindingText, openPin, type CipherFault, type PinBinding } from './door-pin.binding.js';
import { servablePeople, type ServableAsk } from './door-pin.scope.js';

export const PIN_LOCK_AFTER = 10;
/** unreadable ciphers in a row from one tablet that lock its PIN checks (Hardening §5) */
export const DEVICE_PIN_LOCK_AFTER = 10;

export enum PinCheck {
  OK = 'OK',
  WRONG = 'WRONG',
  /** 10 consecutive failures: the PIN administrator or the manager must unlock */
  LOCKED = 'LOCKED',
  /** the person has not set a door PIN yet (also the answer for anyone the tablet may not let in) */
  NOT_SET = 'NOT_SET',
  /** not a PIN this server can read from this tablet: the tablet's fault, not the person's */
  MALFORMED = 'MALFORMED',
  /** a readable cipher made for another event (person, room, direction or time): a replay */
  NOT_FOR_EVENT = 'NOT_FOR_EVENT',
  /** not checked: the tablet may not let this person in (never counted, never told apart) */
  NOT_SERVED = 'NOT_SERVED',
}

/** One typed PIN to check: the cipher, the event it claims to be for, and the tablet sending it. */
export interface PinAsk {
  cipher: string;
  binding: PinBinding;
  deviceId: string;
  /**
   * the pairings of the same tablet before its present one, when the event was recorded before it
   * was paired again: a cipher made under one of them is this tablet's (the person typed it here)
   */
  earlierPairings?: readonly string[];
}

export interface PinAnswer {
  result: PinCheck;
  left: number;
  /** already on record (a counted failure, a lock, a tablet's fault) */
  audited: boolean;
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
 * to the event (its id, person, room, direction and device time) and to the tablet, to the server's
 * public key (RSA-OAEP-256 in WebCrypto), online or offline alike; only the server decrypts and
 * checks it (door-pin.binding.ts). Hardening §5: a failure counts against the person only when the
 * cipher is readable, made for this very event on this tablet, and the tablet may let the person
 * in; anything else is the tablet's fault. Every counted failure and lock is audited with the staff id.
 */
/** The actions a PIN check is audited under: the tablet's own check, or the events it sends. */
type PinAction = Extract<AccessAuditAction, 'Mutation.checkDoorPin' | 'Mutation.recordAccessEvents'>;

export class DoorPinService {
  constructor(
    private readonly ds: DataSource,
    private readonly audited: AuditedWrites<AccessAuditAction>,
    /** the current password or a passkey of one's own (identity's ReauthenticationService) */
    private readonly reauthenticate: Reauthenticate,
    private readonly hmacKey: Buffer,
    private readonly privateKey: KeyObject,
    private readonly now: () => Date,
  ) {}

  /** The public key as a JWK for WebCrypto (importKey('jwk', …, { name: 'RSA-OAEP', hash: 'SHA-256' })). */
  publicJwk(): JsonWebKey {
    return { ...createPublicKey(this.privateKey).export({ format: 'jwk' }), alg: 'RSA-OAEP-256', use: 'enc' };
  }

  /**
   * Sets one's own door PIN after re-authentication (the current password, or a passkey for one who
   * has no password). A weak PIN is refused first: it says nothing about the account, and a passkey
   * touch or a password try is not spent on a PIN that could never be set.
   */
  async setPin(staffId: string, proof: ReauthenticationProof, pin: string, meta: RequestMeta): Promise<void> {
    const action = 'Mutation.setDoorPin';
    const staff = await this.ds.getRepository(Staff).findOneByOrFail({ id: staffId });
    if (weakPin(pin, staff.staffNumber)) {
      await this.audited.refuse(meta, action, AccessErrorCode.WEAK_PIN, { type: 'Staff', id: staffId });
      throw new AccessError(
        AccessErrorCode.WEAK_PIN,
        '6〜12桁の数字で、同じ数字の繰り返し・連番・よくある番号・職員番号以外にしてください (6–12 digits, not easy to guess)',
      );
    }
    const reauthenticatedWith = await this.reauthenticate(staffId, proof, meta);
    const pinHash = await hashSecret(this.hmacKey, peppered(pin));
    await this.ds.transaction(async (em) => {
      await em
        .getRepository(DoorPin)
        .upsert({ staffId, pinHash, failedAttempts: 0, lockedAt: null, setAt: this.now() }, ['staffId']);
      await this.audited.record(
        em,
        meta,
        action,
        { type: 'Staff', id: staffId },
        created({ doorPinSet: true, reauthenticatedWith }),
      );
    });
  }

  /** Reads an encrypted PIN: the PIN when it opens and was made for this event on this tablet. */
  read(
    cipher: string,
    deviceId: string,
    b: PinBinding,
    earlierPairings: readonly string[] = [],
  ): { pin: string } | { fault: CipherFault } {
    return openPin(this.privateKey, cipher, deviceId, b, earlierPairings);
  }

  /** Of these (person, room, instant), the ones a tablet serving `roomIds` may let in, by index (door-pin.scope.ts). */
  servable(roomIds: readonly string[], asks: ServableAsk[]): Promise<Set<number>> {
    return servablePeople(this.ds, roomIds, asks);
  }

  /**
   * Checks a PIN typed for one event on one tablet. Failures count across all tablets; the 10th
   * locks. A success resets the count. Returns how many tries are left before the lock. The same
   * cipher for the same event on the same tablet is answered as the first time, without checking
   * or counting again; another tablet never gets that answer. The caller has made sure the tablet
   * may let the person in (servable).
   */
  async check(ask: PinAsk, meta: RequestMeta, action: PinAction): Promise<PinAnswer> {
    const { binding: b, deviceId } = ask;
    const staffId = b.staffId;
    const cipherHash = createHash('sha256').update(ask.cipher).update('\n').update(bindingText(b)).digest('hex');
    const id = b.clientEventId.toLowerCase();
    const [earlier, row, device] = await Promise.all([
      this.ds.getRepository(DoorPinCheck).findOneBy({ clientEventId: id, cipherHash, staffId, deviceId }),
      this.ds.getRepository(DoorPin).findOneBy({ staffId }),
      this.ds.getRepository(DoorDevicePinFault).findOneBy({ deviceId }),
    ]);
    const tabletFault = (r: string) => r === PinCheck.MALFORMED || r === PinCheck.NOT_FOR_EVENT;
    if (earlier && tabletFault(earlier.result)) return { result: earlier.result as PinCheck, left: 0, audited: false };
    // an answer given before the PIN was set again is no answer; a lock since then wins over it
    if (earlier && row && earlier.checkedAt >= row.setAt) {
      if (row.lockedAt) return { result: PinCheck.LOCKED, left: 0, audited: false };
      return { result: earlier.result as PinCheck, left: PIN_LOCK_AFTER - row.failedAttempts, audited: false };
    }
    const answer = await this.checkOnce(ask, row, device, meta, action);
    if (answer.result !== PinCheck.NOT_SET && !(device?.lockedAt && tabletFault(answer.result)))
      await this.ds
        .createQueryBuilder()
        .insert()
        .into(DoorPinCheck)
        .values({ clientEventId: id, cipherHash, staffId, deviceId, result: answer.result, checkedAt: this.now() })
        .orUpdate(['result', 'checkedAt'], ['clientEventId', 'cipherHash', 'staffId', 'deviceId'])
        .execute();
    return answer;
  }

  /**
   * A tablet's check (checkDoorPin), on record either way: OK, or refused with the answer as reason.
   * Someone the tablet may not let in gets the answer of an unknown person, and nothing is counted.
   */
  async checkAudited(ask: PinAsk, roomIds: readonly string[], meta: RequestMeta): Promise<PinAnswer> {
    const action = 'Mutation.checkDoorPin';
    const target = { type: 'Staff', id: ask.binding.staffId };
    const served = await this.servable(roomIds, [
      { staffId: ask.binding.staffId, roomId: ask.binding.roomId, at: this.now() },
    ]);
    if (!served.size) {
      await this.audited.refuse(meta, action, PinCheck.NOT_SERVED, target);
      return { result: PinCheck.NOT_SET, left: 0, audited: true };
    }
    const answer = await this.check(ask, meta, action);
    if (answer.result === PinCheck.OK) await this.audited.recordAlone(meta, action, target);
    else if (!answer.audited) await this.audited.refuse(meta, action, answer.result, target);
    return answer;
  }

  /** Forgets answers older than 30 days (an event is sent long before that). */
  async pruneChecks(): Promise<number> {
    const [, n] = (await this.ds.query(`DELETE FROM door_pin_check WHERE "checkedAt" < $1`, [
      new Date(this.now().getTime() - 30 * 86_400_000),
    ])) as [unknown, number];
    return n;
  }

  private async checkOnce(
    ask: PinAsk,
    row: DoorPin | null,
    device: DoorDevicePinFault | null,
    meta: RequestMeta,
    action: PinAction,
  ): Promise<PinAnswer> {
    const { binding: b, deviceId } = ask;
    const staffId = b.staffId;
    if (device?.lockedAt) {
      await this.audited.refuse(meta, action, 'DEVICE_LOCKED', { type: 'DoorDevice', id: deviceId });
      return { result: PinCheck.MALFORMED, left: 0, audited: true };
    }
    const read = this.read(ask.cipher, deviceId, b, ask.earlierPairings);
    if ('fault' in read) {
      await this.tabletFault(deviceId, staffId, read.fault, meta, action);
      return {
        result: read.fault === 'NOT_FOR_EVENT' ? PinCheck.NOT_FOR_EVENT : PinCheck.MALFORMED,
        left: 0,
        audited: true,
      };
    }
    if (device?.faults)
      await this.ds.query(`UPDATE door_device_pin_fault SET faults = 0 WHERE "deviceId" = $1 AND "lockedAt" IS NULL`, [
        deviceId,
      ]);
    if (!row) return { result: PinCheck.NOT_SET, left: 0, audited: false };
    if (row.lockedAt) return { result: PinCheck.LOCKED, left: 0, audited: false };
    if (await verifySecret(this.hmacKey, row.pinHash, peppered(read.pin))) {
      if (row.failedAttempts) await this.ds.getRepository(DoorPin).update({ staffId }, { failedAttempts: 0 });
      return { result: PinCheck.OK, left: PIN_LOCK_AFTER, audited: false };
    }
    // counted and audited together, with whose PIN and which tablet
    return this.ds.transaction(async (em) => {
      const [counted] = (await em.query(
        `UPDATE door_pin SET "failedAttempts" = "failedAttempts" + 1,
           "lockedAt" = CASE WHEN "failedAttempts" + 1 >= $2 THEN $3::timestamptz ELSE "lockedAt" END
         WHERE "staffId" = $1 AND "lockedAt" IS NULL RETURNING "failedAttempts", "lockedAt"`,
        [staffId, PIN_LOCK_AFTER, this.now()],
      )) as [{ failedAttempts: number; lockedAt: Date | null }[], number];
      const now = counted[0];
      const target = { type: 'Staff', id: staffId };
      if (!now) {
        // locked meanwhile by another check: nothing more to count
        await this.audited.refuseWithin(em, meta, action, PinCheck.LOCKED, target, { deviceId: [null, deviceId] });
        return { result: PinCheck.LOCKED, left: 0, audited: true };
      }
      const locked = now.lockedAt !== null;
      await this.audited.refuseWithin(em, meta, action, locked ? PinCheck.LOCKED : PinCheck.WRONG, target, {
        failedAttempts: [now.failedAttempts - 1, now.failedAttempts],
        ...(locked ? { locked: [false, true] } : {}),
        deviceId: [null, deviceId],
      });
      if (locked) return { result: PinCheck.LOCKED, left: 0, audited: true };
      return { result: PinCheck.WRONG, left: PIN_LOCK_AFTER - now.failedAttempts, audited: true };
    });
  }

  /**
   * A cipher the tablet should not have sent: counted against the tablet (not for a copy of the
   * same event from another tablet, which a tablet paired again also sends), audited with whose
   * PIN it claimed to be; the 10th in a row locks the tablet's PIN checks.
   */
  private async tabletFault(
    deviceId: string,
    staffId: string,
    fault: CipherFault,
    meta: RequestMeta,
    action: PinAction,
  ) {
    const target = { type: 'DoorDevice', id: deviceId };
    const who = { staffId: [null, staffId] as [null, string] };
    await this.ds.transaction(async (em: EntityManager) => {
      if (fault === 'OTHER_DEVICE') return this.audited.refuseWithin(em, meta, action, fault, target, who);
      const rows = (await em.query(
        `INSERT INTO door_device_pin_fault ("deviceId", faults, "lastAt", "lockedAt")
         VALUES ($1, 1, $2, CASE WHEN 1 >= $3 THEN $2::timestamptz END)
         ON CONFLICT ("deviceId") DO UPDATE SET faults = door_device_pin_fault.faults + 1, "lastAt" = $2,
           "lockedAt" = CASE WHEN door_device_pin_fault.faults + 1 >= $3 THEN $2::timestamptz END
         WHERE door_device_pin_fault."lockedAt" IS NULL
         RETURNING faults, "lockedAt"`,
        [deviceId, this.now(), DEVICE_PIN_LOCK_AFTER],
      )) as { faults: number; lockedAt: Date | null }[];
      const now = rows[0];
      if (!now) return this.audited.refuseWithin(em, meta, action, 'DEVICE_LOCKED', target, who);
      const locked = now.lockedAt !== null;
      await this.audited.refuseWithin(em, meta, action, locked ? 'DEVICE_LOCKED' : fault, target, {
        ...who,
        faults: [now.faults - 1, now.faults],
        ...(locked ? { locked: [false, true] } : {}),
      });
    });
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
