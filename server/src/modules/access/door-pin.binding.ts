// What a door PIN cipher is bound to (Hardening §5). The tablet encrypts
//   {"pin", "event", "device", "bind"}
// to the server's public key (RSA-OAEP-256), where bind = base64url(sha256(canonical event)): the
// event's id, whose PIN it is, the room, the direction and the device time. A cipher lifted from
// one event therefore opens for no other event (another room, person, direction or time), and the
// device named inside tells a cipher replayed by another tablet from the tablet's own.
// The kiosk (web/src/features/door/door-pin-crypto.ts) makes the same string: keep them in step.
import { constants, createHash, createPublicKey, privateDecrypt, publicEncrypt, type KeyObject } from 'node:crypto';

export const PIN_CIPHER_FORMAT = 'jukinet-door-pin/2';

/** The fields of an event a PIN cipher is bound to. */
export interface PinBinding {
  clientEventId: string;
  /** whose PIN: the person's own, or the escort's for an outside person */
  staffId: string;
  roomId: string;
  direction: string;
  deviceTime: Date;
}

/** The canonical text of a binding: ids in lower case, the device time in milliseconds. */
export const bindingText = (b: PinBinding): string =>
  JSON.stringify([
    PIN_CIPHER_FORMAT,
    b.clientEventId.toLowerCase(),
    b.staffId.toLowerCase(),
    b.roomId.toLowerCase(),
    b.direction,
    b.deviceTime.getTime(),
  ]);

export const bindingHash = (b: PinBinding): string =>
  createHash('sha256').update(bindingText(b), 'utf8').digest('base64url');

/** What the tablet does (for tests and tools): the PIN sealed for one event on one device (either key of the pair). */
export function sealPin(key: KeyObject, pin: string, deviceId: string, b: PinBinding): string {
  const plain = JSON.stringify({ pin, event: b.clientEventId.toLowerCase(), device: deviceId, bind: bindingHash(b) });
  return publicEncrypt(
    {
      key: key.type === 'public' ? key : createPublicKey(key),
      padding: constants.RSA_PKCS1_OAEP_PADDING,
      oaepHash: 'sha256',
    },
    Buffer.from(plain, 'utf8'),
  ).toString('base64');
}

/** What is wrong with a cipher, on the sending tablet's account. */
export type CipherFault = 'UNREADABLE' | 'NOT_FOR_EVENT' | 'OTHER_DEVICE';

/**
 * Opens a cipher with the server's private key: the PIN when it was made for this event on this
 * tablet (or on this same tablet under a pairing it follows, `earlierPairings`: an event recorded
 * before it was paired again); else whether it is unreadable, made for another event, or made on
 * another tablet.
 */
export function openPin(
  key: KeyObject,
  cipher: string,
  deviceId: string,
  b: PinBinding,
  earlierPairings: readonly string[] = [],
): { pin: string } | { fault: CipherFault } {
  let opened: { pin?: unknown; event?: unknown; device?: unknown; bind?: unknown };
  try {
    if (!/^[A-Za-z0-9+/=_-]{16,1000}$/.test(cipher)) return { fault: 'UNREADABLE' };
    const plain = privateDecrypt(
      { key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
      Buffer.from(cipher, 'base64'),
    );
    opened = JSON.parse(plain.toString('utf8')) as typeof opened;
  } catch {
    return { fault: 'UNREADABLE' };
  }
  const { pin, event, device, bind } = opened ?? {};
  if (typeof pin !== 'string' || typeof event !== 'string' || typeof device !== 'string' || typeof bind !== 'string')
    return { fault: 'UNREADABLE' };
  if (event.toLowerCase() !== b.clientEventId.toLowerCase() || bind !== bindingHash(b))
    return { fault: 'NOT_FOR_EVENT' };
  // the same event sent by another tablet (a copy, or a replay): not this tablet's PIN
  const made = device.toLowerCase();
  if (made !== deviceId.toLowerCase() && !earlierPairings.some((d) => d.toLowerCase() === made))
    return { fault: 'OTHER_DEVICE' };
  return { pin };
}
