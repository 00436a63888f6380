// Verification of the audit trail, off the event loop (hardening §3): each verification runs in a
// worker thread (audit-verify.worker.ts) that reads the trail with a connection of its own and
// hashes there, so /healthz and every other request go on at full speed meanwhile (bench:
// `npm run bench -- --only=verify`). The checks themselves are in audit-verify-chains.ts.
import type { KeyObject } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { startWorker } from '../../shared/worker-thread.js';
import {
  signCheckpoint,
  type AuditCheckpoint,
  type AuditVerification,
  type AuditVerificationWithHeads,
} from './audit-verify-chains.js';

export {
  AuditProblemKind,
  signCheckpoint,
  type AuditCheckpoint,
  type AuditProblem,
  type AuditVerification,
  type AuditVerificationWithHeads,
} from './audit-verify-chains.js';

/**
 * A checkpoint is trusted only when it was signed by `trustedKey` (this server's audit key): anyone
 * can sign a checkpoint of a forged history.
 */
export interface VerifyOptions {
  /** the audit chain key (SECRETS_DIR/audit-chain.key) */
  chainKey: Buffer;
  /** compare with this checkpoint too: every entry it vouches for must still be there, unchanged */
  checkpoint?: AuditCheckpoint;
  /** this server's audit public key: only checkpoints it signed are trusted */
  trustedKey?: KeyObject;
  /**
   * Verify incrementally: only the entries after this checkpoint's heads (which must still be
   * there, unchanged). Its signature is checked with trustedKey; when it does not verify, every
   * entry is checked.
   */
  from?: AuditCheckpoint;
  /**
   * On a SharedArrayBuffer: the worker stores the number of entries checked so far at index 0
   * after each batch (Atomics.store, then Atomics.notify), readable while this thread is busy.
   */
  progress?: Int32Array;
}

/** What the worker gets (structured clone): the data source's URL, not the data source. */
export interface VerifyJob {
  url: string;
  statementTimeoutMs: number | undefined;
  chainKey: Buffer;
  checkpoint?: AuditCheckpoint;
  /** SPKI DER of the trusted key */
  trustedKey?: Buffer;
  from?: AuditCheckpoint;
  progress?: Int32Array;
}

/**
 * Verifications running at once in this process: each is a thread and a database connection, so
 * many auditors' requests (or one auditor's many) queue here instead of exhausting connections.
 */
const MAX_RUNNING = 2;
let running = 0;
const waiting: (() => void)[] = [];

/** Recomputes every chain, in a worker thread. See VerifyOptions. */
export async function verifyAuditTrail(ds: DataSource, opts: VerifyOptions): Promise<AuditVerification> {
  const report: Partial<AuditVerificationWithHeads> = await verifyAuditTrailWithHeads(ds, opts);
  delete report.heads;
  return report as AuditVerification;
}

/** verifyAuditTrail, and the last entry verified of each stream (for a new checkpoint). */
export async function verifyAuditTrailWithHeads(
  ds: DataSource,
  opts: VerifyOptions,
): Promise<AuditVerificationWithHeads> {
  // the data source's own settings (db/data-source.ts), read here: importing it would make a cycle
  const { url, extra } = ds.options as { url?: string; extra?: { statement_timeout?: number } };
  if (!url) throw new Error('the data source was made without a url');
  const job: VerifyJob = {
    url,
    statementTimeoutMs: extra?.statement_timeout,
    chainKey: opts.chainKey,
    checkpoint: opts.checkpoint,
    trustedKey: opts.trustedKey?.export({ type: 'spki', format: 'der' }),
    from: opts.from,
    progress: opts.progress,
  };
  if (running >= MAX_RUNNING) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await runWorker(job);
  } finally {
    running--;
    waiting.shift()?.();
  }
}

function runWorker(job: VerifyJob): Promise<AuditVerificationWithHeads> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(new URL('./audit-verify.worker.js', import.meta.url), { workerData: job });
    let report: AuditVerificationWithHeads | undefined;
    let failure: unknown;
    worker.on('message', (m: AuditVerificationWithHeads) => (report = m));
    worker.on('error', (e) => (failure = e));
    // settled on exit, once the worker's connection is closed (a database can be dropped right after)
    worker.on('exit', (code) => {
      if (report) resolve(report);
      else reject(failure ?? new Error(`the audit verification worker stopped with code ${code}`));
    });
  });
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
  return signCheckpoint({ createdAt: new Date().toISOString(), heads }, signingKey, publicKey);
}
