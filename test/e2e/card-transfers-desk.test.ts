// Issue 15 §3 (A16.1) in headless Chromium against the built server, on a desk (1280 px): the PIN
// administrator imports the April list with a bad row (nothing is stored, the row is named), fixes
// the file and imports it, then opens the round's view: each person's move, the requests it opened
// and who handles them, with the counts per state.
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TRANSFER_HEADER } from '../helpers/card-transfers.js';
import { DEMO } from '../helpers/people.js';
import { useServerAndBrowser } from '../helpers/web-app.js';

const PASSWORD = 'card-transfers-demo-password';
const web = useServerAndBrowser({ password: PASSWORD, viewport: { width: 1280, height: 900 } });
const shot = (name: string) => path.join(tmpdir(), `card-transfers-${name}-1280.png`);

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
const csv = (rows: string[][]) =>
  Buffer.from('\uFEFF' + [TRANSFER_HEADER, ...rows].map((r) => r.join(',')).join('\r\n') + '\r\n');

describe('transfer rounds on a desk (issue 15 §3)', () => {
  it('A16.1 the transfer import with a bad row, fixed and imported, and the round’s view', async () => {
    // an operator of 市民課 holding a card moves; another person becomes an operator
    const pin = (
      await api(
        `mutation($n: String!, $p: String!) { signIn(input: { staffNumber: $n, password: $p }) { staff { id } } }`,
        { n: DEMO.pinAdministrator.staffNumber, p: PASSWORD },
      )
    ).cookie!;
    const [{ id: staffId }] = await web.db.dataSource.query(`SELECT id FROM staff WHERE "staffNumber" = $1`, [
      DEMO.citizenSectionStaff.staffNumber,
    ]);
    const operator = (
      await api(
        `mutation($i: RegisterCardOperatorInput!) { registerCardOperator(input: $i) { id } }`,
        { i: { staffId, operatorCode: 'OP-0401-201', since: '2026-04-01' } },
        pin,
      )
    ).data.registerCardOperator;
    const card = (
      await api(
        `mutation($i: ReceiveOperatorCardInput!) { receiveOperatorCard(input: $i) { id } }`,
        { i: { cardNumber: 'C-7001', storagePlace: '市民課 金庫', storageLocked: true } },
        pin,
      )
    ).data.receiveOperatorCard;
    await api(
      `mutation($i: IssueOperatorCardInput!) { issueOperatorCard(input: $i) { id } }`,
      { i: { cardId: card.id, operatorId: operator.id } },
      pin,
    );

    const good = [
      [DEMO.citizenSectionStaff.staffNumber, '市民課', '保険年金課', '2026-11-01', ''],
      [DEMO.citizenSectionClerk.staffNumber, '市民課', '職員課', '2026-11-01', 'OP-0302-201'],
      [DEMO.insuranceClerk.staffNumber, '保険年金課', '市民課', '2099-04-01', ''],
    ];
    const page = await web.signedInPage(DEMO.pinAdministrator, '/cards/transfers');
    await page.locator('[data-test=round-name]').fill('令和8年11月 臨時異動');
    await page.locator('[data-test=transfer-file]').setInputFiles({
      name: 'idou.csv',
      mimeType: 'text/csv',
      buffer: csv([...good, ['999999', '市民課', '職員課', '2026-11-01', '']]),
    });
    await page.locator('[data-test=import]').click();
    const errors = page.locator('[data-test=import-error]');
    await expect.poll(() => errors.count()).toBe(1);
    expect(await errors.first().innerText()).toContain('5');
    expect(await errors.first().innerText()).toContain('999999');
    expect(await page.locator('[data-test=import-errors]').innerText()).toContain('何も取込んでいません');
    expect(await page.locator('[data-test=round-row]').count()).toBe(0);
    await page.screenshot({ path: shot('bad-row'), fullPage: true });

    // the file fixed: imported, two moves open at once, one waits for its date
    await page
      .locator('[data-test=transfer-file]')
      .setInputFiles({ name: 'idou.csv', mimeType: 'text/csv', buffer: csv(good) });
    await page.locator('[data-test=import]').click();
    const done = page.locator('[data-test=import-done]');
    await expect.poll(() => done.count()).toBe(1);
    expect(await done.innerText()).toContain('3件を取込みました');
    expect(await page.locator('[data-test=import-error]').count()).toBe(0);
    await expect.poll(() => page.locator('[data-test=round-row]').count()).toBe(1);
    await page.screenshot({ path: shot('imported'), fullPage: true });

    await page.locator('[data-test=imported-round]').click();
    const rows = page.locator('[data-test=move-row]');
    await expect.poll(() => rows.count()).toBe(3);
    expect(await page.locator('[data-test=round-name]').innerText()).toBe('令和8年11月 臨時異動');
    expect(await page.locator('[data-test=open-tasks]').innerText()).toContain('4');
    expect(await page.locator('[data-test=moves-OPENED]').innerText()).toBe('2');
    expect(await page.locator('[data-test=moves-SCHEDULED]').innerText()).toBe('1');
    expect(await page.locator('[data-test=tasks-REQUESTED]').innerText()).toBe('4');
    const moved = rows.filter({ hasText: DEMO.citizenSectionStaff.staffNumber });
    expect(await moved.innerText()).toContain('カード C-7001');
    expect(await moved.locator('[data-test=task]').count()).toBe(2);
    expect(await moved.locator('[data-test=move-state]').innerText()).toBe('異動済み');
    const waiting = rows.filter({ hasText: DEMO.insuranceClerk.staffNumber });
    expect(await waiting.locator('[data-test=move-state]').innerText()).toBe('発令待ち');
    // a move waiting for its date says when its requests open, not that it has none
    expect(await waiting.locator('[data-test=no-tasks]').innerText()).toBe('発令日に依頼を開きます');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
    await page.screenshot({ path: shot('round'), fullPage: true });
    await page.close();
  });
});
