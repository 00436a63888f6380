// The backup file: a short plaintext header (format, key derivation, no data), then the contents
// encrypted with AES-256-GCM in chunks of at most 1 MiB. The key is scrypt(passphrase, salt). Each
// chunk has its own tag, its number in the nonce and a "last" flag in its associated data, so a
// chunk changed, moved, dropped or cut off at the end stops the reading at that chunk; nothing
// read before a tag verified is handed on. The contents are records: JSON ones (what follows, the
// secrets, the manifest) and data ones (the COPY text of a table).
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  scrypt,
  timingSafeEqual,
} from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';

const MAGIC = Buffer.from('JUKINET-BACKUP\n');
const CHUNK = 1 << 20;
const TAG = 16;
/** scrypt cost: 64 MiB of memory, a fraction of a second; stored in the header so it can grow */
const KDF = { name: 'scrypt', N: 1 << 16, r: 8, p: 1 } as const;

export class BackupFileError extends Error {
  override name = 'BackupFileError';
}

interface Header {
  format: 1;
  createdAt: string;
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  cipher: 'aes-256-gcm';
  noncePrefix: string;
  /** HMAC of a fixed text under the key: tells a wrong passphrase from a damaged file */
  keyCheck: string;
}

export type JsonRecord = { kind: string } & Record<string, unknown>;
export type BackupRecord = { type: 'json'; value: JsonRecord } | { type: 'data'; value: Buffer };

const REC_JSON = 1;
const REC_DATA = 2;

function deriveKey(passphrase: string, kdf: Header['kdf']): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(
      passphrase.normalize('NFC'),
      Buffer.from(kdf.salt, 'base64'),
      32,
      { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * kdf.N * kdf.r },
      (err, key) => (err ? reject(err) : resolve(key)),
    ),
  );
}

const keyCheckOf = (key: Buffer) => createHmac('sha256', key).update('jukinet backup key check').digest('base64');

function nonce(prefix: Buffer, n: number): Buffer {
  const iv = Buffer.alloc(12);
  prefix.copy(iv, 0, 0, 8);
  iv.writeUInt32BE(n, 8);
  return iv;
}

const aad = (headerHash: Buffer, last: boolean) => Buffer.concat([headerHash, Buffer.from([last ? 1 : 0])]);

/** Writes records to a new backup file; `close` seals it (the last chunk says it is the last). */
export class BackupWriter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private chunkNo = 0;
  private readonly hash = createHash('sha256');

  private constructor(
    private readonly fh: FileHandle,
    private readonly key: Buffer,
    private readonly prefix: Buffer,
    private readonly headerHash: Buffer,
  ) {}

  static async create(file: string, passphrase: string, createdAt: Date): Promise<BackupWriter> {
    const kdf = { ...KDF, salt: randomBytes(16).toString('base64') };
    const key = await deriveKey(passphrase, kdf);
    const prefix = randomBytes(8);
    const header: Header = {
      format: 1,
      createdAt: createdAt.toISOString(),
      kdf,
      cipher: 'aes-256-gcm',
      noncePrefix: prefix.toString('base64'),
      keyCheck: keyCheckOf(key),
    };
    const headerBytes = Buffer.from(JSON.stringify(header));
    const fh = await open(file, 'wx', 0o600);
    const w = new BackupWriter(fh, key, prefix, createHash('sha256').update(headerBytes).digest());
    const len = Buffer.alloc(4);
    len.writeUInt32BE(headerBytes.length);
    await w.raw(Buffer.concat([MAGIC, len, headerBytes]));
    return w;
  }

  async json<T extends { kind: string }>(value: T): Promise<void> {
    await this.record(REC_JSON, Buffer.from(JSON.stringify(value)));
  }

  async data(value: Buffer): Promise<void> {
    await this.record(REC_DATA, value);
  }

  /** Seals the file, flushes it to disk and returns the SHA-256 of the whole file. */
  async close(): Promise<string> {
    await this.flush(true);
    await this.fh.sync();
    await this.fh.close();
    return this.hash.digest('hex');
  }

  async abort(): Promise<void> {
    await this.fh.close().catch(() => undefined);
  }

  private async record(type: number, payload: Buffer): Promise<void> {
    const head = Buffer.alloc(5);
    head.writeUInt8(type, 0);
    head.writeUInt32BE(payload.length, 1);
    this.pending.push(head, payload);
    this.pendingBytes += head.length + payload.length;
    while (this.pendingBytes >= CHUNK) await this.flush(false);
  }

  private async flush(last: boolean): Promise<void> {
    const all = Buffer.concat(this.pending);
    const take = last ? all : all.subarray(0, CHUNK);
    const rest = last ? Buffer.alloc(0) : all.subarray(CHUNK);
    this.pending = rest.length ? [rest] : [];
    this.pendingBytes = rest.length;
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce(this.prefix, this.chunkNo++));
    cipher.setAAD(aad(this.headerHash, last));
    const body = Buffer.concat([cipher.update(take), cipher.final()]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(body.length);
    await this.raw(Buffer.concat([len, body, cipher.getAuthTag()]));
  }

  private async raw(bytes: Buffer): Promise<void> {
    this.hash.update(bytes);
    await this.fh.write(bytes);
  }
}

/** Reads a backup file's header without the passphrase (when it was made). */
export async function readBackupHeader(file: string): Promise<{ createdAt: string }> {
  const fh = await open(file, 'r');
  try {
    const { header } = await readHeader(fh);
    return { createdAt: header.createdAt };
  } finally {
    await fh.close();
  }
}

async function readHeader(fh: FileHandle): Promise<{ header: Header; headerBytes: Buffer; offset: number }> {
  const start = Buffer.alloc(MAGIC.length + 4);
  const { bytesRead } = await fh.read(start, 0, start.length, 0);
  if (bytesRead < start.length || !start.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new BackupFileError('not a jukinet backup file');
  }
  const len = start.readUInt32BE(MAGIC.length);
  if (len > 64 * 1024) throw new BackupFileError('the backup header is damaged');
  const headerBytes = Buffer.alloc(len);
  await fh.read(headerBytes, 0, len, start.length);
  let header: Header;
  try {
    header = JSON.parse(headerBytes.toString('utf8')) as Header;
  } catch {
    throw new BackupFileError('the backup header is damaged');
  }
  if (header.format !== 1 || header.cipher !== 'aes-256-gcm' || header.kdf?.name !== 'scrypt') {
    throw new BackupFileError(`unknown backup format ${JSON.stringify(header.format)}`);
  }
  return { header, headerBytes, offset: start.length + len };
}

/**
 * The records of a backup file, each handed on only after its chunk's tag verified. Throws
 * BackupFileError for a wrong passphrase, a damaged chunk or a file cut short.
 */
export async function* readBackup(file: string, passphrase: string): AsyncGenerator<BackupRecord> {
  const fh = await open(file, 'r');
  try {
    const { header, headerBytes, offset: start } = await readHeader(fh);
    const key = await deriveKey(passphrase, header.kdf);
    const check = Buffer.from(keyCheckOf(key), 'base64');
    const stored = Buffer.from(header.keyCheck, 'base64');
    if (stored.length !== check.length || !timingSafeEqual(stored, check)) {
      throw new BackupFileError('wrong passphrase for this backup');
    }
    const headerHash = createHash('sha256').update(headerBytes).digest();
    const prefix = Buffer.from(header.noncePrefix, 'base64');
    const size = (await fh.stat()).size;
    let offset = start;
    let chunkNo = 0;
    let buffered: Buffer = Buffer.alloc(0);
    for (let last = false; !last;) {
      const lenBuf = Buffer.alloc(4);
      if ((await fh.read(lenBuf, 0, 4, offset)).bytesRead < 4)
        throw new BackupFileError('the backup file is cut short');
      const len = lenBuf.readUInt32BE(0);
      if (len > CHUNK || offset + 4 + len + TAG > size)
        throw new BackupFileError('the backup file is cut short or damaged');
      const body = Buffer.alloc(len + TAG);
      await fh.read(body, 0, body.length, offset + 4);
      offset += 4 + body.length;
      last = offset === size;
      const decipher = createDecipheriv('aes-256-gcm', key, nonce(prefix, chunkNo));
      decipher.setAAD(aad(headerHash, last));
      decipher.setAuthTag(body.subarray(len));
      let plain: Buffer;
      try {
        plain = Buffer.concat([decipher.update(body.subarray(0, len)), decipher.final()]);
      } catch {
        throw new BackupFileError(`the backup file is damaged or cut short (chunk ${chunkNo})`);
      }
      chunkNo++;
      buffered = buffered.length ? Buffer.concat([buffered, plain]) : plain;
      // hand on every whole record in what is decrypted so far
      let at = 0;
      while (buffered.length - at >= 5) {
        const type = buffered.readUInt8(at);
        const n = buffered.readUInt32BE(at + 1);
        if (buffered.length - at - 5 < n) break;
        const payload = buffered.subarray(at + 5, at + 5 + n);
        at += 5 + n;
        if (type === REC_JSON) yield { type: 'json', value: JSON.parse(payload.toString('utf8')) as JsonRecord };
        else if (type === REC_DATA) yield { type: 'data', value: Buffer.from(payload) };
        else throw new BackupFileError(`unknown record type ${type}`);
      }
      buffered = buffered.subarray(at);
    }
    if (buffered.length) throw new BackupFileError('the backup file ends inside a record');
  } finally {
    await fh.close();
  }
}
