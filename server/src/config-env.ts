// The environment variables the server reads, each with its check and default (zod). Read through
// loadConfig (config.ts), the one place that reads process.env.
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

export const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
    .optional()
    .transform((v) => (v === undefined || v === '' ? fallback : ['true', '1', 'yes'].includes(v)));

const wholeNumber = (min: number, max: number) => {
  const error = `must be a whole number from ${min} to ${max}`;
  return z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error });
};
const port = (fallback: number) => wholeNumber(0, 65535).default(fallback);

export const schema = z.object({
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
  SEED_DEMO_OPLOG: z.string().optional(),
  SEED_DEMO_CARDS: z.string().optional(),
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

export type Env = z.infer<typeof schema>;
