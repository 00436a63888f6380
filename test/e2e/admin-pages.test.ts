// Pages of the identity slice in headless Chromium against the real server: door-tablet pairing,
// API tokens, and a session that ends while something is being typed.

import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../helpers/web-app.js';
import { DEMO } from '../helpers/people.js';

const PASSWORD = 'admin-pages-demo-password';
const web = useServerAndBrowser({ password: PASSWORD });
const { signedInPage } = web;

describe('identity pages', () => {
  it('lets a manager create a pairing code that a tablet exchanges for its credential', async () => {
    const page = await signedInPage(DEMO.manager, '/admin/devices');
    await page.getByLabel('端末名').fill('電算室 入口タブレット');
    await page.getByLabel(/電算室 \(/).check();
    await page.getByRole('button', { name: 'ペアリングコードを発行' }).click();
    const code = (await page.locator('[data-test=pairing-code] code').innerText()).trim();
    expect(code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    const res = await fetch(`${web.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `mutation($i: PairDeviceInput!) { pairDevice(input: $i) { device { name } } }`,
        variables: { i: { code } },
      }),
    });
    expect(((await res.json()) as any).data.pairDevice.device.name).toBe('電算室 入口タブレット');
    await page.getByRole('button', { name: '閉じる' }).click();
    await expect.poll(() => page.locator('[data-test=device-row]').count()).toBe(1);
    await page.close();
  });

  it('shows a new API token once, and the token works for an API client', async () => {
    const page = await signedInPage(DEMO.auditor, '/account/tokens');
    await page.getByLabel('用途').fill('監査エクスポート');
    // Hardening §4: a token outlives the session, so the page asks for the password again
    await page.getByLabel(/現在のパスワード/).fill('not-the-password');
    await page.getByRole('button', { name: '作成' }).click();
    await expect
      .poll(() => page.locator('[data-test=token-error]').innerText())
      .toContain('現在のパスワードが違います');
    await page.getByLabel(/現在のパスワード/).fill(PASSWORD);
    await page.getByRole('button', { name: '作成' }).click();
    const token = (await page.locator('[data-test=new-token] code').innerText()).trim();
    expect(token).toMatch(/^jkn_/);
    const res = await fetch(`${web.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ council { members { staff { fullName } } } }' }),
    });
    expect(((await res.json()) as any).data.council.members.length).toBe(7);
    await expect.poll(() => page.locator('[data-test=token-row]').count()).toBe(1);
    await page.close();
  });

  it('asks for the password again over the page when the session ended, keeping what was typed', async () => {
    const page = await signedInPage(DEMO.operator, '/account/tokens');
    await page.getByLabel('用途').fill('入力途中の用途');
    await page.getByLabel(/現在のパスワード/).fill(PASSWORD);
    const su = await web.db.superuser();
    await su.query(`UPDATE staff_session SET "revokedAt" = now()`);
    await su.end();
    await page.getByRole('button', { name: '作成' }).click();
    await expect.poll(() => page.locator('[data-test=reauth]').count()).toBe(1);
    await page.locator('#reauth-password').fill(PASSWORD);
    await page.locator('[data-test=reauth] button[type=submit]').click();
    await expect.poll(() => page.locator('[data-test=token-row]').first().innerText()).toContain('入力途中の用途');
    expect(await page.locator('[data-test=reauth]').count()).toBe(0);
    await page.close();
  });
});
