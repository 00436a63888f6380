// Server secrets kept outside the database: the HMAC key for password and code hashes, the key of
// the audit trail's hash chains, and the Ed25519 key that signs audit checkpoints. Created on first
// start in SECRETS_DIR (0700, files 0600). Losing them means: passwords must be reset, and the
// audit trail can no longer be verified — back SECRETS_DIR up with the database, but apart from it.
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import webPush from 'web-push';

export interface Secrets {
  /** 32 bytes: HMAC-SHA-256 key applied before argon2id, and to pairing codes */
  hmacKey: Buffer;
  /** 32 bytes: key of the audit trail's hash chains */
  auditChainKey: Buffer;
  auditSigningKey: KeyObject;
  auditPublicKey: KeyObject;
  /** RSA-2048: door tablets encrypt a typed PIN to its public key (RSA-OAEP-256); only the server reads it */
  doorPinKey: KeyObject;
  /** P-256, base64url: the VAPID keys that sign Web Push messages (push services check them) */
  vapid: { publicKey: string; privateKey: string };
  /** 32 bytes: HMAC-SHA-256 key of operation-record targets (A8.1: correlated, never readable) */
  oplogTargetKey: Buffer;
}

export async function loadOrCreateSecrets(dir: string): Promise<Secrets> {
  await mkdir(dir, { recursive: true });
  await chmod(dir, 0o700);
  const hmacKey = await loadOrCreateKey(path.join(dir, 'hmac.key'));
  const auditChainKey = await loadOrCreateKey(path.join(dir, 'audit-chain.key'));
  const oplogTargetKey = await loadOrCreateKey(path.join(dir, 'oplog-target.key'));
  const keyFile = path.join(dir, 'audit-ed25519.pem');
  if (!existsSync(keyFile)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' });
    await writeFile(keyFile, pem, { mode: 0o600, flag: 'wx' }).catch(ignoreExists);
  }
  const auditSigningKey = createPrivateKey(await readFile(keyFile, 'utf8'));
  const pinFile = path.join(dir, 'door-pin-rsa.pem');
  if (!existsSync(pinFile)) {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    await writeFile(pinFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' }).catch(
      ignoreExists,
    );
  }
  const doorPinKey = createPrivateKey(await readFile(pinFile, 'utf8'));
  const vapidFile = path.join(dir, 'vapid.json');
  if (!existsSync(vapidFile)) {
    await writeFile(vapidFile, JSON.stringify(webPush.generateVAPIDKeys()), { mode: 0o600, flag: 'wx' }).catch(
      ignoreExists,
    );
  }
  const vapid = JSON.parse(await readFile(vapidFile, 'utf8')) as Secrets['vapid'];
  return {
    hmacKey,
    auditChainKey,
    auditSigningKey,
    auditPublicKey: createPublicKey(auditSigningKey),
    doorPinKey,
    vapid,
    oplogTargetKey,
  };
}

async function loadOrCreateKey(file: string): Promise<Buffer> {
  if (!existsSync(file)) {
    await writeFile(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' }).catch(ignoreExists);
  }
  const key = Buffer.from((await readFile(file, 'utf8')).trim(), 'base64');
  if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte key`);
  return key;
}

function ignoreExists(e: NodeJS.ErrnoException): void {
  if (e.code !== 'EEXIST') throw e;
}
