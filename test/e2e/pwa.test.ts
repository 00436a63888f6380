// The installable PWA, loaded from the real server in headless Chromium: the chart in Japanese,
// the service worker in control, and a reload that works offline with the server gone.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useServerAndBrowser } from '../helpers/web-app.js';
import { DEMO } from '../helpers/people.js';

const PASSWORD = 'pwa-test-demo-password';
const web = useServerAndBrowser({ password: PASSWORD, releaseDatabase: true });

async function signInThroughTheForm(page: Page, staffNumber: string, password: string): Promise<void> {
  await page.getByLabel('職員番号').fill(staffNumber);
  await page.getByLabel('パスワード').fill(password);
  await page.getByRole('button', { name: 'サインイン', exact: true }).click();
}

describe('PWA', () => {
  it('asks for sign-in first and says in Japanese when the password is wrong', async () => {
    const page = await web.context.newPage();
    await page.goto(web.url);
    await expect.poll(() => page.url()).toContain('/signin?next=');
    await signInThroughTheForm(page, DEMO.operator.staffNumber, 'wrong-password-here');
    await expect
      .poll(() => page.locator('[data-test=sign-in-error]').innerText())
      .toBe('職員番号またはパスワードが違います。');
    await page.close();
  });

  it('shows the organisation chart and council in Japanese once signed in', async () => {
    const page = await web.context.newPage();
    await page.goto(web.url);
    await signInThroughTheForm(page, DEMO.operator.staffNumber, PASSWORD);
    await expect.poll(() => page.locator('[data-test=role-holder]').count()).toBe(8);
    expect(await page.locator('[data-test=account]').innerText()).toContain(DEMO.operator.fullName);
    const holders = await page.locator('[data-test=role-holder]').allInnerTexts();
    expect(holders[0]).toContain('統括者');
    expect(holders[0]).toContain(DEMO.chief.fullName);
    expect(await page.locator('[data-test=council-member]').count()).toBe(7);
    expect(await page.locator('[data-test=department]').count()).toBe(5);
    expect(await page.locator('html').getAttribute('lang')).toBe('ja');
    await page.getByRole('button', { name: '表示言語' }).click();
    await expect.poll(() => page.locator('[data-test=role-holder]').first().innerText()).toContain('Chief');
    await page.getByRole('button', { name: 'Language' }).click();
    await expect.poll(() => page.locator('[data-test=role-holder]').first().innerText()).toContain('統括者');
    await page.close();
  });

  it('is installable: a manifest with a Japanese name and 192/512/maskable PNG icons', async () => {
    const res = await fetch(`${web.url}/manifest.webmanifest`);
    expect(res.status).toBe(200);
    const manifest: any = await res.json();
    expect(manifest).toMatchObject({
      name: '住基ネット セキュリティ管理',
      lang: 'ja',
      display: 'standalone',
      start_url: '/',
    });
    const sizes = manifest.icons.map((i: any) => `${i.sizes}${i.purpose ? ` ${i.purpose}` : ''}`);
    expect(sizes).toEqual(['192x192', '512x512', '512x512 maskable']);
    for (const icon of manifest.icons) {
      const png = await fetch(`${web.url}${icon.src}`);
      expect(png.headers.get('content-type')).toBe('image/png');
    }
  });

  it('serves the app shell for deep links but never for /graphql', async () => {
    const deep = await fetch(`${web.url}/some/deep/link`, { headers: { accept: 'text/html' } });
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('<div id="app">');
    const api = await fetch(`${web.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(await api.text()).not.toContain('<div id="app">');
  });

  it('is controlled by the service worker, says offline when the server stops answering, and reloads offline', async () => {
    const page = await web.context.newPage();
    await page.goto(web.url);
    await page.evaluate(() => navigator.serviceWorker.ready);
    await expect
      .poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 15_000 })
      .toBe(true);
    await expect.poll(() => page.locator('[data-test=role-holder]').count()).toBe(8);

    expect(await page.locator('[data-test=online-status]').innerText()).toBe('オンライン');

    // the network is up but the server is gone (a phone on Wi-Fi with the server down): オフライン
    expect(await web.server.stop()).toBe(0);
    await page.reload();
    await expect.poll(() => page.locator('[data-test=online-status]').innerText()).toBe('オフライン');

    await web.context.setOffline(true);
    await page.reload();
    await expect.poll(() => page.locator('[data-test=online-status]').innerText()).toBe('オフライン');
    await expect.poll(() => page.locator('[data-test=stale]').count()).toBe(1);
    expect(await page.locator('[data-test=role-holder]').first().innerText()).toContain(DEMO.chief.fullName);

    const deep = await web.context.newPage();
    await deep.goto(`${web.url}/no/such/page`);
    await expect.poll(() => deep.locator('h1').innerText()).toBe('ページが見つかりません');
    await web.context.setOffline(false);
  });
});
