// npm run audit:verify [-- checkpoint.json | --no-checkpoint] — verifies every entry of the audit
// trail's hash chains and compares them with a checkpoint: by default the latest file the daily job
// wrote to AUDIT_CHECKPOINT_DIR, so newest entries or whole chains deleted since are reported
// (CHECKPOINT_MISMATCH … truncated). Exit 0 when intact, 2 when a problem is found: each problem
// names its stream, sequence number and entry id.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { latestCheckpoint, verifyAuditTrail, type AuditCheckpoint } from '../src/modules/audit-trail/index.js';
import { loadOrCreateSecrets } from '../src/shared/secrets.js';

const args = process.argv.slice(2).filter((a) => a !== '--');
const config = loadConfig();
const given = args.find((a) => !a.startsWith('--'));
const latest = given || args.includes('--no-checkpoint') ? null : await latestCheckpoint(config.auditCheckpointDir);
const file = given ?? latest?.file;
const checkpoint = given ? (JSON.parse(await readFile(given, 'utf8')) as AuditCheckpoint) : latest?.checkpoint;
if (!file && !args.includes('--no-checkpoint')) {
  console.log(`no checkpoint in ${config.auditCheckpointDir}: deletions of the newest entries cannot be detected`);
}
// The chain key and the server's audit key live in SECRETS_DIR; never create them here.
if (!existsSync(path.join(config.secretsDir, 'audit-chain.key'))) {
  console.error(`no audit chain key in ${config.secretsDir}: set SECRETS_DIR to the server's secrets`);
  process.exit(1);
}
const secrets = await loadOrCreateSecrets(config.secretsDir);
const db = await openDatabase(config, pino({ level: 'warn' }), { shareRunning: true });
let code = 0;
try {
  const report = await verifyAuditTrail(db.dataSource, {
    chainKey: secrets.auditChainKey,
    checkpoint,
    trustedKey: secrets.auditPublicKey,
  });
  console.log(
    `audit trail: ${report.entriesChecked} entries in ${report.streams} streams${checkpoint ? `, checked against ${file}` : ''}`,
  );
  for (const p of report.problems) {
    console.log(`BROKEN ${p.kind} stream=${p.stream} seq=${p.seq ?? '-'} entry=${p.entryId ?? '-'}: ${p.detail}`);
  }
  console.log(report.ok ? 'OK: every chain verifies' : `FAILED: ${report.problems.length} problem(s)`);
  code = report.ok ? 0 : 2;
} finally {
  await db.close();
}
process.exit(code);
