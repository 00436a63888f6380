// The door kiosk when the tablet's clock moves between recording and sending, and after an outage
// (issue 11 §6), in headless Chromium against the real server. The tablet's clock is Playwright's
// (page.clock): installed before the kiosk loads, so its wall clock can be set apart from
// performance.now(), as a tablet's clock set by hand or by a network time update would be.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  kioskDeviceId,
  pairKiosk,
  recordEntry,
  recordExit,
  useKioskFixture,
  waitingCount,
} from '../helpers/door-kiosk.js';
import { DEMO } from '../helpers/people.js';

const f = useKioskFixture();
const HALF_HOUR = 30 * 60_000;
const hm = new Intl.DateTimeFormat('ja-JP', { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Tokyo' });

/** A tablet whose clock the test can move, paired to these rooms. */
async function clockedKiosk(rooms: string[]): Promise<Awaited<ReturnType<typeof f.kiosk>>> {
  const k = await f.kiosk();
  await k.page.clock.install();
  await pairKiosk(k.page, f.k.url, await f.k.pairingCode(rooms));
  return k;
}

const insideTexts = (page: Page) => page.locator('[data-test=door-inside]').allInnerTexts();

/** The manager's view of who is inside a room: one line per open entry. */
async function managerInside(room: string): Promise<{ staffNumber: string; occurredAt: string }[]> {
  const d = await f.k.api(
    `query($r: ID) { accessInside(roomId: $r) { occurredAt staff { staffNumber } } }`,
    { r: f.k.rooms[room] },
    f.k.manager,
  );
  return d.accessInside.map((e: any) => ({ staffNumber: e.staff.staffNumber, occurredAt: e.occurredAt }));
}

describe('Hardening §6 the door register when the tablet’s clock moves, and after an outage', () => {
  it('Hardening §6: 在室中 after a clock change follows the order the tablet recorded, with the server’s times', async () => {
    const { context, page } = await clockedKiosk(['R01']);
    const shimizu = DEMO.itStaff;
    await context.setOffline(true);
    // the clock 30 minutes fast: she enters and leaves; the clock is put right: she enters again
    await page.clock.setSystemTime(new Date(Date.now() + HALF_HOUR));
    await recordEntry(page, shimizu.fullName);
    await recordExit(page, shimizu.fullName);
    await page.clock.setSystemTime(new Date());
    await recordEntry(page, shimizu.fullName);
    await expect.poll(() => insideTexts(page)).toEqual([expect.stringContaining(shimizu.fullName)]);

    await context.setOffline(false);
    await expect.poll(() => waitingCount(page), { timeout: 30_000 }).toBe(0);
    const server = (await managerInside('R01')).filter((e) => e.staffNumber === shimizu.staffNumber);
    expect(server).toHaveLength(1);
    const since = `${hm.format(new Date(server[0].occurredAt))} から`;
    await expect.poll(() => insideTexts(page)).toEqual([expect.stringContaining(since)]);
    await page.reload();
    await page.locator('[data-test=door-enter]').waitFor();
    await expect.poll(() => insideTexts(page)).toEqual([expect.stringContaining(since)]);

    // she leaves under the right clock: nobody is left inside "from" a time in the future
    await recordExit(page, shimizu.fullName);
    await expect.poll(() => waitingCount(page), { timeout: 30_000 }).toBe(0);
    await page.reload();
    await page.locator('[data-test=door-enter]').waitFor();
    await expect.poll(() => insideTexts(page)).toEqual([]);
    expect((await managerInside('R01')).filter((e) => e.staffNumber === shimizu.staffNumber)).toEqual([]);
  });

  it('Hardening §6: an entry under a fast clock sent after it was put right keeps its real time and pairs with its exit', async () => {
    const { context, page } = await clockedKiosk(['R01']);
    const junior = DEMO.itJunior;
    await context.setOffline(true);
    await page.clock.setSystemTime(new Date(Date.now() + HALF_HOUR));
    await recordEntry(page, junior.fullName);
    await page.clock.setSystemTime(new Date());
    await recordExit(page, junior.fullName);
    await context.setOffline(false);
    await expect.poll(() => waitingCount(page), { timeout: 30_000 }).toBe(0);

    // not_future: not the fast clock's time, 30 minutes ahead. The correction is in whole seconds,
    // so an event sent at once may be stored up to half a second after the server received it.
    const rows = await f.stored(
      `SELECT e."deviceSeq" AS seq, e.direction, e.anomalies::text[] AS anomalies, e."entryEventId" = en.id AS closes_entry,
              e."occurredAt" < now() + interval '1 second' AS not_future, e."occurredAt" > now() - interval '10 minutes' AS recent
         FROM access_event e LEFT JOIN access_event en ON en."deviceId" = e."deviceId" AND en."deviceSeq" = 1
        WHERE e."deviceId" = $1 ORDER BY e."deviceSeq"`,
      [await kioskDeviceId(page)],
    );
    expect(rows).toEqual([
      // flagged as before: it was recorded under a clock off by 30 minutes
      { seq: 1, direction: 'ENTER', anomalies: ['CLOCK_SKEW'], closes_entry: null, not_future: true, recent: true },
      { seq: 2, direction: 'EXIT', anomalies: [], closes_entry: true, not_future: true, recent: true },
    ]);
    expect((await managerInside('R01')).filter((e) => e.staffNumber === junior.staffNumber)).toEqual([]);
  });

  it('Hardening §6: in the exit picker, ふりがな in hiragana or katakana and the staff number find a person inside', async () => {
    const { page } = await clockedKiosk(['R02']);
    const shimizu = DEMO.itStaff;
    await recordEntry(page, shimizu.fullName);
    await page.locator('[data-test=door-exit]').click();
    const [familyKana] = shimizu.fullNameKana.split(' ');
    const katakana = familyKana.replace(/[\u3041-\u3096]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60));
    for (const q of [familyKana, katakana, shimizu.staffNumber, shimizu.fullName.split(' ')[0]]) {
      await page.locator('[data-test=door-search]').fill(q);
      const found = page.locator('[data-test=door-person]');
      await expect
        .poll(() => found.allInnerTexts(), { message: q })
        .toEqual([expect.stringContaining(shimizu.fullName)]);
    }
    // the line shows her ふりがな beside the time she entered
    expect(await page.locator('[data-test=door-person]').innerText()).toContain(familyKana);
  });

  it('Hardening §6: events waiting through an outage are sent within 30 s of the server’s return, however long it was down', async () => {
    const { page } = await clockedKiosk(['R01']);
    await f.k.stop();
    try {
      await recordEntry(page, DEMO.formerManager.fullName);
      expect(await waitingCount(page)).toBe(1);
      // 40 minutes of failed attempts: the sender's back-off has grown to its 5-minute ceiling
      for (let i = 0; i < 8; i++) {
        await page.clock.fastForward('05:00');
        await page.waitForTimeout(300);
      }
      expect(await waitingCount(page)).toBe(1);
    } finally {
      await f.k.start();
    }
    await expect.poll(() => waitingCount(page), { timeout: 30_000 }).toBe(0);
  }, 180_000); // a server restart and 8 failed attempts on a loaded 2-core machine
});
