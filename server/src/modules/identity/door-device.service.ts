import { createHash, createHmac, randomBytes, randomInt } from 'node:crypto';
import { In, type DataSource } from 'typeorm';
import { Room } from '../access/index.js';
import { ActorType, type RequestMeta } from '../../shared/audit.js';
import { created, type AuditedWrites } from '../../shared/audited.js';
import type { IdentityAction } from './identity.policy.js';
import { DevicePairing } from './device-pairing.entity.js';
import { DoorDevice } from './door-device.entity.js';
import { IdentityError, IdentityErrorCode } from './identity.errors.js';
import { CommonErrorCode } from '../../shared/errors.js';
import type { AddressRateLimits } from '../../shared/rate-limit.js';
import { NOT_AN_IDENTITY_CHANGE, type PrincipalCache } from './principal-cache.js';

const DEVICE_PREFIX = 'jkd_';
/** Crockford base32 without I, L, O, U: nothing to misread on a tablet keyboard. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const PAIRING_MINUTES = 10;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
/** Upper case, no separators; common misreadings folded (O→0, I/L→1). */
export const normaliseCode = (code: string) =>
  code.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');

export interface LiveDevice {
  id: string;
  roomIds: string[];
}

interface DeviceRow extends LiveDevice {
  lastSeenAt: Date | null;
}

/** Door tablets: pairing by a manager's single-use code, device credentials, revocation. */
export class DoorDeviceService {
  constructor(
    private readonly ds: DataSource,
    private readonly audited: AuditedWrites<IdentityAction>,
    private readonly hmacKey: Buffer,
    private readonly limits: AddressRateLimits,
    private readonly now: () => Date,
    /** the credential look-up, kept while no tablet is paired, revoked or given rooms (§7) */
    private readonly cache: PrincipalCache,
  ) {}

  private codeHash(code: string): string {
    return createHmac('sha256', this.hmacKey).update(normaliseCode(code)).digest('hex');
  }

  /** A manager creates a code (shown once) that pairs one tablet with these rooms within 10 minutes. */
  async createPairing(staffId: string, deviceName: string, roomIds: string[], meta: RequestMeta) {
    const rooms = roomIds.length ? await this.ds.getRepository(Room).findBy({ id: In(roomIds), active: true }) : [];
    if (!deviceName.trim() || rooms.length === 0 || rooms.length !== new Set(roomIds).size) {
      throw new IdentityError(
        IdentityErrorCode.INVALID_PAIRING_REQUEST,
        '端末名と有効な電算室等を指定してください (name and valid rooms required)',
      );
    }
    const raw = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    const code = `${raw.slice(0, 5)}-${raw.slice(5)}`;
    const expiresAt = new Date(this.now().getTime() + PAIRING_MINUTES * 60_000);
    await this.ds.transaction(async (em) => {
      const p = await em.getRepository(DevicePairing).save({
        codeHash: this.codeHash(code),
        deviceName: deviceName.trim(),
        roomIds: rooms.map((r) => r.id),
        createdBy: staffId,
        expiresAt,
      });
      await this.audited.record(
        em,
        meta,
        'Mutation.createDevicePairing',
        { type: 'DevicePairing', id: p.id },
        created({ deviceName: p.deviceName, roomIds: p.roomIds, expiresAt: expiresAt.toISOString() }),
      );
    });
    return { code, expiresAt, rooms };
  }

  /**
   * The tablet exchanges the code for its credential. A code works once, before it expires. A tablet
   * paired again may show its previous credential (revoked or not): the new pairing then follows
   * that one, and the events it recorded before, still waiting, count as this tablet's (access).
   */
  async pair(
    code: string,
    meta: RequestMeta,
    previousCredential?: string | null,
  ): Promise<{ token: string; device: DoorDevice }> {
    await this.limits.consumePairing(meta.clientAddress).catch(async (e: unknown) => {
      await this.refusePairing(meta, (e as { code?: string }).code ?? CommonErrorCode.TOO_MANY_REQUESTS);
      throw e;
    });
    const token = DEVICE_PREFIX + randomBytes(32).toString('base64url');
    const result = await this.ds.transaction(async (em) => {
      const raw = await em.query(
        `UPDATE device_pairing SET "usedAt" = $2 WHERE "codeHash" = $1 AND "usedAt" IS NULL AND "expiresAt" > $2 RETURNING *`,
        [this.codeHash(code), this.now()],
      );
      const rows = (Array.isArray(raw[0]) ? raw[0] : raw) as DevicePairing[];
      const pairing = rows[0];
      if (!pairing) return null;
      const previous =
        previousCredential?.startsWith(DEVICE_PREFIX) && previousCredential.length <= 100
          ? await em.getRepository(DoorDevice).findOneBy({ credentialHash: sha256(previousCredential) })
          : null;
      const device = await em.getRepository(DoorDevice).save({
        name: pairing.deviceName,
        credentialHash: sha256(token),
        previousDeviceId: previous?.id ?? null,
        pairedBy: pairing.createdBy,
        rooms: pairing.roomIds.map((id) => ({ id }) as Room),
      });
      await em.getRepository(DevicePairing).update(pairing.id, { deviceId: device.id });
      const asDevice = { ...meta, actor: { type: ActorType.DEVICE, id: device.id } };
      await this.audited.record(
        em,
        asDevice,
        'Mutation.pairDevice',
        { type: 'DoorDevice', id: device.id },
        created({ name: device.name, roomIds: pairing.roomIds, previousDeviceId: previous?.id ?? null }),
      );
      const full = await em
        .getRepository(DoorDevice)
        .findOneOrFail({ where: { id: device.id }, relations: { rooms: true } });
      return { token, device: full };
    });
    if (!result) {
      await this.refusePairing(meta, IdentityErrorCode.PAIRING_CODE_INVALID);
      throw new IdentityError(
        IdentityErrorCode.PAIRING_CODE_INVALID,
        'ペアリングコードが正しくないか、期限切れか、使用済みです (pairing code invalid, expired or used)',
      );
    }
    return result;
  }

  private refusePairing(meta: RequestMeta, reason: string) {
    return this.audited.refuse(meta, 'Mutation.pairDevice', reason);
  }

  /**
   * The live device of an Authorization header value, or null. One statement, and none while the
   * answer is in the principal cache (dropped on any change to door_device or door_device_room: a
   * pairing, a revocation, rooms; principal-cache.ts). Keeps its last-seen time (once a minute).
   */
  async resolve(bearer: string): Promise<LiveDevice | null> {
    if (!bearer.startsWith(DEVICE_PREFIX) || bearer.length > 100) return null;
    const hash = sha256(bearer);
    const now = this.now();
    const d = await this.cache.get(`device:${hash}`, now.getTime(), () => this.load(hash));
    if (!d) return null;
    if (!d.lastSeenAt || now.getTime() - d.lastSeenAt.getTime() > 60_000) {
      // a write that changes no one's identity (the trigger ignores it too)
      await this.ds.query(`${NOT_AN_IDENTITY_CHANGE} UPDATE door_device SET "lastSeenAt" = $1 WHERE id = $2`, [
        now,
        d.id,
      ]);
      d.lastSeenAt = now;
    }
    return { id: d.id, roomIds: [...d.roomIds] };
  }

  private async load(hash: string): Promise<DeviceRow | null> {
    const rows: DeviceRow[] = await this.ds.query(
      `SELECT d.id, d."lastSeenAt", coalesce(array_agg(r."roomId") FILTER (WHERE r."roomId" IS NOT NULL), '{}') AS "roomIds"
       FROM door_device d LEFT JOIN door_device_room r ON r."deviceId" = d.id
       WHERE d."credentialHash" = $1 AND d."revokedAt" IS NULL GROUP BY d.id`,
      [hash],
    );
    return rows[0] ?? null;
  }

  list(): Promise<DoorDevice[]> {
    // the newest 100 (every list is capped; revoked tablets accumulate over the years)
    return this.ds
      .getRepository(DoorDevice)
      .find({ relations: { rooms: true }, order: { pairedAt: 'DESC' }, take: 100 });
  }

  get(id: string): Promise<DoorDevice | null> {
    return this.ds.getRepository(DoorDevice).findOne({ where: { id }, relations: { rooms: true } });
  }

  async revoke(id: string, meta: RequestMeta): Promise<DoorDevice> {
    return this.ds.transaction(async (em) => {
      const d = await em.getRepository(DoorDevice).findOne({ where: { id }, relations: { rooms: true } });
      if (!d) throw new IdentityError(IdentityErrorCode.DEVICE_NOT_FOUND, '端末が見つかりません (device not found)');
      if (!d.revokedAt) {
        d.revokedAt = this.now();
        await em.getRepository(DoorDevice).update(id, { revokedAt: d.revokedAt });
        await this.audited.record(
          em,
          meta,
          'Mutation.revokeDevice',
          { type: 'DoorDevice', id },
          { revoked: [false, true] },
        );
      }
      return d;
    });
  }
}
