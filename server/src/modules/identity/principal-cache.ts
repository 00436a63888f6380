// Who a session, API token or door tablet's credential belongs to and what its holder may do
// today, kept in memory so a request needs no SQL to identify its caller (hardening §7: the cost of
// one request).
//
// A cached answer must never let a revoked session, a revoked token or a removed role through,
// nor a revoked or re-paired tablet, so every entry is dropped the moment anything that decides it
// may have changed:
//  - in this process, synchronously: a TypeORM subscriber sees every statement the app runs and
//    drops all entries when one writes an identity table (before it runs, after it runs, and when
//    the transaction that ran it commits or rolls back). A look-up that started before such a
//    write is not stored (generation check), so a stale read cannot come back in.
//  - in other processes (a second server, `npm run admin:create`, psql): statement triggers on
//    the same tables send NOTIFY jukinet_identity (migration IdentityChangeNotify); the cache
//    listens on its own connection and is bypassed whenever that connection is not up.
// Entries also expire after `maxAgeMs`, a last bound for anything neither path sees.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type {
  AfterQueryEvent,
  BeforeQueryEvent,
  DataSource,
  EntitySubscriberInterface,
  QueryRunner,
  TransactionCommitEvent,
  TransactionRollbackEvent,
} from 'typeorm';
import type { Logger } from 'pino';

/**
 * The tables whose rows decide who a caller is and what they may do (authority.service.ts; a
 * tablet's credential, revocation and rooms: door-device.service.ts). Each has the NOTIFY trigger
 * (migrations IdentityChangeNotify, DoorDeviceChangeNotify).
 */
export const IDENTITY_TABLES = [
  'staff_session',
  'api_token',
  'staff',
  'staff_credential',
  'role_assignment',
  'acting_assignment',
  'app_role_grant',
  'door_device',
  'door_device_room',
] as const;

export const IDENTITY_CHANNEL = 'jukinet_identity';

/** A statement that starts with this marker writes nothing that decides identity (idle clocks). */
export const NOT_AN_IDENTITY_CHANGE = '/* no identity change */';

const table = `(?:"?public"?\\.)?"?(?:${IDENTITY_TABLES.join('|')})"?(?![\\w"])`;
const WRITES_IDENTITY = new RegExp(
  `\\b(?:INSERT\\s+INTO|UPDATE|DELETE\\s+FROM|MERGE\\s+INTO|COPY)\\s+(?:ONLY\\s+)?${table}|\\b(?:TRUNCATE|DROP|ALTER)\\b`,
  'i',
);

/** True when `sql` may change who a caller is or what they may do. Errs on the side of yes. */
export function writesIdentity(sql: string): boolean {
  return !sql.startsWith(NOT_AN_IDENTITY_CHANGE) && WRITES_IDENTITY.test(sql);
}

export interface PrincipalCacheOptions {
  /** 0 turns the cache off: every request reads the database */
  maxAgeMs: number;
  maxEntries: number;
  log: Logger;
}

interface Entry {
  value: unknown;
  storedAt: number;
}

/** Keys name their kind ("session:…", "token:…", "device:…"), so one key always holds one type of value. */
export class PrincipalCache implements EntitySubscriberInterface {
  private readonly entries = new Map<string, Entry>();
  private generation = 0;
  /** transactions of this process that wrote an identity table and have not ended yet */
  private readonly writers = new Set<QueryRunner>();
  private listener: pg.Client | null = null;
  private listening = false;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;
  private readonly watched: DataSource[] = [];
  /** caughtUp() calls waiting for their own notification, by payload */
  private readonly marks = new Map<string, () => void>();

  constructor(
    ds: DataSource,
    private readonly options: PrincipalCacheOptions,
  ) {
    this.watch(ds);
  }

  /** Sees, synchronously, the statements of `ds` too (another data source of this process). */
  watch(ds: DataSource): void {
    ds.subscribers.push(this);
    this.watched.push(ds);
  }

  /** Usable only while cross-process changes can be heard (or when nobody else can write). */
  get enabled(): boolean {
    return this.options.maxAgeMs > 0 && this.listening;
  }

  /**
   * The cached value of `key`, or `load()`'s, stored only if nothing that decides identity was
   * written while it ran. `load` answering null (unknown, revoked, expired) is never stored.
   */
  async get<T extends object>(key: string, nowMs: number, load: () => Promise<T | null>): Promise<T | null> {
    if (!this.enabled) return load();
    const hit = this.entries.get(key);
    if (hit && nowMs - hit.storedAt < this.options.maxAgeMs) return hit.value as T;
    if (hit) this.entries.delete(key);
    const generation = this.generation;
    const value = await load();
    if (value !== null && generation === this.generation && this.writers.size === 0) {
      if (this.entries.size >= this.options.maxEntries) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(key, { value, storedAt: nowMs });
    }
    return value;
  }

  /** Forgets every entry (identity may have changed). */
  invalidate(): void {
    this.generation++;
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  // ── in this process: TypeORM subscriber ──

  beforeQuery(event: BeforeQueryEvent): void {
    if (!writesIdentity(event.query)) return;
    if (event.queryRunner.isTransactionActive) this.writers.add(event.queryRunner);
    this.invalidate();
  }

  afterQuery(event: AfterQueryEvent): void {
    if (writesIdentity(event.query)) this.invalidate();
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    this.transactionEnded(event.queryRunner);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    this.transactionEnded(event.queryRunner);
  }

  private transactionEnded(runner: QueryRunner): void {
    if (!this.writers.has(runner)) return;
    this.invalidate();
    if (!runner.isTransactionActive) this.writers.delete(runner);
  }

  // ── other processes: LISTEN on the triggers' channel ──

  /** Listens for identity changes made elsewhere; the cache is off until the listener is up. */
  async listen(connectionString: string): Promise<void> {
    if (this.options.maxAgeMs <= 0 || this.stopped) return;
    const client = new pg.Client({ connectionString, application_name: 'jukinet-identity-listener' });
    const down = (err?: Error) => {
      if (this.listener !== client) return;
      this.listening = false;
      this.listener = null;
      this.invalidate();
      this.releaseMarks();
      client.removeAllListeners();
      void client.end().catch(() => undefined);
      if (this.stopped) return;
      this.options.log.warn({ err }, 'identity cache: change listener lost; every request reads the database');
      this.retry = setTimeout(() => void this.listen(connectionString).catch(() => undefined), 1_000);
      this.retry.unref();
    };
    this.listener = client;
    client.on('error', down);
    client.on('end', () => down());
    client.on('notification', (n) => {
      const mark = this.marks.get(n.payload ?? '');
      // a change (the triggers send no payload); caughtUp()'s own mark changes nothing
      if (mark) mark();
      else this.invalidate();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${IDENTITY_CHANNEL}`);
    } catch (err) {
      down(err as Error);
      return;
    }
    if (this.listener !== client) return;
    this.invalidate();
    this.listening = true;
  }

  /**
   * Resolves once every identity change committed before the call has been heard (and has emptied
   * the cache): PostgreSQL delivers the listener's own NOTIFY after them. For tests that count
   * statements right after a change of their own; at once when the cache is not listening.
   */
  async caughtUp(): Promise<void> {
    const client = this.listener;
    if (!client || !this.listening) return;
    const mark = `caught-up:${randomUUID()}`;
    const heard = new Promise<void>((resolve) => this.marks.set(mark, resolve));
    try {
      await client.query(`SELECT pg_notify('${IDENTITY_CHANNEL}', $1)`, [mark]);
      await heard;
    } finally {
      this.marks.delete(mark);
    }
  }

  /** the listener is gone: nothing more will be heard, and the cache is bypassed meanwhile */
  private releaseMarks(): void {
    for (const resolve of this.marks.values()) resolve();
    this.marks.clear();
  }

  async stop(): Promise<void> {
    for (const ds of this.watched.splice(0)) {
      const at = ds.subscribers.indexOf(this);
      if (at >= 0) ds.subscribers.splice(at, 1);
    }
    this.stopped = true;
    this.listening = false;
    if (this.retry) clearTimeout(this.retry);
    const client = this.listener;
    this.listener = null;
    this.invalidate();
    this.releaseMarks();
    if (client) {
      client.removeAllListeners();
      client.on('error', () => undefined);
      await client.end().catch(() => undefined);
    }
  }
}
