// The door kiosk in e2e tests: the real server as a child process (restartable on the same port,
// so the browser keeps its origin, service worker and IndexedDB), seeding over HTTP as the manager
// and staff would, and the kiosk driven through its screens as a person at the door would.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { rm } from 'node:fs/promises';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { launchBrowser } from './browser.js';
import { freePort } from '../../server/src/db/scratch-server.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { startServerProcess, type ServerProcess } from './server-process.js';
import { DEMO } from './people.js';

export const KIOSK_PASSWORD = 'door-kiosk-demo-password';
export const KIOSK_PIN = '583920';

export interface KioskServer {
  db: TestDatabase;
  readonly url: string;
  readonly server: ServerProcess;
  rooms: Record<string, string>;
  staff: Record<string, string>;
  manager: string;
  api(query: string, variables?: Record<string, unknown>, cookie?: string): Promise<any>;
  signIn(staffNumber: string): Promise<string>;
  /** a door PIN set by the person, and an approved authorisation for these rooms (−1 h … +8 h) */
  authorise(staffNumber: string, roomCodes: string[], opts?: { escortRequired?: boolean }): Promise<string>;
  pairingCode(roomCodes: string[], name?: string): Promise<string>;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startKioskServer(env: Record<string, string> = {}): Promise<KioskServer> {
  const db = await createTestDatabase();
  await db.dataSource.destroy();
  const fixed = {
    DATABASE_URL: db.url,
    DEMO_PASSWORD: KIOSK_PASSWORD,
    SECRETS_DIR: await mkdtemp(path.join(tmpdir(), 'door-kiosk-secrets-')),
    PORT: String(await freePort()),
    ...env,
  };
  let server = await startServerProcess(fixed);
  const url = server.url;
  const api = async (query: string, variables: Record<string, unknown> = {}, cookie?: string) => {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: any; errors?: unknown };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  const signIn = async (staffNumber: string) => {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `mutation($i: SignInInput!) { signIn(input: $i) { staff { id } } }`,
        variables: { i: { staffNumber, password: KIOSK_PASSWORD } },
      }),
    });
    return res.headers.get('set-cookie')!.split(';')[0];
  };
  const manager = await signIn(DEMO.manager.staffNumber);
  const rooms: Record<string, string> = {};
  for (const r of (await api(`{ rooms { id code } }`, {}, manager)).rooms) rooms[r.code] = r.id;
  const staff: Record<string, string> = {};
  const pinned = new Set<string>();
  const k: KioskServer = {
    db,
    get url() {
      return url;
    },
    get server() {
      return server;
    },
    rooms,
    staff,
    manager,
    api,
    signIn,
    async authorise(staffNumber, roomCodes, opts = {}) {
      const cookie = await signIn(staffNumber);
      if (!pinned.has(staffNumber)) {
        await api(
          `mutation($i: SetDoorPinInput!) { setDoorPin(input: $i) }`,
          {
            i: { currentPassword: KIOSK_PASSWORD, pin: KIOSK_PIN },
          },
          cookie,
        );
        pinned.add(staffNumber);
      }
      const now = Date.now();
      const asked = await api(
        `mutation($i: RequestRoomAuthorisationInput!) { requestRoomAuthorisation(input: $i) { id staff { id } } }`,
        {
          i: {
            subjectKind: 'STAFF',
            roomIds: roomCodes.map((c) => rooms[c]),
            validFrom: new Date(now - 3_600_000).toISOString(),
            validTo: new Date(now + 8 * 3_600_000).toISOString(),
            purpose: 'サーバー保守',
            ...(opts.escortRequired ? { escortRequired: true } : {}),
          },
        },
        cookie,
      );
      staff[staffNumber] = asked.requestRoomAuthorisation.staff.id;
      const id = asked.requestRoomAuthorisation.id as string;
      await api(
        `mutation($i: AuthorisationIdInput!) { approveRoomAuthorisation(input: $i) { id } }`,
        { i: { id } },
        manager,
      );
      return id;
    },
    async pairingCode(roomCodes, name = '電算室 入口タブレット') {
      const d = await api(
        `mutation($i: CreateDevicePairingInput!) { createDevicePairing(input: $i) { code } }`,
        { i: { name, roomIds: roomCodes.map((c) => rooms[c]) } },
        manager,
      );
      return d.createDevicePairing.code;
    },
    async stop() {
      await server.stop();
    },
    async start() {
      server = await startServerProcess(fixed);
    },
    async close() {
      await server.stop();
      await db.drop();
    },
  };
  return k;
}

/** Pairs the kiosk with a manager's code and waits until it has its lists (authorised, PIN key). */
export async function pairKiosk(page: Page, baseUrl: string, code: string, worker = true): Promise<void> {
  await page.goto(`${baseUrl}/door`);
  await page.locator('[data-test=door-pairing-code]').fill(code);
  await page.getByRole('button', { name: '登録する' }).click();
  await page.locator('[data-test=door-enter]').waitFor();
  await expect.poll(() => page.locator('[data-test=door-list-age]').innerText()).toContain('分前');
  if (worker) await kioskWorksOffline(page);
}

/** The service worker has the app shell cached and controls the page. */
export async function kioskWorksOffline(page: Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller), { timeout: 20_000 }).toBe(true);
}

export async function typePin(page: Page, pin = KIOSK_PIN): Promise<void> {
  for (const d of pin) await page.locator('.door-keypad button', { hasText: new RegExp(`^${d}$`) }).click();
  await page.locator('[data-test=door-pin-ok]').click();
}

/** One entry through the kiosk's screens: 入室 → the person → PIN → 入室を記録 → confirmation → start. */
export async function recordEntry(page: Page, name: string): Promise<void> {
  await page.locator('[data-test=door-enter]').click();
  await page.locator('[data-test=door-person]', { hasText: name }).click();
  await typePin(page);
  await page.locator('[data-test=door-record]').click();
  await page.locator('[data-test=door-done]').click();
  await page.locator('[data-test=door-enter]').waitFor();
}

/** One exit from the "inside now" list, every checklist item ticked. */
export async function recordExit(page: Page, name: string): Promise<void> {
  await page.locator('[data-test=door-inside]', { hasText: name }).locator('[data-test=door-leave]').click();
  await typePin(page);
  await page.locator('[data-test=door-check]').first().waitFor();
  for (const box of await page.locator('[data-test=door-check]').all()) await box.check();
  await page.locator('[data-test=door-record]').click();
  await page.locator('[data-test=door-done]').click();
  await page.locator('[data-test=door-enter]').waitFor();
}

/** The "waiting to send" count the kiosk shows at all times. */
export async function waitingCount(page: Page): Promise<number> {
  const text = await page.locator('[data-test=door-waiting]').innerText();
  return Number(/(\d+)/.exec(text)![1]);
}

/** The kiosk's own records, read from its IndexedDB as the page sees them. */
export async function kioskDeviceId(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((resolve, reject) => {
        const open = indexedDB.open('jukinet-door');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('device').objectStore('device').get('self');
          get.onsuccess = () => resolve(get.result.deviceId);
        };
      }),
  );
}

export async function outbox(page: Page): Promise<{ event: { clientEventId: string; deviceSeq: number } }[]> {
  return page.evaluate(
    () =>
      new Promise<{ event: { clientEventId: string; deviceSeq: number } }[]>((resolve, reject) => {
        const open = indexedDB.open('jukinet-door');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction('outbox').objectStore('outbox').getAll();
          all.onsuccess = () => resolve(all.result);
        };
      }),
  );
}

/**
 * Puts an event in the outbox with the device's next number, as an older release of the kiosk
 * might have left it (the shape is the test's to choose).
 */
export async function addToOutbox(
  page: Page,
  e: { direction: 'ENTER' | 'EXIT'; purpose: string; staffId: string; name: string },
): Promise<void> {
  await page.evaluate(
    (e) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('jukinet-door');
        open.onsuccess = () => {
          const tx = open.result.transaction(['device', 'outbox'], 'readwrite');
          const get = tx.objectStore('device').get('self');
          get.onsuccess = () => {
            const device = get.result;
            tx.objectStore('outbox').add({
              event: {
                clientEventId: crypto.randomUUID(),
                deviceSeq: device.nextSeq,
                direction: e.direction,
                roomId: device.rooms[0].id,
                purpose: e.purpose,
                deviceTime: new Date().toISOString(),
                staffId: e.staffId,
              },
              display: { name: e.name, roomName: device.rooms[0].name },
            });
            tx.objectStore('device').put({ ...device, nextSeq: device.nextSeq + 1 }, 'self');
          };
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        };
      }),
    e,
  );
}

/**
 * The kiosk tests' common start, as vitest hooks: the server with DEMO.itStaff (R01, R02),
 * DEMO.itJunior and DEMO.formerManager (R01) authorised; tablets on fresh browser profiles, closed and removed afterwards.
 */
export function useKioskFixture() {
  const f = {
    k: undefined as unknown as KioskServer,
    authorisations: {} as Record<string, string>,
    /** a tablet-sized browser on a fresh profile (or the given one), its first page */
    async kiosk(opts: { serviceWorkers?: 'allow' | 'block'; userDataDir?: string } = {}) {
      const b = await launchBrowser({ viewport: { width: 1024, height: 768 }, ...opts });
      opened.push(b);
      const page = b.context.pages()[0] ?? (await b.context.newPage());
      return { ...b, page };
    },
    /** rows as the database holds them (as the superuser: the test looks, the app does not) */
    async stored(sql: string, params: unknown[]): Promise<any[]> {
      const c = await f.k.db.superuser();
      try {
        return (await c.query(sql, params)).rows;
      } finally {
        await c.end();
      }
    },
  };
  const opened: { context: BrowserContext; userDataDir: string }[] = [];
  beforeAll(async () => {
    f.k = await startKioskServer();
    for (const [n, rooms] of [
      [DEMO.itStaff.staffNumber, ['R01', 'R02']],
      [DEMO.itJunior.staffNumber, ['R01']],
      [DEMO.formerManager.staffNumber, ['R01']],
    ] as const)
      f.authorisations[n] = await f.k.authorise(n, [...rooms]);
  });
  afterAll(async () => {
    for (const b of opened) {
      await b.context.close().catch(() => undefined);
      await rm(b.userDataDir, { recursive: true, force: true });
    }
    await f.k?.close();
  });
  return f;
}
