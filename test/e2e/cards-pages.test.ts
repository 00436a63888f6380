// A16.1 in headless Chromium against the built server, on a 390 px phone: a manager asks the PIN
// administrator to set a new operator's PIN from /cards/requests, and the PIN administrator accepts
// it and marks it done there; the register at /cards shows the operator and a card's history.
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO } from '../helpers/people.js';
import { useServerAndBrowser } from '../helpers/web-app.js';

const PASSWORD = 'cards-pages-demo-password';
const web = useServerAndBrowser({ password: PASSWORD, viewport: { width: 390, height: 844 } });
const shot = (name: string) => path.join(tmpdir(), `cards-${name}-390.png`);

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
const signIn = async (staffNumber: string) =>
  (
    await api(
      `mutation($n: String!, $p: String!) { signIn(input: { staffNumber: $n, password: $p }) { staff { id } } }`,
      { n: staffNumber, p: PASSWORD },
    )
  ).cookie!;

describe('cards pages (A16)', () => {
  it('A16.1 on a phone: a manager asks for a PIN; the PIN administrator accepts it and marks it done', async () => {
    // the PIN administrator has registered the operator and keeps a card in stock, issued to them
    const pin = await signIn(DEMO.pinAdministrator.staffNumber);
    const [{ id: staffId }] = await web.db.dataSource.query(`SELECT id FROM staff WHERE "staffNumber" = $1`, [
      DEMO.citizenSectionStaff.staffNumber,
    ]);
    const operator = (
      await api(
        `mutation($i: RegisterCardOperatorInput!) { registerCardOperator(input: $i) { id } }`,
        { i: { staffId, operatorCode: 'OP-0401-101', since: '2026-04-01' } },
        pin,
      )
    ).data.registerCardOperator;
    const card = (
      await api(
        `mutation($i: ReceiveOperatorCardInput!) { receiveOperatorCard(input: $i) { id } }`,
        { i: { cardNumber: 'C-9001', storagePlace: '市民課 金庫', storageLocked: true } },
        pin,
      )
    ).data.receiveOperatorCard;
    await api(
      `mutation($i: IssueOperatorCardInput!) { issueOperatorCard(input: $i) { id } }`,
      { i: { cardId: card.id, operatorId: operator.id } },
      pin,
    );

    // the manager asks, on a phone
    const manager = await web.signedInPage(DEMO.manager, '/cards/requests');
    const form = manager.locator('[data-test=new-request]');
    await expect.poll(() => form.locator('[data-test=new-operator] option').count()).toBe(2);
    await form.locator('[data-test=new-operator]').selectOption(operator.id);
    await form.locator('[data-test=new-kind]').selectOption('PIN_SET');
    await form.locator('[data-test=new-reason]').fill('4月1日付けで市民課に配属');
    await form.locator('[data-test=new-submit]').click();
    const row = manager.locator('[data-test=request-row]');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.locator('[data-test=request-status]').innerText()).toBe('依頼中');
    expect(await row.innerText()).toContain('暗証番号の設定');
    // the manager is not the PIN administrator: nothing to accept here
    expect(await row.locator('[data-test=accept]').count()).toBe(0);
    expect(await manager.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await manager.screenshot({ path: shot('manager-asks'), fullPage: true });
    await manager.close();

    // the PIN administrator, on their phone, from 対応が必要
    const phone = await web.signedInPage(DEMO.pinAdministrator, '/cards/requests?open=1');
    const request = phone.locator('[data-test=request-row]');
    await expect.poll(() => request.count()).toBe(1);
    expect(await request.innerText()).toContain(DEMO.citizenSectionStaff.fullName);
    await request.locator('[data-test=accept]').click();
    await expect.poll(() => request.locator('[data-test=request-status]').innerText()).toBe('受付済み');
    await phone.screenshot({ path: shot('accepted'), fullPage: true });
    await request.locator('[data-test=complete-note]').fill('設定済み。本人に通知');
    await request.locator('[data-test=complete]').click();
    // done: no longer open; with every request shown it reads 完了
    await expect.poll(() => phone.locator('[data-test=request-row]').count()).toBe(0);
    await phone.locator('[data-test=filter-open]').uncheck();
    await expect
      .poll(() => phone.locator('[data-test=request-row] [data-test=request-status]').innerText())
      .toBe('完了');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: shot('done'), fullPage: true });
    const [stored] = await web.db.dataSource.query(`SELECT status, note, "handledById" FROM card_request`);
    expect(stored.status).toBe('DONE');

    // the register: the card with its history, the operator with their card
    await phone.goto(`${web.url}/cards`);
    const cardRow = phone.locator('[data-test=card-row]');
    await expect.poll(() => cardRow.count()).toBe(1);
    expect(await cardRow.innerText()).toContain('貸与中');
    await cardRow.locator('summary').click();
    expect(await cardRow.innerText()).toContain('受入');
    await phone.screenshot({ path: shot('register'), fullPage: true });
    await phone.locator('[data-test=tab-operators]').click();
    await expect.poll(() => phone.locator('[data-test=operator-row]').count()).toBe(1);
    expect(await phone.locator('[data-test=operator-row]').innerText()).toContain('C-9001');
    await phone.close();
  });

  it('A16.4–5 on a phone: an operator reads the PIN rules in force and taps 確認しました; the register prints (A16)', async () => {
    const pin = await signIn(DEMO.pinAdministrator.staffNumber);
    const [{ id: staffId }] = await web.db.dataSource.query(`SELECT id FROM staff WHERE "staffNumber" = $1`, [
      DEMO.citizenSectionClerk.staffNumber,
    ]);
    await api(
      `mutation($i: RegisterCardOperatorInput!) { registerCardOperator(input: $i) { id } }`,
      { i: { staffId, operatorCode: 'OP-0401-102', since: '2026-04-01' } },
      pin,
    );
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(new Date());
    const doc = (
      await api(
        `mutation($i: CreateConfigurationDocumentInput!) { createConfigurationDocument(input: $i) { id } }`,
        { i: { type: 'PIN_RULES', title: '暗証番号等の運用基準' } },
        pin,
      )
    ).data.createConfigurationDocument;
    const pdf = `%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`;
    await api(
      `mutation($i: AddConfigurationDocumentVersionInput!) { addConfigurationDocumentVersion(input: $i) { id } }`,
      {
        i: {
          documentId: doc.id,
          versionLabel: '第1版',
          effectiveOn: today,
          file: { fileName: 'pin-rules.pdf', contentBase64: Buffer.from(pdf).toString('base64') },
        },
      },
      pin,
    );

    const phone = await web.signedInPage(DEMO.citizenSectionClerk, '/cards/rules');
    const rules = phone.locator('[data-test=pin-rules]');
    await expect.poll(() => rules.locator('[data-test=pin-rules-acknowledge]').count()).toBe(1);
    expect(await rules.innerText()).toContain('暗証番号等の運用基準');
    expect(await rules.locator('[data-test=pin-rules-file]').getAttribute('href')).toMatch(/^\/configuration\/files\//);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: shot('rules'), fullPage: true });
    await rules.locator('[data-test=pin-rules-acknowledge]').click();
    await expect.poll(() => rules.locator('[data-test=pin-rules-acknowledged]').count()).toBe(1);
    expect(await rules.locator('[data-test=pin-rules-acknowledged]').innerText()).toContain('第1版');
    await phone.screenshot({ path: shot('rules-acknowledged'), fullPage: true });
    await phone.close();

    // the PIN administrator prints the register (A4 landscape) with its CSV and xlsx
    const desk = await web.signedInPage(DEMO.pinAdministrator, '/cards/print');
    await desk.setViewportSize({ width: 1123, height: 794 });
    const line = desk.locator('[data-test=print-line]');
    await expect.poll(() => line.count()).toBe(2);
    expect(await line.first().innerText()).toMatch(/C-9001\s+受入\s+令和/);
    expect(await desk.locator('[data-test=csv]').getAttribute('href')).toBe('/exports/operator-cards.csv');
    await desk.emulateMedia({ media: 'print' });
    await desk.screenshot({ path: path.join(tmpdir(), 'cards-print-a4.png'), fullPage: true });
    await desk.close();
  });
});
