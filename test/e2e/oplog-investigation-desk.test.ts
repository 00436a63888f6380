// A20.1 → A21 in headless Chromium against the built server, at a desk: last month's review has a
// record marked as a finding (through the API); the manager opens the review, presses 「調査を開始」
// on the finding, finds the form filled in with its operator and month, opens the investigation
// (the record linked), records findings and closes it. The retention page (A20.2) is looked at too.
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lastMonth, pageWidth, reviewWithFinding } from '../helpers/oplog-review.js';
import { DEMO } from '../helpers/people.js';
import { useServerAndBrowser } from '../helpers/web-app.js';

const PASSWORD = 'oplog-investigation-demo-password';
const web = useServerAndBrowser({ password: PASSWORD, viewport: { width: 1280, height: 900 } });
const shot = (name: string) => path.join(tmpdir(), `oplog-investigation-${name}.png`);

describe('A21 investigation opened from a review’s finding (desk)', () => {
  it('A20.1 → A21: the manager opens an investigation from a finding, prefilled and linked, and records findings', async () => {
    const month = lastMonth();
    const at = new Date(`${month}-15T22:00:00+09:00`);
    const db = web.db.dataSource;
    const reviewId = await reviewWithFinding(web, {
      password: PASSWORD,
      month,
      operatorCode: 'OP7001',
      sourceId: 'e2e-inv',
      records: [[at, 3]],
      findingLine: 3,
      note: '深夜の照会、業務の記録なし',
    });

    const page = await web.signedInPage(DEMO.manager, `/oplog/reviews/${reviewId}`);
    const mark = page.locator('[data-test=review-mark]');
    await expect.poll(() => mark.count()).toBe(1);
    expect(await mark.locator('[data-test=mark-operator]').innerText()).toContain(
      `OP7001 ${DEMO.citizenSectionClerk.fullName}`,
    );
    await page.screenshot({ path: shot('review-desk'), fullPage: true });
    await mark.getByRole('link', { name: '調査を開始' }).click();
    await page.waitForURL(/\/investigations\/new\?/);

    // filled in: the operator's staff member, the review's month, the record to link
    expect(await page.locator('[data-test=subject-chosen]').innerText()).toContain(DEMO.citizenSectionClerk.fullName);
    expect(await page.locator('[data-test=from-finding]').innerText()).toContain('e2e-inv:3');
    expect(await page.getByLabel('対象期間の開始').inputValue()).toBe(`${month}-01T00:00`);
    await page.getByLabel('範囲').fill('深夜の住民票の照会 (業務外の利用の疑い)');
    await page.getByLabel(/協力の依頼の文面/).fill('対象職員の勤務状況について聞き取りへの協力をお願いします');
    await page.screenshot({ path: shot('new-desk'), fullPage: true });
    await page.getByRole('button', { name: '調査を開始する' }).click();
    await page.waitForURL(/\/investigations\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop()!;

    // the finding's record is linked, with the finding's note
    const link = page.locator('[data-test=investigation-link]');
    await expect.poll(() => link.count()).toBe(1);
    expect(await link.innerText()).toContain('e2e-inv:3');
    expect(await link.innerText()).toContain('深夜の照会、業務の記録なし');
    expect(await page.locator('[data-test=investigation-state]').innerText()).toBe('調査中');

    await page.locator('[data-test=findings-input]').fill('業務外の照会1件を確認。本人から聞き取り済み。');
    await page.getByRole('button', { name: '所見を記録' }).click();
    await expect.poll(() => page.locator('[data-test=saved]').count()).toBe(1);
    await page.screenshot({ path: shot('detail-desk'), fullPage: true });
    // closing asks first: the first press asks, the second closes
    await page.getByRole('button', { name: '記録して調査を終了する', exact: true }).click();
    await page
      .getByRole('button', { name: /記録して調査を終了する/ })
      .and(page.locator('.danger'))
      .click();
    await expect.poll(() => page.locator('[data-test=investigation-state]').innerText()).toBe('終了');
    expect(await page.locator('[data-test=findings-text]').innerText()).toBe(
      '業務外の照会1件を確認。本人から聞き取り済み。',
    );
    expect(await page.locator('[data-test=link-form]').count()).toBe(0);
    const [row] = await db.query(`SELECT state, findings FROM investigation WHERE id = $1`, [id]);
    expect(row).toEqual({ state: 'CLOSED', findings: '業務外の照会1件を確認。本人から聞き取り済み。' });
    const audits = await db.query(
      `SELECT action, outcome FROM audit_entry WHERE action IN ('Mutation.openInvestigation', 'Mutation.recordInvestigationFindings') ORDER BY id`,
    );
    expect(audits).toEqual([
      { action: 'Mutation.openInvestigation', outcome: 'OK' },
      { action: 'Mutation.recordInvestigationFindings', outcome: 'OK' },
      { action: 'Mutation.recordInvestigationFindings', outcome: 'OK' },
    ]);
    await page.screenshot({ path: shot('closed-desk'), fullPage: true });

    // the same pages on a 390 px phone: nothing wider than the screen
    await page.setViewportSize({ width: 390, height: 844 });
    for (const [name, url] of [
      ['detail', `/investigations/${id}`],
      ['review', `/oplog/reviews/${reviewId}`],
      ['retention', '/oplog/retention'],
    ]) {
      await page.goto(`${web.url}${url}`);
      await page.locator('h1').first().waitFor();
      await page.waitForLoadState('networkidle');
      expect(await pageWidth(page), name).toBeLessThanOrEqual(390);
      await page.screenshot({ path: shot(`${name}-390`), fullPage: true });
    }
    expect(await page.locator('[data-test=retention-month]').count()).toBeGreaterThan(0);
    await page.close();
  });
});
