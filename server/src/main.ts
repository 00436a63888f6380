// Start-up: config → database (embedded when no DATABASE_URL) → migrations → demo seed → HTTP.
import 'reflect-metadata';
import type { Logger } from 'pino';
import { createApp } from './app.js';
import { ConfigError, loadConfig, type AppConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { seedDemoOplogOnce } from './db/seed/demo-oplog.js';
import { seedDemoCardsOnce } from './db/seed/demo-cards.js';
import { recordDemoAccounts, seedDemoOnce } from './db/seed/demo-seed.js';
import { seedDemoTransfersOnce } from './db/seed/demo-transfers.js';
import { createLogger } from './shared/logging.js';
import { loadOrCreateSecrets } from './shared/secrets.js';

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`設定エラー (configuration error): ${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
  const log = createLogger(config.logLevel);
  warnAboutDeployment(config, log);
  const secrets = await loadOrCreateSecrets(config.secretsDir);
  const db = await openDatabase(config, log, { appRoleKey: secrets.hmacKey });
  if (
    config.seedDemo &&
    (await seedDemoOnce(db.dataSource, { hmacKey: secrets.hmacKey, password: config.demoPassword }))
  ) {
    log.info('demo organisation seeded (first start): every demo staff member signs in with DEMO_PASSWORD');
  }
  await recordDemoAccounts(db.dataSource);
  if (config.seedDemoOplog && (await seedDemoOplogOnce(db.dataSource, secrets))) {
    log.info('demo operation history seeded: the three months before this one, the oldest reviewed');
  }
  if (config.seedDemo && config.seedDemoCards && (await seedDemoCardsOnce(db.dataSource)))
    log.info('demo operator ID cards, PIN requests and resident-card stock seeded');
  const app = await createApp(config, db.dataSource, log, secrets);
  // a transfer round goes through the app's own services (the moves, their requests, the audit)
  if (config.seedDemo && config.seedDemoCards && (await seedDemoTransfersOnce(app.services)))
    log.info('demo transfer round seeded: moves with requests open and done, one waiting for its date');

  // Shut down in order: HTTP drain, then the pool, then the embedded PostgreSQL (if any).
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    try {
      await app.close();
      await db.close();
      log.info('stopped');
      process.exit(0);
    } catch (err) {
      log.error({ err }, 'error during shutdown');
      process.exit(1);
    }
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGHUP', () => void shutdown('SIGHUP'));

  const address = await app.http.listen({ host: config.host, port: config.port });
  log.info({ address, database: config.databaseUrl ? 'DATABASE_URL' : 'embedded' }, `listening on ${address}`);
}

/** Start-up warnings about HTTPS and where the keys are (README: "HTTPS on the office LAN"). */
function warnAboutDeployment(config: AppConfig, log: Logger): void {
  if (config.secretsInsideDataDir) {
    log.warn(
      { secretsDir: config.secretsDir, dataDir: config.dataDir },
      'the keys (SECRETS_DIR) are inside DATA_DIR: a copy of DATA_DIR then holds the database and its keys together; move them (README: keys)',
    );
  }
  const loopback = /^(127\.|::1$|localhost$)/.test(config.host);
  if (!loopback && !config.tls && !config.cookieSecure) {
    log.warn(
      { host: config.host },
      'serving plain HTTP on the LAN: set TLS_CERT_FILE/TLS_KEY_FILE, or put a TLS proxy in front and set COOKIE_SECURE=true (README: HTTPS)',
    );
  }
}

main().catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`起動できませんでした (start-up failed): ${message.split('\n')[0]}\n`);
  process.exit(1);
});
