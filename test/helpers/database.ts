import pg from 'pg';
import type { DataSource } from 'typeorm';
import { inject } from 'vitest';
import { createDataSource } from '../../server/src/db/data-source.js';
import { CountingLogger } from '../../server/src/db/query-counter.js';

export interface TestDatabase {
  name: string;
  url: string;
  dataSource: DataSource;
  logger: CountingLogger;
  /** a raw connection as the superuser, for what the application itself must never do */
  superuser(): Promise<pg.Client>;
  drop(): Promise<void>;
}

function urlOf(adminUrl: string, name: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Runs `fn` on a connection of the test server's superuser (CREATE/DROP DATABASE, roles). */
export async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: inject('pgAdminUrl') });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** A fresh database with every migration applied (a clone of the run's template). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `jukinet_t_${Math.random().toString(36).slice(2, 10)}`;
  await admin((c) =>
    c.query(`CREATE DATABASE ${pg.escapeIdentifier(name)} TEMPLATE ${pg.escapeIdentifier(inject('pgTemplate'))}`),
  );
  const url = urlOf(inject('pgAdminUrl'), name);
  const logger = new CountingLogger();
  const dataSource = createDataSource({ url, logger });
  await dataSource.initialize();
  return {
    name,
    url,
    dataSource,
    logger,
    async superuser() {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      return c;
    },
    async drop() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await admin(async (c) => {
        await c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
        await c.query(`DROP ROLE IF EXISTS ${pg.escapeIdentifier(`${name}_app`)}`);
      });
    },
  };
}
