// Server secrets kept outside the database: the HMAC key for password and PIN hashes and the
// Ed25519 key that signs audit checkpoints. Created on first start in SECRETS_DIR (0700, files 0600).
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface Secrets {
  /** 32 bytes: HMAC-SHA-256 key applied before argon2id */
  hmacKey: Buffer;
  auditSigningKey: KeyObject;
  auditPublicKey: KeyObject;
}

export async function loadOrCreateSecrets(dir: string): Promise<Secrets> {
  await mkdir(dir, { recursive: true });
  await chmod(dir, 0o700);
  const hmacFile = path.join(dir, 'hmac.key');
  if (!existsSync(hmacFile))
    await writeFile(hmacFile, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' }).catch(ignoreExists);
  const keyFile = path.join(dir, 'audit-ed25519.pem');
  if (!existsSync(keyFile)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    await writeFile(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' }).catch(
      ignoreExists,
    );
  }
  const hmacKey = Buffer.from((await readFile(hmacFile, 'utf8')).trim(), 'base64');
  if (hmacKey.length !== 32) throw new Error(`${hmacFile} does not hold a 32-byte key`);
  const auditSigningKey = createPrivateKey(await readFile(keyFile, 'utf8'));
  return { hmacKey, auditSigningKey, auditPublicKey: createPublicKey(auditSigningKey) };
}

function ignoreExists(e: NodeJS.ErrnoException): void {
  if (e.code !== 'EEXIST') throw e;
}
