// Deployment §3 (JIS X 8341-3, WCAG 2.1 AA): axe-core's WCAG 2.0/2.1 A and AA rules find nothing
// on any route of web/src/router.ts, signed out and as the manager on a 390 px phone, nor on the
// door kiosk's screens. A route added to the router without a place here fails the first test.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newBrowserContext, signedInPage } from '../helpers/browser.js';
import { KIOSK_PASSWORD, pairKiosk, startKioskServer, typePin, type KioskServer } from '../helpers/door-kiosk.js';
import { DEMO } from '../helpers/people.js';
import { transferCsv } from '../helpers/card-transfers.js';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const ROUTES = [...readFileSync('web/src/router.ts', 'utf8').matchAll(/\bpath: '([^']+)'/g)].map((m) => m[1]);

interface Finding {
  rule: string;
  help: string;
  nodes: string[];
}

/** axe-core's findings on the page as it is now, each with the elements it names. */
async function axe(page: Page): Promise<Finding[]> {
  // the page's own content is there (the kiosk keeps a connection open: no network idle to wait for)
  await page.locator('h1, h2, .door-home, [data-test=door-pairing-code]').first().waitFor();
  await page.waitForLoadState('load');
  // evaluated through the DevTools protocol, which the app's CSP (no inline script) does not govern:
  // the pages are checked under the very headers they are served with
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    const run = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<any> } }).axe.run;
    const result = await run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return (result.violations as any[]).map((v) => ({
      rule: v.id as string,
      help: v.help as string,
      nodes: (v.nodes as any[]).map((n) => `${n.target.join(' ')} — ${n.failureSummary}`),
    }));
  }, TAGS);
}

/**
 * Opens `path` inside the app already loaded on the page (history + popstate, as the back button does):
 * the router runs its guards and redirects, and the test waits until the page it ends on is rendered
 * (web/src/router.ts counts finished navigations). A full load per route spent most of this file's time
 * loading the same app again. The first page of a walk is loaded for real.
 */
async function visit(page: Page, path: string): Promise<void> {
  const before = await page.evaluate(() => document.documentElement.dataset.navigations ?? '');
  await page.evaluate((to) => {
    history.pushState(null, '', to);
    dispatchEvent(new PopStateEvent('popstate', { state: null }));
  }, path);
  await page.waitForFunction((n) => (document.documentElement.dataset.navigations ?? '') !== n, before);
}

let k: KioskServer;
let phone: BrowserContext;
let staffId = '';
let incidentId = '';
let itemId = '';
let orderId = '';
let documentId = '';

/** The URL that opens each route of the router (parameters filled in). */
const urlFor = (route: string) =>
  ({
    '/admin/staff/:id': `/admin/staff/${staffId}`,
    '/configuration/items/:id': `/configuration/items/${itemId}`,
    '/configuration/items/:id/edit': `/configuration/items/${itemId}/edit`,
    '/configuration/documents/:id': `/configuration/documents/${documentId}`,
    '/maintenance/:id': `/maintenance/${orderId}`,
    '/oplog/reviews/:id': `/oplog/reviews/${reviewId}`,
    '/investigations/:id': `/investigations/${investigationId}`,
    '/cards/transfers/:id': `/cards/transfers/${roundId}`,
    '/incidents/:id/disaster': `/incidents/${disasterId}/disaster`,
    '/incidents/:id([0-9a-fA-F-]{36})': `/incidents/${incidentId}`,
    '/incidents/:id([0-9a-fA-F-]{36})/print': `/incidents/${incidentId}/print`,
    '/:pathMatch(.*)*': '/no-such-page',
  })[route] ?? route;
/** an earthquake's incident: its disaster page has a checklist and a damage report to check */
let disasterId = '';
let reviewId = '';
let investigationId = '';
let roundId = '';

beforeAll(async () => {
  k = await startKioskServer();
  staffId = (await k.api(`{ staffDirectory(first: 1) { nodes { id } } }`, {}, k.manager)).staffDirectory.nodes[0].id;
  itemId = (await k.api(`{ configurationItems(first: 1) { nodes { id } } }`, {}, k.manager)).configurationItems.nodes[0]
    .id;
  // a document (A27) for its page
  documentId = (
    await k.api(
      `mutation($i: CreateConfigurationDocumentInput!) { createConfigurationDocument(input: $i) { id } }`,
      { i: { type: 'FAILURE_MANUAL', title: '障害対策マニュアル' } },
      k.manager,
    )
  ).createConfigurationDocument.id;
  const report = async (type: string, summary: string) =>
    (
      await k.api(
        `mutation($i: ReportIncidentInput!) { reportIncident(input: $i) { id } }`,
        { i: { clientId: randomUUID(), type, occurredAt: new Date().toISOString(), summary } },
        k.manager,
      )
    ).reportIncident.id as string;
  disasterId = await report('EARTHQUAKE_OR_LIGHTNING', '震度6弱');
  incidentId = await report('VIRUS', '端末でウイルスを検知');
  // a maintenance work order (A26) for its page
  const [room] = (await k.api(`{ rooms { id } }`, {}, k.manager)).rooms;
  const hour = 3_600_000;
  orderId = (
    await k.api(
      `mutation($i: InstructMaintenanceWorkInput!) { instructMaintenanceWork(input: $i) { id } }`,
      {
        i: {
          contractorCompany: 'みどり野システム保守株式会社',
          people: ['保守 太郎'],
          work: 'ディスク交換',
          startsAt: new Date(Date.now() + hour).toISOString(),
          endsAt: new Date(Date.now() + 3 * hour).toISOString(),
          roomIds: [room.id],
        },
      },
      k.manager,
    )
  ).instructMaintenanceWork.id;
  // last month's review of the operation history (A20.1), and a transfer round of one move next year
  const lastMonth = new Date(Date.now() - 31 * 86_400_000).toISOString().slice(0, 7);
  reviewId = (await k.api(`mutation($m: String!) { createOplogReview(month: $m) { id } }`, { m: lastMonth }, k.manager))
    .createOplogReview.id;
  // an investigation (A21) of a clerk, for its page
  const subject = (
    await k.api(
      `query($s: String!) { staffDirectory(filter: { search: $s }, first: 1) { nodes { id } } }`,
      { s: DEMO.citizenSectionClerk.staffNumber },
      k.manager,
    )
  ).staffDirectory.nodes[0].id;
  investigationId = (
    await k.api(
      `mutation($i: OpenInvestigationInput!) { openInvestigation(input: $i) { id } }`,
      {
        i: {
          subjectId: subject,
          scope: '業務外の照会の疑い',
          from: new Date(Date.now() - 30 * 86_400_000).toISOString(),
          to: new Date().toISOString(),
          cooperationMessage: '聞き取りへの協力をお願いします',
        },
      },
      k.manager,
    )
  ).openInvestigation.id;
  const nextYear = `${new Date().getFullYear() + 1}-04-01`;
  const clerk = DEMO.welfareClerk;
  const to = DEMO.citizenSectionClerk.sectionCode;
  roundId = (
    await k.api(
      `mutation($i: ImportCardTransfersInput!) { importCardTransfers(input: $i) { round { id } errors { row reason } } }`,
      {
        i: {
          roundName: '定期異動',
          contentBase64: transferCsv([[clerk.staffNumber, clerk.sectionCode, to, nextYear, '']]),
        },
      },
      k.manager,
    )
  ).importCardTransfers.round.id;
  phone = await newBrowserContext({ viewport: { width: 390, height: 844 } });
});
afterAll(async () => {
  await phone?.close();
  await k?.close();
});

describe('Deployment §3 accessibility (axe-core, WCAG 2.1 A/AA)', () => {
  it('§3: knows every route of the router', () => {
    expect(ROUTES.length).toBeGreaterThan(10);
    for (const r of ROUTES) expect(r.includes(':') ? urlFor(r) : r, r).not.toContain(':');
  });

  it('§3: no violation on any route, signed out', async () => {
    await phone.clearCookies();
    const page = await phone.newPage();
    const found: Record<string, Finding[]> = {};
    // most routes send a signed-out visitor to the sign-in page: each page that is shown is checked
    // once (by the path it ends on), not once per route that leads to it
    const seen = new Set<string>();
    await page.goto(`${k.url}/signin`);
    for (const route of ROUTES.filter((r) => r !== '/door')) {
      await visit(page, urlFor(route));
      const shown = new URL(page.url()).pathname;
      if (seen.has(shown)) continue;
      seen.add(shown);
      const v = await axe(page);
      if (v.length) found[route] = v;
    }
    expect(seen.size, 'the sign-in page and the pages open to everyone').toBeGreaterThan(1);
    await page.close();
    expect(found).toEqual({});
  }, 300_000);

  it('§3: no violation on any route as the manager on a 390 px phone, menu open or closed', async () => {
    const page = await signedInPage(phone, k.url, DEMO.manager.staffNumber, KIOSK_PASSWORD, '/todo');
    const found: Record<string, Finding[]> = {};
    for (const route of ROUTES.filter((r) => r !== '/door' && r !== '/signin')) {
      await visit(page, urlFor(route));
      const v = await axe(page);
      if (v.length) found[route] = v;
    }
    await visit(page, '/todo');
    const menu = page.locator('[data-test=bar-menu]');
    if (await menu.count()) {
      await menu.click();
      const v = await axe(page);
      if (v.length) found['menu'] = v;
    }
    await page.close();
    expect(found).toEqual({});
  }, 300_000);

  it('§3: no violation on the door kiosk’s screens: pairing, start, person, PIN, purpose, checklist, done', async () => {
    await k.authorise(DEMO.itStaff.staffNumber, ['R01']);
    const tablet = await newBrowserContext({ viewport: { width: 1024, height: 768 } });
    const found: Record<string, Finding[]> = {};
    const check = async (screen: string, page: Page) => {
      const v = await axe(page);
      if (v.length) found[screen] = v;
    };
    try {
      const page = await tablet.newPage();
      await page.goto(`${k.url}/door`);
      await page.locator('[data-test=door-pairing-code]').waitFor();
      await check('pairing', page);
      await pairKiosk(page, k.url, await k.pairingCode(['R01']), false);
      await check('start', page);
      await page.locator('[data-test=door-enter]').click();
      await page.locator('[data-test=door-person]').first().waitFor();
      await check('person', page);
      await page.locator('[data-test=door-person]', { hasText: DEMO.itStaff.fullName }).first().click();
      await page.locator('[data-test=door-pin-ok]').waitFor();
      await check('PIN', page);
      await typePin(page);
      await page.locator('[data-test=door-record]').waitFor();
      await check('purpose', page);
      await page.locator('[data-test=door-record]').click();
      await page.locator('[data-test=door-done]').waitFor();
      await check('done', page);
      await page.locator('[data-test=door-done]').click();
      await page.locator('[data-test=door-leave]').first().click();
      await typePin(page);
      await page.locator('[data-test=door-check]').first().waitFor();
      await check('checklist', page);
    } finally {
      await tablet.close();
    }
    expect(found).toEqual({});
  }, 300_000);
});
