// What a domain module declares, in one manifest (`modules/<domain>/<domain>.module.ts`). The
// composition root (server/src/app/) folds over an explicit list of manifests: entities, resolvers,
// policy entries, services with their dependencies, loaders, jobs, compliance controls, to-do items
// and reactions to other modules' events. shared/ defines the shapes and imports no module.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config.js';
import type { AuditTrail } from './audit.js';
import type { BaseContext } from './context.js';
import type { ErrorCodeEnum } from './errors.js';
import type { Authority } from './authority.js';
import type { HookHandler, HookName, Hooks } from './hooks.js';
import type { PolicyTable, TokenScopeTable } from './policy.js';
import type { Secrets } from './secrets.js';

/** A class TypeORM or type-graphql takes (entities, resolvers). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export type ClassRef = Function;

/** What every module's services may use, made once by the composition root. */
export interface ServiceKit {
  ds: DataSource;
  config: AppConfig;
  secrets: Secrets;
  audit: AuditTrail;
  hooks: Hooks;
  log: Logger;
  /** the clock (tests move it) */
  now: () => Date;
  /**
   * Every module's declarations, filled by the composition root once all services are built (a
   * module that reads them, like compliance, reads them when asked, not while being built).
   */
  declared: Declarations;
}

export interface Declarations {
  compliance: ComplianceControl[];
  todos: TodoSource[];
  jobs: JobDefinition[];
}

// ── compliance (part 5): each module evaluates the articles it covers from live data ──

export type ComplianceStatus = 'OK' | 'ATTENTION' | 'VIOLATION';

export interface ComplianceFinding {
  status: ComplianceStatus;
  /** why, in Japanese, for the chief on a phone */
  reason: string;
  /** the screen that fixes it, when it differs from the control's link */
  link?: string | null;
}

export interface ComplianceContext {
  /** the day asked about, 'YYYY-MM-DD' in Asia/Tokyo */
  on: string;
  /**
   * the instant evaluated: `now` when `on` is today, else the end of that day (Tokyo). Computed
   * once so every control judges the same instant; a control filters its timestamps by it.
   */
  asOf: Date;
  now: Date;
}

export interface ComplianceControl {
  /** the requirement id, e.g. 'A12.3' (an article of the standard, see docs/) */
  article: string;
  /** what is checked, in Japanese */
  title: string;
  /** the web path of the screen that shows or fixes it */
  link: string;
  evaluate(ctx: ComplianceContext): Promise<ComplianceFinding>;
}

// ── to-do items (part 6): what needs this person, with a count ──

export interface TodoContext {
  staffId: string;
  authorities: ReadonlySet<Authority>;
  /** 'YYYY-MM-DD' in Asia/Tokyo */
  today: string;
  now: Date;
}

export interface TodoSource {
  /** stable id, '<module>.<thing>' */
  id: string;
  /** what to do, in Japanese */
  title: string;
  /** the web path where it is done */
  link: string;
  /** asked only for people holding one of these */
  authorities: readonly Authority[];
  /** how many are waiting for this person (0: not shown) */
  count(ctx: TodoContext): Promise<number>;
}

// ── durable jobs (part 4) ──

export interface JobContext {
  now: Date;
  log: Logger;
}

export interface JobDefinition {
  /** unique task name, '<module>.<job>' */
  name: string;
  /**
   * a crontab line (5 fields) when the job is scheduled; none for jobs only enqueued. graphile-worker
   * reads it in UTC, whatever the server's time zone: 09:00 in Tokyo (UTC+9, no summer time) is `0 0 * * *`
   */
  cron?: string;
  run(payload: unknown, ctx: JobContext): Promise<void>;
}

// ── HTTP routes beside GraphQL (exports, downloads) ──

export interface HttpKit {
  http: FastifyInstance;
  /** the same caller identification as GraphQL's: principal, policy, audit facts */
  context(request: FastifyRequest, reply: FastifyReply): Promise<BaseContext>;
}

// ── the manifest ──

/** What a module's later declarations see: the kit, what it needs and what it built. */
export type Built<Provides, Needs> = ServiceKit & Needs & Provides;

export interface ModuleManifest<
  Name extends string = string,
  Provides extends object = object,
  Needs = unknown,
  P extends PolicyTable = PolicyTable,
  L extends object = object,
  E extends ErrorCodeEnum = Record<never, never>,
> {
  name: Name;
  entities: readonly ClassRef[];
  resolvers: readonly ClassRef[];
  policy: P;
  /** the scope an API token needs for an action, on top of its owner being allowed it */
  tokenScopes?: TokenScopeTable;
  /** the module's error codes (its *.errors.ts enum), folded into the one GraphQL enum ErrorCode */
  errorCodes?: E;
  /** builds the module's services from the kit and the services of modules listed before it */
  services(kit: ServiceKit & Needs): Provides;
  /** per-request DataLoaders, under context.loaders[name] */
  loaders?(services: Built<Provides, Needs>, today: string): L;
  jobs?(services: Built<Provides, Needs>): readonly JobDefinition[];
  compliance?(services: Built<Provides, Needs>): readonly ComplianceControl[];
  todos?(services: Built<Provides, Needs>): readonly TodoSource[];
  /** HTTP routes of the module (they ask ctx.policy like GraphQL does) */
  routes?(services: Built<Provides, Needs>, kit: HttpKit): void;
  /** reactions to other modules' events, run inside the emitter's transaction */
  hooks?(services: Built<Provides, Needs>): { [K in HookName]?: HookHandler<K> };
}

/** Typed identity helper: `export const accessModule = defineModule<AccessNeeds>()({ … })`. */
export function defineModule<Needs = unknown>() {
  return <
    Name extends string,
    Provides extends object,
    P extends PolicyTable,
    L extends object = object,
    E extends ErrorCodeEnum = Record<never, never>,
  >(
    m: ModuleManifest<Name, Provides, Needs, P, L, E>,
  ): ModuleManifest<Name, Provides, Needs, P, L, E> => m;
}
