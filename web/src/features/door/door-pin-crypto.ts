// A PIN typed at the door never rests on the tablet in clear: it is encrypted at once to the
// server's public key (RSA-OAEP-256), bound to the event it belongs to — its id, whose PIN, the
// room, the direction and the device time — and to this tablet, and sent as that cipher. A cipher
// lifted from one event opens for no other (Hardening §5). The server makes the same binding text
// (server/src/modules/access/door-pin.binding.ts): keep them in step.

export class NoSecureContextError extends Error {}

/** The fields of an event a PIN cipher is bound to. */
export interface PinBinding {
  clientEventId: string;
  /** whose PIN: the person's own, or the escort's for an outside person */
  staffId: string;
  roomId: string;
  direction: 'ENTER' | 'EXIT';
  /** the event's deviceTime, as sent (ISO) */
  deviceTime: string;
}

const PIN_CIPHER_FORMAT = 'jukinet-door-pin/2';

const base64 = (bytes: Uint8Array) => {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
};

async function bindingHash(b: PinBinding): Promise<string> {
  const text = JSON.stringify([
    PIN_CIPHER_FORMAT,
    b.clientEventId.toLowerCase(),
    b.staffId.toLowerCase(),
    b.roomId.toLowerCase(),
    b.direction,
    Date.parse(b.deviceTime),
  ]);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return base64(digest).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export async function encryptPin(serverKey: JsonWebKey, pin: string, deviceId: string, b: PinBinding): Promise<string> {
  if (!globalThis.crypto?.subtle) throw new NoSecureContextError('crypto.subtle needs HTTPS or localhost');
  const key = await crypto.subtle.importKey('jwk', serverKey, { name: 'RSA-OAEP', hash: 'SHA-256' }, false, [
    'encrypt',
  ]);
  const sealed = { pin, event: b.clientEventId.toLowerCase(), device: deviceId, bind: await bindingHash(b) };
  const plain = new TextEncoder().encode(JSON.stringify(sealed));
  return base64(new Uint8Array(await crypto.subtle.encrypt({ name: 'RSA-OAEP' }, key, plain)));
}
