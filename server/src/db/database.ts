import pg from 'pg';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config.js';
import { installJobSchema } from '../jobs/job-queue.js';
import { ensureAppRole } from './app-role.js';
import { createDataSource } from './data-source.js';
import type { EmbeddedDatabase } from './embedded-postgres.js';
import { CountingLogger } from './query-counter.js';

export interface Log {
  error(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

export interface OpenDatabase {
  dataSource: DataSource;
  embedded?: EmbeddedDatabase;
  close(): Promise<void>;
}

export const APP_DATABASE = 'jukinet';

/**
 * Connects to DATABASE_URL, or starts the embedded PostgreSQL in DATA_DIR when it is unset, and
 * brings the schema up to date with the migrations.
 */
export async function openDatabase(
  config: AppConfig,
  log: Log,
  opts: { shareRunning?: boolean; appRoleKey?: Buffer } = {},
): Promise<OpenDatabase> {
  let url = config.databaseUrl;
  let embedded: EmbeddedDatabase | undefined;
  if (!url && opts.shareRunning) {
    // A tool next to a running server uses that server's embedded PostgreSQL.
    const { runningEmbeddedUrl } = await import('./embedded-postgres.js');
    const running = await runningEmbeddedUrl(config.dataDir, config.embeddedPgPort);
    if (running) url = await ensureDatabase(running, APP_DATABASE);
  }
  if (!url) {
    log.info({ dataDir: config.dataDir, port: config.embeddedPgPort }, 'no DATABASE_URL: starting embedded PostgreSQL');
    // Loaded only when needed: the package installs exit hooks of its own (see main.ts).
    const { startEmbeddedPostgres } = await import('./embedded-postgres.js');
    embedded = await startEmbeddedPostgres({
      dataDir: config.dataDir,
      port: config.embeddedPgPort,
      log: (line) => log.debug({ pg: line }, 'embedded postgres'),
      notice: (line) => log.warn({}, line),
    });
    url = await ensureDatabase(embedded.adminUrl, APP_DATABASE);
  }
  const settings = {
    statementTimeoutMs: config.statementTimeoutMs,
    poolSize: config.poolSize,
    logger: new CountingLogger(log),
  };
  let dataSource = createDataSource({ url, ...settings });
  try {
    await dataSource.initialize();
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (applied.length) log.info({ migrations: applied.map((m) => m.name) }, 'migrations applied');
    // graphile-worker's schema for the durable jobs, installed or upgraded by the owner too
    await installJobSchema(url, log);
    if (opts.appRoleKey) {
      // Migrations ran as the owner; the application itself runs as a role of few rights (app-role.ts).
      const role = await ensureAppRole(url, opts.appRoleKey, config.statementTimeoutMs);
      if (role) {
        await dataSource.destroy();
        dataSource = createDataSource({ url: role.url, ...settings, installExtensions: false });
        await dataSource.initialize();
        log.info({ role: role.role }, 'connected as the application role');
      } else {
        log.warn(
          {},
          'the database role may not create roles: the application runs as the owner, and only a trigger keeps the audit trail append-only',
        );
      }
    }
  } catch (e) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded?.stop();
    throw e;
  }
  return {
    dataSource,
    embedded,
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await embedded?.stop();
    },
  };
}

/** Creates the database on the server behind adminUrl if missing; returns its URL. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}
