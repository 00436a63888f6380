// The verification itself: recompute every chain, compare with the stream heads, and optionally
// with a signed checkpoint exported earlier. It runs in a worker thread (audit-verify.worker.ts) on
// a connection of its own; audit-verify.ts starts it. Imports nothing heavier than node:crypto.
import { createPublicKey, sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { canonicalJson, entryHash, GENESIS_HASH, type HashedFields } from './audit-hash.js';

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
  /** the checkpoint an incremental verification started from (its createdAt); absent for a full one */
  since?: string;
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

/** entries read per query: what the worker holds in memory at a time, whatever the trail's size */
const BATCH = 2000;

/** Problems listed per stream at most (the first ones); the count of all is still reported as not ok. */
const MAX_PROBLEMS_PER_STREAM = 50;

export interface AuditVerificationWithHeads extends AuditVerification {
  /** the last entry verified of each stream: what a new checkpoint may vouch for */
  heads: { stream: string; seq: number; hash: string }[];
}

/** What the chain walk reads with: the worker's own pg connection (rows as pg returns them). */
export interface SqlReader {
  query<T>(sql: string, params: unknown[]): Promise<T[]>;
}

export interface ChainCheckOptions {
  chainKey: Buffer;
  checkpoint?: AuditCheckpoint;
  trustedKey?: KeyObject;
  from?: AuditCheckpoint;
  /** entries checked so far, stored after each batch (Atomics) for whoever shares the buffer */
  progress?: Int32Array;
}

/** An entry as read back: the hashed fields (all present), its id and its place in the chain. */
interface Row extends Required<HashedFields> {
  id: string;
  prevHash: string;
  hash: string;
}

/**
 * Recomputes every chain (after `from`'s heads when it is given and trusted). Every problem is
 * named (up to 50 per stream), not only the first: an edit and a deletion in the same stream both
 * show. Reads the trail in keyset batches of 2,000 (no transaction held open), so memory stays
 * bounded however long the trail is.
 */
export async function checkChains(db: SqlReader, opts: ChainCheckOptions): Promise<AuditVerificationWithHeads> {
  const { chainKey, checkpoint, trustedKey, progress } = opts;
  const problems: AuditProblem[] = [];
  const perStream = new Map<string, number>();
  const report = (p: AuditProblem) => {
    const n = (perStream.get(p.stream) ?? 0) + 1;
    perStream.set(p.stream, n);
    if (n <= MAX_PROBLEMS_PER_STREAM) problems.push(p);
  };
  const tellProgress = (n: number) => {
    if (!progress) return;
    Atomics.store(progress, 0, n);
    Atomics.notify(progress, 0);
  };
  let from = opts.from;
  if (from && !(await checkAgainst(db, from, problems, trustedKey))) from = undefined;
  const last = new Map<string, { seq: number; hash: string }>();
  for (const h of from?.heads ?? []) last.set(h.stream, { seq: h.seq, hash: h.hash });
  const startStreams = [...last.keys()];
  const startSeqs = startStreams.map((s) => last.get(s)!.seq);
  let checked = 0;
  let cursor: [string, number] = ['', -1];
  for (;;) {
    const rows = await db.query<Row>(
      `SELECT e.id::text AS id, e.stream, e.seq, e."occurredAt", e."actorType", e."actorId", e.action,
              e."targetType", e."targetId", e.outcome, e.reason, e.changes, e."requestId", e."clientRequestId",
              e."clientAddress", e."hashVersion", e.txid::text AS txid, e."prevHash", e.hash
         FROM audit_entry e
         LEFT JOIN unnest($3::text[], $4::int[]) AS cp(stream, seq) ON cp.stream = e.stream
        WHERE (e.stream, e.seq) > ($1, $2) AND e.seq > COALESCE(cp.seq, 0)
        ORDER BY e.stream, e.seq
        LIMIT ${BATCH}`,
      [...cursor, startStreams, startSeqs],
    );
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
    tellProgress(checked);
    if (rows.length < BATCH) break;
    const tail = rows[rows.length - 1];
    cursor = [tail.stream, tail.seq];
  }

  const heads = await db.query<{ stream: string; seq: number; hash: string }>(
    `SELECT stream, seq, hash FROM audit_stream_head ORDER BY stream`,
    [],
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

  if (checkpoint) await checkAgainst(db, checkpoint, problems, trustedKey);
  return {
    ok: problems.length === 0,
    entriesChecked: checked,
    streams: last.size,
    problems,
    heads: [...last]
      .map(([stream, l]) => ({ stream, seq: l.seq, hash: l.hash }))
      .sort((a, b) => (a.stream < b.stream ? -1 : 1)),
    ...(from ? { since: from.createdAt } : {}),
  };
}

/** Checks the checkpoint's signature and that every entry it vouches for is still there, unchanged. false: not trusted. */
async function checkAgainst(
  db: SqlReader,
  cp: AuditCheckpoint,
  problems: AuditProblem[],
  trustedKey: KeyObject | undefined,
): Promise<boolean> {
  const signatureProblem = (detail: string) => {
    problems.push({ kind: AuditProblemKind.CHECKPOINT_SIGNATURE, stream: '*', seq: null, entryId: null, detail });
    return false;
  };
  let key: KeyObject;
  try {
    key = trustedKey ?? createPublicKey({ key: Buffer.from(cp.publicKey, 'base64'), format: 'der', type: 'spki' });
  } catch {
    return signatureProblem('the checkpoint’s public key is malformed');
  }
  if (trustedKey && cp.publicKey !== trustedKey.export({ type: 'spki', format: 'der' }).toString('base64')) {
    return signatureProblem('signed by another key than this server’s audit key');
  }
  if (!verify(null, Buffer.from(signedPart(cp)), key, Buffer.from(cp.signature, 'base64'))) {
    return signatureProblem('signature does not verify');
  }
  const rows = await db.query<{
    stream: string;
    seq: number;
    id: string | null;
    hash: string | null;
    newest: number | null;
  }>(
    `SELECT cp.stream, cp.seq, e.id::text AS id, trim(e.hash) AS hash,
              (SELECT max(seq) FROM audit_entry x WHERE x.stream = cp.stream) AS newest
         FROM unnest($1::text[], $2::int[]) AS cp(stream, seq)
         LEFT JOIN audit_entry e ON e.stream = cp.stream AND e.seq = cp.seq`,
    [cp.heads.map((h) => h.stream), cp.heads.map((h) => h.seq)],
  );
  const wanted = new Map(cp.heads.map((h) => [`${h.stream}\u0000${h.seq}`, h.hash]));
  for (const row of rows) {
    const hash = wanted.get(`${row.stream}\u0000${row.seq}`);
    if (row.id && row.hash === hash) continue;
    problems.push({
      kind: AuditProblemKind.CHECKPOINT_MISMATCH,
      stream: row.stream,
      seq: row.seq,
      entryId: row.id,
      detail: row.id
        ? 'entry differs from the checkpoint'
        : row.newest === null
          ? 'entry vouched for by the checkpoint is missing: the whole chain was deleted'
          : `entry vouched for by the checkpoint is missing (truncated): the chain ends at ${row.newest}, the checkpoint says ${row.seq}`,
    });
  }
  return true;
}

function signedPart(cp: Pick<AuditCheckpoint, 'createdAt' | 'heads'>): string {
  return canonicalJson({ createdAt: cp.createdAt, heads: cp.heads });
}

/** Signs a statement of chain heads with the server's audit key (Ed25519). */
export function signCheckpoint(
  body: Pick<AuditCheckpoint, 'createdAt' | 'heads'>,
  signingKey: KeyObject,
  publicKey: KeyObject,
): AuditCheckpoint {
  return {
    ...body,
    publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    signature: sign(null, Buffer.from(signedPart(body)), signingKey).toString('base64'),
  };
}
