import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { createApp, type App } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/config.js';
import { ensureAppRole } from '../../server/src/db/app-role.js';
import { createDataSource } from '../../server/src/db/data-source.js';
import { seedDemoOnce } from '../../server/src/db/seed/demo-seed.js';
import { loadOrCreateSecrets, type Secrets } from '../../server/src/shared/secrets.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { gql, signIn, type GqlResult } from './graphql.js';
import type { DemoPerson } from './people.js';

export const DEMO_PASSWORD = 'test-demo-password';

export interface TestApp {
  app: App;
  db: TestDatabase;
  secrets: Secrets;
  /** the folder the secrets are in (a temporary one) */
  secretsDir: string;
  close(): Promise<void>;
}

/** The real application (schema, plugins, HTTP) on a fresh database, seeded with the demo office unless told not to. */
export async function startTestApp(
  opts: { seed?: boolean; env?: Record<string, string>; now?: () => Date } = {},
): Promise<TestApp> {
  const db = await createTestDatabase();
  const secretsDir = await mkdtemp(path.join(tmpdir(), 'jukinet-secrets-'));
  const secrets = await loadOrCreateSecrets(secretsDir);
  if (opts.seed !== false) await seedDemoOnce(db.dataSource, { hmacKey: secrets.hmacKey, password: DEMO_PASSWORD });
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: db.url,
    SECRETS_DIR: secretsDir,
    // tests sign in many times from one address; the rate-limit test sets its own
    RATE_LIMIT_SIGN_IN: '100000',
    RATE_LIMIT_SIGN_IN_ACCOUNT: '100000',
    RATE_LIMIT_SIGN_IN_GLOBAL: '100000',
    RATE_LIMIT_PAIRING: '100000',
    // a cron tick in the middle of a test would sweep at the test's moved clock; tests of jobs turn it on
    JOBS_ENABLED: 'false',
    // tests sign in the demo's staff from addresses of their choosing (X-Forwarded-For, IPv6); the
    // loopback-only rule for demo accounts has its own test (web-security)
    DEMO_SIGN_IN_FROM: 'any',
    ...opts.env,
  });
  // As in production: the application runs as its own role of few rights (server/src/db/app-role.ts).
  const role = await ensureAppRole(db.url, secrets.hmacKey, config.statementTimeoutMs);
  if (!role) throw new Error('the test database user may not create roles');
  const appDs = createDataSource({
    url: role.url,
    logger: db.logger,
    installExtensions: false,
    poolSize: config.poolSize,
    statementTimeoutMs: config.statementTimeoutMs,
  });
  await appDs.initialize();
  const app = await createApp(config, appDs, pino({ level: 'silent' }), secrets, opts.now);
  // tests change sessions, staff and roles through their own connection (db.dataSource) and ask at
  // once: the app's principal cache sees those statements as it sees its own (identity-principal-cache.test.ts
  // tests the other-process path with a connection of its own)
  app.services.principals.watch(db.dataSource);
  return {
    app,
    db,
    secrets,
    secretsDir,
    async close() {
      await app.close();
      await appDs.destroy();
      await db.drop();
    },
  };
}

/**
 * The app for one test file, as vitest hooks: started before its tests and closed after them;
 * with `as`, signed in as that demo person, whose cookie `gql` sends.
 */
export function useTestApp(opts: Parameters<typeof startTestApp>[0] & { as?: DemoPerson } = {}) {
  const { as, ...start } = opts;
  const ctx = {
    t: undefined as unknown as TestApp,
    cookie: '',
    /** one GraphQL operation as the signed-in person (anonymous without `as`) */
    gql: <T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<GqlResult<T>> =>
      gql<T>(ctx.t.app.http, query, variables, ctx.cookie || undefined),
  };
  beforeAll(async () => {
    ctx.t = await startTestApp(start);
    if (as) ctx.cookie = await signIn(ctx.t.app.http, as.staffNumber, DEMO_PASSWORD);
  });
  afterAll(() => ctx.t?.close());
  return ctx;
}
