// npm run oplog:import -- <file.csv|file.ndjson> --source NAME [--from-start] [--chunk-lines 100000]
// The operation records of a file into the history (A20, docs/oplog.md), with progress on stderr
// (rows/s, ETA). Resumable: run it again after a kill, it goes on after the last line stored.
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { AuditTrailService } from '../src/modules/audit-trail/index.js';
import { OplogIngestService, importFile, type ImportProgress } from '../src/modules/oplog/index.js';
import { SYSTEM_META, AuditedWrites } from '../src/shared/audited.js';
import { loadOrCreateSecrets } from '../src/shared/secrets.js';

const { values: a, positionals } = parseArgs({
  args: process.argv.slice(2).filter((x) => x !== '--'),
  allowPositionals: true,
  options: {
    source: { type: 'string' },
    'from-start': { type: 'boolean' },
    'chunk-lines': { type: 'string' },
    format: { type: 'string' },
  },
});
const file = positionals[0];
if (!file || !a.source) {
  console.error('oplog:import: npm run oplog:import -- <file> --source NAME [--from-start] [--chunk-lines N]');
  process.exit(2);
}
const format = a.format === 'ndjson' || /\.(nd)?jsonl?$/i.test(file) ? 'ndjson' : 'csv';
const chunkLines = Number(a['chunk-lines'] ?? 100_000);

const config = loadConfig();
const secrets = await loadOrCreateSecrets(config.secretsDir);
const db = await openDatabase(config, pino({ level: 'warn' }), { shareRunning: true });
const started = Date.now();
const clock = (s: number) =>
  `${Math.floor(s / 3600)}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(Math.floor(s) % 60).padStart(2, '0')}`;
let shown = 0;
const show = (p: ImportProgress, final = false) => {
  const now = Date.now();
  if (!final && now - shown < 500) return;
  shown = now;
  const secs = Math.max((now - started) / 1000, 0.001);
  const rate = Math.round((p.line - p.skipped) / secs);
  const share = p.bytesTotal ? p.bytesRead / p.bytesTotal : 1;
  const eta = share > 0 && share < 1 ? clock((secs / share) * (1 - share)) : '0:00:00';
  process.stderr.write(
    `\r${(share * 100).toFixed(1)}%  ${p.line.toLocaleString()} 行  ${rate.toLocaleString()} 行/秒  残り ${eta}  ` +
      `登録 ${p.stored.toLocaleString()}  重複 ${p.duplicates.toLocaleString()}  不正 ${p.refused.toLocaleString()}` +
      (p.skipped ? `  既登録で飛ばした行 ${p.skipped.toLocaleString()}` : '') +
      (final ? '\n' : ''),
  );
};
let code = 0;
try {
  const audit = new AuditTrailService(db.dataSource, secrets.auditChainKey);
  const ingest = new OplogIngestService(
    db.dataSource,
    new AuditedWrites(db.dataSource, audit),
    secrets.oplogTargetKey,
    { maxBytes: config.oplog.batchMaxBytes, statementTimeoutMs: config.oplog.batchTimeoutMs },
    () => new Date(),
  );
  const p = await importFile(ingest, {
    file,
    sourceId: a.source,
    format,
    chunkLines,
    fromStart: a['from-start'],
    meta: SYSTEM_META,
    progress: (x) => show(x),
  });
  show(p, true);
  console.log(
    JSON.stringify({
      source: a.source,
      lines: p.line,
      stored: p.stored,
      duplicates: p.duplicates,
      refused: p.refused,
      skipped: p.skipped,
      refusedLines: p.refusedLines.slice(0, 100),
    }),
  );
} catch (e) {
  console.error(`\noplog:import: ${(e as Error).message}`);
  code = 1;
} finally {
  await db.close();
}
process.exit(code);
