// Door PINs in tests: every demo staff member gets the same PIN (one argon2 hash, valid for all),
// and events carry it encrypted to the server's key as a tablet would (RSA-OAEP-256, bound to the
// event's id).
import { constants, createPublicKey, publicEncrypt, type KeyObject } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { hashSecret } from '../../server/src/modules/identity/password.js';

export const TEST_PIN = '583920';

export async function giveEveryoneAPin(ds: DataSource, hmacKey: Buffer, pin = TEST_PIN): Promise<void> {
  const hash = await hashSecret(hmacKey, `door-pin:${pin}`);
  await ds.query(
    `INSERT INTO door_pin ("staffId", "pinHash", "setAt") SELECT id, $1, now() FROM staff
     ON CONFLICT ("staffId") DO UPDATE SET "pinHash" = EXCLUDED."pinHash", "failedAttempts" = 0, "lockedAt" = NULL`,
    [hash],
  );
}

export function encryptPin(serverKey: KeyObject, pin: string, clientEventId: string): string {
  return publicEncrypt(
    { key: createPublicKey(serverKey), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
    Buffer.from(JSON.stringify({ pin, event: clientEventId })),
  ).toString('base64');
}
