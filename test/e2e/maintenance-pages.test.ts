// A26 in headless Chromium against the built server, on a 390 px phone: the manager instructs
// maintenance work, the chief approves the worker's room authorisation on the order's page (the
// manager cannot: Hardening §1), the worker's entry is recorded (the manager's paper-fallback entry
// through the API), the order shows it and is in progress, and the manager confirms the result.
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO } from '../helpers/people.js';
import { useServerAndBrowser } from '../helpers/web-app.js';

const PASSWORD = 'maintenance-pages-demo-password';
const web = useServerAndBrowser({ password: PASSWORD, viewport: { width: 390, height: 844 } });
const shot = (name: string) => path.join(tmpdir(), `maintenance-${name}.png`);

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
/** 'YYYY-MM-DDTHH:mm' in Tokyo, as a datetime-local input takes it */
const tokyoLocal = (d: Date) => new Date(d.getTime() + 9 * 3_600_000).toISOString().slice(0, 16);

describe('maintenance pages (A26)', () => {
  it('A26 on a phone: the manager instructs, the chief approves, the entry shows on the order, the manager confirms the result', async () => {
    // the manager instructs from the list, on a phone
    let phone = await web.signedInPage(DEMO.manager, '/maintenance');
    await phone.locator('[data-test=new-order]').click();
    await phone.waitForURL(/\/maintenance\/new$/);
    const form = phone.locator('[data-test=order-form]');
    await form.getByLabel('委託業者 (会社名)').fill('みどり野システム保守株式会社');
    await form.getByLabel('連絡先 (任意)').fill('03-0000-0000');
    await form.locator('[data-test=person-0]').fill('保守 太郎');
    await form.getByLabel('作業内容').fill('住基サーバーのディスク交換');
    await form.getByLabel('対象の機器 (任意)').fill('住基サーバー1号機');
    // a window that has begun, so the entry recorded now falls within it
    await form.getByLabel('開始').fill(tokyoLocal(new Date(Date.now() - 30 * 60_000)));
    await form.getByLabel('終了').fill(tokyoLocal(new Date(Date.now() + 2 * 3_600_000)));
    await form.getByLabel('電算室 (R01)', { exact: true }).check();
    // nothing overflows the phone's width
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: shot('new-390'), fullPage: true });
    await form.locator('[data-test=submit-order]').click();
    await phone.waitForURL(/\/maintenance\/[0-9a-f-]{36}$/);
    const orderUrl = new URL(phone.url()).pathname;
    await expect.poll(() => phone.locator('[data-test=order-state]').innerText()).toBe('指示済み');
    const authorisation = phone.locator('[data-test=order-authorisation]');
    expect(await authorisation.innerText()).toContain('保守 太郎');
    expect(await authorisation.innerText()).toContain('統括者または副統括者が承認します');
    // the manager asked for it, so the manager is not offered its approval
    expect(await authorisation.locator('[data-test=approve]').count()).toBe(0);
    expect(await phone.locator('[data-test=no-entries]').count()).toBe(1);
    await phone.close();

    // the chief approves the worker's authorisation on the order's page (the browser's one session
    // is the chief's from here; the manager signs in again below)
    const chief = await web.signedInPage(DEMO.chief, orderUrl);
    await chief.locator('[data-test=order-authorisation] [data-test=approve]').click();
    await expect.poll(() => chief.locator('[data-test=order-authorisation]').innerText()).toContain('承認');
    await chief.close();

    // the worker enters, escorted: the manager types the line in from the paper register
    const manager = (
      await api(
        `mutation { signIn(input: { staffNumber: "${DEMO.manager.staffNumber}", password: "${PASSWORD}" }) { staff { id } } }`,
        {},
      )
    ).cookie!;
    const [{ id: authorisationId }] = await web.db.dataSource.query(
      `SELECT id FROM room_authorisation WHERE "contractorName" = '保守 太郎'`,
    );
    const [{ id: roomId }] = await web.db.dataSource.query(`SELECT id FROM room WHERE code = 'R01'`);
    const [{ id: escortId }] = await web.db.dataSource.query(`SELECT id FROM staff WHERE "staffNumber" = $1`, [
      DEMO.itStaff.staffNumber,
    ]);
    const now = new Date();
    const recorded = await api(
      `mutation($i: RecordAccessEventsInput!) { recordAccessEvents(input: $i) { results { outcome anomalies } } }`,
      {
        i: {
          deviceNow: now.toISOString(),
          events: [
            {
              clientEventId: randomUUID(),
              direction: 'ENTER',
              contractorAuthorisationId: authorisationId,
              escortStaffId: escortId,
              roomId,
              purpose: '住基サーバーのディスク交換',
              // after the approval: an entry is authorised only by an approval given before it
              deviceTime: now.toISOString(),
            },
          ],
        },
      },
      manager,
    );
    expect(recorded.data.recordAccessEvents.results).toEqual([{ outcome: 'ACCEPTED', anomalies: [] }]);

    // the order shows the entry and is in progress; the manager confirms the result
    phone = await web.signedInPage(DEMO.manager, orderUrl);
    await expect.poll(() => phone.locator('[data-test=order-state]').innerText()).toBe('作業中');
    const entry = phone.locator('[data-test=order-entry]');
    expect(await entry.count()).toBe(1);
    expect(await entry.innerText()).toContain('入室');
    expect(await entry.innerText()).toContain(`付添い: ${DEMO.itStaff.fullName}`);
    expect(await entry.innerText()).toContain('紙の記録からの転記');
    await phone.screenshot({ path: shot('order-390'), fullPage: true });
    await phone.getByLabel('作業結果').fill('ディスクを交換し、動作を確認した');
    await phone.locator('[data-test=complete]').click();
    await expect.poll(() => phone.locator('[data-test=order-state]').innerText()).toBe('完了');
    expect(await phone.locator('[data-test=result-text]').innerText()).toBe('ディスクを交換し、動作を確認した');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: shot('done-390'), fullPage: true });

    // the list: filtered by state, the order is there
    await phone.goto(`${web.url}/maintenance?state=DONE`);
    await expect.poll(() => phone.locator('[data-test=order-row]').count()).toBe(1);
    expect(await phone.locator('[data-test=order-row] [data-test=order-state]').innerText()).toBe('完了');
    await phone.screenshot({ path: shot('list-390'), fullPage: true });

    // the staff member who escorted finds the order among theirs (not in the menu: 対応が必要 links there)
    await phone.close();
    phone = await web.signedInPage(DEMO.itStaff, '/maintenance/escorted');
    await expect.poll(() => phone.locator('[data-test=order-row]').count()).toBe(1);
    expect(await phone.locator('[data-test=uncovered-panel]').count()).toBe(0);
    await phone.close();

    // on a desk: the form and the list
    phone = await web.signedInPage(DEMO.manager, '/maintenance');
    await phone.setViewportSize({ width: 1280, height: 900 });
    await phone.goto(`${web.url}/maintenance/new`);
    await expect.poll(() => phone.locator('[data-test=order-form] input[type=checkbox]').count()).toBeGreaterThan(0);
    await phone.screenshot({ path: shot('new-desktop'), fullPage: true });
    await phone.goto(`${web.url}/maintenance`);
    await expect.poll(() => phone.locator('[data-test=order-row]').count()).toBe(1);
    await phone.screenshot({ path: shot('list-desktop'), fullPage: true });
    await phone.close();
  });
});
