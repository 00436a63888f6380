// Passkeys in a real browser: Chromium's virtual authenticator (CDP WebAuthn domain) plays the
// manager's phone. Register on the account page, sign out, sign in with the passkey alone.
import type { CDPSession, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../helpers/web-app.js';
import { DEMO } from '../helpers/people.js';

const PASSWORD = 'passkey-e2e-demo-password';
const web = useServerAndBrowser({ password: PASSWORD });
/** WebAuthn needs a secure context and an RP ID that is a host name: localhost, not 127.0.0.1. */
const origin = () => web.url.replace('127.0.0.1', 'localhost');

async function withAuthenticator(page: Page): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  const cdp = await web.context.newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, authenticatorId };
}

describe('passkeys in Chromium (virtual authenticator)', () => {
  it('registers a passkey on the account page, then signs in with it without staff number or password', async () => {
    const page = await web.context.newPage();
    const { cdp, authenticatorId } = await withAuthenticator(page);
    await page.goto(`${origin()}/account/passkeys`);
    await page.getByLabel('職員番号').fill(DEMO.manager.staffNumber);
    await page.getByLabel('パスワード').fill(PASSWORD);
    await page.getByRole('button', { name: 'サインイン', exact: true }).click();
    await page.waitForURL(`${origin()}/account/passkeys`);

    await page.getByLabel('名前').fill('業務用スマートフォン');
    await page.getByLabel('現在のパスワード (本人確認)').fill(PASSWORD);
    await page.getByRole('button', { name: '登録' }).click();
    await expect.poll(() => page.locator('[data-test=passkey-done]').textContent()).toContain('業務用スマートフォン');
    await expect.poll(() => page.locator('[data-test=passkey-row]').count()).toBe(1);
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);
    expect(credentials[0]).toMatchObject({ isResidentCredential: true, rpId: 'localhost' });

    // Hardening §4: an API token asks to confirm it is you again, which the passkey does too
    await page.goto(`${origin()}/account/tokens`);
    await page.getByLabel('用途').fill('パスキーで作成');
    await page.getByRole('button', { name: 'パスキーで本人確認して作成' }).click();
    expect((await page.locator('[data-test=new-token] code').innerText()).trim()).toMatch(/^jkn_/);
    await page.getByRole('button', { name: '保管しました' }).click();
    await expect.poll(() => page.locator('[data-test=token-row]').count()).toBe(1);
    // … and so does the door PIN (staff with passkeys only have no password to give)
    await page.goto(`${origin()}/account/door-pin`);
    await page.getByLabel('新しい暗証番号').fill('583920');
    await page.getByLabel('もう一度').fill('583920');
    await page.getByRole('button', { name: 'パスキーで本人確認して設定' }).click();
    await expect.poll(() => page.locator('[data-test=door-pin-done]').count()).toBe(1);

    await page.getByRole('button', { name: 'サインアウト' }).click();
    await page.waitForURL(/\/signin/);
    await page.getByRole('button', { name: 'パスキーでサインイン' }).click();
    await page.waitForURL(`${origin()}/`);
    await expect.poll(() => page.locator('[data-test=account]').textContent()).toContain(DEMO.manager.fullName);
    const after = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(after.credentials[0].signCount).toBeGreaterThan(credentials[0].signCount);
    await page.close();
  });

  it('says so when the authenticator has no passkey for this site', async () => {
    await web.context.clearCookies();
    const page = await web.context.newPage();
    await withAuthenticator(page); // a fresh authenticator: empty
    await page.goto(`${origin()}/signin`);
    await page.getByRole('button', { name: 'パスキーでサインイン' }).click();
    // Chromium answers NotAllowedError at once (a phone would show its own "no passkey" sheet first)
    await expect
      .poll(() => page.locator('[data-test=sign-in-error]').textContent())
      .toBe('パスキーの操作が取り消されました。');
    expect(page.url()).toContain('/signin');
    await page.close();
  });
});
