// npm run audit:verify [-- checkpoint.json] — verifies the audit trail's hash chains (and, given
// a checkpoint exported earlier, that nothing it vouched for was removed). Exit 0 when intact,
// 2 when a problem is found: each problem names its stream, sequence number and entry id.
import { readFile } from 'node:fs/promises';
import { pino } from 'pino';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { verifyAuditTrail, type AuditCheckpoint } from '../src/modules/audit-trail/audit-verify.js';

const file = process.argv.slice(2).find((a) => a !== '--');
const checkpoint = file ? (JSON.parse(await readFile(file, 'utf8')) as AuditCheckpoint) : undefined;
const db = await openDatabase(loadConfig(), pino({ level: 'warn' }), { shareRunning: true });
let code = 0;
try {
  const report = await verifyAuditTrail(db.dataSource, checkpoint);
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
