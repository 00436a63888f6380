// The browser tests' common start, as vitest hooks: a fresh database, the built server as a child
// process on it (seeding the demo office with the file's own password), and a fresh context of the
// worker's headless Chromium; all closed after the file's tests (Chromium itself serves the worker's
// next file).
import { copyFile, mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { newBrowserContext, signedInPage } from './browser.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import type { DemoPerson } from './people.js';
import { startServerProcess, type ServerProcess } from './server-process.js';
import { loadOrCreateSecrets } from '../../server/src/shared/secrets.js';

let secretsMade: Promise<string> | undefined;

/**
 * A SECRETS_DIR of the file's own, copied from keys made once per worker process: making them
 * (an RSA-2048 key among them) was 0.2–0.8 s of each server's start. Files share no state through
 * them: each server has its own database, and only reads its copy.
 */
async function secretsDir(): Promise<string> {
  secretsMade ??= mkdtemp(path.join(tmpdir(), 'e2e-secrets-made-')).then(async (dir) => {
    await loadOrCreateSecrets(dir);
    return dir;
  });
  const made = await secretsMade;
  const dir = await mkdtemp(path.join(tmpdir(), 'e2e-secrets-'));
  for (const f of await readdir(made)) await copyFile(path.join(made, f), path.join(dir, f));
  return dir;
}

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
    // the browser context (and, in the worker's first file, Chromium's launch) while the server starts
    const context = newBrowserContext(opts.viewport ? { viewport: opts.viewport } : {});
    try {
      web.db = await createTestDatabase();
      if (opts.releaseDatabase) await web.db.dataSource.destroy();
      web.server = await startServerProcess({
        DATABASE_URL: web.db.url,
        DEMO_PASSWORD: opts.password,
        SECRETS_DIR: await secretsDir(),
      });
    } finally {
      web.context = await context;
    }
  });
  afterAll(async () => {
    await web.context?.close();
    await web.server?.stop();
    await web.db?.drop();
  });
  return web;
}
