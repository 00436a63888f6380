// Issue 13 §6 on a 390 px phone, in headless Chromium against the real server: an operations manager
// reports a virus incident with no connection; the report is kept on the phone (IndexedDB) through a
// reload, a browser closed and reopened and a server restart, shown as 送信待ち, and stored exactly
// once when the connection returns; a response lost after the server committed is sent again and
// stored once; a media scan that found a virus opens a virus incident (A19.1–3).
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signedInPage } from '../helpers/browser.js';
// the kiosk's restartable server (same port, so the phone keeps its origin, service worker and IndexedDB)
import { KIOSK_PASSWORD, kioskWorksOffline, startKioskServer, type KioskServer } from '../helpers/door-kiosk.js';
import { DEMO } from '../helpers/people.js';

const PHONE = { width: 390, height: 844 };
let k: KioskServer;
const opened: { context: BrowserContext; userDataDir: string }[] = [];

beforeAll(async () => {
  k = await startKioskServer();
});
afterAll(async () => {
  for (const b of opened) {
    await b.context.close().catch(() => undefined);
    await rm(b.userDataDir, { recursive: true, force: true });
  }
  await k?.close();
});

async function phone(opts: { userDataDir?: string; serviceWorkers?: 'allow' | 'block' } = {}) {
  const b = await launchBrowser({ viewport: PHONE, ...opts });
  opened.push(b);
  return b;
}

/** rows as the database holds them (as the superuser: the test looks, the app does not) */
async function stored(sql: string, params: unknown[]): Promise<any[]> {
  const c = await k.db.superuser();
  try {
    return (await c.query(sql, params)).rows;
  } finally {
    await c.end();
  }
}

const waiting = (page: Page) => page.locator('[data-test=outbox-item]').count();
const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(tmpdir(), `incident-report-${name}-390.png`), fullPage: true });

async function fillVirusReport(page: Page, summary: string): Promise<void> {
  await page.getByLabel('ウイルス感染').check();
  await page.getByLabel('何が起きたか').fill(summary);
  await page.getByLabel('入手元 (感染した媒体・記録の出どころ)').fill('取引先から受け取ったUSBメモリ');
  await page.getByLabel('電算室等 (任意)').selectOption({ label: '電算室' });
}

describe('Issue 13 §6: reporting offline from a phone', () => {
  it('a virus report made offline survives a reload, a browser restart and a server restart, and is stored once when back online', async () => {
    const summary = '住基端末でウイルス対策ソフトが警告を表示した (オフライン報告)';
    const first = await phone();
    const page = await signedInPage(
      first.context,
      k.url,
      DEMO.operationsManager.staffNumber,
      KIOSK_PASSWORD,
      '/incidents/new',
    );
    await kioskWorksOffline(page);
    // the types and rooms come from the server (and are kept for offline use)
    await expect.poll(() => page.getByLabel('電算室等 (任意)').locator('option').count()).toBeGreaterThan(1);

    await first.context.setOffline(true);
    await fillVirusReport(page, summary);
    expect(await page.locator('[data-test=report-to]').innerText()).toContain('管理者');
    await shot(page, 'form');
    await page.locator('[data-test=report-submit]').click();
    await expect.poll(() => page.locator('[data-test=report-saved]').isVisible()).toBe(true);
    expect(await waiting(page)).toBe(1);
    const item = page.locator('[data-test=outbox-item]');
    expect(await item.innerText()).toContain('ウイルス感染の報告');
    expect(await item.innerText()).toContain(summary.slice(0, 20));
    expect(await page.locator('[data-test=outbox]').innerText()).toContain('送信待ち');
    expect(await page.locator('[data-test=outbox-badge]').innerText()).toBe('1件');
    await shot(page, 'waiting');

    // a reload with no connection: the page comes from the service worker, the report from IndexedDB
    await page.reload();
    await page.locator('[data-test=report-form]').waitFor();
    await expect.poll(() => waiting(page)).toBe(1);
    expect(await page.locator('[data-test=report-stale]').isVisible()).toBe(true);
    await first.context.close();

    // the server goes down; the phone's browser is opened again on the same profile
    await k.stop();
    try {
      const again = await phone({ userDataDir: first.userDataDir });
      await again.context.setOffline(true);
      const reopened = again.context.pages()[0] ?? (await again.context.newPage());
      await reopened.goto(`${k.url}/incidents/new`);
      await reopened.locator('[data-test=report-form]').waitFor();
      await expect.poll(() => waiting(reopened)).toBe(1);
      expect(await stored(`SELECT count(*)::int AS n FROM incident WHERE summary = $1`, [summary])).toEqual([{ n: 0 }]);

      await k.start();
      await again.context.setOffline(false);
      await expect.poll(() => waiting(reopened), { timeout: 30_000 }).toBe(0);
      // the kept types and rooms give way to the server's once it answers
      await expect.poll(() => reopened.locator('[data-test=report-stale]').count()).toBe(0);
      await shot(reopened, 'sent');
    } finally {
      if (k.server.child.exitCode !== null || k.server.child.signalCode !== null) await k.start();
    }
    const rows = await stored(
      `SELECT i.type, i.origin, i."clientId", r.code AS room, s."staffNumber" AS reporter
         FROM incident i JOIN room r ON r.id = i."roomId" JOIN staff s ON s.id = i."reportedById"
        WHERE i.summary = $1`,
      [summary],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      type: 'VIRUS',
      origin: '取引先から受け取ったUSBメモリ',
      room: 'R01',
      reporter: DEMO.operationsManager.staffNumber,
    });
  }, 180_000); // two browser starts and a server restart: on a loaded 2-core machine this nears the 60 s default

  it('a response lost after the server committed: the report is sent again and stored once', async () => {
    const summary = '障害: 応答が失われた報告';
    // no service worker: the test's interception sees every request the page makes
    const b = await phone({ serviceWorkers: 'block' });
    const page = await signedInPage(
      b.context,
      k.url,
      DEMO.operationsManager.staffNumber,
      KIOSK_PASSWORD,
      '/incidents/new',
    );
    let dropped = 0;
    let reports = 0;
    await page.route('**/graphql', async (route) => {
      if (!route.request().postData()?.includes('OutboxReportIncident')) return route.continue();
      reports += 1;
      if (dropped === 0) {
        dropped += 1;
        await route.fetch(); // the server stores the report …
        return route.abort('connectionreset'); // … and the phone never hears back
      }
      return route.continue();
    });
    await page.getByLabel('システムの障害').check();
    await page.getByLabel('何が起きたか').fill(summary);
    await page.locator('[data-test=report-submit]').click();
    await expect.poll(() => dropped).toBe(1);
    // kept, and sent again when the server answers (/healthz probes every 5–10 s)
    await expect.poll(() => page.locator('[data-test=report-sent]').isVisible(), { timeout: 30_000 }).toBe(true);
    expect(reports).toBe(2);
    expect(await waiting(page)).toBe(0);
    expect(await stored(`SELECT count(*)::int AS n FROM incident WHERE summary = $1`, [summary])).toEqual([{ n: 1 }]);
    // the link opens the incident stored the first time
    const [{ id }] = await stored(`SELECT id FROM incident WHERE summary = $1`, [summary]);
    expect(await page.locator('[data-test=report-sent] a').getAttribute('href')).toBe(`/incidents/${id}`);
    await shot(page, 'resent');
  });

  it('A19.1–3: a media scan that found a virus is recorded and opens a virus incident', async () => {
    const b = await phone({ serviceWorkers: 'block' });
    const page = await signedInPage(
      b.context,
      k.url,
      DEMO.citizenSectionStaff.staffNumber,
      KIOSK_PASSWORD,
      '/incidents/scans/new',
    );
    await page.getByLabel('媒体', { exact: true }).fill('USBメモリ 管理番号M-12');
    await page.getByLabel('受け取った媒体を使う前').check();
    await page.getByLabel('入手元・送付先 (任意)').fill('県 市町村課');
    await page.getByLabel('ワクチンソフト').fill('ウイルスバスター Corp.');
    await page.getByLabel('パターンファイルのバージョン').fill('19.123.00');
    await page.getByLabel('ウイルスを検出').check();
    expect(await page.locator('[data-test=scan-infected-note]').isVisible()).toBe(true);
    await shot(page, 'scan-form');
    await page.locator('[data-test=scan-submit]').click();
    await expect
      .poll(() => page.locator('[data-test=scan-sent]').innerText())
      .toContain('ウイルス感染のインシデントを報告しました');
    await shot(page, 'scan-sent');
    const rows = await stored(
      `SELECT m.result, m.software, m."definitionVersion", i.type
         FROM media_scan m JOIN incident i ON i."mediaScanId" = m.id WHERE m.medium = $1`,
      ['USBメモリ 管理番号M-12'],
    );
    expect(rows).toEqual([
      { result: 'INFECTED', software: 'ウイルスバスター Corp.', definitionVersion: '19.123.00', type: 'VIRUS' },
    ]);
    // the software and version are offered again for the next scan
    await page.locator('[data-test=scan-another]').click();
    expect(await page.getByLabel('ワクチンソフト').inputValue()).toBe('ウイルスバスター Corp.');

    // the log (A19.1–2): the scan, filtered by result and month, links the virus incident it opened
    const month = new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 7);
    await page.goto(`${k.url}/incidents/scans?result=INFECTED&month=${month}`);
    const row = page.locator('[data-test=scan-row]', { hasText: 'USBメモリ 管理番号M-12' });
    await expect.poll(() => row.count()).toBe(1);
    expect(await page.locator('[data-test=scan-row]').count()).toBe(1);
    expect(await row.innerText()).toContain('19.123.00');
    expect(await row.getAttribute('data-result')).toBe('INFECTED');
    expect(await page.locator('[data-test=scan-filter-result]').inputValue()).toBe('INFECTED');
    expect(await page.locator('[data-test=scan-filter-month]').inputValue()).toBe(month);
    await shot(page, 'scan-log');
    await page.locator('[data-test=scan-filter-result]').selectOption('CLEAN');
    await expect.poll(() => page.locator('[data-test=scans-none]').isVisible()).toBe(true);
    await page.goto(`${k.url}/incidents/scans?result=INFECTED`);
    await page.locator('[data-test=scan-incident-link]').first().click();
    await page.waitForURL(/\/incidents\/[0-9a-f-]{36}$/);
  });
});
