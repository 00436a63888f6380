import { createHmac } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

// argon2id (OWASP: m=19 MiB, t=2, p=1) over an HMAC keyed by a secret kept outside the database:
// a stolen database alone does not allow offline guessing.
const ARGON2ID = 2;
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

// base64: @node-rs/argon2's verify reads the password as UTF-8, so raw HMAC bytes would not round-trip.
const peppered = (key: Buffer, secret: string) =>
  createHmac('sha256', key).update(secret.normalize('NFKC')).digest('base64');

export function hashSecret(key: Buffer, secret: string): Promise<string> {
  return hash(peppered(key, secret), OPTIONS);
}

export async function verifySecret(key: Buffer, stored: string, secret: string): Promise<boolean> {
  try {
    return await verify(stored, peppered(key, secret));
  } catch {
    return false;
  }
}

/** A hash of nothing, verified when the account does not exist, so timing does not reveal it. */
let dummy: Promise<string> | undefined;
export function dummyHash(key: Buffer): Promise<string> {
  dummy ??= hashSecret(key, 'no such account');
  return dummy;
}

export const PASSWORD_MIN_LENGTH = 10;
