import { auditRefusedMutationsPlugin } from './shared/audit-refusals.js';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { AppConfig } from './config.js';
import { createContext, type AppContext } from './composition/context.js';
import { compose, type Services } from './composition/services.js';
import { urlOf } from './db/data-source.js';
import { startJobQueue, type JobQueue } from './jobs/job-queue.js';
import { requirePolicyPlugin } from './shared/auth-checker.js';
import {
  armorFor,
  clientErrorStatusPlugin,
  KnownOperationTypesRule,
  LIMITS,
  rejectNulPlugin,
} from './shared/hardening.js';
import { weightedFieldsRule } from './shared/field-cost.js';
import { makeFormatError } from './shared/graphql-errors.js';
import type { Secrets } from './shared/secrets.js';
import { registerSecurityHeaders, tlsServerOptions } from './shared/web-security.js';
import { createSchema } from './composition/schema.js';
import { KNOWN_ERROR_CODES } from './composition/error-codes.js';

export interface App {
  http: FastifyInstance;
  services: Services;
  jobs: JobQueue;
  close(): Promise<void>;
}

/** One HTTP server: /graphql, /healthz (checks the database), and the built PWA at / with SPA fallback. */
export async function createApp(
  config: AppConfig,
  ds: DataSource,
  log: Logger,
  secrets: Secrets,
  now?: () => Date,
): Promise<App> {
  const http = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    // always the server's own: a client's X-Request-Id is kept apart (context.ts, clientRequestId),
    // so no client can make two requests look like one in the audit trail
    genReqId: () => randomUUID(),
    // X-Forwarded-For is believed only from the configured reverse proxies (TRUST_PROXY)
    trustProxy: config.trustProxy.length ? config.trustProxy : false,
    // HTTPS served here when TLS_CERT_FILE/TLS_KEY_FILE are set (shared/web-security.ts)
    https: tlsServerOptions(config),
  }) as unknown as FastifyInstance;
  await registerSecurityHeaders(http);

  const composition = compose(ds, config, secrets, log, now);
  const { services } = composition;
  // the principal cache is used only while it hears identity changes made by other processes
  await services.principals.listen(urlOf(ds));
  await http.register(fastifyCookie);
  const armor = armorFor(config);
  const apollo = new ApolloServer<AppContext>({
    schema: await createSchema(),
    introspection: config.introspection,
    includeStacktraceInErrorResponses: false,
    // main.ts shuts down in order (HTTP, pool, database); Apollo's own handler would re-kill the process.
    stopOnTerminationSignals: false,
    formatError: makeFormatError(http.log, KNOWN_ERROR_CODES),
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    plugins: [
      fastifyApolloDrainPlugin(http),
      requirePolicyPlugin,
      rejectNulPlugin,
      clientErrorStatusPlugin,
      auditRefusedMutationsPlugin,
      ...(armor.plugins as ApolloServerPlugin<AppContext>[]),
    ],
    validationRules: [KnownOperationTypesRule, ...armor.validationRules, weightedFieldsRule],
    parseOptions: { maxTokens: LIMITS.maxTokens },
  });
  await apollo.start();
  await http.register(fastifyApollo(apollo), {
    context: (request, reply) => createContext(composition, config, request, reply),
  });

  composition.routes({ http, context: (request, reply) => createContext(composition, config, request, reply) });

  http.get('/healthz', async (_req, reply) => {
    try {
      await ds.query('SELECT 1');
      return { status: 'ok', database: 'ok' };
    } catch (err) {
      http.log.error({ err }, 'health check: database unreachable');
      return reply.code(503).send({ status: 'error', database: 'unreachable' });
    }
  });

  registerWeb(http, config.webDistDir);

  // durable jobs and cron kept in PostgreSQL, run once across server processes (jobs/job-queue.ts)
  const jobs = await startJobQueue({
    connectionString: urlOf(ds),
    jobs: composition.jobs,
    log,
    work: config.jobsEnabled,
    concurrency: config.jobsConcurrency,
    now: services.now,
  });

  return {
    http,
    services,
    jobs,
    async close() {
      try {
        await http.close();
        await services.audit.flushRefusalSummaries();
      } finally {
        await jobs.stop();
        await services.principals.stop();
      }
    },
  };
}

/** Serves the built PWA. Unknown paths that ask for HTML get index.html (SPA fallback), never /graphql. */
function registerWeb(http: FastifyInstance, webDistDir: string): void {
  const indexHtml = path.join(webDistDir, 'index.html');
  const hasWeb = existsSync(indexHtml);
  if (hasWeb) {
    void http.register(fastifyStatic, {
      root: webDistDir,
      wildcard: true,
      index: ['index.html'],
      setHeaders(res, filePath) {
        const name = path.basename(filePath);
        if (filePath.includes(`${path.sep}assets${path.sep}`)) {
          res.setHeader('cache-control', 'public, max-age=31536000, immutable');
        } else if (name === 'sw.js' || name === 'index.html' || name.endsWith('.webmanifest')) {
          res.setHeader('cache-control', 'no-cache');
        }
      },
    });
  } else {
    http.log.warn(
      { webDistDir },
      'no built web app found: run `npm run build:web`; only /graphql and /healthz are served',
    );
  }
  http.setNotFoundHandler((req, reply) => {
    const url = req.url.split('?')[0];
    const wantsHtml = (req.headers.accept ?? '').includes('text/html');
    const isApi =
      url === '/graphql' || url.startsWith('/graphql/') || url === '/healthz' || url.startsWith('/exports/');
    if (hasWeb && !isApi && (req.method === 'GET' || req.method === 'HEAD') && wantsHtml && !path.extname(url)) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return reply
      .code(404)
      .send({ error: { code: 'NOT_FOUND', message: `${req.method} ${url} は存在しません (not found)` } });
  });
}
