// A software WebAuthn authenticator (ES256, "none" attestation) for integration tests: it answers
// the server's options exactly as @simplewebauthn/browser would hand a real authenticator's answer
// over, so the server's verification runs for real. Tests can bend what it signs (origin, RP ID,
// counter, user verification) to prove each check. The browser test uses Chromium's own virtual
// authenticator instead.
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

type Cbor = number | string | Uint8Array | Cbor[] | Map<Cbor, Cbor> | { [k: string]: Cbor };

function head(major: number, n: number): Buffer {
  if (n < 24) return Buffer.from([(major << 5) | n]);
  if (n < 256) return Buffer.from([(major << 5) | 24, n]);
  if (n < 65536) return Buffer.from([(major << 5) | 25, n >> 8, n & 255]);
  const b = Buffer.alloc(5);
  b[0] = (major << 5) | 26;
  b.writeUInt32BE(n, 1);
  return b;
}

/** Just enough CBOR for attestation objects and COSE keys. */
export function cbor(v: Cbor): Buffer {
  if (typeof v === 'number') return v >= 0 ? head(0, v) : head(1, -1 - v);
  if (typeof v === 'string') return Buffer.concat([head(3, Buffer.byteLength(v)), Buffer.from(v)]);
  if (v instanceof Uint8Array) return Buffer.concat([head(2, v.length), v]);
  if (Array.isArray(v)) return Buffer.concat([head(4, v.length), ...v.map(cbor)]);
  const entries = v instanceof Map ? [...v.entries()] : Object.entries(v);
  return Buffer.concat([head(5, entries.length), ...entries.flatMap(([k, x]) => [cbor(k), cbor(x)])]);
}

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest();
const b64u = (b: Buffer) => b.toString('base64url');

export interface Bend {
  origin?: string;
  rpId?: string;
  /** set the counter this answer carries */
  counter?: number;
  userVerified?: boolean;
  type?: string;
}

export class SoftAuthenticator {
  readonly credentialId = randomBytes(32);
  private readonly key: { publicKey: KeyObject; privateKey: KeyObject } = generateKeyPairSync('ec', {
    namedCurve: 'P-256',
  });
  private userHandle: string | undefined;
  counter = 0;

  constructor(
    readonly origin = 'http://localhost:5173',
    readonly rpId = 'localhost',
  ) {}

  get id(): string {
    return b64u(this.credentialId);
  }

  private authData(bend: Bend, attested: boolean): Buffer {
    const counter = bend.counter ?? ++this.counter;
    const uv = bend.userVerified ?? true;
    const flags = 0x01 | (uv ? 0x04 : 0) | (attested ? 0x40 : 0);
    const count = Buffer.alloc(4);
    count.writeUInt32BE(counter);
    const parts: Buffer[] = [sha256(bend.rpId ?? this.rpId), Buffer.from([flags]), count];
    if (attested) {
      const jwk = this.key.publicKey.export({ format: 'jwk' });
      const cose = new Map<Cbor, Cbor>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, Buffer.from(jwk.x!, 'base64url')],
        [-3, Buffer.from(jwk.y!, 'base64url')],
      ]);
      const len = Buffer.alloc(2);
      len.writeUInt16BE(this.credentialId.length);
      parts.push(Buffer.alloc(16), len, this.credentialId, cbor(cose));
    }
    return Buffer.concat(parts);
  }

  private clientData(type: string, challenge: string, bend: Bend): Buffer {
    return Buffer.from(
      JSON.stringify({ type: bend.type ?? type, challenge, origin: bend.origin ?? this.origin, crossOrigin: false }),
    );
  }

  /** The answer to navigator.credentials.create(options), as JSON. */
  create(options: { challenge: string; user: { id: string } }, bend: Bend = {}): Record<string, unknown> {
    this.userHandle = options.user.id;
    const authData = this.authData({ counter: 0, ...bend }, true);
    const attestationObject = cbor({ fmt: 'none', attStmt: {}, authData });
    return this.credential({
      clientDataJSON: b64u(this.clientData('webauthn.create', options.challenge, bend)),
      attestationObject: b64u(attestationObject),
      transports: ['internal'],
    });
  }

  /** The answer to navigator.credentials.get(options), as JSON. */
  get(options: { challenge: string }, bend: Bend = {}): Record<string, unknown> {
    const authData = this.authData(bend, false);
    const clientDataJSON = this.clientData('webauthn.get', options.challenge, bend);
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientDataJSON)]), this.key.privateKey);
    return this.credential({
      clientDataJSON: b64u(clientDataJSON),
      authenticatorData: b64u(authData),
      signature: b64u(signature),
      ...(this.userHandle ? { userHandle: this.userHandle } : {}),
    });
  }

  /** A PublicKeyCredential as the browser serialises it, around one authenticator response. */
  private credential(response: Record<string, unknown>): Record<string, unknown> {
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key',
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
      response,
    };
  }
}
