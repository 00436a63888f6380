// A20.1 in headless Chromium against the built server: the manager, on a 390 px phone, opens the
// review settings from /oplog, allows PROVISION to operations managers only, places a terminal of
// the configuration register in the server room, adds the city's own operation type, and removes a
// row; then the same page on a desk. Each step reaches the tables the saved queries read.
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO } from '../helpers/people.js';
import { useServerAndBrowser } from '../helpers/web-app.js';

const PASSWORD = 'oplog-settings-demo-password';
const web = useServerAndBrowser({ password: PASSWORD, viewport: { width: 390, height: 844 } });
const shot = (name: string) => path.join(tmpdir(), `oplog-settings-${name}.png`);

describe('operation history review settings (A20.1)', () => {
  it('A20.1 on a phone and a desk: the manager keeps the role and terminal tables and adds an operation type', async () => {
    const phone = await web.signedInPage(DEMO.manager, '/oplog');
    await phone.locator('[data-test=oplog-settings-link]').click();
    await phone.waitForURL(/\/oplog\/settings$/);
    await expect.poll(() => phone.locator('h1').innerText()).toBe('操作履歴の点検設定');

    // PROVISION → 住基ネット運用管理者
    const roleForm = phone.locator('[data-test=add-role-operation]');
    await roleForm.locator('[data-test=role-type]').selectOption('PROVISION');
    await roleForm.locator('[data-test=role-role]').selectOption('OPERATIONS_MANAGER');
    await roleForm.getByRole('button', { name: '追加' }).click();
    const roleRow = phone.locator('[data-test=role-operation-row][data-type=PROVISION][data-role=OPERATIONS_MANAGER]');
    await expect.poll(() => roleRow.count()).toBe(1);
    expect(await roleRow.innerText()).toContain('住基ネット運用管理者');

    // EQ-011 picked from the configuration register, placed in 電算室 (R01); R02 (a storage room) is not offered
    const terminalForm = phone.locator('[data-test=add-terminal-room]');
    await terminalForm.locator('[data-test=terminal-candidate]').selectOption('EQ-011');
    expect(await terminalForm.locator('[data-test=terminal-code]').inputValue()).toBe('EQ-011');
    const roomOptions = await terminalForm.locator('[data-test=terminal-room] option').allInnerTexts();
    expect(roomOptions.some((o) => o.includes('R01'))).toBe(true);
    expect(roomOptions.some((o) => o.includes('R02'))).toBe(false);
    await terminalForm.locator('[data-test=terminal-room]').selectOption({ label: '電算室 (R01)' });
    await terminalForm.getByRole('button', { name: '追加' }).click();
    await expect.poll(() => phone.locator('[data-test=terminal-room-row][data-terminal=EQ-011]').count()).toBe(1);

    // the city's own operation type, then offered in the role form
    const typeForm = phone.locator('[data-test=add-operation-type]');
    await typeForm.locator('[data-test=type-code]').fill('BULK_PRINT');
    await typeForm.locator('[data-test=type-label-ja]').fill('一括印刷');
    await typeForm.locator('[data-test=type-label-en]').fill('Bulk print');
    await typeForm.getByRole('button', { name: '追加' }).click();
    await expect.poll(() => phone.locator('[data-test=operation-type-row][data-code=BULK_PRINT]').count()).toBe(1);
    expect(await roleForm.locator('[data-test=role-type] option[value=BULK_PRINT]').count()).toBe(1);
    // the same type again: its code's message, in Japanese, under the form (on a phone, where the thumb is)
    await typeForm.locator('[data-test=type-code]').fill('BULK_PRINT');
    await typeForm.locator('[data-test=type-label-ja]').fill('一括印刷');
    await typeForm.locator('[data-test=type-label-en]').fill('Bulk print');
    await typeForm.getByRole('button', { name: '追加' }).click();
    await expect
      .poll(() =>
        phone.locator('[data-test=operation-types]').getByText('そのコードの操作種別はすでにあります。').count(),
      )
      .toBe(1);

    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: shot('phone-390'), fullPage: true });

    // remove the terminal row: the first press asks, the second removes
    const terminalRow = phone.locator('[data-test=terminal-room-row][data-terminal=EQ-011]');
    await terminalRow.getByRole('button', { name: '削除', exact: true }).click();
    await terminalRow.getByRole('button', { name: '削除する', exact: true }).click();
    await expect.poll(() => terminalRow.count()).toBe(0);

    const rows = await web.db.dataSource.query(`SELECT "operationType", role FROM oplog_role_operation`);
    expect(rows).toEqual([{ operationType: 'PROVISION', role: 'OPERATIONS_MANAGER' }]);
    expect(await web.db.dataSource.query(`SELECT * FROM oplog_terminal_room`)).toEqual([]);

    await phone.setViewportSize({ width: 1280, height: 900 });
    await phone.screenshot({ path: shot('desk-1280'), fullPage: true });
    await phone.close();
  });
});
