// A20.1 in headless Chromium against the built server, on a 390 px phone: the chief has reviewed
// last month's operation history (through the API); the manager opens the reviews from the menu's
// page, sees the month due, opens it, and signs it off with a comment; the month is no longer due.
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO } from '../helpers/people.js';
import { useServerAndBrowser } from '../helpers/web-app.js';

const PASSWORD = 'oplog-review-demo-password';
const web = useServerAndBrowser({ password: PASSWORD, viewport: { width: 390, height: 844 } });
const shot = (name: string) => path.join(tmpdir(), `oplog-review-${name}.png`);

async function api(query: string, variables: Record<string, unknown>, cookie?: string) {
  const res = await fetch(`${web.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: any; errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return { data: body.data, cookie: res.headers.get('set-cookie')?.split(';')[0] };
}

/** Last month in Tokyo, 'YYYY-MM'. */
function lastMonth(): string {
  const tokyo = new Date(Date.now() + 9 * 3_600_000);
  const y = tokyo.getUTCFullYear();
  const m = tokyo.getUTCMonth(); // 0-based: this is last month's 1-based number
  return m === 0 ? `${y - 1}-12` : `${y}-${String(m).padStart(2, '0')}`;
}

describe('operation history reviews (A20.1)', () => {
  it('A20.1 on a phone: the manager signs off last month’s review written by the chief', async () => {
    const month = lastMonth();
    // a record of last month (its partition made as the owner, as an import would)
    await web.db.dataSource.query(`SELECT oplog_ensure_partition($1::date)`, [`${month}-01`]);
    await web.db.dataSource.query(
      `INSERT INTO operation_record ("at", "sourceId", line, "terminalCode", "operatorId", "operationType", result)
       VALUES ($1, 'e2e', 2, 'T-001', 'OP1001', 'INQUIRY', 'SUCCESS')`,
      [new Date(`${month}-15T22:00:00+09:00`)], // after hours: the saved query finds it
    );
    const chief = (
      await api(
        `mutation { signIn(input: { staffNumber: "${DEMO.chief.staffNumber}", password: "${PASSWORD}" }) { staff { id } } }`,
        {},
      )
    ).cookie!;
    const created = await api(`mutation($m: String!) { createOplogReview(month: $m) { id } }`, { m: month }, chief);
    const id = created.data.createOplogReview.id as string;
    await api(
      `mutation($id: ID!, $t: String!) { recordOplogReviewFindings(id: $id, findings: $t) { id } }`,
      { id, t: '時間外の操作なし。有効なカードのない操作なし。指摘事項なし。' },
      chief,
    );

    const phone = await web.signedInPage(DEMO.manager, '/oplog/reviews');
    const due = phone.locator('[data-test=due-month]');
    await expect.poll(() => due.evaluateAll((e) => e.map((m) => m.getAttribute('data-month')))).toEqual([month]);
    // shown as the office reads a month: 令和8年11月
    const [y, m] = month.split('-').map(Number);
    const shown = `令和${y - 2018}年${m}月`;
    expect(await due.innerText()).toBe(shown);
    const row = phone.locator('[data-test=review-row]');
    expect(await row.innerText()).toContain('点検中');
    expect(await row.innerText()).toContain(DEMO.chief.fullName);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: shot('list-390'), fullPage: true });

    await row.getByRole('link', { name: shown }).click();
    await phone.waitForURL(new RegExp(`/oplog/reviews/${id}$`));
    await expect
      .poll(() => phone.locator('[data-test=findings-text]').innerText())
      .toBe('時間外の操作なし。有効なカードのない操作なし。指摘事項なし。');
    const form = phone.locator('[data-test=sign-off-form]');
    await form.getByLabel('コメント (任意)').fill('確認しました');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: shot('review-390'), fullPage: true });
    // the first press asks, the second signs off
    await form.getByRole('button', { name: '承認', exact: true }).click();
    expect(await form.getByRole('status').innerText()).toContain('承認すると変更できません');
    await form.getByRole('button', { name: '承認する', exact: true }).click();
    await expect.poll(() => phone.locator('[data-test=review-state]').innerText()).toBe('承認済み');
    expect(await phone.locator('[data-test=signed-off]').innerText()).toContain(DEMO.manager.fullName);
    expect(await phone.locator('[data-test=signed-off]').innerText()).toContain('確認しました');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: shot('signed-390'), fullPage: true });

    // the review's link opens the saved queries for its month: the after-hours record, with its CSV
    await phone.getByRole('link', { name: '点検用の抽出を開く' }).click();
    await phone.waitForURL(/\/oplog\?q=OUTSIDE_HOURS/);
    await expect.poll(() => phone.locator('[data-test=oplog-row]').count()).toBe(1);
    expect(await phone.locator('[data-test=oplog-row]').innerText()).toContain('OP1001');
    expect(await phone.locator('[data-test=query-csv]').getAttribute('href')).toContain(
      '/exports/oplog/outside-hours.csv',
    );
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: shot('queries-390'), fullPage: true });

    await phone.goto(`${web.url}/oplog/reviews`);
    await expect.poll(() => phone.locator('[data-test=review-state]').first().innerText()).toBe('承認済み');
    expect(await phone.locator('[data-test=due-month]').count()).toBe(0);
    const [audit] = await web.db.dataSource.query(
      `SELECT outcome FROM audit_entry WHERE action = 'Mutation.signOffOplogReview'`,
    );
    expect(audit.outcome).toBe('OK');
    await phone.close();
  });
});
