// The door kiosk gets a new version of the app while events wait in its outbox (A12.3): the new
// service worker takes over, the page reloads into the new version, and every waiting event is
// still there and reaches the server once.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../helpers/browser.js';
import { pairKiosk, recordEntry, startKioskServer, waitingCount, type KioskServer } from '../helpers/door-kiosk.js';
import { DEMO } from '../helpers/people.js';

let k: KioskServer;
let webDir: string;
let browser: { context: BrowserContext; userDataDir: string };

/** A new release of the built app: a changed page and a service worker that precaches it. */
async function release(version: string): Promise<void> {
  const indexFile = path.join(webDir, 'index.html');
  const html = (await readFile(indexFile, 'utf8')).replace(
    '<head>',
    `<head><meta name="x-release" content="${version}">`,
  );
  await writeFile(indexFile, html);
  const swFile = path.join(webDir, 'sw.js');
  const sw = await readFile(swFile, 'utf8');
  const changed = sw.replace(
    /\{url:"index\.html",revision:"[^"]*"\}/,
    `{url:"index.html",revision:"release-${version}"}`,
  );
  expect(changed).not.toBe(sw);
  await writeFile(swFile, changed);
}

beforeAll(async () => {
  webDir = await mkdtemp(path.join(tmpdir(), 'door-kiosk-web-'));
  await cp('dist/web', webDir, { recursive: true });
  k = await startKioskServer({ WEB_DIST_DIR: webDir });
  await k.authorise(DEMO.itStaff.staffNumber, ['R01']);
  browser = await launchBrowser({ viewport: { width: 1024, height: 768 } });
});
afterAll(async () => {
  await browser?.context.close();
  if (browser) await rm(browser.userDataDir, { recursive: true, force: true });
  await k?.close();
  if (webDir) await rm(webDir, { recursive: true, force: true });
});

describe('door kiosk update', () => {
  it('A12.3: a new version of the app installs while events wait, and none of them is lost', async () => {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await pairKiosk(page, k.url, await k.pairingCode(['R01']));
    await browser.context.setOffline(true);
    for (let i = 0; i < 3; i++) await recordEntry(page, DEMO.itStaff.fullName);
    expect(await waitingCount(page)).toBe(3);

    // the server cannot take events for now, but it serves the new release
    await release('2');
    await browser.context.route('**/graphql', (route) => route.abort('connectionrefused'));
    await browser.context.setOffline(false);
    const oldWorker = await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL);
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.update()));
    await expect
      .poll(
        () => page.evaluate(() => document.querySelector('meta[name=x-release]')?.getAttribute('content') ?? null),
        {
          timeout: 30_000,
        },
      )
      .toBe('2');
    expect(oldWorker).toBeTruthy();
    await page.locator('[data-test=door-enter]').waitFor();
    expect(await waitingCount(page)).toBe(3);

    await browser.context.unroute('**/graphql');
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await expect.poll(() => waitingCount(page), { timeout: 30_000 }).toBe(0);
    const c = await k.db.superuser();
    try {
      const { rows } = await c.query(`SELECT count(*)::int AS n FROM access_event WHERE "staffId" = $1`, [
        k.staff[DEMO.itStaff.staffNumber],
      ]);
      expect(rows[0].n).toBe(3);
    } finally {
      await c.end();
    }
  });
});
