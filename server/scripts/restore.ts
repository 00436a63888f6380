// npm run restore -- <file>            into DATABASE_URL (an empty database, as its owner), or into
//                                       the embedded PostgreSQL of DATA_DIR (new, or empty)
// npm run restore -- --check <file>     only decrypts and checks the file against its manifest
// The secrets go to SECRETS_DIR (empty, or holding the same keys). Exit 0 when restored and the
// audit chains verify, 2 when they do not, 1 when nothing was restored.
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { APP_DATABASE, ensureDatabase } from '../src/db/database.js';
import { checkBackup, restoreBackup } from '../src/modules/backup/index.js';
import { passphrase } from './passphrase.js';

const { values, positionals } = parseArgs({
  args: process.argv.slice(2).filter((x) => x !== '--'),
  options: { check: { type: 'boolean' } },
  allowPositionals: true,
});
const file = positionals[0];
if (!file) {
  console.error('usage: npm run restore -- [--check] <backup file>');
  process.exit(2);
}
const config = loadConfig();
const secret = await passphrase(config.backup.passphrase, { confirm: false });
let code = 0;
let stop: (() => Promise<void>) | undefined;
try {
  if (values.check) {
    const m = await checkBackup(file, secret);
    for (const t of m.tables) console.log(`  ${t.table}: ${t.rows} rows`);
    console.log(
      `OK: the backup of ${m.createdAt} is whole (${m.tables.length} tables, ${m.secrets.length} secret files)`,
    );
  } else {
    let url = config.databaseUrl;
    if (!url) {
      const { runningEmbeddedUrl, startEmbeddedPostgres } = await import('../src/db/embedded-postgres.js');
      if (await runningEmbeddedUrl(config.dataDir, config.embeddedPgPort)) {
        throw new Error(
          `a server is running with DATA_DIR ${config.dataDir}: stop it, and restore into a new DATA_DIR`,
        );
      }
      const embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort });
      stop = () => embedded.stop();
      url = await ensureDatabase(embedded.adminUrl, APP_DATABASE);
    }
    const r = await restoreBackup({
      file,
      passphrase: secret,
      databaseUrl: url,
      secretsDir: config.secretsDir,
      log: (line) => console.log(`  ${line}`),
    });
    console.log(
      `restored the backup of ${r.createdAt}: ${r.tables.length} tables, ${r.tables.reduce((n, t) => n + t.rows, 0)} rows`,
    );
    console.log(
      r.audit.ok
        ? `OK: the audit trail verifies (${r.audit.entriesChecked} entries)`
        : `FAILED: the audit trail has ${r.audit.problems} problem(s): run npm run audit:verify`,
    );
    code = r.audit.ok ? 0 : 2;
  }
} catch (e) {
  console.error(`restore failed: ${e instanceof Error ? e.message : String(e)}`);
  code = 1;
} finally {
  await stop?.();
}
process.exit(code);
