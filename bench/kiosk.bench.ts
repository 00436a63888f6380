// The door-tablet kiosk (/door) of the built PWA in headless Chromium against the built server
// (dist/, `npm run build`), each figure against a baseline measured in the same run and browser:
//   gzipped JS the page loads for /door          vs /signin (the app's first page)    budget 100 kB
//   tap on "record" → event in IndexedDB, CPU 4× vs a bare IndexedDB put, same page  goal ≤ 100 ms (tablet)
//   offline repeat load until the kiosk is usable vs offline load of a precached icon budget 1 s
// and checks that every event recorded on the tablet reached the server exactly once.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import type { BrowserContext, Page, Request } from 'playwright-core';
import type { ScratchServer } from '../server/src/db/scratch-server.js';
import { launchBrowser } from '../test/helpers/browser.js';
import {
  postGraphQL,
  SERVER_ENTRY,
  signInOverHttp,
  startServerProcess,
  type ServerProcess,
} from '../test/helpers/server-process.js';

export const WEB_DIST = 'dist/web';
const PASSWORD = 'bench-kiosk-password';
const STAFF = '200303';
const MANAGER = '200301';
const PIN = '583920';

export interface JsLoad {
  files: number;
  gzipBytes: number;
}

export interface KioskResult {
  kioskJs: JsLoad;
  signinJs: JsLoad;
  /** click on [data-test=door-record] → [data-test=door-done] in the page, CPU throttled 4× */
  tapMs: number[];
  /** one readwrite transaction with one put, same page, same throttling */
  idbPutMs: number[];
  /** offline reload of /door: navigation start → [data-test=door-enter] in the page */
  offlineMs: number[];
  /** offline navigation to a precached icon: navigation start → load event end */
  offlineAssetMs: number[];
  storedOnce: boolean;
}

/** The kiosk is measured in the built PWA and server: both must exist. */
export const kioskBuilt = (): boolean => existsSync(path.join(WEB_DIST, 'index.html')) && existsSync(SERVER_ENTRY);

export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

/** .js files the page itself requests (the service worker's own fetches are not the page's). */
function recordJs(page: Page): () => JsLoad {
  const files = new Set<string>();
  page.on('request', (r: Request) => {
    const { pathname } = new URL(r.url());
    if (pathname.endsWith('.js') && !/^\/(sw\.js|workbox-[^/]*\.js)$/.test(pathname)) files.add(pathname);
  });
  return () => {
    let gzipBytes = 0;
    for (const f of files) {
      const file = path.join(WEB_DIST, f);
      if (!existsSync(file))
        throw new Error(`${f} was loaded by the page but is not in ${WEB_DIST} (rebuilt meanwhile?)`);
      gzipBytes += gzipSync(readFileSync(file), { level: 9 }).length;
    }
    return { files: files.size, gzipBytes };
  };
}

/** `mutation($i: type!) { field(input: $i) selection }`, or `{ field selection }` when type is null. */
async function gql(base: string, cookie: string, type: string | null, call: string, i?: object): Promise<any> {
  const [field, ...selection] = call.split(' ');
  const query = type ? `mutation($i: ${type}!) { ${field}(input: $i) ${selection.join(' ')} }` : `{ ${call} }`;
  const body = (await postGraphQL(base, query, { i }, cookie)) as { data?: any; errors?: unknown[] };
  if (body.errors) throw new Error(`kiosk seed: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** A door PIN and an approved authorisation for R01 for STAFF; returns a pairing code for R01. */
async function seedKiosk(base: string): Promise<string> {
  const manager = await signInOverHttp(base, MANAGER, PASSWORD);
  const staff = await signInOverHttp(base, STAFF, PASSWORD);
  const rooms = (await gql(base, manager, null, 'rooms { id code }')).rooms as { id: string; code: string }[];
  const r01 = rooms.find((r) => r.code === 'R01')!.id;
  await gql(base, staff, 'SetDoorPinInput', 'setDoorPin', { currentPassword: PASSWORD, pin: PIN });
  const now = Date.now();
  const asked = await gql(base, staff, 'RequestRoomAuthorisationInput', 'requestRoomAuthorisation { id }', {
    subjectKind: 'STAFF',
    roomIds: [r01],
    validFrom: new Date(now - 3_600_000).toISOString(),
    validTo: new Date(now + 8 * 3_600_000).toISOString(),
    purpose: 'サーバー保守',
  });
  const id = asked.requestRoomAuthorisation.id as string;
  await gql(base, manager, 'AuthorisationIdInput', 'approveRoomAuthorisation { id }', { id });
  const paired = await gql(base, manager, 'CreateDevicePairingInput', 'createDevicePairing { code }', {
    name: 'bench kiosk',
    roomIds: [r01],
  });
  return paired.createDevicePairing.code as string;
}

// In-page functions reach the DOM through an untyped globalThis: tsconfig.json has no DOM lib.

/** Init script: performance.now() (ms since navigation start) when the kiosk's home screen appears. */
function watchDoorReady(): void {
  const g: any = globalThis;
  const obs = new g.MutationObserver(() => {
    if (!g.document.querySelector('[data-test=door-enter]')) return;
    g.__doorReadyAt = performance.now();
    obs.disconnect();
  });
  obs.observe(g.document, { childList: true, subtree: true });
}

/** Arms window.__tap: ms from the click on "record" to the confirmation screen in the DOM. */
function armTapProbe(): void {
  const g: any = globalThis;
  g.__tap = new Promise<number>((resolve, reject) => {
    let clickedAt = -1;
    setTimeout(() => reject(new Error('[data-test=door-done] not shown 30 s after the tap')), 30_000);
    const onClick = (e: any): void => {
      if (e.target?.closest?.('[data-test=door-record]')) clickedAt = performance.now();
    };
    g.addEventListener('click', onClick, { capture: true }); // before the button's own handler
    const obs = new g.MutationObserver(() => {
      if (clickedAt < 0 || !g.document.querySelector('[data-test=door-done]')) return;
      const ms = performance.now() - clickedAt;
      obs.disconnect();
      g.removeEventListener('click', onClick, { capture: true });
      resolve(ms);
    });
    obs.observe(g.document.body, { childList: true, subtree: true });
  });
}

/** Baseline: one readwrite transaction putting an outbox-sized item into a database of its own. */
async function bareIdbPut(seq: number): Promise<number> {
  const g: any = globalThis;
  const done = (r: any, ok: string): Promise<any> =>
    new Promise((resolve, reject) => {
      r[ok] = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
  if (!g.__benchDb) {
    const open = g.indexedDB.open('bench-baseline', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('outbox', { keyPath: 'event.clientEventId' });
    g.__benchDb = await done(open, 'onsuccess');
  }
  const item = {
    event: {
      clientEventId: g.crypto.randomUUID(),
      deviceSeq: seq,
      direction: 'ENTER',
      roomId: g.crypto.randomUUID(),
      staffId: g.crypto.randomUUID(),
      purpose: 'サーバー保守',
      deviceTime: new Date().toISOString(),
      pin: 'A'.repeat(344), // an RSA-2048 OAEP cipher in base64
    },
    display: { name: '山田 太郎', roomName: '電算室' },
  };
  const t0 = performance.now();
  const tx = g.__benchDb.transaction('outbox', 'readwrite');
  tx.objectStore('outbox').put(item);
  await done(tx, 'oncomplete');
  return performance.now() - t0;
}

/** One entry through the kiosk from its home screen; returns the in-page tap → saved time. */
async function recordEntry(page: Page): Promise<number> {
  await page.click('[data-test=door-enter]');
  await page.locator('[data-test=door-person]').first().click();
  for (const d of PIN) await page.getByRole('button', { name: d, exact: true }).click();
  await page.click('[data-test=door-pin-ok]');
  await page.waitForSelector('[data-test=door-record]');
  await page.evaluate(armTapProbe);
  await page.click('[data-test=door-record]');
  const ms = (await page.evaluate(() => (globalThis as any).__tap)) as number;
  await page.click('[data-test=door-done]');
  await page.waitForSelector('[data-test=door-enter]');
  return ms;
}

/** Waits (≤ 30 s) until the server holds exactly `expected` events, each once. */
async function serverHoldsOnce(url: string, expected: number): Promise<boolean> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const { rows } = await c.query<{ n: number; distinct: number }>(
        `SELECT count(*)::int AS n, count(DISTINCT "clientEventId")::int AS distinct FROM access_event`,
      );
      const [{ n, distinct }] = rows;
      if (n === expected && distinct === expected) return true;
      if (n > expected || Date.now() > deadline) return false;
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await c.end();
  }
}

async function waitForController(page: Page): Promise<void> {
  const controlled = () =>
    page.waitForFunction(() => (globalThis as any).navigator.serviceWorker.controller !== null, undefined, {
      timeout: 15_000,
    });
  await controlled().catch(async () => {
    await page.reload();
    await controlled();
  });
}

async function offlineKioskLoad(page: Page): Promise<number> {
  await page.reload({ waitUntil: 'load' });
  return (await (await page.waitForFunction(() => (globalThis as any).__doorReadyAt)).jsonValue()) as number;
}

async function offlineAssetLoad(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: 'load' });
  const end = await page.waitForFunction(
    () => (globalThis as any).performance.getEntriesByType('navigation')[0]?.loadEventEnd || 0,
  );
  return (await end.jsonValue()) as number;
}

export async function benchKiosk(scratch: ScratchServer, taps: number, reloads: number): Promise<KioskResult> {
  const name = await scratch.createDatabase('jukinet_bench_kiosk');
  const tmp = await mkdtemp(path.join(tmpdir(), 'bench-kiosk-'));
  let app: ServerProcess | undefined;
  let browser: { context: BrowserContext; userDataDir: string } | undefined;
  try {
    app = await startServerProcess({
      DATABASE_URL: scratch.urlOf(name),
      DEMO_PASSWORD: PASSWORD,
      SECRETS_DIR: path.join(tmp, 'secrets'),
      DATA_DIR: path.join(tmp, 'data'),
    });
    const code = await seedKiosk(app.url);
    browser = await launchBrowser();
    const { context } = browser;

    // 1. JS of the sign-in page (first, before the tablet is paired: then every route is /door)
    const signin = await context.newPage();
    const signinJs = recordJs(signin);
    await signin.goto(`${app.url}/signin`, { waitUntil: 'networkidle' });
    await signin.getByLabel('職員番号').waitFor();
    await signin.close();
    // … and everything the kiosk page loads: pairing, entries, the repeat load online
    const page = await context.newPage();
    const kioskJs = recordJs(page);
    await page.addInitScript(watchDoorReady);
    await page.goto(`${app.url}/door`, { waitUntil: 'networkidle' });
    await page.fill('[data-test=door-pairing-code]', code);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-test=door-enter]');
    await recordEntry(page); // warm-up, untimed

    // 2. tap → saved, CPU throttled 4×, interleaved with the bare put
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await page.evaluate(bareIdbPut, 0); // opens the baseline database
    const tapMs: number[] = [];
    const idbPutMs: number[] = [];
    for (let i = 1; i <= taps; i++) {
      idbPutMs.push(await page.evaluate(bareIdbPut, i));
      tapMs.push(await recordEntry(page));
    }
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    const storedOnce = await serverHoldsOnce(scratch.urlOf(name), taps + 1);

    // 3. offline repeat loads (CPU not throttled), interleaved with a precached icon
    await waitForController(page);
    await page.reload({ waitUntil: 'networkidle' });
    const js = kioskJs(); // what the page loaded online
    await context.setOffline(true);
    const asset = await context.newPage();
    const iconUrl = `${app.url}/icons/icon.svg`;
    await offlineKioskLoad(page); // warm-up
    await offlineAssetLoad(asset, iconUrl);
    const offlineMs: number[] = [];
    const offlineAssetMs: number[] = [];
    for (let i = 0; i < reloads; i++) {
      offlineMs.push(await offlineKioskLoad(page));
      offlineAssetMs.push(await offlineAssetLoad(asset, iconUrl));
    }
    return { kioskJs: js, signinJs: signinJs(), tapMs, idbPutMs, offlineMs, offlineAssetMs, storedOnce };
  } finally {
    await browser?.context.close();
    if (browser) await rm(browser.userDataDir, { recursive: true, force: true });
    await app?.stop();
    await rm(tmp, { recursive: true, force: true });
    await scratch.dropDatabase(name);
    const admin = new pg.Client({ connectionString: scratch.adminUrl });
    await admin.connect();
    await admin.query(`DROP ROLE IF EXISTS ${pg.escapeIdentifier(`${name}_app`.slice(0, 63))}`);
    await admin.end();
  }
}
