// Issue 15 (A16, A16.2, A16.6, A18) in headless Chromium against the built server, at a desk: the
// pages that have nothing yet say so in Japanese; the PIN administrator finds the operator to issue
// a card to by typing (the picker searches the register, it does not load it), then walks the rest of
// a card's life: revoke, lost (revoked at once, and an incident opens) and destroy (refused without a
// witness or with oneself as the witness, in Japanese; done before another person). Screenshots at
// 1280 and 390.
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO } from '../helpers/people.js';
import { pickStaff } from '../helpers/staff-picker.js';
import { useServerAndBrowser } from '../helpers/web-app.js';

const PASSWORD = 'cards-lifecycle-demo-password';
const web = useServerAndBrowser({ password: PASSWORD, viewport: { width: 1280, height: 900 } });
const shot = (name: string) => path.join(tmpdir(), `cards-lifecycle-${name}.png`);
const WITNESS_REFUSED = '廃棄には、ご自身以外の立会人と廃棄の方法が必要です。';

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
const staffId = async (staffNumber: string) =>
  (
    (await web.db.dataSource.query(`SELECT id FROM staff WHERE "staffNumber" = $1`, [staffNumber])) as { id: string }[]
  )[0].id;

describe('cards: empty pages, the searched picker, revoke, lost and destroy (issue 15, A16)', () => {
  it('A16 A18 the empty register, operators, requests and stock say so in Japanese', async () => {
    const page = await web.signedInPage(DEMO.pinAdministrator, '/cards');
    await expect.poll(() => page.locator('[data-test=cards-none]').innerText()).toContain('カードはありません');
    await page.locator('[data-test=tab-operators]').click();
    await expect.poll(() => page.locator('[data-test=operators-none]').innerText()).toBe('現在の操作者はいません。');
    await page.goto(`${web.url}/cards/requests`);
    await expect.poll(() => page.locator('[data-test=requests-none]').innerText()).toBe('該当する依頼はありません。');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${web.url}/card-stock`);
    await expect.poll(() => page.locator('[data-test=stock-none]').innerText()).toContain('在庫の記録はまだありません');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: shot('stock-empty-390'), fullPage: true });
    await page.close();
  });

  it('A16 A16.2 at a desk: issue through the searched picker, then revoke, lost (an incident opens) and destroy before a witness', async () => {
    const signedIn = await api(
      `mutation($n: String!, $p: String!) { signIn(input: { staffNumber: $n, password: $p }) { staff { id } } }`,
      { n: DEMO.pinAdministrator.staffNumber, p: PASSWORD },
    );
    const cookie = signedIn.cookie;
    for (const [who, code] of [
      [DEMO.citizenSectionStaff, 'OP-0401-201'],
      [DEMO.citizenSectionClerk, 'OP-0401-202'],
    ] as const)
      await api(
        `mutation($i: RegisterCardOperatorInput!) { registerCardOperator(input: $i) { id } }`,
        { i: { staffId: await staffId(who.staffNumber), operatorCode: code, since: '2026-04-01' } },
        cookie,
      );
    for (const cardNumber of ['C-R01', 'C-L01', 'C-D01'])
      await api(
        `mutation($i: ReceiveOperatorCardInput!) { receiveOperatorCard(input: $i) { id } }`,
        { i: { cardNumber, storagePlace: '市民課 金庫', storageLocked: true } },
        cookie,
      );

    const page = await web.signedInPage(DEMO.pinAdministrator, '/cards');
    const row = (n: string) => page.locator('[data-test=card-row]', { hasText: n });
    await expect.poll(() => page.locator('[data-test=card-row]').count()).toBe(3);

    // issue C-R01 and C-L01: the picker offers the operators without a card; typing narrows it
    const issueTo = async (cardNumber: string, search: string, name: string) => {
      const card = row(cardNumber);
      await card.locator('[data-test=step-issue]').click();
      const form = card.locator('[data-test=form-issue]');
      await form.locator('[data-test=operator-search]').fill(search);
      const options = form.locator('[data-test=operator] option:not([value=""])');
      await expect.poll(() => options.allInnerTexts()).toEqual([expect.stringContaining(name)]);
      await form.locator('[data-test=operator]').selectOption({ index: 1 });
      await form.locator('[data-test=step-submit]').click();
      await expect.poll(() => card.innerText()).toContain('貸与中');
    };
    await issueTo('C-R01', DEMO.citizenSectionStaff.staffNumber, DEMO.citizenSectionStaff.fullName);
    // the one already holding a card is not offered again; the other is found by name
    await row('C-L01').locator('[data-test=step-issue]').click();
    const fresh = row('C-L01').locator('[data-test=form-issue]');
    await fresh.locator('[data-test=operator-search]').fill(DEMO.citizenSectionStaff.staffNumber);
    await expect
      .poll(() => fresh.locator('[data-test=operator-none]').innerText())
      .toBe('検索に一致する操作者はいません。');
    await row('C-L01').locator('[data-test=step-issue]').click();
    await issueTo('C-L01', DEMO.citizenSectionClerk.fullName.split(/\s/)[0], DEMO.citizenSectionClerk.fullName);

    // revoke C-R01: back into the locked place
    const revoked = row('C-R01');
    await revoked.locator('[data-test=step-revoke]').click();
    const revoke = revoked.locator('[data-test=form-revoke]');
    await revoke.locator('[data-test=place]').fill('市民課 金庫');
    await revoke.locator('[data-test=locked]').check();
    await revoke.locator('[data-test=note]').fill('異動のため失効');
    await revoke.locator('[data-test=step-submit]').click();
    await expect.poll(() => revoked.locator('.title').innerText()).toContain('失効');
    expect(await revoked.innerText()).not.toContain('貸与先');

    // lost C-L01: revoked at once, and an incident opens
    const lostCard = row('C-L01');
    await lostCard.locator('[data-test=step-lost]').click();
    await lostCard.locator('[data-test=form-lost] [data-test=note]').fill('通勤中に紛失');
    await lostCard.locator('[data-test=step-submit]').click();
    await expect.poll(() => lostCard.locator('.title').innerText()).toContain('紛失 (失効)');
    expect(await lostCard.locator('[data-test=card-steps]').count()).toBe(0); // nothing follows a lost card
    const incidents = (await web.db.dataSource.query(
      `SELECT summary, source FROM incident WHERE summary LIKE '%C-L01%'`,
    )) as { summary: string; source: string }[];
    expect(incidents).toHaveLength(1);
    expect(incidents[0].summary).toContain(DEMO.citizenSectionClerk.fullName);

    // destroy C-D01: without a witness, or with oneself, refused in Japanese; before another person, done
    const destroyed = row('C-D01');
    await destroyed.locator('[data-test=step-destroy]').click();
    const destroy = destroyed.locator('[data-test=form-destroy]');
    await destroy.locator('[data-test=method]').fill('裁断 (シュレッダー)');
    await destroy.locator('[data-test=step-submit]').click();
    await expect.poll(() => destroy.locator('[role=alert]').getAttribute('data-code')).toBe('CARD_WITNESS_REQUIRED');
    expect(await destroy.locator('[role=alert]').innerText()).toContain(WITNESS_REFUSED);
    await pickStaff(destroy, 'witness', DEMO.pinAdministrator.staffNumber);
    const answered = page.waitForResponse(
      (r) => r.url().endsWith('/graphql') && /DestroyOperatorCard/.test(r.request().postData() ?? ''),
    );
    await destroy.locator('[data-test=step-submit]').click();
    await answered;
    await expect.poll(() => destroy.locator('[role=alert]').innerText()).toContain(WITNESS_REFUSED);
    expect(await destroyed.locator('.title').innerText()).toContain('保管中');
    await page.screenshot({ path: shot('destroy-refused-1280'), fullPage: true });
    await pickStaff(destroy, 'witness', DEMO.citizenSectionJunior.staffNumber);
    await destroy.locator('[data-test=step-submit]').click();
    await expect.poll(() => destroyed.locator('.title').innerText()).toContain('廃棄済み');
    await destroyed.locator('summary').click();
    const history = await destroyed.locator('.history li').allInnerTexts();
    expect(history.at(-1)).toContain('廃棄');
    expect(history.at(-1)).toContain(`立会人: ${DEMO.citizenSectionJunior.fullName}`);
    await page.screenshot({ path: shot('walked-1280'), fullPage: true });

    // on a phone, nothing overflows
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: shot('walked-390'), fullPage: true });
    await row('C-R01').locator('[data-test=step-destroy]').click();
    const witnessForm = row('C-R01').locator('[data-test=form-destroy]');
    await witnessForm.locator('[data-test=witness-search]').fill('かとう');
    await expect.poll(() => witnessForm.locator('[data-test=witness] option').count()).toBe(2);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: shot('destroy-form-390'), fullPage: true });
    await witnessForm.screenshot({ path: shot('witness-picker-390') });
    await page.close();
  });
});
