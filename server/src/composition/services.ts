// Builds every module's services in list order, from one kit. Each module's declarations (loaders,
// jobs, compliance controls, to-do items, hooks) are collected here, so no central page lists them.
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config.js';
import { AuditTrailService } from '../modules/audit-trail/index.js';
import { Hooks, type HookHandler, type HookName } from '../shared/hooks.js';
import type {
  ComplianceControl,
  Declarations,
  HttpKit,
  JobDefinition,
  ModuleManifest,
  ServiceKit,
  TodoSource,
} from '../shared/module.js';
import type { Secrets } from '../shared/secrets.js';
import { MODULES, type Modules } from './modules.js';

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
type ProvidedBy<M> = M extends { services: (...a: never[]) => infer P } ? P : never;

/** The kit plus every module's services, as resolvers see them through context.services. */
export type Services = ServiceKit &
  UnionToIntersection<ProvidedBy<Modules[number]>> & {
    /** the kit's names as the first four domains knew them */
    dataSource: DataSource;
    audit: AuditTrailService;
  };

/** What the composition root built: the services and every module's declarations. */
export interface Composition {
  services: Services;
  jobs: JobDefinition[];
  compliance: ComplianceControl[];
  todos: TodoSource[];
  /** per-request loaders, one group per module name */
  loaders(today: string): Loaders;
  /** registers every module's HTTP routes */
  routes(kit: HttpKit): void;
}

type LoadersOf<M> = M extends { name: infer N extends string; loaders?: (s: never, today: string) => infer L }
  ? { [P in N]: L }
  : never;
/** context.loaders: each module's per-request loaders under its name */
export type Loaders = UnionToIntersection<LoadersOf<Modules[number]>>;

export function compose(
  ds: DataSource,
  config: AppConfig,
  secrets: Secrets,
  log: Logger,
  now: () => Date = () => new Date(),
): Composition {
  const audit = new AuditTrailService(ds, secrets.auditChainKey, {
    anonymousRefusalsPerMinute: config.auditAnonymousRefusalsPerMinute,
    onError: (err) => log.error({ err }, 'audit: a summary of anonymous refusals could not be written'),
  });
  const hooks = new Hooks();
  const declared: Declarations = { compliance: [], todos: [], jobs: [] };
  const kit: ServiceKit = { ds, config, secrets, audit, hooks, log, now, declared };
  const built: Record<string, unknown> = { ...kit, dataSource: ds };
  // each module sees the kit and what earlier modules built; a name taken twice is a programming error
  for (const m of MODULES as readonly ModuleManifest<string, object, unknown>[]) {
    for (const [name, service] of Object.entries(m.services(built as unknown as ServiceKit))) {
      if (name in built) throw new Error(`module ${m.name}: service name "${name}" is already taken`);
      built[name] = service;
    }
  }
  const services = built as unknown as Services;
  const all = MODULES as readonly ModuleManifest<string, object, unknown>[];
  const view = built as unknown as ServiceKit;
  for (const m of all) {
    const handlers = m.hooks?.(view) ?? {};
    for (const [name, handler] of Object.entries(handlers))
      hooks.on(name as HookName, handler as HookHandler<HookName>);
  }
  declared.jobs.push(...all.flatMap((m) => m.jobs?.(view) ?? []));
  declared.compliance.push(...all.flatMap((m) => m.compliance?.(view) ?? []));
  declared.todos.push(...all.flatMap((m) => m.todos?.(view) ?? []));
  return {
    services,
    jobs: declared.jobs,
    compliance: declared.compliance,
    todos: declared.todos,
    routes: (httpKit) => all.forEach((m) => m.routes?.(view, httpKit)),
    loaders: lazyLoaders(all, view),
  };
}

const TODAY = Symbol('today');
const MADE = Symbol('made');
type LoaderGroups = { [TODAY]: string; [MADE]: Map<string, unknown> };

/**
 * context.loaders, made per request: a module's loaders are built when a resolver first asks for
 * them, not for every request (Hardening §7: a `me` query paid for every module's DataLoaders).
 */
function lazyLoaders(
  all: readonly ModuleManifest<string, object, unknown>[],
  view: ServiceKit,
): (today: string) => Loaders {
  const proto = {};
  for (const m of all) {
    const make = m.loaders;
    if (!make) continue;
    Object.defineProperty(proto, m.name, {
      enumerable: true,
      get(this: LoaderGroups) {
        let group = this[MADE].get(m.name);
        if (group === undefined) this[MADE].set(m.name, (group = make(view, this[TODAY])));
        return group;
      },
    });
  }
  return (today) =>
    Object.assign(Object.create(proto) as LoaderGroups, { [TODAY]: today, [MADE]: new Map() }) as unknown as Loaders;
}
