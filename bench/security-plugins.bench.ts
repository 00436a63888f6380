// Cost of the security plugins on one signed-in query through the full HTTP stack: the real app
// (createApp: requirePolicyPlugin, graphql-armor plugins + validation rules, parseOptions token
// limit, auth checker) against servers built here the same way (Fastify, @fastify/cookie,
// @as-integrations/fastify, createContext, formatError, csrfPrevention) but without them:
//   "bare"        — createSchema() (auth checker kept), no policy plugin, no armor, no parseOptions
//   "bare, allow" — as bare, and the same resolvers built with an allow-all auth checker
//                   (type-graphql refuses @Authorized without one; this drops PolicyAuthChecker's work)
// Variants alternate in rounds (order rotated) on one database, so drift on a noisy machine hits all alike.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { ApolloServer } from '@apollo/server';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { printSchema, type GraphQLSchema } from 'graphql';
import { pino } from 'pino';
import { buildSchema, getMetadataStorage } from 'type-graphql';
import type { DataSource } from 'typeorm';
import { type AppConfig } from '../server/src/config.js';
import { createDataSource } from '../server/src/db/data-source.js';
import { startDemoApp } from './demo-app.js';
import type { ScratchServer } from '../server/src/db/scratch-server.js';
import { createSchema } from '../server/src/composition/schema.js';
import { createContext, type AppContext } from '../server/src/composition/context.js';
import { compose } from '../server/src/composition/services.js';
import { makeFormatError } from '../server/src/shared/graphql-errors.js';
import { KNOWN_ERROR_CODES } from '../server/src/composition/error-codes.js';
import { type Secrets } from '../server/src/shared/secrets.js';

const QUERY = `{ council { on members { staff { fullName } roles position } } }`;
const ROUNDS = 4;

export interface SecurityPluginsResult {
  withPerSec: number;
  barePerSec: number;
  bareAllowAllPerSec: number;
  /** all three answered the query with the same data */
  sameAnswer: boolean;
  /** the schema rebuilt here with the allow-all checker prints the same SDL as createSchema() */
  sameSchema: boolean;
}

interface Server {
  address: string;
  close(): Promise<void>;
}

/**
 * createSchema()'s resolvers with an allow-all auth checker. The resolver classes are those
 * type-graphql has registered (every @Resolver that schema.ts imports), so the list does not drift
 * from schema.ts; the caller compares the SDL with createSchema()'s to be sure.
 */
function schemaWithAllowAllChecker(): Promise<GraphQLSchema> {
  const [first, ...rest] = getMetadataStorage().resolverClasses.map((r) => r.target);
  return buildSchema({ resolvers: [first, ...rest], authChecker: () => true, validate: true });
}

/** app.ts's createApp, minus requirePolicyPlugin, armor.plugins, armor.validationRules, parseOptions (and the PWA). */
async function bareServer(config: AppConfig, ds: DataSource, secrets: Secrets, schema: GraphQLSchema): Promise<Server> {
  const http = Fastify({
    loggerInstance: pino({ level: 'silent' }) as FastifyBaseLogger,
    genReqId: () => randomUUID(), // as app.ts: the request id is always the server's
    trustProxy: false,
  });
  const composition = compose(ds, config, secrets, pino({ level: 'silent' }));
  await http.register(fastifyCookie);
  const apollo = new ApolloServer<AppContext>({
    schema,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: false,
    formatError: makeFormatError(http.log, KNOWN_ERROR_CODES),
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    plugins: [fastifyApolloDrainPlugin(http)],
  });
  await apollo.start();
  await http.register(fastifyApollo(apollo), {
    context: (request, reply) => createContext(composition, config, request, reply),
  });
  const address = await http.listen({ host: '127.0.0.1', port: 0 });
  return { address, close: () => http.close() };
}

async function post(address: string, cookie: string | null, body: object): Promise<Response> {
  return fetch(`${address}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });
}

async function query(address: string, cookie: string): Promise<string> {
  const text = await (await post(address, cookie, { query: QUERY })).text();
  const body = JSON.parse(text) as { errors?: unknown };
  if (body.errors) throw new Error(`${address}: ${JSON.stringify(body.errors)}`);
  return text;
}

export async function benchSecurityPlugins(server: ScratchServer, iterations: number): Promise<SecurityPluginsResult> {
  const name = await server.createDatabase('jukinet_bench');
  const url = server.urlOf(name);
  const ds = createDataSource({ url });
  await ds.initialize();
  const servers: Server[] = [];
  try {
    const { app, config, secrets, address } = await startDemoApp(ds, url);
    servers.push({ address, close: () => app.close() });
    const allowSchema = await schemaWithAllowAllChecker();
    const sameSchema = printSchema(allowSchema) === printSchema(await createSchema());
    servers.push(await bareServer(config, ds, secrets, await createSchema()));
    servers.push(await bareServer(config, ds, secrets, allowSchema));

    // One session, valid on all three (same database, same secrets). 200305 is an operator.
    const signIn = await post(servers[0].address, null, {
      query: `mutation($i: SignInInput!) { signIn(input: $i) { staff { id } } }`,
      variables: { i: { staffNumber: '200305', password: 'bench-password' } },
    });
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0];
    const answers = await Promise.all(servers.map((s) => query(s.address, cookie)));
    const sameAnswer = answers.every((a) => a === answers[0]);

    const warmUp = Math.min(50, iterations);
    for (const s of servers) for (let i = 0; i < warmUp; i++) await query(s.address, cookie);
    const perRound = Math.ceil(iterations / ROUNDS);
    const elapsed = servers.map(() => 0);
    for (let r = 0; r < ROUNDS; r++) {
      for (let j = 0; j < servers.length; j++) {
        const k = (r + j) % servers.length; // rotate who goes first
        const t0 = performance.now();
        for (let i = 0; i < perRound; i++) await query(servers[k].address, cookie);
        elapsed[k] += performance.now() - t0;
      }
    }
    const [withPerSec, barePerSec, bareAllowAllPerSec] = elapsed.map((ms) => (perRound * ROUNDS) / (ms / 1000));
    return { withPerSec, barePerSec, bareAllowAllPerSec, sameAnswer, sameSchema };
  } finally {
    for (const s of servers) await s.close();
    await ds.destroy();
    await server.dropDatabase(name);
  }
}
