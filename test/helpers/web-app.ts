// The browser tests' common start, as vitest hooks: a fresh database, the built server as a child
// process on it (seeding the demo office with the file's own password), and headless Chromium; all
// closed after the file's tests.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser, signedInPage } from './browser.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import type { DemoPerson } from './people.js';
import { startServerProcess, type ServerProcess } from './server-process.js';

export interface WebApp {
  db: TestDatabase;
  server: ServerProcess;
  context: BrowserContext;
  /** the server's base URL */
  readonly url: string;
  /** a new page signed in through the form as this person (or staff number), landed on `to` */
  signedInPage(who: DemoPerson | string, to: string, password?: string): Promise<Page>;
}

export function useServerAndBrowser(opts: {
  /** the demo staff's password for this file's server */
  password: string;
  viewport?: { width: number; height: number };
  /** close the test's own connection first (the server gets the database to itself) */
  releaseDatabase?: boolean;
}): WebApp {
  const web: WebApp = {
    db: undefined as unknown as TestDatabase,
    server: undefined as unknown as ServerProcess,
    context: undefined as unknown as BrowserContext,
    get url() {
      return web.server.url;
    },
    signedInPage: (who, to, password = opts.password) =>
      signedInPage(web.context, web.server.url, typeof who === 'string' ? who : who.staffNumber, password, to),
  };
  beforeAll(async () => {
    web.db = await createTestDatabase();
    if (opts.releaseDatabase) await web.db.dataSource.destroy();
    web.server = await startServerProcess({
      DATABASE_URL: web.db.url,
      DEMO_PASSWORD: opts.password,
      SECRETS_DIR: await mkdtemp(path.join(tmpdir(), 'e2e-secrets-')),
    });
    ({ context: web.context } = await launchBrowser(opts.viewport ? { viewport: opts.viewport } : {}));
  });
  afterAll(async () => {
    await web.context?.close();
    await web.server?.stop();
    await web.db?.drop();
  });
  return web;
}
