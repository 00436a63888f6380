// The one place that reads process.env. Every setting is validated here at start-up;
// a bad value stops the server with a one-line reason (ConfigError).
import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
    .optional()
    .transform((v) => (v === undefined || v === '' ? fallback : ['true', '1', 'yes'].includes(v)));

const wholeNumber = (min: number, max: number) => {
  const error = `must be a whole number from ${min} to ${max}`;
  return z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error });
};
const port = (fallback: number) => wholeNumber(0, 65535).default(fallback);

const schema = z.object({
  NODE_ENV: z.enum(['production', 'development', 'test']).default('production'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port(3000),
  DATABASE_URL: z
    .string()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), {
      message: 'must start with postgres:// or postgresql://',
    }),
  DATA_DIR: z.string().min(1).default('.data'),
  EMBEDDED_PG_PORT: port(54329),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SEED_DEMO: z.string().optional(),
  GRAPHQL_INTROSPECTION: z.string().optional(),
  DB_STATEMENT_TIMEOUT_MS: wholeNumber(100, 600_000).default(15_000),
  DB_POOL_SIZE: wholeNumber(1, 200).default(10),
  WEB_DIST_DIR: z.string().min(1).default('dist/web'),
  SECRETS_DIR: z.string().optional(),
  SESSION_HOURS: wholeNumber(1, 24 * 30).default(12),
  SESSION_IDLE_MINUTES: wholeNumber(5, 24 * 60).default(120),
  COOKIE_SECURE: z.string().optional(),
  RATE_LIMIT_SIGN_IN: wholeNumber(1, 100_000).default(30),
  RATE_LIMIT_PAIRING: wholeNumber(1, 100_000).default(10),
  RATE_LIMIT_WINDOW_SECONDS: wholeNumber(1, 86_400).default(900),
  RATE_LIMIT_SIGN_IN_ACCOUNT: wholeNumber(1, 100_000).default(20),
  RATE_LIMIT_SIGN_IN_GLOBAL: wholeNumber(1, 10_000_000).default(1000),
  // addresses or CIDRs of the reverse proxies whose X-Forwarded-For is believed (none by default)
  TRUST_PROXY: z.string().optional(),
  WEBAUTHN_RP_ID: z
    .string()
    .regex(/^[a-z0-9.-]+$/i, { error: 'must be a host name such as jukinet.city.example.lg.jp (no scheme, no port)' })
    .default('localhost'),
  WEBAUTHN_ORIGINS: z.string().optional(),
  JOBS_ENABLED: z.string().optional(),
  DEMO_PASSWORD: z.string().min(10, { error: 'must be at least 10 characters' }).default('midorino-demo-2026'),
});

export interface AppConfig {
  nodeEnv: 'production' | 'development' | 'test';
  host: string;
  port: number;
  /** undefined: start the embedded PostgreSQL in dataDir */
  databaseUrl: string | undefined;
  dataDir: string;
  embeddedPgPort: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  seedDemo: boolean;
  introspection: boolean;
  statementTimeoutMs: number;
  poolSize: number;
  webDistDir: string;
  /** HMAC and signing keys, outside the database (default <dataDir>/secrets) */
  secretsDir: string;
  sessionHours: number;
  sessionIdleMinutes: number;
  /** Secure attribute of the session cookie: set true when served over HTTPS */
  cookieSecure: boolean;
  /** failed sign-ins allowed per client address, staff number and in all, and pairing attempts per address, in each window */
  rateLimits: {
    signInPerAddress: number;
    signInPerAccount: number;
    signInGlobal: number;
    pairingPerAddress: number;
    windowSeconds: number;
  };
  /**
   * Addresses or CIDRs (or proxy-addr names: loopback, linklocal, uniquelocal) of trusted reverse
   * proxies: the client address is taken from X-Forwarded-For only through these. Empty: the TCP peer.
   */
  trustProxy: string[];
  /** passkeys: the host name staff use, and the exact origins allowed (null: any origin on that host) */
  webauthn: { rpId: string; rpName: string; origins: string[] | null };
  /** password of every demo staff member (SEED_DEMO only) */
  demoPassword: string;
  /** run durable jobs and cron in this process (false: it only enqueues; another process runs them) */
  jobsEnabled: boolean;
  /** Time zone of the office: "today" and printed dates follow it. */
  timeZone: 'Asia/Tokyo';
}

/** Reads and validates settings. Pass an env object in tests; the server passes process.env. */
export function loadConfig(env: Record<string, string | undefined> = readProcessEnv()): AppConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue.path[0] ?? '?');
    throw new ConfigError(`${name}=${JSON.stringify(env[name] ?? '')}: ${issue.message}`);
  }
  const e = parsed.data;
  const seed = bool(true).safeParse(e.SEED_DEMO);
  if (!seed.success) throw new ConfigError(`SEED_DEMO=${JSON.stringify(e.SEED_DEMO)}: must be true or false`);
  const intro = bool(e.NODE_ENV !== 'production').safeParse(e.GRAPHQL_INTROSPECTION);
  if (!intro.success) {
    throw new ConfigError(`GRAPHQL_INTROSPECTION=${JSON.stringify(e.GRAPHQL_INTROSPECTION)}: must be true or false`);
  }
  const cookieSecure = bool(false).safeParse(e.COOKIE_SECURE);
  if (!cookieSecure.success)
    throw new ConfigError(`COOKIE_SECURE=${JSON.stringify(e.COOKIE_SECURE)}: must be true or false`);
  const jobsEnabled = bool(true).safeParse(e.JOBS_ENABLED);
  if (!jobsEnabled.success)
    throw new ConfigError(`JOBS_ENABLED=${JSON.stringify(e.JOBS_ENABLED)}: must be true or false`);
  const dataDir = path.resolve(e.DATA_DIR);
  const trustProxy = parseTrustProxy(e.TRUST_PROXY);
  const origins = e.WEBAUTHN_ORIGINS?.split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const o of origins ?? []) {
    if (!/^https?:\/\/[^/\s]+$/.test(o)) {
      throw new ConfigError(
        `WEBAUTHN_ORIGINS=${JSON.stringify(e.WEBAUTHN_ORIGINS)}: each must be like https://host[:port]`,
      );
    }
  }
  return {
    nodeEnv: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    dataDir,
    secretsDir: e.SECRETS_DIR ? path.resolve(e.SECRETS_DIR) : path.join(dataDir, 'secrets'),
    sessionHours: e.SESSION_HOURS,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    cookieSecure: cookieSecure.data,
    demoPassword: e.DEMO_PASSWORD,
    jobsEnabled: jobsEnabled.data,
    webauthn: {
      rpId: e.WEBAUTHN_RP_ID.toLowerCase(),
      rpName: '住基ネット セキュリティ管理',
      origins: origins?.length ? origins : null,
    },
    rateLimits: {
      signInPerAddress: e.RATE_LIMIT_SIGN_IN,
      signInPerAccount: e.RATE_LIMIT_SIGN_IN_ACCOUNT,
      signInGlobal: e.RATE_LIMIT_SIGN_IN_GLOBAL,
      pairingPerAddress: e.RATE_LIMIT_PAIRING,
      windowSeconds: e.RATE_LIMIT_WINDOW_SECONDS,
    },
    trustProxy,
    embeddedPgPort: e.EMBEDDED_PG_PORT,
    logLevel: e.LOG_LEVEL,
    seedDemo: seed.data,
    introspection: intro.data,
    statementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS,
    poolSize: e.DB_POOL_SIZE,
    webDistDir: path.resolve(e.WEB_DIST_DIR),
    timeZone: 'Asia/Tokyo',
  };
}

/** TRUST_PROXY: comma-separated addresses, CIDRs (10.0.0.0/8, fd00::/8) or loopback, linklocal, uniquelocal. */
function parseTrustProxy(value: string | undefined): string[] {
  const entries = (value ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const [address, bits, extra] = entry.split('/');
    const family = isIP(address);
    const named = ['loopback', 'linklocal', 'uniquelocal'].includes(entry);
    const prefixOk =
      bits === undefined ||
      (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128) && extra === undefined);
    if (!named && (!family || !prefixOk)) {
      throw new ConfigError(
        `TRUST_PROXY=${JSON.stringify(value)}: ${JSON.stringify(entry)} is not an address, a CIDR or loopback/linklocal/uniquelocal`,
      );
    }
  }
  return entries;
}

/** process.env, after loading ./.env when present (Node's own loader; real env wins). */
function readProcessEnv(): Record<string, string | undefined> {
  if (existsSync('.env')) {
    const before = { ...process.env };
    process.loadEnvFile('.env');
    Object.assign(process.env, before);
  }
  return process.env;
}
