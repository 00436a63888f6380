import { pino } from 'pino';
import { createApp, type App } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/config.js';
import { seedDemoOnce } from '../../server/src/db/seed/demo-seed.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export interface TestApp {
  app: App;
  db: TestDatabase;
  close(): Promise<void>;
}

/** The real application (schema, plugins, HTTP) on a fresh database, seeded with the demo office unless told not to. */
export async function startTestApp(opts: { seed?: boolean; env?: Record<string, string> } = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  if (opts.seed !== false) await seedDemoOnce(db.dataSource);
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: db.url, ...opts.env });
  const app = await createApp(config, db.dataSource, pino({ level: 'silent' }));
  return {
    app,
    db,
    async close() {
      await app.close();
      await db.drop();
    },
  };
}
