// The one place that reads process.env. Every setting is validated here at start-up;
// a bad value stops the server with a one-line reason (ConfigError).
import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** the push services of the browsers a phone may have (Chrome/Android, Firefox, Edge/Windows, Safari/iOS) */
export const DEFAULT_PUSH_SERVICES = [
  'fcm.googleapis.com',
  'push.services.mozilla.com',
  'notify.windows.com',
  'push.apple.com',
];

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
  IDENTITY_CACHE_SECONDS: wholeNumber(0, 3_600).default(60),
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
  JOBS_CONCURRENCY: wholeNumber(1, 32).default(4),
  AUDIT_ANONYMOUS_REFUSALS_PER_MINUTE: wholeNumber(0, 100_000).default(30),
  AUDIT_CHECKPOINT_DIR: z.string().optional(),
  AUDIT_CHECKPOINT_URL: z
    .string()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || /^https?:\/\/\S+$/.test(v), { message: 'must be an http(s):// URL' }),
  BACKUP_DIR: z.string().optional(),
  BACKUP_KEEP: wholeNumber(1, 1000).default(14),
  BACKUP_CRON: z
    .string()
    .regex(/^\S+( \S+){4}$/, { error: 'must be a crontab line of 5 fields (UTC), e.g. 30 17 * * *' })
    .default('30 17 * * *'),
  BACKUP_PASSPHRASE: z.string().optional(),
  PUSH_CONTACT: z
    .string()
    .regex(/^(mailto:\S+@\S+|https:\/\/\S+)$/, { error: 'must be mailto:someone@city… or an https:// URL' })
    .default('mailto:jukinet-admin@localhost'),
  PUSH_SERVICES: z
    .string()
    .regex(/^[a-z0-9.-]+(,[a-z0-9.-]+)*$/i, { error: 'must be host names separated by commas' })
    .default(DEFAULT_PUSH_SERVICES.join(',')),
  PUSH_CA_FILE: z.string().optional(),
  DEMO_PASSWORD: z.string().min(10, { error: 'must be at least 10 characters' }).default('midorino-demo-2026'),
  // deployment: HTTPS, demo gating (see deploymentSettings below)
  TLS_CERT_FILE: z.string().optional(),
  TLS_KEY_FILE: z.string().optional(),
  DEMO_SIGN_IN_FROM: z.string().optional(),
  // incidents (A19, A22, A27–A30, A12.2): how long a report may wait for acknowledgement before it
  // escalates a role up, and how long a mandated step may stay open
  INCIDENT_ACK_IMMEDIATE_MINUTES: wholeNumber(1, 24 * 60).default(15),
  INCIDENT_ACK_MINUTES: wholeNumber(1, 7 * 24 * 60).default(60),
  INCIDENT_STEP_IMMEDIATE_MINUTES: wholeNumber(1, 24 * 60).default(30),
  INCIDENT_STEP_PROMPT_HOURS: wholeNumber(1, 30 * 24).default(24),
  INCIDENT_MANUAL_A22_URL: z.string().optional(),
  // documents and firewall setting backups of the configuration register (A7.2, A14.6–8, A22, A27):
  // sent base64 in one GraphQL request, whose body Fastify caps at 1 MiB, so at most 700 KiB
  CONFIGURATION_FILE_MAX_BYTES: wholeNumber(1024, 700 * 1024).default(700 * 1024),
  INCIDENT_MANUAL_A27_URL: z.string().optional(),
  // cards (A16.1): working days a request to the PIN administrator may stay open before it is overdue
  CARD_REQUEST_WORKING_DAYS: wholeNumber(1, 60).default(5),
  OPLOG_BATCH_MAX_MB: wholeNumber(1, 4096).default(256),
  OPLOG_BATCH_TIMEOUT_SECONDS: wholeNumber(10, 24 * 3600).default(1800),
  OPLOG_SILENT_DAYS: wholeNumber(1, 365).default(7),
  // A20.1 saved query "outside office hours": the office's hours on a working day, Tokyo time
  OPLOG_OFFICE_HOURS: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be HH:MM-HH:MM' })
    .refine((v) => v.slice(0, 5) < v.slice(6), { error: 'the office must open before it closes' })
    .default('08:30-17:15'),
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
  /** HMAC and signing keys, outside the database and DATA_DIR (default <DATA_DIR>-secrets, next to it) */
  secretsDir: string;
  /** true when secretsDir lies inside dataDir (an older installation's default): start-up warns */
  secretsInsideDataDir: boolean;
  /** PEM files: the server itself serves HTTPS (null: plain HTTP, e.g. behind a TLS reverse proxy) */
  tls: { certFile: string; keyFile: string } | null;
  /** name of the session cookie: __Host-jukinet_session when Secure (bound to this exact host), else jukinet_session */
  sessionCookieName: string;
  /** where demo staff may sign in from, besides loopback: 'any', or these addresses and CIDR ranges */
  demoSignInFrom: 'any' | string[];
  sessionHours: number;
  sessionIdleMinutes: number;
  /** how long a session's or token's holder and authorities stay in memory at most (0: read every request); any change drops them at once */
  identityCacheSeconds: number;
  /** Secure attribute of the session cookie: default true when TLS_CERT_FILE is set; set it behind a TLS proxy */
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
  /**
   * passkeys: the host name staff use, and the exact origins allowed (null: any origin on that host,
   * only outside production or on localhost; in production only exact https:// origins)
   */
  webauthn: { rpId: string; rpName: string; origins: string[] | null };
  /** password of every demo staff member (SEED_DEMO: default on with the embedded database, off with DATABASE_URL) */
  demoPassword: string;
  /** run durable jobs and cron in this process (false: it only enqueues; another process runs them) */
  jobsEnabled: boolean;
  /** jobs run at the same time in this process: pushes to many phones go out side by side */
  jobsConcurrency: number;
  /** anonymous refusals audited in full per client address and minute; the rest in one summary entry */
  auditAnonymousRefusalsPerMinute: number;
  /** where the daily audit checkpoints are written (default <dataDir>/audit-checkpoints) */
  auditCheckpointDir: string;
  /** where a signed copy of each checkpoint is POSTed (an API client that keeps it), or null */
  auditCheckpointUrl: string | null;
  /** Web Push: VAPID contact, the push services' hosts that may be posted to, extra CA certificates */
  push: { contact: string; services: string[]; caFile: string | null };
  /** npm run backup and the nightly backup job (on only when a passphrase is set) */
  backup: { dir: string; keep: number; cron: string; passphrase: string | undefined };
  /** Time zone of the office: "today" and printed dates follow it. */
  timeZone: 'Asia/Tokyo';
  incidents: IncidentSettings;
  /** files of the configuration register (documents, firewall setting backups): the largest accepted */
  configurationFiles: { maxBytes: number };
  /** A16.1: a request to the PIN administrator is overdue after this many working days (Tokyo calendar) */
  cards: { requestWorkingDays: number };
  oplog: OplogSettings;
}

/** The operation history (A20). */
export interface OplogSettings {
  /** a batch's body at most (the API and each chunk of an import), in bytes */
  batchMaxBytes: number;
  /** how long a batch's COPY and insert may run (the role's statement timeout is for requests) */
  batchTimeoutMs: number;
  /** A20.1 on /compliance: days without a record received, once any were, before ATTENTION */
  silentDays: number;
  /** A20.1 saved query: office hours of a working day ('HH:MM', Tokyo); outside them, or on a closed day, is after hours */
  officeHours: { opens: string; closes: string };
}

/** Limits of the incidents module (A19, A22, A27–A30, A12.2). */
export interface IncidentSettings {
  /** minutes a report waits for acknowledgement before escalating: 直ちに types, and the others */
  ackMinutes: { immediate: number; normal: number };
  /** minutes a mandated step may stay open: 直ちに steps, 速やかに steps */
  stepMinutes: { immediate: number; prompt: number };
  /**
   * links to the city's response manuals (A22.2 不正アクセス, A27 障害対策), copied onto each incident
   * of that type until the configuration register holds them as versioned documents
   */
  manuals: { unauthorisedAccess: string | null; systemFailure: string | null };
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
  // the demo is a newcomer's first look (embedded database); a real installation (DATABASE_URL) asks for it
  const seed = bool(e.DATABASE_URL === undefined).safeParse(e.SEED_DEMO);
  if (!seed.success) throw new ConfigError(`SEED_DEMO=${JSON.stringify(e.SEED_DEMO)}: must be true or false`);
  const intro = bool(e.NODE_ENV !== 'production').safeParse(e.GRAPHQL_INTROSPECTION);
  if (!intro.success) {
    throw new ConfigError(`GRAPHQL_INTROSPECTION=${JSON.stringify(e.GRAPHQL_INTROSPECTION)}: must be true or false`);
  }
  const jobsEnabled = bool(true).safeParse(e.JOBS_ENABLED);
  if (!jobsEnabled.success)
    throw new ConfigError(`JOBS_ENABLED=${JSON.stringify(e.JOBS_ENABLED)}: must be true or false`);
  const dataDir = path.resolve(e.DATA_DIR);
  const deployment = deploymentSettings(e, dataDir);
  const trustProxy = parseTrustProxy(e.TRUST_PROXY);
  return {
    nodeEnv: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    dataDir,
    ...deployment,
    sessionHours: e.SESSION_HOURS,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    identityCacheSeconds: e.IDENTITY_CACHE_SECONDS,
    demoPassword: e.DEMO_PASSWORD,
    jobsEnabled: jobsEnabled.data,
    jobsConcurrency: e.JOBS_CONCURRENCY,
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
    auditAnonymousRefusalsPerMinute: e.AUDIT_ANONYMOUS_REFUSALS_PER_MINUTE,
    auditCheckpointDir: e.AUDIT_CHECKPOINT_DIR
      ? path.resolve(e.AUDIT_CHECKPOINT_DIR)
      : path.join(dataDir, 'audit-checkpoints'),
    auditCheckpointUrl: e.AUDIT_CHECKPOINT_URL ?? null,
    push: {
      contact: e.PUSH_CONTACT,
      services: e.PUSH_SERVICES.toLowerCase().split(','),
      caFile: e.PUSH_CA_FILE ? path.resolve(e.PUSH_CA_FILE) : null,
    },
    backup: {
      dir: e.BACKUP_DIR ? path.resolve(e.BACKUP_DIR) : path.join(dataDir, 'backups'),
      keep: e.BACKUP_KEEP,
      cron: e.BACKUP_CRON,
      passphrase: e.BACKUP_PASSPHRASE || undefined,
    },
    timeZone: 'Asia/Tokyo',
    incidents: {
      ackMinutes: { immediate: e.INCIDENT_ACK_IMMEDIATE_MINUTES, normal: e.INCIDENT_ACK_MINUTES },
      stepMinutes: { immediate: e.INCIDENT_STEP_IMMEDIATE_MINUTES, prompt: e.INCIDENT_STEP_PROMPT_HOURS * 60 },
      manuals: {
        unauthorisedAccess: e.INCIDENT_MANUAL_A22_URL?.trim() || null,
        systemFailure: e.INCIDENT_MANUAL_A27_URL?.trim() || null,
      },
    },
    configurationFiles: { maxBytes: e.CONFIGURATION_FILE_MAX_BYTES },
    cards: { requestWorkingDays: e.CARD_REQUEST_WORKING_DAYS },
    oplog: {
      batchMaxBytes: e.OPLOG_BATCH_MAX_MB * 1024 * 1024,
      batchTimeoutMs: e.OPLOG_BATCH_TIMEOUT_SECONDS * 1000,
      silentDays: e.OPLOG_SILENT_DAYS,
      officeHours: { opens: e.OPLOG_OFFICE_HOURS.slice(0, 5), closes: e.OPLOG_OFFICE_HOURS.slice(6) },
    },
  };
}

type Env = z.infer<typeof schema>;
type DeploymentSettings = Pick<
  AppConfig,
  'tls' | 'cookieSecure' | 'sessionCookieName' | 'demoSignInFrom' | 'webauthn' | 'secretsDir' | 'secretsInsideDataDir'
>;

/** HTTPS, the session cookie, passkey origins, where the keys live and who may use the demo accounts. */
function deploymentSettings(e: Env, dataDir: string): DeploymentSettings {
  const fail = (name: keyof Env, why: string): never => {
    throw new ConfigError(`${name}=${JSON.stringify(e[name] ?? '')}: ${why}`);
  };
  const certFile = e.TLS_CERT_FILE?.trim() || undefined;
  const keyFile = e.TLS_KEY_FILE?.trim() || undefined;
  if (certFile && !keyFile) fail('TLS_KEY_FILE', 'must be set with TLS_CERT_FILE (the PEM private key)');
  if (keyFile && !certFile) fail('TLS_CERT_FILE', 'must be set with TLS_KEY_FILE (the PEM certificate chain)');
  const tls = certFile && keyFile ? { certFile: path.resolve(certFile), keyFile: path.resolve(keyFile) } : null;

  const cookieSecure = bool(tls !== null).safeParse(e.COOKIE_SECURE);
  if (!cookieSecure.success) fail('COOKIE_SECURE', 'must be true or false');
  const secure = cookieSecure.data === true;

  const demoFrom = (e.DEMO_SIGN_IN_FROM ?? 'loopback').trim().toLowerCase();
  let demoSignInFrom: 'any' | string[] = [];
  if (demoFrom === 'any') demoSignInFrom = 'any';
  else if (demoFrom !== 'loopback' && demoFrom !== '') {
    demoSignInFrom = demoFrom
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean);
    for (const a of demoSignInFrom) {
      if (!isAddressOrRange(a))
        fail('DEMO_SIGN_IN_FROM', 'must be loopback, any, or addresses/CIDR ranges (192.168.1.0/24)');
    }
  }

  const rpId = e.WEBAUTHN_RP_ID.toLowerCase();
  const listed = e.WEBAUTHN_ORIGINS?.split(',')
    .map((o) => o.trim().replace(/\/$/, ''))
    .filter(Boolean);
  const production = e.NODE_ENV === 'production';
  for (const o of listed ?? []) {
    if (!/^https?:\/\/[^/\s]+$/.test(o)) fail('WEBAUTHN_ORIGINS', 'each must be like https://host[:port]');
    if (production && !o.startsWith('https://') && !/^http:\/\/localhost(:\d+)?$/.test(o)) {
      fail('WEBAUTHN_ORIGINS', 'in production each must be https:// (http only for localhost)');
    }
  }
  let origins: string[] | null = listed?.length ? listed : null;
  // In production a passkey is accepted only from exact https:// origins: https://<RP ID>, and its
  // port when the server serves HTTPS itself on another port. localhost (a newcomer's machine) keeps
  // any port: only the machine itself reaches it.
  if (!origins && production && rpId !== 'localhost') {
    origins = [`https://${rpId}`];
    if (tls && e.PORT !== 443) origins.push(`https://${rpId}:${e.PORT}`);
  }

  // Keys live beside DATA_DIR, not in it: a copy of the data directory (or of the database) then
  // holds no key. An installation that has them in the old place (<DATA_DIR>/secrets) keeps them there.
  const inside = path.join(dataDir, 'secrets');
  const secretsDir = e.SECRETS_DIR
    ? path.resolve(e.SECRETS_DIR)
    : existsSync(path.join(inside, 'hmac.key'))
      ? inside
      : `${dataDir}-secrets`;
  const relative = path.relative(dataDir, secretsDir);
  const secretsInsideDataDir = relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));

  return {
    tls,
    cookieSecure: secure,
    sessionCookieName: secure ? '__Host-jukinet_session' : 'jukinet_session',
    demoSignInFrom,
    webauthn: { rpId, rpName: '住基ネット セキュリティ管理', origins },
    secretsDir,
    secretsInsideDataDir,
  };
}

function isAddressOrRange(a: string): boolean {
  const [address, bits, ...rest] = a.split('/');
  const family = isIP(address);
  if (!family || rest.length) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d+$/.test(bits) && n <= (family === 4 ? 32 : 128);
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
