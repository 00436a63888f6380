// A20.1 → A21 in headless Chromium against the built server, on a 390 px phone: the manager opens
// an investigation from a review's finding, picks the person asked to cooperate with the staff
// search picker (not the subject's operations manager), then finds another record of the subject's
// operator by operator ID and day and links it — no timestamp typed. Screenshots in the temp dir.
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lastMonth, pageWidth, reviewWithFinding } from '../helpers/oplog-review.js';
import { DEMO } from '../helpers/people.js';
import { useServerAndBrowser } from '../helpers/web-app.js';

const PASSWORD = 'oplog-investigation-pickers-password';
const web = useServerAndBrowser({ password: PASSWORD, viewport: { width: 390, height: 844 } });
const shot = (name: string) => path.join(tmpdir(), `oplog-investigation-pickers-${name}.png`);

describe('A21 investigation pickers (phone)', () => {
  it('A21: from a finding, the manager picks the cooperator and links a record found by operator and day', async () => {
    const month = lastMonth();
    const db = web.db.dataSource;
    const finding = new Date(`${month}-15T22:00:00+09:00`);
    const rows: [Date, number][] = [
      [finding, 3],
      [new Date(`${month}-16T09:12:34.567+09:00`), 4],
      [new Date(`${month}-16T10:05:00.250+09:00`), 5],
      [new Date(`${month}-16T15:40:00+09:00`), 6],
    ];
    const reviewId = await reviewWithFinding(web, {
      password: PASSWORD,
      month,
      operatorCode: 'OP7101',
      sourceId: 'e2e-pick',
      records: rows,
      findingLine: 3,
      note: '深夜の照会',
    });

    const page = await web.signedInPage(DEMO.manager, `/oplog/reviews/${reviewId}`);
    const mark = page.locator('[data-test=review-mark]');
    await expect.poll(() => mark.count()).toBe(1);
    await mark.getByRole('link', { name: '調査を開始' }).click();
    await page.waitForURL(/\/investigations\/new\?/);
    expect(await page.locator('[data-test=subject-chosen]').innerText()).toContain(DEMO.citizenSectionClerk.fullName);
    // nobody picked yet: the subject's operations manager would be asked
    expect(await page.locator('[data-test=cooperator-hint]').innerText()).toContain('運用管理者');

    // the cooperator picker: another section's operations manager, found by staff number
    const asked = DEMO.insuranceOperationsManager;
    await page.locator('[data-test=cooperator-search]').fill(asked.staffNumber);
    await page.locator('[data-test=cooperator-picker]').getByRole('button', { name: '検索' }).click();
    const option = page.locator('[data-test=cooperator-option]');
    await expect.poll(() => option.count()).toBe(1);
    await page.screenshot({ path: shot('cooperator-options-390'), fullPage: true });
    await option.click();
    expect(await page.locator('[data-test=cooperator-chosen]').innerText()).toContain(asked.fullName);
    await page.getByLabel('範囲').fill('深夜の住民票の照会 (業務外の利用の疑い)');
    await page.getByLabel(/協力の依頼の文面/).fill('対象職員の勤務状況について聞き取りへの協力をお願いします');
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: shot('new-390'), fullPage: true });
    await page.getByRole('button', { name: '調査を開始する' }).click();
    await page.waitForURL(/\/investigations\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop()!;
    const link = page.locator('[data-test=investigation-link]');
    await expect.poll(() => link.count()).toBe(1);

    // find the operator's records of the 16th and pick the one at 10:05
    await page.getByLabel('操作者ID').fill('OP7101');
    await page.getByLabel('日', { exact: true }).fill(`${month}-16`);
    await page.locator('[data-test=find-records]').click();
    const found = page.locator('[data-test=found-record]');
    await expect.poll(() => found.count()).toBe(3);
    expect(await found.nth(1).innerText()).toContain('e2e-pick:5');
    await page.screenshot({ path: shot('found-390'), fullPage: true });
    await found.nth(1).getByRole('button', { name: '選ぶ' }).click();
    expect(await page.locator('[data-test=record-picked]').innerText()).toContain('e2e-pick:5');
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    await page.getByRole('button', { name: '結び付ける', exact: true }).click();
    await expect.poll(() => link.count()).toBe(2);
    expect(await link.nth(1).innerText()).toContain('e2e-pick:5');
    await page.screenshot({ path: shot('linked-390'), fullPage: true });

    const [inv] = await db.query(
      `SELECT i."cooperatorId", s."staffNumber" FROM investigation i JOIN staff s ON s.id = i."cooperatorId" WHERE i.id = $1`,
      [id],
    );
    expect(inv.staffNumber).toBe(asked.staffNumber);
    const links = await db.query(
      `SELECT "recordLine", "recordAt" FROM investigation_link WHERE "investigationId" = $1 ORDER BY "addedAt"`,
      [id],
    );
    expect(links.map((l: any) => l.recordLine)).toEqual([3, 5]);
    expect((links[1].recordAt as Date).toISOString()).toBe(rows[2][0].toISOString()); // the milliseconds kept
    await page.close();
  });
});
