// Door PINs in tests: every demo staff member gets the same PIN (one argon2 hash, valid for all),
// and events carry it encrypted to the server's key as a tablet would (RSA-OAEP-256, bound to the
// event, its person, room, direction and device time, and the tablet: door-pin.binding.ts).
import type { KeyObject } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { hashSecret } from '../../server/src/modules/identity/password.js';
import { sealPin } from '../../server/src/modules/access/door-pin.binding.js';

export const TEST_PIN = '583920';

export async function giveEveryoneAPin(ds: DataSource, hmacKey: Buffer, pin = TEST_PIN): Promise<void> {
  const hash = await hashSecret(hmacKey, `door-pin:${pin}`);
  await ds.query(
    `INSERT INTO door_pin ("staffId", "pinHash", "setAt") SELECT id, $1, now() FROM staff
     ON CONFLICT ("staffId") DO UPDATE SET "pinHash" = EXCLUDED."pinHash", "failedAttempts" = 0, "lockedAt" = NULL`,
    [hash],
  );
}

/** An event's fields as sent (deviceTime as ISO text); the PIN is the staff member's, or the escort's. */
export interface PinnedEvent {
  clientEventId: string;
  direction: string;
  roomId: string;
  deviceTime: string;
  staffId?: string | null;
  escortStaffId?: string | null;
}

/** The typed PIN as the tablet `deviceId` encrypts it for this event. */
export function encryptPin(serverKey: KeyObject, pin: string, deviceId: string, e: PinnedEvent): string {
  return sealPin(serverKey, pin, deviceId, {
    clientEventId: e.clientEventId,
    staffId: (e.staffId ?? e.escortStaffId)!,
    roomId: e.roomId,
    direction: e.direction,
    deviceTime: new Date(e.deviceTime),
  });
}
