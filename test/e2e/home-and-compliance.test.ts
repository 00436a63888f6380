// The signed-in app's navigation, the 対応が必要 home and the compliance view in headless Chromium
// against the real server: the manager's phone opens on what waits for them, the bottom bar and the
// menu show only what each person may open, the chief reads the standard article by article, and a
// desk shows the side bar grouped by the standard's chapters.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newBrowserContext } from '../helpers/browser.js';
import { DEMO } from '../helpers/people.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { postGraphQL, signInOverHttp, startServerProcess, type ServerProcess } from '../helpers/server-process.js';

const PASSWORD = 'home-compliance-demo-password';
const PHONE = { width: 390, height: 844 };
const DESK = { width: 1280, height: 800 };
let db: TestDatabase;
let server: ServerProcess;
let context: BrowserContext;

/** Signs in through the form from `to` at this viewport and waits to land on `lands` (default: `to`). */
async function signedIn(
  staffNumber: string,
  to: string,
  viewport: { width: number; height: number },
  lands = to,
): Promise<Page> {
  await context.clearCookies();
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  await page.goto(`${server.url}${to}`);
  await page.getByLabel('職員番号').fill(staffNumber);
  await page.getByLabel('パスワード').fill(PASSWORD);
  await page.getByRole('button', { name: 'サインイン', exact: true }).click();
  await page.waitForURL(`${server.url}${lands}`);
  return page;
}

const hrefs = (page: Page, selector: string) =>
  page.locator(selector).evaluateAll((links) => links.map((a) => a.getAttribute('href')));

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startServerProcess({
    DATABASE_URL: db.url,
    DEMO_PASSWORD: PASSWORD,
    SECRETS_DIR: await mkdtemp(path.join(tmpdir(), 'home-compliance-secrets-')),
  });
  context = await newBrowserContext({ viewport: PHONE });
  // the installed app's badge: recorded (headless Chromium installs nothing to show it on)
  await context.addInitScript(() => {
    const w = window as unknown as { badge: number | null };
    w.badge = null;
    navigator.setAppBadge = async (n?: number) => void (w.badge = n ?? 0);
    navigator.clearAppBadge = async () => void (w.badge = 0);
  });
});
const badge = (page: Page) => page.evaluate(() => (window as unknown as { badge: number | null }).badge);
afterAll(async () => {
  await context?.close();
  await server?.stop();
  await db?.drop();
});

describe('navigation and the 対応が必要 home', () => {
  it('the manager opening / on a phone lands on 対応が必要 with the pending request; tapping it opens /access', async () => {
    // an operator asks for access to the server room (A12.2): the manager has one request to decide
    const operator = await signInOverHttp(server.url, DEMO.operator.staffNumber, PASSWORD);
    const [{ id: roomId }] = await db.dataSource.query(`SELECT id FROM room WHERE code = 'R01'`);
    const asked = await postGraphQL(
      server.url,
      `mutation($i: RequestRoomAuthorisationInput!) { requestRoomAuthorisation(input: $i) { id } }`,
      {
        i: {
          subjectKind: 'STAFF',
          roomIds: [roomId],
          validFrom: new Date().toISOString(),
          validTo: new Date(Date.now() + 8 * 3_600_000).toISOString(),
          purpose: '配線確認',
        },
      },
      operator,
    );
    expect(asked.errors).toBeUndefined();

    const page = await signedIn(DEMO.manager.staffNumber, '/', PHONE, '/todo');
    expect(await page.locator('h1').innerText()).toBe('対応が必要');
    const item = page.locator('[data-test=todo-item]', { hasText: '入室申請の承認' });
    await expect.poll(() => item.innerText()).toContain('1');
    // the bottom bar: at most 5 destinations, the current one marked, the count on 対応が必要
    const bar = page.locator('[data-test=bottom-bar]');
    expect(await bar.isVisible()).toBe(true);
    expect(await bar.locator('a, button').count()).toBeLessThanOrEqual(5);
    expect(await bar.locator('[aria-current=page]').innerText()).toContain('対応が必要');
    // the bar and the app badge count everything waiting for the manager (the request and what the
    // demo office has open besides: a document to approve, firewall checks due …), as the server says
    const manager = await signInOverHttp(server.url, DEMO.manager.staffNumber, PASSWORD);
    const mine = (await postGraphQL(server.url, `{ myTodos { id count } }`, {}, manager)).data!.myTodos as {
      count: number;
    }[];
    const total = mine.reduce((n, i) => n + i.count, 0);
    expect(total).toBeGreaterThan(1);
    expect(await bar.locator('[data-test=todo-count]').innerText()).toBe(String(total));
    expect(await badge(page)).toBe(total);
    expect(await page.locator('[data-test=side-nav]').isVisible()).toBe(false);

    await item.click();
    await page.waitForURL(/\/access\?tab=pending$/);
    await expect.poll(() => page.locator('[data-test=pending-request]').count()).toBe(1);
    expect(await bar.locator('[aria-current=page]').innerText()).toContain('台帳');

    // メニュー: every page the manager may open, grouped; nothing the manager may not
    await bar.getByRole('button', { name: 'メニュー' }).click();
    const menu = page.locator('[data-test=side-nav]');
    expect(await menu.isVisible()).toBe(true);
    expect(await hrefs(page, '[data-test=side-nav] a')).toEqual([
      '/todo',
      '/compliance',
      '/',
      '/admin/staff',
      '/access',
      '/access/request',
      '/admin/devices',
      '/configuration',
      '/configuration/requests',
      '/cards',
      '/cards/requests',
      '/cards/transfers',
      '/cards/rules',
      '/card-stock',
      '/incidents',
      '/incidents/new',
      '/incidents/scans',
      '/maintenance',
      '/oplog',
      '/oplog/reviews',
      '/oplog/retention',
      '/investigations',
      '/account/door-pin',
      '/account/passkeys',
      '/account/tokens',
      '/account/push',
    ]);
    // a chosen page closes the menu; a tap on 組織・役割 opens the chart (only the first page lands on 対応が必要)
    await menu.getByRole('link', { name: '組織・役割' }).click();
    await page.waitForURL(`${server.url}/`);
    expect(await menu.isVisible()).toBe(false);
    await expect.poll(() => page.locator('[data-test=role-holder]').count()).toBe(8);
    await page.close();
  });

  it("an operator's phone stays on the chart; the bar's 台帳 opens the configuration register (A14.5), the menu has no access register, compliance or staff pages", async () => {
    const page = await signedIn(DEMO.operator.staffNumber, '/', PHONE);
    await expect.poll(() => page.locator('[data-test=role-holder]').count()).toBe(8);
    const bar = page.locator('[data-test=bottom-bar]');
    expect(await bar.locator('[data-test=bar-registers]').getAttribute('href')).toBe('/configuration');
    await bar.getByRole('button', { name: 'メニュー' }).click();
    const links = await hrefs(page, '[data-test=side-nav] a');
    expect(links).toContain('/access/request');
    expect(links).toContain('/configuration');
    expect(links).not.toContain('/access');
    expect(links).not.toContain('/compliance');
    expect(links).not.toContain('/admin/staff');
    // A26: work orders are read by the manager, the chiefs and auditors; an escort opens theirs from 対応が必要
    expect(links).not.toContain('/maintenance');
    // nothing waits for an operator
    await page.locator('[data-test=side-nav]').getByRole('link', { name: '対応が必要' }).click();
    await expect
      .poll(() => page.locator('[data-test=todo-empty]').innerText())
      .toContain('対応が必要なことはありません');
    await page.close();
  });

  it('on a 1280 px desk the side bar shows the chapter groups with pages, and / stays the chart', async () => {
    const page = await signedIn(DEMO.manager.staffNumber, '/', DESK);
    await expect.poll(() => page.locator('[data-test=role-holder]').count()).toBe(8);
    expect(await page.locator('[data-test=bottom-bar]').isVisible()).toBe(false);
    const side = page.locator('[data-test=side-nav]');
    expect(await side.isVisible()).toBe(true);
    const groups = await side.locator('[data-test=nav-group-title]').allInnerTexts();
    expect(groups.map((g) => g.split(/\s/)[0])).toEqual([
      '概要',
      '組織',
      '電算室等・入退室',
      '構成管理',
      'カード・暗証番号',
      '事故・緊急時',
      '操作履歴',
      'アカウント',
    ]);
    expect(await side.getByRole('link', { name: '組織・役割' }).getAttribute('aria-current')).toBe('page');
    await page.close();
  });
});

describe('compliance view', () => {
  it('the chief sees every chapter, A12.1 with a status chip, and articles no control checks as 未対応', async () => {
    const page = await signedIn(DEMO.chief.staffNumber, '/compliance', PHONE);
    const chapters = page.locator('[data-test=compliance-chapter]');
    await expect.poll(() => chapters.count()).toBe(7);
    expect((await chapters.locator('h2').allInnerTexts()).map((h) => h.replace(/\s+/g, ' '))).toEqual([
      expect.stringContaining('組織'),
      expect.stringContaining('電算室等と入退室管理簿'),
      expect.stringContaining('構成管理簿と機器'),
      expect.stringContaining('操作識別カード'),
      expect.stringContaining('障害・緊急時の対応'),
      expect.stringContaining('操作履歴と調査'),
      expect.stringContaining('個人情報と外部委託'),
    ]);
    const a121 = page.locator('[data-test=compliance-article][data-article="A12.1"]');
    expect(await a121.locator('.head [data-test=status-chip]').innerText()).toMatch(/適合|要注意|違反/);

    // nothing checks outsourcing (A23) yet: such articles read 未対応, in words
    const uncovered = page.locator('[data-test=compliance-article]:has(.head [data-status=NOT_COVERED])');
    expect(await uncovered.count()).toBeGreaterThan(0);
    for (const chip of await uncovered.locator('.head [data-test=status-chip]').allInnerTexts())
      expect(chip).toContain('未対応');
    expect(await page.locator('[data-test=compliance-article][data-article="A23"]').innerText()).toContain('未対応');
    const notCovered = Number(await page.locator('[data-test=summary-NOT_COVERED] .n').innerText());
    expect(notCovered).toBe(await uncovered.count());

    // 問題のみ: only violations and articles needing attention
    await page.getByRole('button', { name: '問題のみ' }).click();
    await page.waitForURL(/show=problems/);
    const shown = await page
      .locator('[data-test=compliance-article] .head [data-test=status-chip]')
      .evaluateAll((chips) => chips.map((c) => c.getAttribute('data-status')));
    expect(shown.every((s) => s === 'VIOLATION' || s === 'ATTENTION')).toBe(true);
    await page.close();
  });
});
