// Headless Debian Chromium driven by playwright-core (never a downloaded browser).
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
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

/** A browser with its own fresh profile folder (pass one back in to reopen the same profile). */
export async function launchBrowser(
  opts: { userDataDir?: string; viewport?: { width: number; height: number }; serviceWorkers?: 'allow' | 'block' } = {},
): Promise<{ context: BrowserContext; userDataDir: string }> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
  const userDataDir = opts.userDataDir ?? (await mkdtemp(path.join(tmpdir(), 'jukinet-chromium-')));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    args: ARGS,
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
