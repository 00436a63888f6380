// The real app (createApp) on a scratch database with the demo office: what every full-stack bench
// measures. Demo staff sign in with BENCH_PASSWORD.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import type { DataSource } from 'typeorm';
import { createApp, type App } from '../server/src/app.js';
import { loadConfig, type AppConfig } from '../server/src/config.js';
import { seedDemoOnce } from '../server/src/db/seed/demo-seed.js';
import { loadOrCreateSecrets, type Secrets } from '../server/src/shared/secrets.js';

export const BENCH_PASSWORD = 'bench-password';

export interface DemoApp {
  app: App;
  config: AppConfig;
  secrets: Secrets;
  /** http://127.0.0.1:port */
  address: string;
}

/** Migrates `ds` (on `url`), seeds the demo office and starts the app on a free port. */
export async function startDemoApp(ds: DataSource, url: string, env: Record<string, string> = {}): Promise<DemoApp> {
  await ds.runMigrations({ transaction: 'each' });
  const secrets = await loadOrCreateSecrets(await mkdtemp(path.join(tmpdir(), 'bench-secrets-')));
  await seedDemoOnce(ds, { hmacKey: secrets.hmacKey, password: BENCH_PASSWORD });
  const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent', NODE_ENV: 'production', ...env });
  const app = await createApp(config, ds, pino({ level: 'silent' }), secrets);
  const address = await app.http.listen({ host: '127.0.0.1', port: 0 });
  return { app, config, secrets, address };
}
