// The staff administration pages in headless Chromium against the real server (identity issue,
// web: admin pages for staff and role assignments): the system administrator registers someone,
// issues their password, assigns a role; a manager unlocks a locked account.

import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../helpers/web-app.js';
import { DEMO } from '../helpers/people.js';

const PASSWORD = 'staff-admin-demo-password';
const web = useServerAndBrowser({ password: PASSWORD });
const { signedInPage } = web;

describe('staff administration pages', () => {
  it('registers a staff member, issues a one-time password that signs in, and assigns a role', async () => {
    const page = await signedInPage(DEMO.systemAdministrator, '/admin/staff');
    await page.locator('[data-test=add-staff]').click();
    const form = page.locator('[data-test=staff-form]');
    await form.getByLabel('職員番号').fill('600001');
    await form.getByLabel('姓', { exact: true }).fill('小林');
    await form.getByLabel('名', { exact: true }).fill('真央');
    await form.getByLabel('姓 (ふりがな)').fill('こばやし');
    await form.getByLabel('名 (ふりがな)').fill('まお');
    await form.getByLabel('所属').selectOption({ label: '市民部 市民課' });
    await form.getByLabel('職名').fill('主事');
    await form.getByRole('button', { name: '登録' }).click();
    await page.waitForURL(/\/admin\/staff\/[0-9a-f-]{36}\?created=1/);
    await expect.poll(() => page.locator('[data-test=staff-message]').textContent()).toContain('登録しました');

    await page.locator('[data-test=issue-password]').click();
    const issued = (await page.locator('[data-test=issued-password] code').innerText()).trim();
    expect(issued).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);

    // 市民課's operations manager (DEMO.operationsManager) has an open-ended term: the overlap is refused with the reason
    const newcomerUrl = page.url().split('?')[0];
    const assignNewcomer = async () => {
      const assign = page.locator('[data-test=assign-role]');
      await assign.getByLabel('役割', { exact: true }).selectOption('OPERATIONS_MANAGER');
      await assign.getByLabel('対象の課 (住基ネットを利用する課)').selectOption({ label: '市民部 市民課' });
      await assign.getByLabel('開始日').fill('2027-04-01');
      await assign.getByRole('button', { name: '任命' }).click();
    };
    await assignNewcomer();
    await expect.poll(() => page.locator('[data-test=roles-error]').textContent()).toContain('既に在任者がいます');
    expect(await page.locator('[data-test=assignment]').count()).toBe(0);

    // end 伊藤's term on 2027-03-31 from their page, then the newcomer's assignment goes through
    await page.goto(`${web.url}/admin/staff`);
    await page.getByRole('searchbox').fill(DEMO.operationsManager.staffNumber);
    await expect.poll(() => page.locator('[data-test=staff-row]').count()).toBe(1);
    await page.locator('[data-test=staff-row] a').click();
    const term = page.locator('[data-test=assignment]', { hasText: '運用管理者' });
    await term.locator('[data-test=end-role]').click();
    await term.getByLabel('最終日').fill('2027-03-31');
    await term.getByRole('button', { name: '任期を終了' }).click();
    await expect.poll(() => term.textContent()).toContain('令和9年3月31日');

    await page.goto(newcomerUrl);
    await assignNewcomer();
    await expect.poll(() => page.locator('[data-test=assignment]').count()).toBe(1);
    expect(await page.locator('[data-test=assignment]').textContent()).toMatch(
      /運用管理者.*市民課.*令和9年4月1日.*予定/,
    );
    await page.close();

    const newcomer = await signedInPage('600001', '/', issued);
    await expect.poll(() => newcomer.locator('[data-test=account]').textContent()).toContain('小林 真央');
    await newcomer.close();
    const audit = await web.db.dataSource.query(
      `SELECT action FROM audit_entry WHERE outcome = 'OK' AND action IN
         ('Mutation.createStaff', 'Mutation.setStaffPassword', 'Mutation.assignRole', 'Mutation.endRoleAssignment')`,
    );
    expect(audit.map((a: { action: string }) => a.action).sort()).toEqual([
      'Mutation.assignRole',
      'Mutation.createStaff',
      'Mutation.endRoleAssignment',
      'Mutation.setStaffPassword',
    ]);
  });

  it('lets a manager find a locked account and unlock it, without the editing controls', async () => {
    await web.db.dataSource.query(
      `UPDATE staff_credential SET "lockedAt" = now(), "lockedUntil" = now() + interval '15 minutes', "failedAttempts" = 10
       WHERE "staffId" = (SELECT id FROM staff WHERE "staffNumber" = '${DEMO.citizenSectionStaff.staffNumber}')`,
    );
    const page = await signedInPage(DEMO.manager, '/admin/staff');
    await page.getByRole('searchbox').fill(DEMO.citizenSectionStaff.staffNumber);
    await expect.poll(() => page.locator('[data-test=staff-row]').count()).toBe(1);
    expect(await page.locator('[data-test=locked]').count()).toBe(1);
    await page.locator('[data-test=staff-row] a').click();
    await page.locator('[data-test=unlock]').click();
    await expect.poll(() => page.locator('[data-test=staff-message]').textContent()).toContain('解除しました');
    expect(await page.locator('[data-test=issue-password]').count()).toBe(0);
    expect(await page.locator('[data-test=assign-role]').count()).toBe(0);
    expect(await page.locator('[data-test=deactivate]').count()).toBe(0);
    const [row] = await web.db.dataSource.query(
      `SELECT "lockedUntil" FROM staff_credential WHERE "staffId" = (SELECT id FROM staff WHERE "staffNumber" = '${DEMO.citizenSectionStaff.staffNumber}')`,
    );
    expect(row.lockedUntil).toBeNull(); // lockedAt stays on record: a new lock within 7 days escalates
    await page.close();
  });
});
