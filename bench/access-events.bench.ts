// The entry/exit register (A12.3) under load, against raw single-row pg INSERTs measured in the
// same run on the same database (a table of the same columns, no constraints beyond a primary key):
//   one event per request through the full stack (HTTP, GraphQL, device credential, policy,
//   validation, idempotent insert, anomalies, audit entry)          goal ≥ 0.25× raw inserts/s
//   events in 500-event batches                                     goal ≥ 2× raw inserts/s
//   seconds to ingest 500 queued events (one tablet coming back online) goal ≤ 10 s
// and checks that every event sent was stored exactly once. Beside them, with the same sequential
// client and the same request body, the floor of one event per request (door-floor.ts): a bare Apollo
// 5 + Fastify server answering the door's mutation with no database, and the same server writing the
// event's row and its audit entry in one transaction — the least any implementation pays on this stack.
import { createPublicKey, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { sealPin } from '../server/src/modules/access/door-pin.binding.js';
import { countingLogger, createDataSource } from '../server/src/db/data-source.js';
import { startDemoApp } from './demo-app.js';
import { floorWithoutDb, floorWithWrite } from './door-floor.js';
import type { ScratchServer } from '../server/src/db/scratch-server.js';

export interface AccessEventsResult {
  rawPerSec: number;
  singlePerSec: number;
  /** bare Apollo 5 + Fastify answering the door's mutation, no database */
  floorNoDbPerSec: number;
  /** the same, writing one access_event row and its audit entry in one transaction */
  floorWritePerSec: number;
  /** every floor request committed its row and its audit entry */
  floorStored: boolean;
  /** SQL statements one single-event request sends (the device credential included) */
  statementsPerSingle: number;
  batchPerSec: number;
  ingest500Seconds: number;
  ingest500WithPinsSeconds: number;
  storedOnce: boolean;
}

const RECORD = `mutation($i: RecordAccessEventsInput!) { recordAccessEvents(input: $i) { results { outcome } } }`;

export async function benchAccessEvents(server: ScratchServer, singles: number): Promise<AccessEventsResult> {
  const name = await server.createDatabase('jukinet_bench_access');
  const url = server.urlOf(name);
  const ds = createDataSource({ url });
  await ds.initialize();
  const raw = new pg.Client({ connectionString: url });
  await raw.connect();
  const closers: (() => Promise<void>)[] = [];
  try {
    const { app, address } = await startDemoApp(ds, url);
    closers.push(() => app.close());
    const floorNoDb = await floorWithoutDb();
    closers.push(floorNoDb.close);
    const floorWrite = await floorWithWrite(ds, url);
    closers.push(floorWrite.close);
    const post = async (body: object, headers: Record<string, string>, to = address) => {
      const res = await fetch(`${to}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
      const json = (await res.json()) as { data?: any; errors?: unknown[] };
      if (json.errors) throw new Error(JSON.stringify(json.errors));
      return { json, res };
    };

    // a manager pairs a tablet for R01, and authorises 200303 there (the demo seed authorises
    // nobody: an unauthorised entry would open an incident per event, not the path measured here)
    const signInAs = async (staffNumber: string) =>
      (
        await post(
          {
            query: `mutation($i: SignInInput!) { signIn(input: $i) { staff { id } } }`,
            variables: { i: { staffNumber, password: 'bench-password' } },
          },
          {},
        )
      ).res.headers
        .get('set-cookie')!
        .split(';')[0];
    const cookie = await signInAs('200301');
    const [{ id: roomId }] = await ds.query(`SELECT id FROM room WHERE code = 'R01'`);
    const [{ id: staffId }] = await ds.query(`SELECT id FROM staff WHERE "staffNumber" = '200303'`);
    const asked = await post(
      {
        query: `mutation($i: RequestRoomAuthorisationInput!) { requestRoomAuthorisation(input: $i) { id } }`,
        variables: {
          i: {
            subjectKind: 'STAFF',
            roomIds: [roomId],
            purpose: 'サーバー保守',
            validFrom: new Date(Date.now() - 3_600_000).toISOString(),
            validTo: new Date(Date.now() + 8 * 3_600_000).toISOString(),
          },
        },
      },
      { cookie: await signInAs('200303') },
    );
    await post(
      {
        query: `mutation($i: AuthorisationIdInput!) { approveRoomAuthorisation(input: $i) { id } }`,
        variables: { i: { id: asked.json.data.requestRoomAuthorisation.id } },
      },
      { cookie },
    );
    const code = (
      await post(
        {
          query: `mutation($i: CreateDevicePairingInput!) { createDevicePairing(input: $i) { code } }`,
          variables: { i: { name: 'bench tablet', roomIds: [roomId] } },
        },
        { cookie },
      )
    ).json.data.createDevicePairing.code;
    const paired = (
      await post(
        {
          query: `mutation($i: PairDeviceInput!) { pairDevice(input: $i) { credential device { id } } }`,
          variables: { i: { code } },
        },
        {},
      )
    ).json.data.pairDevice;
    const credential = paired.credential as string;
    const device = { authorization: `Bearer ${credential}` };
    let seq = 0;
    const sent: string[] = [];
    const shape = () => ({
      direction: 'ENTER',
      staffId,
      roomId,
      purpose: 'サーバー保守',
      deviceTime: new Date().toISOString(),
    });
    const event = () => {
      const clientEventId = randomUUID();
      sent.push(clientEventId);
      return { clientEventId, deviceSeq: ++seq, ...shape() };
    };
    const send = (events: object[], to = address) =>
      post({ query: RECORD, variables: { i: { deviceNow: new Date().toISOString(), events } } }, device, to);
    // the floor's events: the same shape, not counted in the tablet's numbers (a skipped one is a gap)
    const floorSend = (to: string) => send([{ ...shape(), clientEventId: randomUUID(), deviceSeq: 1 }], to);

    // baseline: raw single-row INSERTs of the same shape, autocommit
    await raw.query(`CREATE TABLE bench_raw_event (LIKE access_event INCLUDING DEFAULTS)`);
    await raw.query(`ALTER TABLE bench_raw_event ADD PRIMARY KEY (id)`);
    const rawInsert = () =>
      raw.query(
        `INSERT INTO bench_raw_event (id, "clientEventId", "deviceId", "deviceSeq", direction, "subjectKind", "staffId", "roomId",
           purpose, "deviceTime", "clockSkewSeconds", "occurredAt", "receivedAt")
         VALUES ($1, $2, NULL, $3, 'ENTER', 'STAFF', $4, $5, 'サーバー保守', now(), 0, now(), now())`,
        [randomUUID(), randomUUID(), ++rawSeq, staffId, roomId],
      );
    let rawSeq = 0;
    for (let i = 0; i < 50; i++) await rawInsert(); // warm-up
    for (let i = 0; i < 20; i++) await send([event()]);
    for (const f of [floorNoDb, floorWrite]) for (let i = 0; i < 20; i++) await floorSend(f.address);
    const before = countingLogger(ds).statements;
    await send([event()]);
    const statementsPerSingle = countingLogger(ds).statements - before;

    const rounds = 3;
    // the sequential series, each round in another order (noise and warmth spread over all of them)
    const series = [
      { ms: 0, one: rawInsert },
      { ms: 0, one: () => send([event()]) },
      { ms: 0, one: () => floorSend(floorNoDb.address) },
      { ms: 0, one: () => floorSend(floorWrite.address) },
    ];
    const [rawRun, singleRun, noDbRun, writeRun] = series;
    let batchMs = 0;
    let batchEvents = 0;
    for (let r = 0; r < rounds; r++) {
      for (let k = 0; k < series.length; k++) {
        const s = series[(k + r) % series.length];
        const t = performance.now();
        for (let i = 0; i < singles; i++) await s.one();
        s.ms += performance.now() - t;
      }
      const batches = [0, 1].map(() => Array.from({ length: 500 }, event));
      const t0 = performance.now();
      for (const b of batches) await send(b);
      batchMs += performance.now() - t0;
      batchEvents += 1000;
    }
    // a tablet back online with 500 queued events (sent as it would: one batch), first without
    // PINs, then with each event's door PIN encrypted to the server key (argon2 per event)
    const queued = Array.from({ length: 500 }, event);
    let t0 = performance.now();
    await send(queued);
    const ingest500Seconds = (performance.now() - t0) / 1000;
    const staffCookie = await signInAs('200303');
    await post(
      {
        query: `mutation($i: SetDoorPinInput!) { setDoorPin(input: $i) }`,
        variables: { i: { currentPassword: 'bench-password', pin: '583920' } },
      },
      { cookie: staffCookie },
    );
    const jwk = (await post({ query: `{ doorPinKey }` }, device)).json.data.doorPinKey;
    const key = createPublicKey({ key: jwk, format: 'jwk' });
    const withPins = Array.from({ length: 500 }, () => {
      const e = event();
      // bound to the event and the tablet, as the kiosk makes it (door-pin.binding.ts)
      const pin = sealPin(key, '583920', paired.device.id, { ...e, deviceTime: new Date(e.deviceTime) });
      return { ...e, pin };
    });
    t0 = performance.now();
    await send(withPins);
    const ingest500WithPinsSeconds = (performance.now() - t0) / 1000;

    const [{ n, distinct }] = await ds.query(
      `SELECT count(*)::int AS n, count(DISTINCT "clientEventId")::int AS distinct FROM access_event WHERE "clientEventId" = ANY($1::uuid[])`,
      [sent],
    );
    const [{ floorRows, floorEntries }] = await ds.query(
      `SELECT (SELECT count(*)::int FROM access_event WHERE "deviceId" IS NULL) AS "floorRows",
              (SELECT count(*)::int FROM audit_entry WHERE stream = $1) AS "floorEntries"`,
      [floorWrite.stream],
    );
    const perSec = (run: { ms: number }) => (singles * rounds) / (run.ms / 1000);
    return {
      rawPerSec: perSec(rawRun),
      singlePerSec: perSec(singleRun),
      floorNoDbPerSec: perSec(noDbRun),
      floorWritePerSec: perSec(writeRun),
      floorStored: floorRows === floorWrite.rows() && floorEntries === floorWrite.rows(),
      statementsPerSingle,
      batchPerSec: batchEvents / (batchMs / 1000),
      ingest500Seconds,
      ingest500WithPinsSeconds,
      storedOnce: n === sent.length && distinct === sent.length,
    };
  } finally {
    for (const close of closers.reverse()) await close();
    await raw.end();
    await ds.destroy();
    await server.dropDatabase(name);
  }
}
