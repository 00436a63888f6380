// Headless Debian Chromium driven by playwright-core (never a downloaded browser).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/**
 * Where Chromium is: CHROMIUM_PATH, else Debian's /usr/bin/chromium, else the first of chromium,
 * chromium-browser, google-chrome, google-chrome-stable on PATH (null: none found).
 */
export function findChromium(env: Record<string, string | undefined> = process.env): string | null {
  if (env.CHROMIUM_PATH) return existsSync(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : null;
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) {
    try {
      const found = execFileSync('which', [name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
      if (found) return found;
    } catch {
      // not on PATH
    }
  }
  return null;
}

const MISSING =
  'Chromium not found: install it (Debian/Ubuntu: apt-get install -y chromium) or set CHROMIUM_PATH to its executable';

/** The Chromium the browser tests drive (never a downloaded browser). */
export const CHROMIUM = findChromium() ?? '';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let shared: Promise<Browser> | undefined;

/**
 * The worker process's one Chromium, launched on first use: vitest runs all of a worker's files in
 * one process (isolate: false), and a launch was 2.5–4 s of every browser test file on the loaded CI
 * machine, a new context 0.1 s. Playwright ends it when the process exits.
 */
function sharedBrowser(): Promise<Browser> {
  if (!CHROMIUM) return Promise.reject(new Error(MISSING));
  shared ??= chromium.launch({ executablePath: CHROMIUM, args: ARGS }).then(
    (browser) => {
      browser.on('disconnected', () => (shared = undefined));
      return browser;
    },
    (e: unknown) => {
      shared = undefined;
      throw e;
    },
  );
  return shared;
}

/**
 * A fresh browser context (its own cookies, storage, caches and service workers, nothing shared
 * with another context) in the worker's shared Chromium. Close it when done. For a profile that
 * must survive a restart of the browser, or Chromium flags of its own, use launchBrowser.
 */
export async function newBrowserContext(
  opts: { viewport?: { width: number; height: number }; serviceWorkers?: 'allow' | 'block' } = {},
): Promise<BrowserContext> {
  const browser = await sharedBrowser();
  return browser.newContext({
    viewport: opts.viewport ?? { width: 1024, height: 768 },
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    serviceWorkers: opts.serviceWorkers ?? 'allow',
  });
}

/** A browser with its own fresh profile folder (pass one back in to reopen the same profile). */
export async function launchBrowser(
  opts: {
    userDataDir?: string;
    viewport?: { width: number; height: number };
    serviceWorkers?: 'allow' | 'block';
    /** more Chromium flags (the HTTPS test maps a host name and trusts its local CA) */
    args?: string[];
  } = {},
): Promise<{ context: BrowserContext; userDataDir: string }> {
  if (!CHROMIUM) throw new Error(MISSING);
  const userDataDir = opts.userDataDir ?? (await mkdtemp(path.join(tmpdir(), 'jukinet-chromium-')));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    args: [...ARGS, ...(opts.args ?? [])],
    viewport: opts.viewport ?? { width: 1024, height: 768 },
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    serviceWorkers: opts.serviceWorkers ?? 'allow',
  });
  return { context, userDataDir };
}

/**
 * A new page signed in through the sign-in form as `staffNumber`, landed on `to`. Cookies of the
 * context are cleared first (each test signs in as someone else); confirm() dialogs are accepted.
 */
export async function signedInPage(
  context: BrowserContext,
  baseUrl: string,
  staffNumber: string,
  password: string,
  to: string,
): Promise<Page> {
  await context.clearCookies();
  const page = await context.newPage();
  page.on('dialog', (d) => void d.accept());
  await page.goto(`${baseUrl}${to}`);
  await page.getByLabel('職員番号').fill(staffNumber);
  await page.getByLabel('パスワード').fill(password);
  await page.getByRole('button', { name: 'サインイン', exact: true }).click();
  await page.waitForURL(`${baseUrl}${to}`);
  return page;
}
