// Profile driver for one signed-in request (hardening §7), not part of `npm run bench`: signs in on
// the demo app and sends N `{ me { staff { id } } }` requests from 4 concurrent clients, printing the
// rate and the heaviest frames (self time) of a CPU profile of those requests only.
//   node node_modules/vite-node/dist/cli.mjs bench/request-signed-in.profile.ts [N]
//   PROFILE=/tmp/me.cpuprofile …   also writes the profile (open in Chrome DevTools)
import { writeFileSync } from 'node:fs';
import inspector from 'node:inspector';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../server/src/config.js';
import { startScratchServer } from '../server/src/db/scratch-server.js';
import { createDataSource } from '../server/src/db/data-source.js';
import { startDemoApp, BENCH_PASSWORD } from './demo-app.js';
import { topFrames } from './profile-frames.js';

const N = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 4000);
const server = await startScratchServer(loadConfig().databaseUrl);
const name = await server.createDatabase('jukinet_prof_me');
const url = server.urlOf(name);
const ds = createDataSource({ url });
await ds.initialize();
const { app, address } = await startDemoApp(ds, url);
const json = { 'content-type': 'application/json' };
const signIn = await fetch(`${address}/graphql`, {
  method: 'POST',
  headers: json,
  body: JSON.stringify({
    query: `mutation($i: SignInInput!) { signIn(input: $i) { staff { id } } }`,
    variables: { i: { staffNumber: '200305', password: BENCH_PASSWORD } },
  }),
});
const headers = { ...json, cookie: signIn.headers.get('set-cookie')!.split(';')[0] };
const body = JSON.stringify({ query: `{ me { staff { id } } }` });
const once = async () => {
  const res = await fetch(`${address}/graphql`, { method: 'POST', headers, body });
  const out = (await res.json()) as { data?: unknown; errors?: unknown };
  if (out.errors || !out.data) throw new Error(JSON.stringify(out));
};
const run = (n: number) =>
  Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let i = 0; i < n / 4; i++) await once();
    }),
  );
await run(400); // warm up
const session = new inspector.Session();
session.connect();
const postAsync = (method: string, params?: object) =>
  new Promise<any>((resolve, reject) => session.post(method, params, (e, r) => (e ? reject(e) : resolve(r))));
await postAsync('Profiler.enable');
await postAsync('Profiler.start');
const t0 = performance.now();
await run(N);
const ms = performance.now() - t0;
const { profile } = await postAsync('Profiler.stop');
if (process.env.PROFILE) writeFileSync(process.env.PROFILE, JSON.stringify(profile));
console.log(`${N} signed-in requests (4 clients, client in the same process): ${((N * 1000) / ms).toFixed(0)} req/s`);
console.log(topFrames(profile, 25));
await app.close();
await ds.destroy();
await server.dropDatabase(name);
await server.stop();
