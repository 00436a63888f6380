// Issue 13 §5: subscribing a phone to Web Push from the account page, in Chromium at 390 px. Headless
// Chromium has no push service of its own (Google's is out of reach here), so the page's
// PushManager.subscribe answers with a subscription of the local push service (test/helpers/push-receiver.ts):
// everything else is the real flow — permission, the server's VAPID key, registration, the list.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signedInPage } from '../helpers/browser.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { DEMO } from '../helpers/people.js';
import { startPushReceiver, type PushReceiver } from '../helpers/push-receiver.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';

const PASSWORD = 'push-e2e-demo-password';
let db: TestDatabase;
let server: ServerProcess;
let receiver: PushReceiver;
let context: BrowserContext;

beforeAll(async () => {
  receiver = await startPushReceiver();
  db = await createTestDatabase();
  server = await startServerProcess({
    DATABASE_URL: db.url,
    DEMO_PASSWORD: PASSWORD,
    SECRETS_DIR: await mkdtemp(path.join(tmpdir(), 'e2e-secrets-')),
    PUSH_SERVICES: 'localhost',
    PUSH_CA_FILE: receiver.caFile,
  });
  ({ context } = await launchBrowser({ viewport: { width: 390, height: 844 } }));
});
afterAll(async () => {
  await context?.close();
  await server?.stop();
  await db?.drop();
  await receiver?.close();
});

describe('Issue 13 §5: Web Push on a phone', () => {
  it('the manager subscribes this phone on /account/push and sees it listed as this device', async () => {
    const phone = receiver.browser('manager-phone');
    await context.grantPermissions(['notifications'], { origin: server.url });
    await context.addInitScript((sub) => {
      let current: PushSubscription | null = null;
      const fake = {
        endpoint: sub.endpoint,
        toJSON: () => ({ endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } }),
        unsubscribe: async () => ((current = null), true),
      } as unknown as PushSubscription;
      PushManager.prototype.subscribe = async function () {
        current = fake;
        return fake;
      };
      PushManager.prototype.getSubscription = async () => current;
    }, phone);
    const page = await signedInPage(context, server.url, DEMO.manager.staffNumber, PASSWORD, '/account/push');
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.ready.then(() => true))).toBe(true);
    await page.getByLabel('この端末の名前').fill('田中のスマートフォン');
    await page.getByRole('button', { name: 'この端末で通知を受け取る' }).click();
    await expect.poll(() => page.getByText('この端末で通知を受け取ります。').isVisible()).toBe(true);
    const row = page.locator('[data-test=push-row]');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.innerText()).toContain('田中のスマートフォン');
    expect(await row.innerText()).toContain('この端末');
    await page.screenshot({ path: path.join(tmpdir(), 'push-subscribe-390.png'), fullPage: true });

    // the subscription the server keeps is the phone's own (endpoint and keys)
    const [kept] = await db.dataSource.query(`SELECT endpoint, p256dh, auth FROM push_subscription`);
    expect(kept).toEqual({ endpoint: phone.endpoint, p256dh: phone.p256dh, auth: phone.auth });

    const remove = row.getByRole('button').first();
    await remove.click(); // asks
    await remove.click(); // confirms
    await expect.poll(() => row.count()).toBe(0);
    expect(await db.dataSource.query(`SELECT id FROM push_subscription`)).toEqual([]);
  });
});
