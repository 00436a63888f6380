// Profile driver for one door event per request (hardening §7), not part of `npm run bench`: pairs a
// tablet on the demo app, prints the SQL statements of one request, then sends N single-event
// requests and prints the rate and each statement's time as the client sees it (send → answer).
//   node node_modules/vite-node/dist/cli.mjs bench/door-single.profile.ts [N]
//   PROFILE=/tmp/door.cpuprofile …   a CPU profile of the N requests only (open in Chrome DevTools)
//   EXPLAIN=1 …                       EXPLAIN ANALYZE of the look-up and the write, once (in a savepoint)
//   PLANS=2000 …                      the last look-up, run again as a prepared statement on two connections
//                                     of their own, one planning as PostgreSQL chooses and one on its generic
//                                     plan, in alternating blocks inside a rolled-back transaction (ms each)
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import inspector from 'node:inspector';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { loadConfig } from '../server/src/config.js';
import { startScratchServer } from '../server/src/db/scratch-server.js';
import { countingLogger, createDataSource } from '../server/src/db/data-source.js';
import { startDemoApp } from './demo-app.js';

const N = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 1000);
const server = await startScratchServer(loadConfig().databaseUrl);
const name = await server.createDatabase('jukinet_prof_door');
const url = server.urlOf(name);
const ds = createDataSource({ url });
await ds.initialize();
const { app, address } = await startDemoApp(ds, url);
const post = async (body: object, headers: Record<string, string>) => {
  const res = await fetch(`${address}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { data?: any; errors?: unknown[] };
  if (json.errors) throw new Error(JSON.stringify(json.errors));
  return { json, res };
};
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
const device = { authorization: `Bearer ${paired.credential as string}` };
let seq = 0;
const RECORD = `mutation($i: RecordAccessEventsInput!) { recordAccessEvents(input: $i) { results { outcome } } }`;
const send = () =>
  post(
    {
      query: RECORD,
      variables: {
        i: {
          deviceNow: new Date().toISOString(),
          events: [
            {
              clientEventId: randomUUID(),
              deviceSeq: ++seq,
              direction: 'ENTER',
              staffId,
              roomId,
              purpose: 'サーバー保守',
              deviceTime: new Date().toISOString(),
            },
          ],
        },
      },
    },
    device,
  );
for (let i = 0; i < 50; i++) await send();
const logger = countingLogger(ds);
const seen: string[] = [];
const orig = logger.logQuery.bind(logger);
logger.logQuery = (q, p, r) => {
  seen.push(q.replace(/\s+/g, ' ').slice(0, 140));
  orig(q, p, r);
};
await send();
logger.logQuery = orig;
console.log(`statements of one request (${seen.length}):\n  ${seen.join('\n  ')}`);
// time of each statement as the client sees it (send → answer), by its first words
const timed = new Map<string, { n: number; ms: number }>();
const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
const plain = proto.query;
let explainLeft = Number(process.env.EXPLAIN ?? 0) * 2;
let lastLookUp: { text: string; values: unknown[] } | undefined;
proto.query = function (this: unknown, ...a: unknown[]) {
  const config = typeof a[0] === 'object' ? (a[0] as { text?: string; values?: unknown[] }) : null;
  const text = typeof a[0] === 'string' ? a[0] : (config?.text ?? '?');
  const values = Array.isArray(a[1]) ? a[1] : config?.values;
  if (explainLeft > 0 && /^\s*WITH (RECURSIVE lineage|ins AS)/.test(text) && Array.isArray(values)) {
    explainLeft--;
    // sent at once, in order, ahead of the statement itself (the pipelined COMMIT follows it, not the plan)
    void plain.call(this, 'SAVEPOINT explained');
    const plan = plain.call(this, `EXPLAIN (ANALYZE, COSTS OFF) ${text}`, values) as Promise<{
      rows: { 'QUERY PLAN': string }[];
    }>;
    void plain.call(this, 'ROLLBACK TO SAVEPOINT explained');
    void plan.then((p) =>
      console.log(
        p.rows
          .map((r) => r['QUERY PLAN'])
          .filter((l) => /time|Execution|CTE |->|Planning|Trigger/.test(l))
          .join('\n'),
      ),
    );
    return plain.apply(this, a);
  }
  if (/^\s*WITH RECURSIVE lineage/.test(text) && Array.isArray(values)) lastLookUp = { text, values };
  const key = text.replace(/\s+/g, ' ').slice(0, 40);
  const t = performance.now();
  const r = plain.apply(this, a);
  if (r && typeof (r as Promise<unknown>).then === 'function')
    void (r as Promise<unknown>).then(
      () => {
        const x = timed.get(key) ?? { n: 0, ms: 0 };
        x.n++;
        x.ms += performance.now() - t;
        timed.set(key, x);
      },
      () => undefined,
    );
  return r;
};
const session = new inspector.Session();
session.connect();
const postAsync = (method: string, params?: object) =>
  new Promise<any>((resolve, reject) => session.post(method, params, (e, r) => (e ? reject(e) : resolve(r))));
if (process.env.PROFILE) {
  await postAsync('Profiler.enable');
  await postAsync('Profiler.start');
}
const t0 = performance.now();
for (let i = 0; i < N; i++) await send();
const ms = performance.now() - t0;
if (process.env.PROFILE) {
  const { profile } = await postAsync('Profiler.stop');
  writeFileSync(process.env.PROFILE, JSON.stringify(profile));
}
proto.query = plain;
// the door's named statements on the connection that served the requests (sequential: the pool's last used)
const plans = await ds.query(
  `SELECT name, generic_plans, custom_plans FROM pg_prepared_statements WHERE name ~ '^access_' ORDER BY name`,
);
console.log(`prepared statements: ${plans.map((p: object) => JSON.stringify(p)).join(' ')}`);
console.log(`${N} single-event requests: ${((N * 1000) / ms).toFixed(0)} req/s, ${(ms / N).toFixed(2)} ms each`);
for (const [k, v] of timed) console.log(`  ${(v.ms / v.n).toFixed(2).padStart(7)} ms × ${v.n}  ${k}`);
if (process.env.PLANS && lastLookUp) {
  // one connection (the look-up takes the audit chain's head: a second open transaction would wait
  // for it), two names for the same text, each run with its own plan_cache_mode
  const look = lastLookUp;
  const modes = ['auto', 'force_generic_plan'] as const;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query('BEGIN');
  const ms = [0, 0];
  const total = Number(process.env.PLANS);
  const block = 100;
  for (let done = 0; done < total; done += block)
    for (const [i, mode] of modes.entries()) {
      await c.query(`SET LOCAL plan_cache_mode = ${mode}`);
      const t = performance.now();
      for (let k = 0; k < block; k++) await c.query({ name: `look_up_${i}`, text: look.text, values: look.values });
      ms[i] += performance.now() - t;
    }
  for (const [i, mode] of modes.entries()) {
    const { rows } = await c.query(
      `SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = 'look_up_${i}'`,
    );
    console.log(`look-up, plan_cache_mode ${mode}: ${(ms[i] / total).toFixed(3)} ms each  ${JSON.stringify(rows[0])}`);
  }
  await c.query('ROLLBACK');
  await c.end();
}
await app.close();
await ds.destroy();
await server.dropDatabase(name);
await server.stop();
