// The access pages in headless Chromium against the real server (A12.2, A12.3, A13): a staff
// member asks for access, the manager approves it on a phone, an entry recorded by a tablet shows
// on the board and in the register, an anomaly is resolved, and the chief acknowledges the month.
import { createPublicKey, randomUUID } from 'node:crypto';
import { encryptPin } from '../helpers/door-pin.js';

import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../helpers/web-app.js';
import { DEMO } from '../helpers/people.js';

const PASSWORD = 'access-pages-demo-password';
const web = useServerAndBrowser({ password: PASSWORD, viewport: { width: 390, height: 844 } });
const { signedInPage } = web;

async function api(query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await fetch(`${web.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: any; errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return { data: body.data, cookie: res.headers.get('set-cookie')?.split(';')[0] };
}

describe('access pages', () => {
  it('A12.2: a staff member requests access; the manager approves it on a phone', async () => {
    const page = await signedInPage(DEMO.itStaff, '/access/request');
    await page.getByLabel('電算室', { exact: true }).check();
    await page.getByLabel('目的').fill('サーバー保守');
    await page.getByRole('button', { name: '申請する' }).click();
    await expect.poll(() => page.locator('[data-test=request-done]').count()).toBe(1);
    await expect.poll(() => page.locator('[data-test=my-request]').textContent()).toContain('申請中');
    await page.close();

    const phone = await signedInPage(DEMO.manager, '/access');
    const card = phone.locator('[data-test=pending-request]', { hasText: 'サーバー保守' });
    await card.locator('[data-test=approve]').click();
    await expect.poll(() => phone.locator('[data-test=pending-request]').count()).toBe(0);
    const [row] = await web.db.dataSource.query(`SELECT status FROM room_authorisation`);
    expect(row.status).toBe('APPROVED');
    await phone.close();
  });

  it('A12.3: an entry from a tablet shows inside and in the register; an anomaly is resolved with a note', async () => {
    const manager = (
      await api(
        `mutation { signIn(input: { staffNumber: "${DEMO.manager.staffNumber}", password: "${PASSWORD}" }) { staff { id } } }`,
        {},
      )
    ).cookie!;
    const [{ id: roomId }] = await web.db.dataSource.query(`SELECT id FROM room WHERE code = 'R01'`);
    const [{ id: staffId }] = await web.db.dataSource.query(
      `SELECT id FROM staff WHERE "staffNumber" = '${DEMO.operator.staffNumber}'`,
    );
    const code = (
      await api(
        `mutation($i: CreateDevicePairingInput!) { createDevicePairing(input: $i) { code } }`,
        { i: { name: '電算室 入口', roomIds: [roomId] } },
        { cookie: manager },
      )
    ).data.createDevicePairing.code;
    const {
      credential,
      device: { id: deviceId },
    } = (
      await api(`mutation($i: PairDeviceInput!) { pairDevice(input: $i) { credential device { id } } }`, {
        i: { code },
      })
    ).data.pairDevice;
    // 森 sets a door PIN on the account page; the tablet encrypts it to the server's key as the kiosk will
    const account = await signedInPage(DEMO.operator, '/account/door-pin');
    const form = account.locator('[data-test=door-pin-form]');
    await form.getByLabel('現在のパスワード (本人確認)').fill(PASSWORD);
    await form.getByLabel('新しい暗証番号').fill('123456');
    await form.getByLabel('もう一度').fill('123456');
    await form.getByRole('button', { name: '設定' }).click();
    await expect.poll(() => account.locator('[data-test=door-pin-error]').textContent()).toContain('推測されやすい');
    await form.getByLabel('現在のパスワード (本人確認)').fill(PASSWORD);
    await form.getByLabel('新しい暗証番号').fill('583920');
    await form.getByLabel('もう一度').fill('583920');
    await form.getByRole('button', { name: '設定' }).click();
    await expect.poll(() => account.locator('[data-test=door-pin-done]').count()).toBe(1);
    await account.close();
    const jwk = (await api(`{ doorPinKey }`, {}, { authorization: `Bearer ${credential}` })).data.doorPinKey;
    const event = {
      clientEventId: randomUUID(),
      deviceSeq: 1,
      direction: 'ENTER',
      staffId, // 森 玲奈: no authorisation
      roomId,
      purpose: '配線確認',
      // recorded with a clock 30 minutes ahead: a second anomaly on the same event
      deviceTime: new Date(Date.now() + 30 * 60_000).toISOString(),
    };
    const pin = encryptPin(createPublicKey({ key: jwk, format: 'jwk' }), '583920', deviceId, event);
    await api(
      `mutation($i: RecordAccessEventsInput!) { recordAccessEvents(input: $i) { results { outcome } } }`,
      {
        i: {
          deviceNow: new Date().toISOString(),
          events: [{ ...event, pin }],
        },
      },
      { authorization: `Bearer ${credential}` },
    );

    const page = await signedInPage(DEMO.manager, '/access?tab=inside');
    await expect.poll(() => page.locator('[data-test=inside-row]').textContent()).toContain(DEMO.operator.fullName);
    await page.locator('[data-test=tab-register]').click();
    await expect.poll(() => page.locator('[data-test=register-row]').first().textContent()).toContain('許可なし');
    await page.locator('[data-test=tab-anomalies]').click();
    // one card per event, with each of its anomalies; one note resolves them all
    const anomaly = page.locator('[data-test=anomaly]', { hasText: DEMO.operator.fullName });
    await expect
      .poll(() => anomaly.locator('[data-test=anomaly-kind]').allInnerTexts())
      .toEqual(['許可なし', '端末時刻のずれ']);
    expect(await page.locator('[data-test=anomaly]').count()).toBe(1);
    await anomaly.getByPlaceholder('確認した内容').fill('本人に確認。申請の出し忘れ');
    await anomaly.getByRole('button', { name: '解決' }).click();
    await expect.poll(() => page.locator('[data-test=anomaly]').count()).toBe(0);
    const notes = await web.db.dataSource.query(`SELECT "resolutionNote" FROM access_anomaly ORDER BY kind`);
    expect(notes.map((n: any) => n.resolutionNote)).toEqual([
      '本人に確認。申請の出し忘れ',
      '本人に確認。申請の出し忘れ',
    ]);
    await page.close();
  });

  it('A12.1: the manager registers a room on the rooms tab', async () => {
    const page = await signedInPage(DEMO.manager, '/access?tab=rooms');
    const form = page.locator('[data-test=room-form]');
    await form.getByLabel('コード').fill('R03');
    await form.getByLabel('名称').fill('ネットワーク機器室');
    await form.getByLabel('種類').selectOption('SERVER_ROOM');
    await form.getByLabel('所在').fill('本庁舎4階');
    await form.getByRole('button', { name: '登録' }).click();
    await expect.poll(() => page.locator('[data-test=room-row]').count()).toBe(3);
    expect(await page.locator('[data-test=room-row]').last().textContent()).toContain('本庁舎4階');
    await page.close();
  });

  it('A13: the chief sees the month and acknowledges it with an investigation; the CSV and xlsx download', async () => {
    const month = new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 7);
    const page = await signedInPage(DEMO.chief, '/access?tab=report');
    await page.getByLabel('月', { exact: true }).fill(month);
    await expect
      .poll(() => page.locator('[data-test=figures-row]', { hasText: '電算室' }).first().textContent())
      .toMatch(/電算室\s*1\s*1\s*1\s*1/);
    const form = page.locator('[data-test=acknowledge]');
    await form.getByLabel('対応').selectOption('INVESTIGATION');
    await form.getByLabel('指示・調査の内容').fill('許可のない入室について調査すること');
    await form.getByRole('button', { name: '確認した' }).click();
    await expect.poll(() => page.locator('[data-test=acknowledgement]').textContent()).toContain('調査');
    const download = page.waitForEvent('download');
    await page.locator('[data-test=csv]').click();
    const file = await (await download).path();
    const { readFile } = await import('node:fs/promises');
    const csv = await readFile(file);
    expect(csv.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv.toString('utf8')).toContain('"森 玲奈"');
    const xlsxDownload = page.waitForEvent('download');
    await page.locator('[data-test=xlsx]').click();
    const xlsx = await readFile(await (await xlsxDownload).path());
    expect(xlsx.subarray(0, 2).toString('latin1')).toBe('PK'); // a zip: the workbook
    expect((await xlsxDownload).suggestedFilename()).toBe(`access-register-${month}.xlsx`);
    await page.close();
  });
});
