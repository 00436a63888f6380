// Issue 13 §8 and the manager's handling on a phone (390 px), in headless Chromium against the
// built server: an operations manager reports a virus through the API; the manager opens it from
// 対応が必要, acknowledges it, records the steps (one out of order, flagged; one waived with a
// reason; one added), is refused closing while steps are open, then closes it; the print views and
// the CSV link for the council. Screenshots go to the temp folder (incidents-*-390.png).
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO } from '../helpers/people.js';
import { postGraphQL, signInOverHttp } from '../helpers/server-process.js';
import { useServerAndBrowser } from '../helpers/web-app.js';

const PASSWORD = 'incidents-handling-demo-password';
const web = useServerAndBrowser({ password: PASSWORD, viewport: { width: 390, height: 844 } });
const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(tmpdir(), `incidents-${name}-390.png`), fullPage: true });

/** The step card of `key` on the detail page. */
const step = (page: Page, key: string) => page.locator(`[data-test=step-${key}]`);

async function markDone(page: Page, key: string, note: string): Promise<void> {
  await step(page, key).locator('[data-test=step-mark-done]').click();
  await step(page, key).locator('[data-test=step-text]').fill(note);
  await step(page, key).locator('[data-test=step-submit]').click();
  await expect.poll(() => step(page, key).getAttribute('data-status')).toBe('done');
}

async function pressClose(page: Page): Promise<void> {
  const button = page.locator('[data-test=close] button').first();
  await button.click(); // ConfirmButton: the first press asks,
  await button.click(); // the second closes
}

describe('Issue 13 §8: the manager handles an incident on a phone', () => {
  it('from 対応が必要: acknowledge, steps (one out of order, one waived, one added), a refused early close, then closed', async () => {
    // the operations manager of 市民課 reports a virus from their phone (the API the report form uses)
    const reporter = await signInOverHttp(web.url, DEMO.operationsManager.staffNumber, PASSWORD);
    const reported = await postGraphQL(
      web.url,
      `mutation($i: ReportIncidentInput!) { reportIncident(input: $i) { id } }`,
      {
        i: {
          clientId: randomUUID(),
          type: 'VIRUS',
          occurredAt: new Date(Date.now() - 5 * 60_000).toISOString(),
          summary: '窓口端末3番でウイルス対策ソフトが警告 (USBメモリから)',
          origin: '来庁者が持参したUSBメモリ',
        },
      },
      reporter,
    );
    expect(reported.errors).toBeUndefined();
    const id: string = reported.data.reportIncident.id;

    // the manager's phone: 対応が必要 → the reports to acknowledge → the incident
    const page = await web.signedInPage(DEMO.manager, '/todo');
    const todo = page.locator('[data-test=todo-item]', { hasText: 'インシデントの報告の確認' });
    await todo.click();
    await page.waitForURL(`${web.url}/incidents?state=REPORTED`);
    const row = page.locator('[data-test=incident-row]', { hasText: '窓口端末3番' });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('未確認');
    expect(await page.locator('[data-test=filter-state]').inputValue()).toBe('REPORTED');
    await shot(page, 'list');
    await row.click();
    await page.waitForURL(`${web.url}/incidents/${id}`);
    await expect.poll(() => page.locator('[data-test=incident-summary]').textContent()).toContain('窓口端末3番');
    // each step names the role that must do it
    expect(await step(page, 'disconnect').locator('[data-test=step-role]').textContent()).toBe('運用管理者');
    expect(await step(page, 'preventSpread').locator('[data-test=step-role]').textContent()).toBe('管理者');
    await shot(page, 'detail-reported');

    await page.locator('[data-test=acknowledge]').click();
    await expect.poll(() => page.locator('[data-test=incident-state]').textContent()).toBe('対応中');
    expect(await page.locator('[data-test=acknowledged-by]').textContent()).toContain(DEMO.manager.fullName);
    expect(await page.locator('[data-test=ack-panel]').count()).toBe(0);

    // the manager tells the operations managers first: done before earlier steps, flagged
    await markDone(page, 'notifyOperationsManagers', '全課の運用管理者に電話で連絡');
    expect(await step(page, 'notifyOperationsManagers').locator('[data-test=step-out-of-order]').count()).toBe(1);
    expect(await step(page, 'notifyOperationsManagers').locator('[data-test=step-note]').textContent()).toBe(
      '全課の運用管理者に電話で連絡',
    );
    await markDone(page, 'disconnect', 'LANケーブルを抜いた');
    expect(await step(page, 'disconnect').locator('[data-test=step-out-of-order]').count()).toBe(0);
    // one waived with a reason
    await step(page, 'reportCause').locator('[data-test=step-waive]').click();
    await step(page, 'reportCause').locator('[data-test=step-text]').fill('管理者が現地で直接確認したため');
    await step(page, 'reportCause').locator('[data-test=step-submit]').click();
    await expect.poll(() => step(page, 'reportCause').getAttribute('data-status')).toBe('waived');
    expect(await step(page, 'reportCause').textContent()).toContain('理由: 管理者が現地で直接確認したため');
    // one added by the manager
    await page.locator('[data-test=add-step-open]').click();
    await page.locator('[data-test=add-step-label]').fill('端末のウイルス定義を全台更新する');
    await page.locator('[data-test=add-step-role]').selectOption('OPERATIONS_MANAGER');
    await page.locator('[data-test=add-step-submit]').click();
    await expect.poll(() => step(page, 'added-1').count()).toBe(1);
    await shot(page, 'detail-steps');

    // closing with steps open is refused: the server's reason in Japanese, and the steps still open
    await pressClose(page);
    const refusal = page.locator('[data-test=close-error]');
    await expect.poll(() => refusal.textContent()).toContain('終わっていない手順があります');
    await expect
      .poll(() => refusal.locator('[data-test=close-open-steps] li').allInnerTexts())
      .toEqual([
        '3. 感染した磁気記録の入手元に連絡する',
        '5. 感染の拡大を防ぐ措置をとる',
        '6. 端末のウイルス定義を全台更新する',
      ]);
    expect(await page.locator('[data-test=incident-state]').textContent()).toBe('対応中');
    await shot(page, 'close-refused');

    await markDone(page, 'notifySource', '持参者に連絡し、媒体を回収');
    await markDone(page, 'preventSpread', '同じ媒体を使った端末2台を検査、異常なし');
    await markDone(page, 'added-1', '全12台更新');
    await page.locator('[data-test=closing-note]').fill('感染は端末1台に限られた');
    await pressClose(page);
    await expect.poll(() => page.locator('[data-test=incident-state]').textContent()).toBe('終了');
    expect(await page.locator('[data-test=closed-notice]').count()).toBe(1);
    expect(await page.locator('[data-test=close-panel]').count()).toBe(0);
    expect(await page.locator('[data-test=step-mark-done]').count()).toBe(0);
    const kinds = await page
      .locator('[data-test=timeline-line]')
      .evaluateAll((ls) => ls.map((l) => l.getAttribute('data-kind')));
    expect(kinds[0]).toBe('REPORTED');
    expect(kinds).toContain('ACKNOWLEDGED');
    expect(kinds.filter((k) => k === 'STEP_DONE')).toHaveLength(5);
    expect(kinds.at(-1)).toBe('CLOSED');
    await shot(page, 'detail-closed');

    // in the database: closed by the manager, the waiver's reason, the flag, one refused close audited
    const [incident] = await web.db.dataSource.query(
      `SELECT i.state, i."closingNote", s."staffNumber" AS "closedBy"
         FROM incident i JOIN staff s ON s.id = i."closedById" WHERE i.id = $1`,
      [id],
    );
    expect(incident).toEqual({
      state: 'CLOSED',
      closingNote: '感染は端末1台に限られた',
      closedBy: DEMO.manager.staffNumber,
    });
    const steps = await web.db.dataSource.query(
      `SELECT key, "doneAt" IS NOT NULL AS done, "waiveReason", "outOfOrder", mandated
         FROM incident_step WHERE "incidentId" = $1 ORDER BY position`,
      [id],
    );
    expect(steps).toEqual([
      { key: 'disconnect', done: true, waiveReason: null, outOfOrder: false, mandated: true },
      {
        key: 'reportCause',
        done: false,
        waiveReason: '管理者が現地で直接確認したため',
        outOfOrder: false,
        mandated: true,
      },
      { key: 'notifySource', done: true, waiveReason: null, outOfOrder: false, mandated: true },
      { key: 'notifyOperationsManagers', done: true, waiveReason: null, outOfOrder: true, mandated: true },
      { key: 'preventSpread', done: true, waiveReason: null, outOfOrder: false, mandated: true },
      { key: 'added-1', done: true, waiveReason: null, outOfOrder: false, mandated: false },
    ]);
    const closes = await web.db.dataSource.query(
      `SELECT outcome, reason FROM audit_entry WHERE action = 'Mutation.closeIncident' AND "targetId" = $1 ORDER BY id`,
      [id],
    );
    expect(closes.map((c: { outcome: string }) => c.outcome)).toEqual(['REFUSED', 'OK']);
    expect(closes[0].reason).toContain('STEPS_OPEN');

    // a second acknowledgement (another phone, a resend) is a no-op answering the first
    const manager = await signInOverHttp(web.url, DEMO.manager.staffNumber, PASSWORD);
    const again = await postGraphQL(
      web.url,
      `mutation($i: IncidentIdInput!) { acknowledgeIncident(input: $i) { state acknowledgedBy { staffNumber } } }`,
      { i: { id } },
      manager,
    );
    expect(again.data.acknowledgeIncident).toEqual({
      state: 'CLOSED',
      acknowledgedBy: { staffNumber: DEMO.manager.staffNumber },
    });

    // the council's paper: the incident, and the period's list with the CSV for Excel
    await page.locator('[data-test=incident-print-link]').click();
    await page.waitForURL(`${web.url}/incidents/${id}/print`);
    const printedSteps = page.locator('[data-test=print-incident-steps] tbody tr');
    await expect.poll(() => printedSteps.count()).toBe(6);
    expect(await printedSteps.nth(1).textContent()).toContain('理由: 管理者が現地で直接確認したため');
    expect(await printedSteps.nth(3).textContent()).toContain('順序の逸脱');
    expect(await page.locator('[data-test=print-incident-facts]').textContent()).toMatch(/令和\d+年/);
    await shot(page, 'print-one');

    await page.goto(`${web.url}/incidents/print`);
    await expect.poll(() => page.locator('[data-test=print-incident]').count()).toBe(1);
    expect(await page.locator('[data-test=print-incident]').textContent()).toContain(
      '省略: 感染の経緯を管理者に報告する',
    );
    const csv = await page.locator('[data-test=incidents-csv]').getAttribute('href');
    expect(csv).toMatch(/^\/exports\/incidents\.csv\?from=\d{4}-04-01&to=\d{4}-\d{2}-\d{2}$/);
    const download = await page.request.get(`${web.url}${csv}`);
    expect(download.status()).toBe(200);
    expect((await download.body()).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(await download.text()).toContain('"ウイルス感染","令和');
    await shot(page, 'print-period');
    await page.close();
  });

  it('the push notification’s link (/incidents/<id>) opens the incident; the menu lists インシデント for those who read them', async () => {
    const reporter = await signInOverHttp(web.url, DEMO.operationsManager.staffNumber, PASSWORD);
    const reported = await postGraphQL(
      web.url,
      `mutation($i: ReportIncidentInput!) { reportIncident(input: $i) { id } }`,
      { i: { clientId: randomUUID(), type: 'FIRE', occurredAt: new Date().toISOString(), summary: '電算室で煙' } },
      reporter,
    );
    const id: string = reported.data.reportIncident.id;
    // the push carries /incidents/<id> (incident-routing.ts, test/integration/incidents-push.test.ts)
    const page = await web.signedInPage(DEMO.manager, `/incidents/${id}`);
    await expect.poll(() => page.locator('[data-test=incident-summary]').textContent()).toBe('電算室で煙');
    expect(await page.locator('[data-test=acknowledge]').count()).toBe(1);
    // usable on a desk too: the same page at 1280 px, with the side bar
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: path.join(tmpdir(), 'incidents-detail-desk-1280.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.locator('[data-test=bottom-bar]').getByRole('button', { name: 'メニュー' }).click();
    await page.locator('[data-test=nav-incidents]').click();
    await page.waitForURL(`${web.url}/incidents`);
    await expect.poll(() => page.locator('[data-test=incident-row]', { hasText: '電算室で煙' }).count()).toBe(1);
    await page.close();

    // an operator reads only what they reported or were told of: none here; no print or CSV for them
    const operator = await web.signedInPage(DEMO.operator, '/incidents');
    await expect.poll(() => operator.locator('[data-test=incidents-none]').count()).toBe(1);
    expect(await operator.locator('[data-test=incidents-print-link]').count()).toBe(0);
    await operator.locator('[data-test=bottom-bar]').getByRole('button', { name: 'メニュー' }).click();
    expect(await operator.locator('[data-test=nav-incidents]').count()).toBe(1);
    await operator.goto(`${web.url}/incidents/print`);
    await operator.waitForURL(`${web.url}/`); // the guard: Export.incidents is not theirs
    await operator.close();
  });
});
