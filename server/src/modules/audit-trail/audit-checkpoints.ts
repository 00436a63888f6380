// Checkpoints kept outside the database (hardening §3): a daily job verifies the trail from the last
// checkpoint on and writes the chains' heads, signed with the server's audit key (Ed25519), to a file
// in AUDIT_CHECKPOINT_DIR and, when AUDIT_CHECKPOINT_URL is set, POSTs the same signed copy there.
// Whoever owns the database can then no longer delete the newest entries or a whole chain unnoticed:
// `npm run audit:verify` compares with the latest checkpoint file by default.
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { KeyObject } from 'node:crypto';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { JobDefinition } from '../../shared/module.js';
import {
  signCheckpoint,
  verifyAuditTrailWithHeads,
  type AuditCheckpoint,
  type AuditVerificationWithHeads,
} from './audit-verify.js';

// the time to the millisecond (two checkpoints in one second are two files); older files: to the second
const FILE = /^audit-checkpoint-(\d{8}T\d{6}(\d{3})?Z)\.json$/;

/** The newest checkpoint file of the directory (by the time in its name), or null when there is none. */
export async function latestCheckpoint(dir: string): Promise<{ file: string; checkpoint: AuditCheckpoint } | null> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  const newest = names
    .filter((n) => FILE.test(n))
    .sort()
    .at(-1);
  if (!newest) return null;
  const file = path.join(dir, newest);
  return { file, checkpoint: JSON.parse(await readFile(file, 'utf8')) as AuditCheckpoint };
}

/** Writes the checkpoint to a new file (whole or not at all: written aside, then renamed). */
export async function saveCheckpoint(dir: string, cp: AuditCheckpoint): Promise<string> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const stamp = cp.createdAt.replace(/[-:]/g, '').replace(/\.(\d{3})\d*Z$/, '$1Z');
  const file = path.join(dir, `audit-checkpoint-${stamp}.json`);
  await writeFile(`${file}.tmp`, `${JSON.stringify(cp, null, 2)}\n`, { mode: 0o600 });
  await rename(`${file}.tmp`, file);
  return file;
}

export interface CheckpointDeps {
  ds: DataSource;
  chainKey: Buffer;
  signingKey: KeyObject;
  publicKey: KeyObject;
  dir: string;
  /** where to POST a signed copy (an API client that keeps it), or null */
  url: string | null;
  log: Logger;
  now: () => Date;
}

/** Verifies the trail from the latest checkpoint on (every entry when there is none). */
export async function verifySinceLatest(
  d: Pick<CheckpointDeps, 'ds' | 'chainKey' | 'publicKey' | 'dir'>,
): Promise<AuditVerificationWithHeads> {
  const latest = await latestCheckpoint(d.dir);
  return verifyAuditTrailWithHeads(d.ds, { chainKey: d.chainKey, trustedKey: d.publicKey, from: latest?.checkpoint });
}

/**
 * Verifies incrementally, then writes a checkpoint of what it verified. A trail that does not
 * verify gets no new checkpoint (the job fails, and is logged): a checkpoint vouches only for
 * chains found intact.
 */
export async function writeCheckpoint(d: CheckpointDeps): Promise<{ file: string; checkpoint: AuditCheckpoint }> {
  const report = await verifySinceLatest(d);
  if (!report.ok) {
    const first = report.problems[0];
    throw new Error(
      `audit trail does not verify (${report.problems.length} problem(s), first: ${first.kind} ${first.stream} ${first.seq ?? '-'}): no checkpoint written; run npm run audit:verify`,
    );
  }
  const checkpoint = signCheckpoint(
    { createdAt: d.now().toISOString(), heads: report.heads },
    d.signingKey,
    d.publicKey,
  );
  const file = await saveCheckpoint(d.dir, checkpoint);
  d.log.info(
    { file, streams: checkpoint.heads.length, entriesChecked: report.entriesChecked },
    'audit checkpoint written',
  );
  if (d.url) {
    const res = await fetch(d.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(checkpoint),
      signal: AbortSignal.timeout(30_000),
    });
    if (!res.ok) throw new Error(`audit checkpoint written to ${file}, but ${d.url} answered ${res.status}`);
  }
  return { file, checkpoint };
}

/** Every day at 00:00 in Tokyo (15:00 UTC). */
export function checkpointJobs(d: Omit<CheckpointDeps, 'now' | 'log'> & { log: Logger }): JobDefinition[] {
  return [
    {
      name: 'auditTrail.checkpoint',
      cron: '0 15 * * *',
      run: async (_payload, ctx) => {
        await writeCheckpoint({ ...d, log: ctx.log, now: () => ctx.now });
      },
    },
  ];
}
