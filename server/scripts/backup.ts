// npm run backup — one encrypted file with the database (one consistent snapshot) and the secrets,
// in BACKUP_DIR (default <DATA_DIR>/backups), with a .sha256 beside it; the oldest beyond
// BACKUP_KEEP are removed. The passphrase comes from BACKUP_PASSPHRASE or is asked for.
// A server running on the same DATA_DIR keeps running: its embedded PostgreSQL is shared.
import { pino } from 'pino';
import { loadConfig } from '../src/config.js';
import { urlOf } from '../src/db/data-source.js';
import { openDatabase } from '../src/db/database.js';
import { pruneBackups, writeBackup } from '../src/modules/backup/index.js';
import { passphrase } from './passphrase.js';

const config = loadConfig();
const secret = await passphrase(config.backup.passphrase, { confirm: true });
const db = await openDatabase(config, pino({ level: 'warn' }), { shareRunning: true });
let code = 0;
try {
  const { file, sha256, manifest } = await writeBackup({
    databaseUrl: urlOf(db.dataSource),
    secretsDir: config.secretsDir,
    dir: config.backup.dir,
    passphrase: secret,
  });
  const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
  console.log(`backup written: ${file}`);
  console.log(`  ${manifest.tables.length} tables, ${rows} rows, ${manifest.secrets.length} secret files`);
  console.log(`  sha256 ${sha256} (${file}.sha256)`);
  for (const old of await pruneBackups(config.backup.dir, config.backup.keep)) console.log(`  removed old ${old}`);
  console.log('Copy it off this machine (see README: Backups). Without the passphrase it cannot be restored.');
} catch (e) {
  console.error(`backup failed: ${e instanceof Error ? e.message : String(e)}`);
  code = 1;
} finally {
  await db.close();
}
process.exit(code);
