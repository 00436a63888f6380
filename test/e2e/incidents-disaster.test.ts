// Disaster mode (A30) on two phones at once: a large earthquake is reported, two staff members open
// /incidents/:id/disaster on 390 px phones (two browsers, two sessions) and confirm the shutdown
// checklist at the same time, one row by both at the same instant. Both pages reach M/M by polling,
// and the database holds exactly one confirmation per row. Damage reported per room (A30.2) on one
// phone shows on the other.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newBrowserContext } from '../helpers/browser.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { DEMO } from '../helpers/people.js';
import { postGraphQL, signInOverHttp, startServerProcess, type ServerProcess } from '../helpers/server-process.js';

const PASSWORD = 'disaster-phones-demo-password';
const PHONE = { width: 390, height: 844 };
/** polling is every 5 s: a page sees another phone's confirmation within a couple of rounds */
const SEEN = { timeout: 20_000 };
const shot = (name: string) => path.join(tmpdir(), `disaster-${name}.png`);

let db: TestDatabase;
let server: ServerProcess;
let phones: BrowserContext[] = [];

async function phone(context: BrowserContext, staffNumber: string, to: string): Promise<Page> {
  await context.clearCookies();
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`page error (${staffNumber}): ${e.message}`));
  await page.goto(`${server.url}${to}`);
  await page.getByLabel('職員番号').fill(staffNumber);
  await page.getByLabel('パスワード').fill(PASSWORD);
  await page.getByRole('button', { name: 'サインイン', exact: true }).click();
  await page.waitForURL(`${server.url}${to}`);
  return page;
}

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startServerProcess({
    DATABASE_URL: db.url,
    DEMO_PASSWORD: PASSWORD,
    SECRETS_DIR: await mkdtemp(path.join(tmpdir(), 'disaster-secrets-')),
  });
  // two phones: two browser contexts, each with its own cookies and storage
  phones = await Promise.all([newBrowserContext({ viewport: PHONE }), newBrowserContext({ viewport: PHONE })]);
});
afterAll(async () => {
  await Promise.all(phones.map((c) => c.close()));
  await server?.stop();
  await db?.drop();
});

describe('A30.1 disaster mode on two phones', () => {
  // two browsers and polling every 5 s: longer than one page's test
  it('A30.1 two phones confirm the checklist at the same time: both reach M/M, one confirmation per row in the database', async () => {
    // the operations manager reports the earthquake: disaster mode at once, with the two 電算室等
    // (access module) and the demo register's server and three terminals in use (configuration module)
    const om = await signInOverHttp(server.url, DEMO.operationsManager.staffNumber, PASSWORD);
    const reported = await postGraphQL(
      server.url,
      `mutation($i: ReportIncidentInput!) { reportIncident(input: $i) { id } }`,
      {
        i: {
          clientId: crypto.randomUUID(),
          type: 'EARTHQUAKE_OR_LIGHTNING',
          occurredAt: new Date().toISOString(),
          summary: '震度6弱の地震。庁舎で停電',
        },
      },
      om,
    );
    expect(reported.errors).toBeUndefined();
    const id = reported.data.reportIncident.id as string;
    const items: { id: string }[] = await db.dataSource.query(
      `SELECT id FROM disaster_checklist_item WHERE "incidentId" = $1 ORDER BY position`,
      [id],
    );
    expect(items).toHaveLength(6);
    expect(
      (await db.dataSource.query(
        `SELECT source, count(*)::int AS n FROM disaster_checklist_item WHERE "incidentId" = $1 GROUP BY source ORDER BY source`,
        [id],
      )) as unknown[],
    ).toEqual([
      { source: 'access.room', n: 2 },
      { source: 'configuration.item', n: 4 },
    ]);

    const to = `/incidents/${id}/disaster`;
    const [a, b] = await Promise.all([
      phone(phones[0], DEMO.itStaff.staffNumber, to),
      phone(phones[1], DEMO.itJunior.staffNumber, to),
    ]);
    for (const p of [a, b])
      await expect.poll(() => p.locator('[data-test=disaster-count]').textContent(), SEEN).toBe('0 / 6');
    await a.screenshot({ path: shot('phone-a-start'), fullPage: true });

    const row = (p: Page, itemId: string) => p.locator(`[data-test="disaster-row"][data-item="${itemId}"]`);
    /** a phone taps "done" on each of its rows in turn, waiting for its own answer each time */
    async function confirmAll(p: Page, ids: string[]): Promise<void> {
      for (const itemId of ids) {
        await row(p, itemId).locator('[data-test=disaster-row-done]').click();
        await expect.poll(() => row(p, itemId).getAttribute('data-outcome'), SEEN).not.toBe('');
      }
    }
    // the first row tapped on both phones at the same instant; then each phone its share, interleaved
    await Promise.all([
      row(a, items[0].id).locator('[data-test=disaster-row-done]').click(),
      row(b, items[0].id).locator('[data-test=disaster-row-done]').click(),
    ]);
    await Promise.all([
      confirmAll(a, [items[1].id, items[3].id]),
      (async () => {
        // phone B cannot switch off one terminal: it says why
        await row(b, items[2].id).locator('[data-test=disaster-row-cannot]').click();
        await row(b, items[2].id).locator('[data-test=disaster-row-note]').fill('電源ボタンが破損して切れない');
        await row(b, items[2].id).locator('[data-test=disaster-row-send]').click();
        await confirmAll(b, [items[4].id, items[5].id]);
      })(),
    ]);

    // both phones reach 6 / 6 (each sees the other's rows by polling)
    for (const p of [a, b])
      await expect.poll(() => p.locator('[data-test=disaster-count]').textContent(), SEEN).toBe('6 / 6');
    await expect.poll(() => a.locator('[data-test="disaster-row"][data-outcome=""]').count()).toBe(0);
    // the row tapped by both shows the same person on both phones
    const whoA = await row(a, items[0].id).locator('[data-test=disaster-row-result]').textContent();
    await expect
      .poll(() => row(b, items[0].id).locator('[data-test=disaster-row-result]').textContent(), SEEN)
      .toBe(whoA);
    expect(await row(b, items[2].id).textContent()).toContain('電源ボタンが破損して切れない');

    // the database: one confirmation per row, each by one of the two phones' people
    const stored: { outcome: string; staffNumber: string }[] = await db.dataSource.query(
      `SELECT c.outcome, s."staffNumber" FROM disaster_checklist_item c JOIN staff s ON s.id = c."confirmedById"
        WHERE c."incidentId" = $1 ORDER BY c.position`,
      [id],
    );
    expect(stored).toHaveLength(6);
    expect(stored.map((s) => s.outcome)).toEqual(['DONE', 'DONE', 'CANNOT', 'DONE', 'DONE', 'DONE']);
    expect(new Set(stored.map((s) => s.staffNumber))).toEqual(
      new Set([DEMO.itStaff.staffNumber, DEMO.itJunior.staffNumber]),
    );
    const [{ n }] = await db.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_entry WHERE action = 'Mutation.confirmDisasterChecklistItem'
         AND outcome = 'OK' AND changes IS NOT NULL`,
    );
    expect(n).toBe(6);
    // the checklist did the A30 steps it stands for
    const steps: { key: string; done: boolean }[] = await db.dataSource.query(
      `SELECT key, "doneAt" IS NOT NULL AS done FROM incident_step WHERE "incidentId" = $1 ORDER BY position`,
      [id],
    );
    expect(steps).toEqual([
      { key: 'shutDown', done: true },
      { key: 'powerOffTerminals', done: true },
      { key: 'reportDamage', done: false },
    ]);
    await Promise.all([
      a.screenshot({ path: shot('phone-a-done'), fullPage: true }),
      b.screenshot({ path: shot('phone-b-done'), fullPage: true }),
    ]);

    // A30.2: phone B reports the damage in the server room; phone A sees it
    await b.locator('[data-test=damage-open]').locator('summary').click();
    await b.locator('[data-test=damage-room]').selectOption({ label: '電算室 (R01)' });
    await b.locator('[data-test=damage-severity-SERIOUS]').check();
    await b.locator('[data-test=damage-what]').fill('ラック1台が転倒、UPS停止');
    await b.locator('[data-test=damage-send]').click();
    await expect.poll(() => b.locator('[data-test=damage-sent]').isVisible()).toBe(true);
    await expect.poll(() => a.locator('[data-test=damage-row]').count(), SEEN).toBe(1);
    expect(await a.locator('[data-test=damage-row]').textContent()).toContain('ラック1台が転倒');
    await b.screenshot({ path: shot('phone-b-damage'), fullPage: true });
    await a.screenshot({ path: shot('phone-a-damage') });
  }, 180_000);

  it('A30.1 the manager switches a fire into disaster mode from the phone; /incidents/disaster lists what is in disaster mode', async () => {
    const reporter = await signInOverHttp(server.url, DEMO.itStaff.staffNumber, PASSWORD);
    const reported = await postGraphQL(
      server.url,
      `mutation($i: ReportIncidentInput!) { reportIncident(input: $i) { id } }`,
      {
        i: {
          clientId: crypto.randomUUID(),
          type: 'FIRE',
          occurredAt: new Date().toISOString(),
          summary: '媒体保管室の前の廊下で発煙',
        },
      },
      reporter,
    );
    expect(reported.errors).toBeUndefined();
    const id = reported.data.reportIncident.id as string;
    const page = await phone(phones[0], DEMO.manager.staffNumber, `/incidents/${id}/disaster`);
    await expect.poll(() => page.locator('[data-test=disaster-declare]').isVisible(), SEEN).toBe(true);
    await page.screenshot({ path: shot('manager-fire-before') });
    await page.locator('[data-test=disaster-declare]').click();
    await expect.poll(() => page.locator('[data-test=disaster-count]').textContent(), SEEN).toBe('0 / 6'); // the two rooms, the register's server and three terminals
    const [{ automatic, declaredBy }] = await db.dataSource.query(
      `SELECT m.automatic, s."staffNumber" AS "declaredBy" FROM incident_disaster_mode m
         JOIN staff s ON s.id = m."declaredById" WHERE m."incidentId" = $1`,
      [id],
    );
    expect({ automatic, declaredBy }).toEqual({ automatic: false, declaredBy: DEMO.manager.staffNumber });

    // two incidents in disaster mode now: the entry page lists both (with one it would open it)
    await page.goto(`${server.url}/incidents/disaster`);
    await expect.poll(() => page.locator('.cards .card').count(), SEEN).toBe(2);
    await page.screenshot({ path: shot('manager-list') });
  }, 120_000);
});
