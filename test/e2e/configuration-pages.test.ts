// Issue 14 on a phone (390 px): the system administrator asks to update the firewall software
// (A14.1–2, A17), the manager approves it on the phone from 対応が必要 with the item's current
// state beside the request, the requester carries it out, and the item's history shows it (A14.5).
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO } from '../helpers/people.js';
import { useServerAndBrowser } from '../helpers/web-app.js';

const PASSWORD = 'configuration-pages-demo-password';
const web = useServerAndBrowser({ password: PASSWORD, viewport: { width: 390, height: 844 } });
const shot = (name: string) => path.join(tmpdir(), `configuration-${name}-390.png`);

/** No part of the page wider than the phone (nothing to scroll sideways). */
const fitsThePhone = (page: import('playwright-core').Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);

describe('configuration register on a phone', () => {
  it('A14.1–2, A14.5: a change request is made, approved by the manager on a phone, carried out, and the history shows it', async () => {
    // the system administrator finds the firewall software and asks for the update
    const admin = await web.signedInPage(DEMO.systemAdministrator, '/configuration');
    await admin.locator('[data-test=search]').fill('ファイヤーウォール制御');
    await expect.poll(() => admin.locator('[data-test=item-row]').count()).toBe(1);
    await admin.screenshot({ path: shot('list'), fullPage: true });
    expect(await fitsThePhone(admin)).toBe(true);
    await admin.locator('[data-test=item-row] a').click();
    await expect.poll(() => admin.locator('[data-test=item-title]').textContent()).toContain('PG-003');
    await admin.locator('[data-test=request-change]').click();
    await expect.poll(() => admin.locator('[data-test=version]').inputValue()).toBe('5.4.1');
    await admin.locator('[data-test=version]').fill('5.5.0');
    await admin.locator('[data-test=summary]').fill('ファイヤーウォール制御ソフトの更新');
    await admin.locator('[data-test=reason]').fill('最新版の適用 (第14第7号)');
    await admin.screenshot({ path: shot('form'), fullPage: true });
    await admin.locator('[data-test=submit]').click();
    await admin.waitForURL(/\/configuration\/requests\?/);
    await expect.poll(() => admin.locator('[data-test=change-request]').count()).toBe(1);
    expect(await admin.locator('[data-test=change-request] [data-test=status]').textContent()).toContain('申請中');
    // nothing changed yet: the register still says 5.4.1
    const [before] = await web.db.dataSource.query(
      `SELECT version FROM configuration_item WHERE "registerNumber" = 'PG-003'`,
    );
    expect(before.version).toBe('5.4.1');
    // one browser (one cookie jar): each person signs in on their own page in turn
    await admin.close();

    // the manager, on the phone: 対応が必要 → the request, with the current and the requested version
    const manager = await web.signedInPage(DEMO.manager, '/todo');
    const todo = manager.locator('a', { hasText: '構成の変更申請の承認' });
    await expect.poll(() => todo.count()).toBe(1);
    await todo.click();
    await manager.waitForURL(/\/configuration\/requests/);
    const card = manager.locator('[data-test=change-request]', { hasText: 'ファイヤーウォール制御ソフトの更新' });
    await expect.poll(() => card.count()).toBe(1);
    const version = card.locator('[data-field=version]');
    expect(await version.locator('.before').textContent()).toBe('5.4.1');
    expect(await version.locator('.after').textContent()).toBe('5.5.0');
    await manager.screenshot({ path: shot('approve'), fullPage: true });
    expect(await fitsThePhone(manager)).toBe(true);
    await card.locator('[data-test=approve]').click();
    await expect.poll(() => manager.locator('[data-test=change-request]').count()).toBe(0);
    await manager.close();

    // the requester carries it out
    const requester = await web.signedInPage(
      DEMO.systemAdministrator,
      '/configuration/requests?status=APPROVED&mine=true',
    );
    const approved = requester.locator('[data-test=change-request]', { hasText: 'ファイヤーウォール制御ソフトの更新' });
    await expect.poll(() => approved.count()).toBe(1);
    await approved.locator('[data-test=carry-out]').click();
    await expect.poll(() => requester.locator('[data-test=change-request]').count()).toBe(0);
    const [after] = await web.db.dataSource.query(
      `SELECT version FROM configuration_item WHERE "registerNumber" = 'PG-003'`,
    );
    expect(after.version).toBe('5.5.0');

    // the item's history shows what, why, before and after
    await requester.goto(`${web.url}/configuration`);
    await requester.locator('[data-test=search]').fill('PG-003');
    await expect.poll(() => requester.locator('[data-test=item-row]').count()).toBe(1);
    await requester.locator('[data-test=item-row] a').click();
    const change = requester.locator('[data-test=change]').first();
    await expect.poll(() => change.textContent()).toContain('ファイヤーウォール制御ソフトの更新');
    expect(await change.textContent()).toContain('最新版の適用');
    expect(await change.locator('[data-basis]').textContent()).toContain('承認済みの申請');
    expect(await change.locator('[data-field=version] .before').textContent()).toBe('5.4.1');
    expect(await change.locator('[data-field=version] .after').textContent()).toBe('5.5.0');
    await requester.screenshot({ path: shot('history'), fullPage: true });
    expect(await fitsThePhone(requester)).toBe(true);
    await requester.close();

    // the manager confirms it
    const confirming = await web.signedInPage(DEMO.manager, '/configuration/requests?status=DONE');
    const done = confirming.locator('[data-test=change-request]', { hasText: 'ファイヤーウォール制御ソフトの更新' });
    await done.locator('[data-test=confirm]').click();
    await expect.poll(() => confirming.locator('[data-test=change-request]').count()).toBe(0);
    const [req] = await web.db.dataSource.query(`SELECT status FROM configuration_change_request`);
    expect(req.status).toBe('CONFIRMED');
    await confirming.close();
  });
});
