// Verification of the audit trail: recompute every chain, compare with the stream heads, and
// optionally with a signed checkpoint exported earlier. Names the first broken entry of each stream.
import { createPublicKey, sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AuditEntry } from './audit-entry.entity.js';
import { canonicalJson, entryHash, GENESIS_HASH } from './audit-hash.js';

export enum AuditProblemKind {
  /** the entry's content no longer matches its hash: it was edited */
  HASH_MISMATCH = 'HASH_MISMATCH',
  /** the entry does not follow the previous one: an entry before it was removed or replaced */
  CHAIN_BROKEN = 'CHAIN_BROKEN',
  /** sequence numbers jump: entries were deleted */
  SEQ_GAP = 'SEQ_GAP',
  /** the stream's recorded head is not its last entry: newest entries were removed */
  HEAD_MISMATCH = 'HEAD_MISMATCH',
  /** an entry the checkpoint vouched for is missing or different */
  CHECKPOINT_MISMATCH = 'CHECKPOINT_MISMATCH',
  /** the checkpoint's signature does not verify */
  CHECKPOINT_SIGNATURE = 'CHECKPOINT_SIGNATURE',
}

export interface AuditProblem {
  kind: AuditProblemKind;
  stream: string;
  seq: number | null;
  entryId: string | null;
  detail: string;
}

export interface AuditVerification {
  ok: boolean;
  entriesChecked: number;
  streams: number;
  problems: AuditProblem[];
}

export interface AuditCheckpoint {
  createdAt: string;
  heads: { stream: string; seq: number; hash: string }[];
  publicKey: string;
  signature: string;
}

const BATCH = 5000;

/** Problems listed per stream at most (the first ones); the count of all is still reported as not ok. */
const MAX_PROBLEMS_PER_STREAM = 50;

/**
 * Recomputes every chain. Every problem is named (up to 50 per stream), not only the first: an
 * edit and a deletion in the same stream both show. A checkpoint is trusted only when it was signed
 * by `trustedKey` (this server's audit key): anyone can sign a checkpoint of a forged history.
 */
export interface VerifyOptions {
  /** the audit chain key (SECRETS_DIR/audit-chain.key) */
  chainKey: Buffer;
  checkpoint?: AuditCheckpoint;
  /** this server's audit public key: only checkpoints it signed are trusted */
  trustedKey?: KeyObject;
}

export async function verifyAuditTrail(ds: DataSource, opts: VerifyOptions): Promise<AuditVerification> {
  const { chainKey, checkpoint, trustedKey } = opts;
  const problems: AuditProblem[] = [];
  const perStream = new Map<string, number>();
  const report = (p: AuditProblem) => {
    const n = (perStream.get(p.stream) ?? 0) + 1;
    perStream.set(p.stream, n);
    if (n <= MAX_PROBLEMS_PER_STREAM) problems.push(p);
  };
  const last = new Map<string, { seq: number; hash: string }>();
  let checked = 0;
  let cursor = { stream: '', seq: -1 };
  for (;;) {
    const rows: AuditEntry[] = await ds
      .getRepository(AuditEntry)
      .createQueryBuilder('e')
      .addSelect('e.txid')
      .where('(e.stream, e.seq) > (:stream, :seq)', cursor)
      .orderBy('e.stream', 'ASC')
      .addOrderBy('e.seq', 'ASC')
      .limit(BATCH)
      .getMany();
    for (const e of rows) {
      checked++;
      const prev = last.get(e.stream) ?? { seq: 0, hash: GENESIS_HASH };
      const at = { stream: e.stream, seq: e.seq, entryId: e.id };
      if (e.seq !== prev.seq + 1) {
        report({ kind: AuditProblemKind.SEQ_GAP, ...at, detail: `entries ${prev.seq + 1}–${e.seq - 1} are missing` });
      } else if (e.prevHash !== prev.hash) {
        report({ kind: AuditProblemKind.CHAIN_BROKEN, ...at, detail: 'prevHash does not match the previous entry' });
      }
      if (entryHash(chainKey, e.prevHash, e) !== e.hash) {
        report({ kind: AuditProblemKind.HASH_MISMATCH, ...at, detail: 'content does not match its hash (edited)' });
      }
      last.set(e.stream, { seq: e.seq, hash: e.hash });
    }
    if (rows.length < BATCH) break;
    const tail = rows[rows.length - 1];
    cursor = { stream: tail.stream, seq: tail.seq };
  }

  const heads: { stream: string; seq: number; hash: string }[] = await ds.query(
    `SELECT stream, seq, hash FROM audit_stream_head ORDER BY stream`,
  );
  for (const h of heads) {
    const l = last.get(h.stream);
    if (h.seq === 0 && !l) continue;
    if (!l || l.seq !== h.seq || l.hash !== h.hash) {
      report({
        kind: AuditProblemKind.HEAD_MISMATCH,
        stream: h.stream,
        seq: h.seq,
        entryId: null,
        detail: `head says entry ${h.seq}, last stored entry is ${l?.seq ?? 'none'}`,
      });
    }
  }

  const headed = new Set(heads.map((h) => h.stream));
  for (const [stream, l] of last) {
    if (!headed.has(stream)) {
      report({
        kind: AuditProblemKind.HEAD_MISMATCH,
        stream,
        seq: l.seq,
        entryId: null,
        detail: 'the stream has entries but no head row',
      });
    }
  }

  if (checkpoint) await checkAgainst(ds, checkpoint, problems, trustedKey);
  return { ok: problems.length === 0, entriesChecked: checked, streams: last.size, problems };
}

async function checkAgainst(
  ds: DataSource,
  cp: AuditCheckpoint,
  problems: AuditProblem[],
  trustedKey: KeyObject | undefined,
): Promise<void> {
  const signatureProblem = (detail: string) =>
    problems.push({ kind: AuditProblemKind.CHECKPOINT_SIGNATURE, stream: '*', seq: null, entryId: null, detail });
  let key: KeyObject;
  try {
    key = trustedKey ?? createPublicKey({ key: Buffer.from(cp.publicKey, 'base64'), format: 'der', type: 'spki' });
  } catch {
    signatureProblem('the checkpoint’s public key is malformed');
    return;
  }
  if (trustedKey && cp.publicKey !== trustedKey.export({ type: 'spki', format: 'der' }).toString('base64')) {
    signatureProblem('signed by another key than this server’s audit key');
    return;
  }
  if (!verify(null, Buffer.from(signedPart(cp)), key, Buffer.from(cp.signature, 'base64'))) {
    signatureProblem('signature does not verify');
    return;
  }
  for (const h of cp.heads) {
    const [row] = (await ds.query(`SELECT id, hash FROM audit_entry WHERE stream = $1 AND seq = $2`, [
      h.stream,
      h.seq,
    ])) as {
      id: string;
      hash: string;
    }[];
    if (!row || row.hash.trim() !== h.hash) {
      problems.push({
        kind: AuditProblemKind.CHECKPOINT_MISMATCH,
        stream: h.stream,
        seq: h.seq,
        entryId: row?.id ?? null,
        detail: row
          ? 'entry differs from the checkpoint'
          : 'entry vouched for by the checkpoint is missing (truncated)',
      });
    }
  }
}

function signedPart(cp: Pick<AuditCheckpoint, 'createdAt' | 'heads'>): string {
  return canonicalJson({ createdAt: cp.createdAt, heads: cp.heads });
}

/** A signed statement of every chain's head, to keep outside the system (Ed25519). */
export async function createCheckpoint(
  ds: DataSource,
  signingKey: KeyObject,
  publicKey: KeyObject,
): Promise<AuditCheckpoint> {
  const heads: { stream: string; seq: number; hash: string }[] = await ds.query(
    `SELECT stream, seq, trim(hash) AS hash FROM audit_stream_head WHERE seq > 0 ORDER BY stream`,
  );
  const body = { createdAt: new Date().toISOString(), heads };
  return {
    ...body,
    publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    signature: sign(null, Buffer.from(signedPart(body)), signingKey).toString('base64'),
  };
}
