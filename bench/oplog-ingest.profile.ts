// Profile driver for the bulk ingest (issue 16), not part of `npm run bench`: sends the bench's CSV to
// POST /api/oplog/batches/:sourceId of the demo app N times and prints, per request, when each SQL
// statement started and ended (ms from the request's start; the COPY until its stream closed), so
// it shows what runs one after the other; then the line parser alone on the same bytes (Node only),
// and the heaviest frames of a CPU profile of the requests.
//   node node_modules/vite-node/dist/cli.mjs bench/oplog-ingest.profile.ts [N] [--rows=100000]
//   PROFILE=/tmp/oplog.cpuprofile …   also writes the CPU profile (open in Chrome DevTools)
import { writeFileSync } from 'node:fs';
import inspector from 'node:inspector';
import { performance } from 'node:perf_hooks';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { loadConfig } from '../server/src/config.js';
import { createDataSource } from '../server/src/db/data-source.js';
import { startScratchServer } from '../server/src/db/scratch-server.js';
import { exampleCsv } from '../server/src/modules/oplog/index.js';
import { OplogLineParser } from '../server/src/modules/oplog/oplog-parse.js';
import { OPERATION_TYPE_CODES } from '../server/src/modules/oplog/oplog.sql.js';
import { startDemoApp } from './demo-app.js';
import { oplogToken } from './oplog.bench.js';
import { topFrames, type CpuProfile } from './profile-frames.js';

const N = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 3);
const rows = Number(/^--rows=(\d+)$/.exec(process.argv.find((a) => a.startsWith('--rows=')) ?? '')?.[1] ?? 100_000);
const server = await startScratchServer(loadConfig().databaseUrl);
const name = await server.createDatabase('jukinet_prof_oplog');
const url = server.urlOf(name);
const ds = createDataSource({ url });
await ds.initialize();
const { app, address } = await startDemoApp(ds, url);
const token = await oplogToken(address);
const csv = Buffer.from(
  [...exampleCsv(rows, new Date(Date.now() - (Math.ceil(rows / 400) + 2) * 86_400_000))].join(''),
);
const send = async (source: string) => {
  const res = await fetch(`${address}/api/oplog/batches/${source}`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}` },
    body: csv,
  });
  const body = (await res.json()) as { stored?: number };
  if (res.status !== 200 || body.stored !== rows) throw new Error(`${res.status} ${JSON.stringify(body)}`);
};
await send('warm-up');

// every statement's start and end, from the request's start
let t0 = 0;
const events: string[] = [];
const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
const plain = proto.query;
proto.query = function (this: unknown, ...a: unknown[]) {
  const text = typeof a[0] === 'string' ? a[0] : ((a[0] as { text?: string })?.text ?? '?');
  const key = text.replace(/\s+/g, ' ').trim().slice(0, 60);
  const start = performance.now() - t0;
  const r = plain.apply(this, a);
  const done = () =>
    events.push(`${start.toFixed(0).padStart(6)} → ${(performance.now() - t0).toFixed(0).padStart(6)} ms  ${key}`);
  if (r && typeof (r as Promise<unknown>).then === 'function') void (r as Promise<unknown>).then(done, done);
  else if (r instanceof Writable) r.once('close', done);
  return r;
};
const session = new inspector.Session();
session.connect();
const post = (method: string, params?: object) =>
  new Promise<any>((resolve, reject) => session.post(method, params, (e, r) => (e ? reject(e) : resolve(r))));
await post('Profiler.enable');
await post('Profiler.start');
const times: number[] = [];
for (let i = 0; i < N; i++) {
  events.length = 0;
  t0 = performance.now();
  await send(`prof-${i}`);
  times.push(performance.now() - t0);
  console.log(`request ${i + 1}: ${times[i].toFixed(0)} ms\n  ${events.join('\n  ')}`);
}
const { profile } = (await post('Profiler.stop')) as { profile: CpuProfile };
proto.query = plain;
if (process.env.PROFILE) writeFileSync(process.env.PROFILE, JSON.stringify(profile));

// the parser alone on the same bytes: Node's share, no database
const typeCodes = new Set(((await ds.query(OPERATION_TYPE_CODES)) as { code: string }[]).map((r) => r.code));
const parseTimes: number[] = [];
for (let i = 0; i < 3; i++) {
  const parser = new OplogLineParser({
    format: 'csv',
    typeCodes,
    targetKey: Buffer.alloc(32, 7),
    now: new Date(),
    maxBytes: Infinity,
  });
  const t = performance.now();
  await pipeline(
    Readable.from([csv]),
    parser,
    new Writable({
      write: (_c, _e, cb) => cb(),
    }),
  );
  parseTimes.push(performance.now() - t);
}
console.log(
  `\n${rows} rows, ${(csv.length / 1e6).toFixed(1)} MB: requests ${times.map((t) => t.toFixed(0)).join(', ')} ms`,
);
console.log(`line parser alone (Node, no database): ${parseTimes.map((t) => t.toFixed(0)).join(', ')} ms`);
console.log(topFrames(profile, 25));
await app.close();
await ds.destroy();
await server.dropDatabase(name);
await server.stop();
