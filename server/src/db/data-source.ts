import { DataSource } from 'typeorm';
import { entities } from '../composition/entities.js';
import { migrations } from './migrations/index.js';
import { CountingLogger } from './query-counter.js';

export interface DataSourceOptions {
  url: string;
  statementTimeoutMs?: number;
  poolSize?: number;
  logger?: CountingLogger;
  /** false for the application role, which may not create extensions (migrations did) */
  installExtensions?: boolean;
  /** the migrations it knows (default: all); a restore builds the schema of an older backup first */
  migrations?: typeof migrations;
}

/** The application's connection pool. synchronize stays off: the schema comes from migrations. */
export function createDataSource(opts: DataSourceOptions): DataSource {
  const logger = opts.logger ?? new CountingLogger();
  return new DataSource({
    type: 'postgres',
    url: opts.url,
    entities,
    migrations: opts.migrations ?? migrations,
    migrationsTableName: 'typeorm_migrations',
    synchronize: false,
    migrationsRun: false,
    uuidExtension: 'pgcrypto',
    installExtensions: opts.installExtensions ?? true,
    logging: ['query', 'error', 'migration'],
    maxQueryExecutionTime: 1000,
    logger,
    poolSize: opts.poolSize ?? 10,
    extra: {
      application_name: 'jukinet',
      statement_timeout: opts.statementTimeoutMs ?? 15_000,
    },
  });
}

/** The URL a data source connects with, so that another pool (the job queue) runs as the same role. */
export function urlOf(ds: DataSource): string {
  const url = (ds.options as { url?: string }).url;
  if (!url) throw new Error('the data source was made without a url');
  return url;
}

export function countingLogger(ds: DataSource): CountingLogger {
  return ds.logger as CountingLogger;
}
