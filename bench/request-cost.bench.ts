// The cost of one request (hardening issue §7): a signed-in `{ me { staff { id } } }` through the
// real app (createApp: session cookie, authorities, policy, armor, audit context) against a bare
// Apollo Server 5 + Fastify 5 answering `{ __typename }` with no context at all — the floor any
// GraphQL request on this stack pays. Both run with CLIENTS concurrent clients, in alternating
// rounds on one machine, so noise hits both alike.                           goal ≥ 0.7× bare
import { performance } from 'node:perf_hooks';
import { ApolloServer } from '@apollo/server';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { pino } from 'pino';
import { createDataSource } from '../server/src/db/data-source.js';
import { CountingLogger } from '../server/src/db/query-counter.js';
import { startDemoApp } from './demo-app.js';
import type { ScratchServer } from '../server/src/db/scratch-server.js';

const CLIENTS = 4;
const ROUNDS = 4;
const ME = `{ me { staff { id } } }`;

export interface RequestCostResult {
  barePerSec: number;
  signedInPerSec: number;
  /** SQL statements the app ran for one signed-in `me` request */
  statementsPerRequest: number;
}

interface Target {
  address: string;
  body: string;
  headers: Record<string, string>;
}

async function once(t: Target): Promise<void> {
  const res = await fetch(`${t.address}/graphql`, { method: 'POST', headers: t.headers, body: t.body });
  const json = (await res.json()) as { data?: unknown; errors?: unknown };
  if (json.errors || !json.data) throw new Error(`${t.address}: ${JSON.stringify(json)}`);
}

/** requests per second with CLIENTS clients sending `n` requests in all */
async function rate(t: Target, n: number): Promise<number> {
  const each = Math.ceil(n / CLIENTS);
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (let i = 0; i < each; i++) await once(t);
    }),
  );
  return (each * CLIENTS) / ((performance.now() - t0) / 1000);
}

async function bareApollo(): Promise<{ address: string; close: () => Promise<void> }> {
  const http = Fastify({ loggerInstance: pino({ level: 'silent' }) as FastifyBaseLogger });
  const apollo = new ApolloServer({
    typeDefs: 'type Query { ok: Boolean }',
    resolvers: { Query: { ok: () => true } },
    plugins: [fastifyApolloDrainPlugin(http)],
  });
  await apollo.start();
  await http.register(fastifyApollo(apollo));
  const address = await http.listen({ host: '127.0.0.1', port: 0 });
  return { address, close: () => http.close() };
}

export async function benchRequestCost(server: ScratchServer, requests: number): Promise<RequestCostResult> {
  const name = await server.createDatabase('jukinet_bench_request');
  const url = server.urlOf(name);
  const logger = new CountingLogger();
  const ds = createDataSource({ url, logger });
  await ds.initialize();
  const closers: (() => Promise<void>)[] = [];
  try {
    const { app, address: appAddress } = await startDemoApp(ds, url);
    closers.push(() => app.close());
    const bare = await bareApollo();
    closers.push(bare.close);

    const json = { 'content-type': 'application/json' };
    const signIn = await fetch(`${appAddress}/graphql`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({
        query: `mutation($i: SignInInput!) { signIn(input: $i) { staff { id } } }`,
        variables: { i: { staffNumber: '200305', password: 'bench-password' } },
      }),
    });
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0];
    const signedIn: Target = { address: appAddress, body: JSON.stringify({ query: ME }), headers: { ...json, cookie } };
    const bareTarget: Target = {
      address: bare.address,
      body: JSON.stringify({ query: '{ __typename }' }),
      headers: json,
    };

    await once(signedIn);
    const before = logger.statements;
    await once(signedIn);
    const statementsPerRequest = logger.statements - before;

    for (const t of [bareTarget, signedIn]) await rate(t, 200); // warm up
    const perRound = Math.ceil(requests / ROUNDS);
    let bareMs = 0;
    let signedMs = 0;
    for (let r = 0; r < ROUNDS; r++) {
      const order = r % 2 === 0 ? [bareTarget, signedIn] : [signedIn, bareTarget];
      for (const t of order) {
        const perSec = await rate(t, perRound);
        if (t === bareTarget) bareMs += perRound / perSec;
        else signedMs += perRound / perSec;
      }
    }
    return {
      barePerSec: (perRound * ROUNDS) / bareMs,
      signedInPerSec: (perRound * ROUNDS) / signedMs,
      statementsPerRequest,
    };
  } finally {
    for (const close of closers.reverse()) await close();
    await ds.destroy();
    await server.dropDatabase(name);
  }
}
