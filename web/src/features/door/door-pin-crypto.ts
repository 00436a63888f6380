// A PIN typed at the door never rests on the tablet in clear: it is encrypted at once to the
// server's public key (RSA-OAEP-256), bound to the event it belongs to, and sent as that cipher.

export class NoSecureContextError extends Error {}

export async function encryptPin(serverKey: JsonWebKey, pin: string, clientEventId: string): Promise<string> {
  if (!globalThis.crypto?.subtle) throw new NoSecureContextError('crypto.subtle needs HTTPS or localhost');
  const key = await crypto.subtle.importKey('jwk', serverKey, { name: 'RSA-OAEP', hash: 'SHA-256' }, false, [
    'encrypt',
  ]);
  const plain = new TextEncoder().encode(JSON.stringify({ pin, event: clientEventId }));
  const cipher = new Uint8Array(await crypto.subtle.encrypt({ name: 'RSA-OAEP' }, key, plain));
  let binary = '';
  for (const b of cipher) binary += String.fromCharCode(b);
  return btoa(binary);
}
