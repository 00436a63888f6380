// The worker thread of an audit verification (hardening §3): it opens its own connection, walks
// the chains in batches and hashes every entry here, so the server's event loop (requests,
// /healthz) never waits for it. Started by verifyAuditTrailWithHeads (audit-verify.ts).
import { createPublicKey } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import pg from 'pg';
import { checkChains } from './audit-verify-chains.js';
import type { VerifyJob } from './audit-verify.js';

const job = workerData as VerifyJob;
const client = new pg.Client({
  connectionString: job.url,
  application_name: 'jukinet-audit-verify',
  statement_timeout: job.statementTimeoutMs,
});
await client.connect();
try {
  const report = await checkChains(
    { query: async (sql, params) => (await client.query(sql, params)).rows },
    {
      // a Buffer arrives as a plain Uint8Array
      chainKey: Buffer.from(job.chainKey),
      checkpoint: job.checkpoint,
      from: job.from,
      trustedKey: job.trustedKey
        ? createPublicKey({ key: Buffer.from(job.trustedKey), format: 'der', type: 'spki' })
        : undefined,
      progress: job.progress,
    },
  );
  parentPort!.postMessage(report);
} finally {
  // before the thread ends: the caller resolves on exit, when this connection is gone
  await client.end();
}
