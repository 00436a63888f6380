// The door tablet's kiosk (A12.3) in headless Chromium against the real server: recorded online
// and offline, through reloads, a browser restart and a server restart — nothing lost, nothing
// counted twice — and what the server refuses or flags stays visible at the door.
import { rm } from 'node:fs/promises';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../helpers/browser.js';
import {
  addToOutbox,
  kioskDeviceId,
  outbox,
  pairKiosk,
  recordEntry,
  recordExit,
  startKioskServer,
  waitingCount,
  type KioskServer,
} from '../helpers/door-kiosk.js';

const TABLET = { width: 1024, height: 768 };
let k: KioskServer;
const authorisations: Record<string, string> = {};
const opened: { context: BrowserContext; userDataDir: string }[] = [];

async function kiosk(opts: { serviceWorkers?: 'allow' | 'block'; userDataDir?: string } = {}) {
  const b = await launchBrowser({ viewport: TABLET, ...opts });
  opened.push(b);
  const page = b.context.pages()[0] ?? (await b.context.newPage());
  return { ...b, page };
}

async function stored(sql: string, params: unknown[]): Promise<any[]> {
  const c = await k.db.superuser();
  try {
    return (await c.query(sql, params)).rows;
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  k = await startKioskServer();
  for (const [n, rooms] of [
    ['200303', ['R01', 'R02']],
    ['200304', ['R01']],
    ['300201', ['R01']],
  ] as const)
    authorisations[n] = await k.authorise(n, [...rooms]);
});
afterAll(async () => {
  for (const b of opened) {
    await b.context.close().catch(() => undefined);
    await rm(b.userDataDir, { recursive: true, force: true });
  }
  await k?.close();
});

describe('door kiosk', () => {
  it('A12.3: an entry and an exit recorded on the kiosk appear in the manager’s register', async () => {
    const { page } = await kiosk();
    await pairKiosk(page, k.url, await k.pairingCode(['R01']));
    await recordEntry(page, '清水 彩');
    await expect.poll(() => page.locator('[data-test=door-inside]', { hasText: '清水 彩' }).count()).toBe(1);
    await recordExit(page, '清水 彩');
    await expect.poll(() => waitingCount(page)).toBe(0);
    const register = await k.api(
      `query($f: AccessRegisterFilter) { accessEvents(filter: $f, first: 10) { nodes {
         direction fromDevice deviceSeq anomalies staff { staffNumber } room { code } } } }`,
      { f: { staffId: k.staff['200303'] } },
      k.manager,
    );
    expect(register.accessEvents.nodes).toEqual([
      {
        direction: 'EXIT',
        fromDevice: true,
        deviceSeq: 2,
        anomalies: [],
        staff: { staffNumber: '200303' },
        room: { code: 'R01' },
      },
      {
        direction: 'ENTER',
        fromDevice: true,
        deviceSeq: 1,
        anomalies: [],
        staff: { staffNumber: '200303' },
        room: { code: 'R01' },
      },
    ]);
    await expect.poll(() => page.locator('[data-test=door-inside]').count()).toBe(0);
  });

  it('A12.3: 50 events offline, through a reload, a browser restart and a server restart → exactly 50 stored, in sequence', async () => {
    const first = await kiosk();
    await pairKiosk(first.page, k.url, await k.pairingCode(['R01']));
    const deviceId = await kioskDeviceId(first.page);
    await k.stop();
    try {
      await offlineThenBack(first, deviceId);
    } finally {
      if (k.server.child.exitCode !== null || k.server.child.signalCode !== null) await k.start();
    }
  });

  async function offlineThenBack(first: Awaited<ReturnType<typeof kiosk>>, deviceId: string): Promise<void> {
    await first.context.setOffline(true);
    await expect.poll(() => first.page.locator('[data-test=door-online]').innerText()).toBe('オフライン');
    const people = ['清水 彩', '山崎 拓也', '渡辺 健一'];
    for (let i = 0; i < 50; i++) await recordEntry(first.page, people[i % 3]);
    expect(await waitingCount(first.page)).toBe(50);
    await expect.poll(() => first.page.locator('[data-test=door-inside]').count()).toBe(3);

    await first.page.reload();
    await first.page.locator('[data-test=door-enter]').waitFor();
    expect(await waitingCount(first.page)).toBe(50);
    await first.context.close();

    const again = await kiosk({ userDataDir: first.userDataDir });
    await again.context.setOffline(true);
    await again.page.goto(`${k.url}/door`);
    await again.page.locator('[data-test=door-enter]').waitFor();
    expect(await waitingCount(again.page)).toBe(50);

    await k.start();
    await again.context.setOffline(false);
    await expect.poll(() => waitingCount(again.page), { timeout: 30_000 }).toBe(0);
    const rows = await stored(
      `SELECT count(*)::int AS n, count(DISTINCT "clientEventId")::int AS ids, min("deviceSeq") AS lo, max("deviceSeq") AS hi,
              count(*) FILTER (WHERE cardinality(anomalies) > 0)::int AS flagged
         FROM access_event WHERE "deviceId" = $1`,
      [deviceId],
    );
    expect(rows[0]).toEqual({ n: 50, ids: 50, lo: 1, hi: 50, flagged: 0 });
    expect(await again.page.locator('[data-test=door-problems-button]').count()).toBe(0);
  }

  it('A12.3: a tablet clock off by 30 minutes: staff see a warning, the register keeps the server’s time', async () => {
    const { page } = await kiosk();
    await pairKiosk(page, k.url, await k.pairingCode(['R01']));
    expect(await page.locator('[data-test=door-clock-warning]').count()).toBe(0);
    await page.clock.setSystemTime(new Date(Date.now() + 30 * 60_000));
    await recordEntry(page, '清水 彩');
    await expect.poll(() => waitingCount(page)).toBe(0);
    await expect
      .poll(() =>
        page
          .locator('[data-test=door-clock-warning]')
          .innerText()
          .catch(() => ''),
      )
      .toContain('約30分ずれています');
    const [row] = await stored(
      `SELECT "clockSkewSeconds" AS skew, anomalies, "occurredAt" < now() AS corrected
         FROM access_event WHERE "deviceId" = $1`,
      [await kioskDeviceId(page)],
    );
    expect(row.skew).toBeLessThan(-1700);
    expect(row.anomalies).toContain('CLOCK_SKEW');
    expect(row.corrected).toBe(true);
  });

  it('A12.3: two tabs of one tablet number events apart and send each event once', async () => {
    const { context, page } = await kiosk();
    await pairKiosk(page, k.url, await k.pairingCode(['R01']));
    const second = await context.newPage();
    await second.goto(`${k.url}/door`);
    await second.locator('[data-test=door-enter]').waitFor();
    const sent = new Map<string, number>();
    // requests the server answered (offline attempts fail before reaching it)
    context.on('requestfinished', (r) => {
      const body = r.method() === 'POST' ? (r.postData() ?? '') : '';
      if (!body.includes('recordAccessEvents')) return;
      for (const e of JSON.parse(body).variables.i.events)
        sent.set(e.clientEventId, (sent.get(e.clientEventId) ?? 0) + 1);
    });
    await context.setOffline(true);
    for (const p of [page, second, page, second]) {
      await p.bringToFront(); // a hidden tab's animation frames pause, and the test's clicks with them
      await recordEntry(p, '清水 彩');
    }
    await expect.poll(() => waitingCount(second)).toBe(4);
    await context.setOffline(false);
    await expect.poll(() => waitingCount(page), { timeout: 30_000 }).toBe(0);
    await expect.poll(() => waitingCount(second), { timeout: 30_000 }).toBe(0);
    const rows = await stored(
      `SELECT array_agg("deviceSeq" ORDER BY "deviceSeq") AS seqs FROM access_event WHERE "deviceId" = $1`,
      [await kioskDeviceId(page)],
    );
    expect(rows[0].seqs).toEqual([1, 2, 3, 4]);
    expect(sent.size).toBe(4);
    expect([...sent.values()]).toEqual([1, 1, 1, 1]);
  });

  it('A12.3: an event the server’s validation will never take is shown as refused and holds nothing back', async () => {
    const { context, page } = await kiosk();
    await pairKiosk(page, k.url, await k.pairingCode(['R01']));
    await context.setOffline(true);
    await recordEntry(page, '清水 彩');
    // as an older release might have left it: a purpose longer than the server accepts
    await addToOutbox(page, {
      direction: 'ENTER',
      purpose: '長'.repeat(300),
      staffId: '00000000-0000-4000-8000-000000000001',
      name: '旧版の記録',
    });
    await recordEntry(page, '山崎 拓也');
    await context.setOffline(false);
    await expect.poll(() => waitingCount(page), { timeout: 30_000 }).toBe(0);
    const rows = await stored(`SELECT "deviceSeq" FROM access_event WHERE "deviceId" = $1 ORDER BY 1`, [
      await kioskDeviceId(page),
    ]);
    expect(rows.map((r) => r.deviceSeq)).toEqual([1, 3]);
    await page.locator('[data-test=door-problems-button]').click();
    const problem = page.locator('[data-test=door-problem]', { hasText: '旧版の記録' });
    await expect.poll(() => problem.innerText()).toContain('記録の内容が正しくありません');
  });

  it('A12.3: a response lost after the server committed is sent again and stored once', async () => {
    // no service worker here: the test's interception sees every request the page makes
    const { page } = await kiosk({ serviceWorkers: 'block' });
    await pairKiosk(page, k.url, await k.pairingCode(['R01']), false);
    let dropped = 0;
    await page.route('**/graphql', async (route) => {
      if (dropped === 0 && route.request().postData()?.includes('recordAccessEvents')) {
        dropped += 1;
        await route.fetch(); // the server stores the event …
        await route.abort('connectionreset'); // … and the tablet never hears back
        return;
      }
      await route.continue();
    });
    const deviceId = await kioskDeviceId(page);
    await recordEntry(page, '山崎 拓也');
    await expect.poll(() => dropped).toBe(1);
    await expect.poll(() => waitingCount(page), { timeout: 30_000 }).toBe(0);
    const rows = await stored(`SELECT count(*)::int AS n FROM access_event WHERE "deviceId" = $1`, [deviceId]);
    expect(rows[0].n).toBe(1);
    expect(await page.locator('[data-test=door-problems-button]').count()).toBe(0);
  });

  it('A12.3: what the server refuses or flags stays visible at the door with its reason', async () => {
    const { context, page } = await kiosk();
    await pairKiosk(page, k.url, await k.pairingCode(['R01']));
    // the manager revokes an authorisation the tablet still lists (it is offline)
    await context.setOffline(true);
    await k.api(
      `mutation($i: AuthorisationDecisionInput!) { revokeRoomAuthorisation(input: $i) { id } }`,
      { i: { id: authorisations['300201'], reason: '作業中止' } },
      k.manager,
    );
    await recordEntry(page, '山崎 拓也');
    await recordEntry(page, '渡辺 健一');
    // another tablet has already used the first event's id: the server refuses it
    const firstId = (await outbox(page)).find((x) => x.event.deviceSeq === 1)!.event.clientEventId;
    const other = await k.api(`mutation($i: PairDeviceInput!) { pairDevice(input: $i) { credential } }`, {
      i: { code: await k.pairingCode(['R01'], 'もう1台') },
    });
    const res = await fetch(`${k.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${other.pairDevice.credential}` },
      body: JSON.stringify({
        query: `mutation($i: RecordAccessEventsInput!) { recordAccessEvents(input: $i) { results { outcome } } }`,
        variables: {
          i: {
            deviceNow: new Date().toISOString(),
            events: [
              {
                clientEventId: firstId,
                deviceSeq: 1,
                direction: 'ENTER',
                roomId: k.rooms.R01,
                purpose: '点検',
                deviceTime: new Date().toISOString(),
                staffId: k.staff['200303'],
              },
            ],
          },
        },
      }),
    });
    expect(((await res.json()) as any).data.recordAccessEvents.results[0].outcome).toBe('ACCEPTED');

    await context.setOffline(false);
    await expect.poll(() => waitingCount(page), { timeout: 30_000 }).toBe(0);
    await page.locator('[data-test=door-problems-button]').click();
    const problems = page.locator('[data-test=door-problem]');
    await expect.poll(() => problems.count()).toBe(2);
    const texts = await problems.allInnerTexts();
    expect(texts.find((x) => x.includes('山崎 拓也'))).toContain('記録IDが別の端末で使われています');
    expect(texts.find((x) => x.includes('山崎 拓也'))).toContain('受付されませんでした');
    expect(texts.find((x) => x.includes('渡辺 健一'))).toContain('入室許可がありませんでした');
    // seen by staff: it leaves the list but stays on the tablet
    await problems.filter({ hasText: '渡辺 健一' }).getByRole('button', { name: '確認しました' }).click();
    await expect.poll(() => problems.count()).toBe(1);
  });
});
