// A18 in headless Chromium against the built server, at a desk: the operations manager receives a
// lot into a locked place, counts the stock with a difference (refused without its reason), destroys
// a card before a witness (refused with oneself as witness), then the monthly sheet shows it all; the
// manager signs the month off; the sheet prints on A4 and downloads as CSV.
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO } from '../helpers/people.js';
import { pickStaff } from '../helpers/staff-picker.js';
import { useServerAndBrowser } from '../helpers/web-app.js';

const PASSWORD = 'card-stock-pages-demo-password';
const web = useServerAndBrowser({ password: PASSWORD, viewport: { width: 1280, height: 900 } });
const shot = (name: string) => path.join(tmpdir(), `card-stock-${name}.png`);

describe('resident-card stock pages (A18)', () => {
  it('A18 at a desk: receive, count with a difference, destroy with a witness, the monthly sheet and its sign-off', async () => {
    const page = await web.signedInPage(DEMO.operationsManager, '/card-stock');
    await expect.poll(() => page.locator('[data-test=on-hand]').innerText()).toBe('0枚');

    // receive a lot: refused without a locked place, then kept
    await page.locator('[data-test=open-receive]').click();
    const receive = page.locator('[data-test=receive-form]');
    await receive.locator('[data-test=lot]').fill('R8-12-001');
    await receive.locator('[data-test=count]').fill('50');
    await receive.locator('[data-test=first]').fill('300001');
    await receive.locator('[data-test=last]').fill('300050');
    await receive.locator('[data-test=place]').fill('市民課 金庫');
    await receive.locator('[data-test=submit]').click();
    await expect.poll(() => receive.innerText()).toContain('施錠できる場所に保管してください');
    await receive.locator('[data-test=locked]').check();
    await receive.locator('[data-test=submit]').click();
    await expect.poll(() => page.locator('[data-test=on-hand]').innerText()).toBe('50枚');

    // count: 49 in the safe, refused without the reason, then recorded with it
    await page.locator('[data-test=open-count]').click();
    const count = page.locator('[data-test=count-form]');
    await count.locator('[data-test=counted]').fill('49');
    await count.locator('[data-test=submit]').click();
    await expect.poll(() => count.innerText()).toContain('差異の理由を入力してください');
    await count.locator('[data-test=reason]').fill('1枚を窓口で書損 (記録漏れ)');
    await count.locator('[data-test=submit]').click();
    await expect.poll(() => page.locator('[data-test=stock-summary]').innerText()).toContain('差異 -1');

    // destroy card 300050: oneself as witness is refused, another person is not
    await page.locator('[data-test=open-destroy]').click();
    const destroy = page.locator('[data-test=destroy-form]');
    await destroy.locator('[data-test=first]').fill('300050');
    await destroy.locator('[data-test=method]').fill('ICチップを破砕し、券面を裁断');
    await pickStaff(destroy, 'witness', DEMO.operationsManager.staffNumber);
    await destroy.locator('[data-test=submit]').click();
    await expect.poll(() => destroy.innerText()).toContain('ご自身以外の立会人');
    await pickStaff(destroy, 'witness', DEMO.welfareClerk.staffNumber);
    await destroy.locator('[data-test=submit]').click();
    await expect.poll(() => page.locator('[data-test=on-hand]').innerText()).toBe('49枚');
    expect(await page.locator('[data-test=stock-line]').count()).toBe(2);
    await page.screenshot({ path: shot('stock-desk'), fullPage: true });
    // the witness picker on a phone: it searches as one types and fits 390 px
    await page.setViewportSize({ width: 390, height: 844 });
    await page.locator('[data-test=open-destroy]').click();
    await destroy.locator('[data-test=witness-search]').fill('500103');
    await expect.poll(() => destroy.locator('[data-test=witness] option').count()).toBe(2);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await destroy.screenshot({ path: shot('witness-picker-390') });
    await page.setViewportSize({ width: 1280, height: 900 });

    // the monthly sheet
    await page.locator('[data-test=open-sheet]').click();
    await page.waitForURL(/\/card-stock\/sheet\?month=\d{4}-\d{2}$/);
    await expect.poll(() => page.locator('[data-test=closing]').innerText()).toBe('49');
    expect(await page.locator('[data-test=counted]').innerText()).toBe('49');
    expect(await page.locator('[data-test=difference]').innerText()).toBe('-1');
    const lines = await page.locator('[data-test=sheet-line]').allInnerTexts();
    expect(lines).toHaveLength(3);
    expect(lines.join('\n')).toContain('300001〜300050');
    expect(lines.join('\n')).toContain('ICチップを破砕し、券面を裁断');
    expect(await page.locator('h1').innerText()).toMatch(/令和\d+年\d+月/);
    // the operations manager does not sign off
    expect(await page.locator('[data-test=review-form]').count()).toBe(0);
    const href = await page.locator('[data-test=export-csv]').getAttribute('href');
    const csv = await page.request.get(`${web.url}${href}`);
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toContain('"廃棄"');
    await page.close();

    // the manager signs the month off; printed, the toolbar and the form are gone
    const manager = await web.signedInPage(DEMO.manager, '/card-stock/sheet');
    await manager.locator('[data-test=review-note]').fill('書損1枚の報告を受けた');
    await manager.locator('[data-test=review]').click();
    await expect.poll(() => manager.locator('[data-test=reviewed]').innerText()).toContain('書損1枚の報告を受けた');
    await manager.screenshot({ path: shot('sheet-desk'), fullPage: true });
    await manager.emulateMedia({ media: 'print' });
    expect(await manager.locator('.toolbar').isVisible()).toBe(false);
    await manager.screenshot({ path: shot('sheet-print'), fullPage: true });
    await manager.close();
  });
});
