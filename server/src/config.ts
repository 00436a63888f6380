// The one place that reads process.env. Every setting is validated here at start-up;
// a bad value stops the server with a one-line reason (ConfigError). The variables and their checks
// are in config-env.ts, the deployment settings (HTTPS, cookie, passkeys, keys) in config-deployment.ts.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { bool, ConfigError, schema } from './config-env.js';
import { deploymentSettings, parseTrustProxy } from './config-deployment.js';

export { ConfigError, DEFAULT_PUSH_SERVICES } from './config-env.js';

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
  /** with the demo, three past months of operation history (default: on the embedded database only) */
  seedDemoOplog: boolean;
  /** with the demo: its operators, cards, requests and resident-card stock (issue 15; browser tests start without them) */
  seedDemoCards: boolean;
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
  const seedCards = bool(seed.data).safeParse(e.SEED_DEMO_CARDS);
  if (!seedCards.success)
    throw new ConfigError(`SEED_DEMO_CARDS=${JSON.stringify(e.SEED_DEMO_CARDS)}: must be true or false`);
  // the history's records are the demo operators' (demo-operators.ts): without their cards every
  // record would read as made without a valid card, so the history follows the cards
  const withCards = seed.data && seedCards.data;
  const seedOplog = bool(withCards && e.DATABASE_URL === undefined).safeParse(e.SEED_DEMO_OPLOG);
  if (!seedOplog.success)
    throw new ConfigError(`SEED_DEMO_OPLOG=${JSON.stringify(e.SEED_DEMO_OPLOG)}: must be true or false`);
  if (seed.data && seedOplog.data && !withCards)
    throw new ConfigError(
      'SEED_DEMO_OPLOG=true needs the demo cards (SEED_DEMO_CARDS=true): the demo history is made by the demo operators',
    );
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
    seedDemoOplog: seed.data && seedOplog.data,
    seedDemoCards: seed.data && seedCards.data,
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

/** process.env, after loading ./.env when present (Node's own loader; real env wins). */
function readProcessEnv(): Record<string, string | undefined> {
  if (existsSync('.env')) {
    const before = { ...process.env };
    process.loadEnvFile('.env');
    Object.assign(process.env, before);
  }
  return process.env;
}
