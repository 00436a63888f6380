import { createSecretKey, type KeyObject } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditEntry } from './audit-entry.entity.js';
import type { Actor, AuditEntryPart, AuditHead, AuditRecord, AuditTrail, SqlPart } from '../../shared/audit.js';
import type { SqlParam } from '../../shared/sql-params.js';
import { Keyset, type PageArgs, type PageResult } from '../../shared/paging.js';
import { AnonymousRefusals } from './anonymous-refusals.js';
import { entryHash, GENESIS_HASH, HASH_VERSION } from './audit-hash.js';

/** (writing transaction, id): the order incremental pulls see, never a late commit behind a cursor */
const BY_TRANSACTION = new Keyset<AuditEntry>({
  list: 'auditEntries',
  columns: [
    { sql: 'e.txid', kind: 'bigint', of: (e) => e.txid! },
    { sql: 'e.id', kind: 'bigint', of: (e) => e.id },
  ],
  direction: 'ASC',
  // API clients may still hold a cursor of the first format, "txid:id": it keeps working
  legacy: (cursor) => /^(\d+):(\d+)$/.exec(cursor)?.slice(1) ?? null,
});

export interface AuditTrailOptions {
  /** anonymous refusals written in full per client address and minute; the rest go into one summary */
  anonymousRefusalsPerMinute?: number;
  now?: () => Date;
  /** a summary that could not be written */
  onError?: (err: unknown) => void;
}

/** The chain head an entry extends, with the transaction's id and time (the insert trigger forces the same). */
interface Head {
  seq: number;
  hash: string;
  txid: string;
  at: Date;
}
const streamOf = (actor: Actor) => `${actor.type}:${actor.id ?? '-'}`;
/**
 * Takes the stream's head, made at the genesis hash when new: the no-op update locks its row until
 * the transaction ends, so writers of one stream queue and writers of other streams do not.
 */
const TAKE_HEAD = (stream: string, genesis: string) =>
  `INSERT INTO audit_stream_head (stream, seq, hash) VALUES (${stream}, 0, ${genesis})
   ON CONFLICT (stream) DO UPDATE SET stream = EXCLUDED.stream`;
const HEAD_COLUMNS = `seq, hash, audit_txid()::text AS txid, date_trunc('milliseconds', now()) AS at`;
/** What an entry's insert sets (txid and occurredAt too, though the trigger audit_entry_force sets them again). */
const ENTRY_COLUMNS = [
  'txid',
  'stream',
  'seq',
  'occurredAt',
  'actorType',
  'actorId',
  'action',
  'targetType',
  'targetId',
  'outcome',
  'reason',
  'changes',
  'requestId',
  'clientRequestId',
  'clientAddress',
  'hashVersion',
  'prevHash',
  'hash',
] as const;

/**
 * Entries per multi-row INSERT of recordMany: the next slice is hashed while one is inserted. The
 * first slice is smaller, so the database starts sooner (its hashing is the only one not overlapped).
 */
const MANY_FIRST_INSERT = 250;
const MANY_PER_INSERT = 750;
/** Each column's array type in recordMany's INSERT (text unless said); changes go as text, made jsonb one by one. */
const ARRAY_TYPES: Partial<Record<(typeof ENTRY_COLUMNS)[number], string>> = {
  txid: 'bigint',
  seq: 'int',
  occurredAt: 'timestamptz',
  hashVersion: 'smallint',
};
type EntryColumn = (typeof ENTRY_COLUMNS)[number];
/** An entry as recordMany inserts it: its columns, chained and hashed. */
type EntryRow = Record<EntryColumn, unknown> & { changes: unknown };
const sameValue = (v: unknown) => (v instanceof Date ? v.getTime() : v);

/**
 * recordMany's INSERT of a slice of chained entries, in their order (ids in that order: the trigger
 * checks the links in id order). A column that varies goes as one array parameter (unnest), not as
 * one JSON document through json_populate_recordset: populating records from JSON cost the database
 * about five times the CPU for 3,000 entries (bench/cards.profile.ts), most of it in the jsonb
 * column. A column with one value for the whole slice (a batch has one actor, one request, one
 * transaction and time, mostly one action) goes as one parameter instead of an array of copies:
 * serialising, sending and parsing the copies was most of the statement's cost. `seq` always varies.
 */
function insertMany(slice: readonly EntryRow[]): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const select: string[] = [];
  const arrays: string[] = [];
  const names: string[] = [];
  for (const c of ENTRY_COLUMNS) {
    const values = slice.map((e) => (c === 'changes' ? (e.changes === null ? null : JSON.stringify(e.changes)) : e[c]));
    const first = sameValue(values[0]);
    const same = c !== 'seq' && values.every((v) => sameValue(v) === first);
    params.push(same ? values[0] : values);
    const p = `$${params.length}::${ARRAY_TYPES[c] ?? 'text'}`;
    const value = same ? p : `e."${c}"`;
    select.push(c === 'changes' ? `${value}::jsonb` : value);
    if (!same) {
      arrays.push(`${p}[]`);
      names.push(`"${c}"`);
    }
  }
  return {
    sql: `INSERT INTO audit_entry (${ENTRY_COLUMNS.map((c) => `"${c}"`).join(', ')})
  SELECT ${select.join(', ')}
    FROM unnest(${arrays.join(', ')}) WITH ORDINALITY AS e(${names.join(', ')}, n)
   ORDER BY e.n`,
    params,
  };
}

export interface AuditFilter {
  actorId?: string | null;
  targetType?: string | null;
  targetId?: string | null;
  action?: string | null;
  from?: Date | null;
  to?: Date | null;
}

/** Writes entries of the append-only, hash-chained audit trail, and reads them back for auditors. */
export class AuditTrailService implements AuditTrail {
  private readonly anonymous: AnonymousRefusals;
  /** the chain key as a KeyObject, made once: an HMAC with a Buffer key makes one per entry */
  private readonly hashKey: KeyObject;

  constructor(
    private readonly ds: DataSource,
    chainKey: Buffer,
    opts: AuditTrailOptions = {},
  ) {
    this.hashKey = createSecretKey(chainKey);
    this.anonymous = new AnonymousRefusals({
      perWindow: opts.anonymousRefusalsPerMinute ?? 30,
      windowMs: 60_000,
      now: opts.now ?? (() => new Date()),
      write: (rec) => this.ds.transaction((em) => this.append(em, rec)),
      onError: opts.onError ?? (() => undefined),
    });
  }

  /** Writes the summaries of anonymous refusals counted so far (at shutdown, and in tests). */
  flushRefusalSummaries(): Promise<void> {
    return this.anonymous.stop();
  }

  /**
   * Appends one entry inside the caller's transaction, so the entry exists exactly when the change
   * does. The stream head row is locked until that transaction ends: writers of one stream queue,
   * writers of other streams do not.
   */
  async record(em: EntityManager, rec: AuditRecord): Promise<AuditEntry | null> {
    if (!this.anonymous.admit(rec)) {
      // counted for its address's summary entry (anonymous-refusals.ts): audited, not a row of its own
      if (rec.tally) rec.tally.entries++;
      return null;
    }
    return this.append(em, rec);
  }

  private async append(em: EntityManager, rec: AuditRecord): Promise<AuditEntry> {
    const stream = streamOf(rec.actor);
    // txid and the time are the database's: the insert trigger (audit_entry_force) sets the same
    // values again, so what is hashed here is what is stored, whatever a writer sends
    const [head] = (await em.query(`${TAKE_HEAD('$1', '$2')} RETURNING ${HEAD_COLUMNS}`, [
      stream,
      GENESIS_HASH,
    ])) as Head[];
    // The insert trigger (audit_stream_advance_statement) moves the head, and refuses an entry that does not extend it.
    const saved = await em.getRepository(AuditEntry).save(this.chained(rec, head));
    // counted in memory for the request: the refused-mutation plugin asks this, not the database
    if (rec.tally) rec.tally.entries++;
    return saved;
  }

  /**
   * `record` for many entries at once: the head is taken once, the entries are chained in order in
   * memory and inserted in slices, one INSERT each (each hashed while the slice before is
   * inserted; 250 first, then 750). The statement trigger checks every link of
   * the INSERT's entries, in the order written, as it would for `record`, and moves the head once,
   * to the last (one update of the head row a statement, not one an entry). Like any write here it
   * runs in the caller's transaction: when it rejects, that transaction must not commit (some slices
   * may be inserted already), which ds.transaction does by rolling back on the throw.
   */
  async recordMany(em: EntityManager, recs: readonly AuditRecord[]): Promise<void> {
    const admitted = recs.filter((rec) => {
      if (this.anonymous.admit(rec)) return true;
      if (rec.tally) rec.tally.entries++;
      return false;
    });
    if (admitted.length === 0) return;
    if (admitted.length === 1) {
      await this.append(em, admitted[0]);
      return;
    }
    // one stream per actor: each takes its head once and continues its chain
    const byStream = new Map<string, AuditRecord[]>();
    for (const rec of admitted) {
      const list = byStream.get(streamOf(rec.actor)) ?? [];
      list.push(rec);
      byStream.set(streamOf(rec.actor), list);
    }
    for (const [stream, list] of byStream) {
      const [taken] = (await em.query(`${TAKE_HEAD('$1', '$2')} RETURNING ${HEAD_COLUMNS}`, [
        stream,
        GENESIS_HASH,
      ])) as Head[];
      let head = taken;
      // Slices of the chain, one INSERT each, in their order: each slice is hashed while the
      // database inserts the one before (hashing 3,000 entries takes about as long as inserting
      // them), and the next INSERT is sent only once the one before succeeded.
      let inserting: Promise<unknown> | null = null;
      try {
        for (let i = 0, n = MANY_FIRST_INSERT; i < list.length; i += n, n = MANY_PER_INSERT) {
          const rows = list.slice(i, i + n).map((rec) => {
            const e = this.chained(rec, head);
            head = { ...head, seq: e.seq, hash: e.hash };
            return e;
          });
          const { sql, params } = insertMany(rows);
          if (inserting) await inserting;
          inserting = em.query(sql, params);
          // awaited before the next INSERT or at the end; a failure meanwhile is not "unhandled"
          inserting.catch(() => undefined);
          // let the INSERT reach the socket before the next slice's hashing takes the thread
          await new Promise((resolve) => setImmediate(resolve));
        }
        await inserting;
      } catch (e) {
        // hashing a slice failed while the one before was still being inserted: nothing of ours is
        // in flight when this rejects, so a caller that goes on cannot commit half a batch unawares
        await inserting?.catch(() => undefined);
        throw e;
      }
    }
    for (const rec of admitted) if (rec.tally) rec.tally.entries++;
  }

  /**
   * `record` in parts of the caller's statements (Hardening §7): the head taken in one statement of
   * the transaction, the entry inserted in a later one, exactly as `record` would write it.
   */
  headPart(actor: Actor, p: SqlParam): SqlPart {
    return {
      cte: `audit_head AS (${TAKE_HEAD(p(streamOf(actor)), p(GENESIS_HASH))} RETURNING ${HEAD_COLUMNS})`,
      column: `(SELECT row_to_json(h) FROM audit_head h)`,
    };
  }

  entryPart(head: AuditHead, rec: AuditRecord, p: SqlParam): AuditEntryPart | null {
    if (!this.anonymous.admit(rec)) {
      if (rec.tally) rec.tally.entries++;
      return null;
    }
    const h = head as { seq: number; hash: string; txid: string; at: string };
    if (typeof h?.seq !== 'number' || typeof h.hash !== 'string' || typeof h.txid !== 'string')
      throw new Error('audit entryPart: no chain head (headPart was not in an earlier statement of this transaction)');
    const e = this.chained(rec, { ...h, at: new Date(h.at) });
    const values = ENTRY_COLUMNS.map((c) =>
      c === 'changes' ? `${p(e.changes === null ? null : JSON.stringify(e.changes))}::jsonb` : p(e[c]),
    );
    return {
      cte: `audit_entry_new AS (INSERT INTO audit_entry (${ENTRY_COLUMNS.map((c) => `"${c}"`).join(', ')})
        VALUES (${values.join(', ')}))`,
      // counted once the caller's statement ran (a statement that failed wrote nothing)
      written: () => {
        if (rec.tally) rec.tally.entries++;
      },
    };
  }

  /** The entry extending `head`, hashed: what the insert triggers will find consistent. */
  private chained(rec: AuditRecord, head: Head) {
    const fields = {
      stream: streamOf(rec.actor),
      seq: head.seq + 1,
      occurredAt: head.at,
      actorType: rec.actor.type,
      actorId: rec.actor.id,
      action: rec.action,
      targetType: rec.targetType ?? null,
      targetId: rec.targetId ?? null,
      outcome: rec.outcome,
      reason: rec.reason ?? null,
      changes: rec.changes ?? null,
      requestId: rec.requestId ?? null,
      clientRequestId: rec.clientRequestId ?? null,
      clientAddress: rec.clientAddress ?? null,
      hashVersion: HASH_VERSION,
      txid: head.txid,
    };
    return { ...fields, prevHash: head.hash, hash: entryHash(this.hashKey, head.hash, fields) };
  }

  /** For refusals: nothing else changes, so the entry gets a transaction of its own. */
  recordAlone(rec: AuditRecord): Promise<AuditEntry | null> {
    return this.ds.transaction((em) => this.record(em, rec));
  }

  /**
   * Entries after the cursor, oldest first, so API clients can pull incrementally. Order is
   * (writing transaction, id), and only transactions older than every one still running are
   * shown: an entry whose transaction commits late can therefore never land behind a cursor a
   * client already holds. An empty page gives back the cursor it was asked with, to poll again.
   */
  async list(filter: AuditFilter, page: PageArgs): Promise<PageResult<AuditEntry>> {
    const qb = BY_TRANSACTION.apply(
      this.ds
        .getRepository(AuditEntry)
        .createQueryBuilder('e')
        .addSelect('e.txid')
        .where('e.txid < pg_snapshot_xmin(pg_current_snapshot())::text::bigint'),
      page,
    );
    if (filter.actorId) qb.andWhere('e.actorId = :actorId', { actorId: filter.actorId });
    if (filter.targetType) qb.andWhere('e.targetType = :targetType', { targetType: filter.targetType });
    if (filter.targetId) qb.andWhere('e.targetId = :targetId', { targetId: filter.targetId });
    if (filter.action) qb.andWhere('e.action = :action', { action: filter.action });
    if (filter.from) qb.andWhere('e.occurredAt >= :from', { from: filter.from });
    if (filter.to) qb.andWhere('e.occurredAt < :to', { to: filter.to });
    return BY_TRANSACTION.page(await qb.getMany(), page);
  }
}
