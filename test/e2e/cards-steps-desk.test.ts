// Issue 15 (A16.2, A16.6, A18.1) in headless Chromium against the built server, at a desk: the PIN
// administrator registers an operator, receives a card into stock (refused without a locked place,
// the server's code shown in Japanese), issues it, takes it back, and reads its history on /cards; a
// manager sees only the step their authority allows. The resident-card stock page reads its ledger a
// page at a time (もっと見る). Screenshots at 1280 and 390.
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO } from '../helpers/people.js';
import { pickStaff } from '../helpers/staff-picker.js';
import { useServerAndBrowser } from '../helpers/web-app.js';

const PASSWORD = 'cards-steps-demo-password';
const web = useServerAndBrowser({ password: PASSWORD, viewport: { width: 1280, height: 900 } });
const shot = (name: string) => path.join(tmpdir(), `cards-steps-${name}.png`);
const NOT_LOCKED = '施錠できる場所に保管します';

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

describe('cards register forms (issue 15, A16)', () => {
  it('A16.2 A16.6 at a desk: register an operator, receive a card (a locked place required), issue it, take it back, read its history', async () => {
    const page = await web.signedInPage(DEMO.pinAdministrator, '/cards?tab=operators');

    // the operator register: register one
    await page.locator('[data-test=open-register]').click();
    const register = page.locator('[data-test=register-form]');
    // the staff picker offers the first people by staff number, then what the search finds
    await expect.poll(() => register.locator('[data-test=staff] option').count()).toBeGreaterThan(1);
    await pickStaff(register, 'staff', DEMO.citizenSectionStaff.staffNumber);
    await register.locator('[data-test=operator-code]').fill('OP-1201-001');
    await register.locator('[data-test=register-submit]').click();
    const operatorRow = page.locator('[data-test=operator-row]');
    await expect.poll(() => operatorRow.count()).toBe(1);
    expect(await operatorRow.innerText()).toContain('OP-1201-001');
    expect(await operatorRow.innerText()).toContain(DEMO.citizenSectionStaff.fullName);
    // another staff member with the same operator ID: the server's code, in Japanese
    await page.locator('[data-test=open-register]').click();
    await pickStaff(register, 'staff', DEMO.citizenSectionClerk.staffNumber);
    await register.locator('[data-test=operator-code]').fill('OP-1201-001');
    await register.locator('[data-test=register-submit]').click();
    await expect.poll(() => register.locator('[role=alert]').getAttribute('data-code')).toBe('OPERATOR_CODE_TAKEN');
    expect(await register.innerText()).toContain('この識別番号はすでに登録されています');
    await page.locator('[data-test=open-register]').click();

    // receive a card: not locked is refused, locked is kept
    await page.locator('[data-test=tab-cards]').click();
    await page.locator('[data-test=open-receive]').click();
    const receive = page.locator('[data-test=receive-form]');
    await receive.locator('[data-test=card-number]').fill('C-1201');
    await receive.locator('[data-test=place]').fill('市民課 金庫');
    await receive.locator('[data-test=receive-submit]').click();
    await expect.poll(() => receive.locator('[role=alert]').getAttribute('data-code')).toBe('CARD_STORAGE_NOT_LOCKED');
    expect(await receive.innerText()).toContain(NOT_LOCKED);
    await receive.locator('[data-test=locked]').check();
    await receive.locator('[data-test=receive-submit]').click();
    const card = page.locator('[data-test=card-row]');
    await expect.poll(() => card.count()).toBe(1);
    await expect.poll(() => card.innerText()).toContain('保管中');
    expect(await page.locator('[data-test=received]').innerText()).toBe('カード C-1201 を受け入れました。');
    // a card in stock offers issue, revoke, lost and destroy; not return
    expect(await card.locator('[data-test=card-steps] > .step-buttons button').allInnerTexts()).toEqual([
      '貸与',
      '失効',
      '紛失',
      '廃棄',
    ]);

    // issue it
    await card.locator('[data-test=step-issue]').click();
    const [{ id: operatorId }] = await web.db.dataSource.query(
      `SELECT id FROM card_operator WHERE "operatorCode" = 'OP-1201-001'`,
    );
    await card.locator('[data-test=form-issue] [data-test=operator]').selectOption(operatorId);
    await card.locator('[data-test=step-submit]').click();
    await expect.poll(() => card.innerText()).toContain('貸与中');
    expect(await card.innerText()).toContain(`貸与先: ${DEMO.citizenSectionStaff.fullName} (OP-1201-001)`);
    await page.screenshot({ path: shot('issued-1280'), fullPage: true });

    // take it back: into a place that locks (refused otherwise)
    await card.locator('[data-test=step-return]').click();
    const back = card.locator('[data-test=form-return]');
    await back.locator('[data-test=place]').fill('市民課 金庫');
    await back.locator('[data-test=note]').fill('異動のため回収');
    await back.locator('[data-test=step-submit]').click();
    await expect.poll(() => back.locator('[role=alert]').getAttribute('data-code')).toBe('CARD_STORAGE_NOT_LOCKED');
    await back.locator('[data-test=locked]').check();
    await back.locator('[data-test=step-submit]').click();
    await expect.poll(() => card.innerText()).toContain('返還済み');

    // the history, oldest first
    await card.locator('summary').click();
    const history = await card.locator('.history li').allInnerTexts();
    expect(history).toHaveLength(3);
    expect(history[0]).toContain('受入');
    expect(history[1]).toContain('貸与');
    expect(history[1]).toContain('OP-1201-001');
    expect(history[2]).toContain('返還');
    expect(history[2]).toContain('異動のため回収');
    // the lost form says what it does
    await card.locator('[data-test=step-lost]').click();
    expect(await card.locator('[data-test=lost-note]').innerText()).toContain('インシデント');
    await page.screenshot({ path: shot('returned-1280'), fullPage: true });

    // on a phone, nothing overflows
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: shot('returned-390'), fullPage: true });
    await page.locator('[data-test=tab-operators]').click();
    await page.locator('[data-test=open-register]').click();
    await register.locator('[data-test=staff-search]').fill('やまだ');
    await expect.poll(() => register.locator('[data-test=staff] option').count()).toBe(2);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: shot('operators-390'), fullPage: true });
    await register.screenshot({ path: shot('staff-picker-390') });
    await page.close();

    // the manager may only report a card lost
    const manager = await web.signedInPage(DEMO.manager, '/cards');
    const row = manager.locator('[data-test=card-row]');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.locator('[data-test=card-steps] > .step-buttons button').allInnerTexts()).toEqual(['紛失']);
    expect(await manager.locator('[data-test=open-receive]').count()).toBe(0);
    await manager.close();
  });

  it('A18.1 the stock page shows 30 lines, then the next ones with もっと見る', async () => {
    const signedIn = await api(
      `mutation($n: String!, $p: String!) { signIn(input: { staffNumber: $n, password: $p }) { staff { id } } }`,
      { n: DEMO.operationsManager.staffNumber, p: PASSWORD },
    );
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(new Date());
    for (let k = 1; k <= 32; k++)
      await api(
        `mutation($i: ReceiveResidentCardsInput!) { receiveResidentCards(input: $i) { id } }`,
        { i: { lotNumber: `E2E-${k}`, count: 1, on: today, storagePlace: '市民課 金庫', storageLocked: true } },
        signedIn.cookie,
      );
    const page = await web.signedInPage(DEMO.operationsManager, '/card-stock');
    const lines = page.locator('[data-test=stock-line]');
    await expect.poll(() => lines.count()).toBe(30);
    expect(await lines.first().innerText()).toContain('E2E-32');
    await page.locator('[data-test=stock-ledger] .pager button').click();
    await expect.poll(() => lines.count()).toBe(32);
    expect(await lines.last().innerText()).toContain('E2E-1');
    expect(await page.locator('[data-test=stock-ledger] .pager').count()).toBe(0);
    await page.close();
  });
});
