import type { DataSource, EntityManager } from 'typeorm';
import { AuditEntry } from './audit-entry.entity.js';
import type { AuditRecord, AuditTrail } from '../../shared/audit.js';
import { Keyset, type PageArgs, type PageResult } from '../../shared/paging.js';
import { entryHash, GENESIS_HASH } from './audit-hash.js';

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
  constructor(
    private readonly ds: DataSource,
    private readonly chainKey: Buffer,
  ) {}

  /**
   * Appends one entry inside the caller's transaction, so the entry exists exactly when the change
   * does. The stream head row is locked until that transaction ends: writers of one stream queue,
   * writers of other streams do not.
   */
  async record(em: EntityManager, rec: AuditRecord): Promise<AuditEntry> {
    const stream = `${rec.actor.type}:${rec.actor.id ?? '-'}`;
    const [head] = (await em.query(
      `INSERT INTO audit_stream_head (stream, seq, hash) VALUES ($1, 0, $2)
       ON CONFLICT (stream) DO UPDATE SET stream = EXCLUDED.stream
       RETURNING seq, hash`,
      [stream, GENESIS_HASH],
    )) as { seq: number; hash: string }[];
    const fields = {
      stream,
      seq: head.seq + 1,
      occurredAt: new Date(),
      actorType: rec.actor.type,
      actorId: rec.actor.id,
      action: rec.action,
      targetType: rec.targetType ?? null,
      targetId: rec.targetId ?? null,
      outcome: rec.outcome,
      reason: rec.reason ?? null,
      changes: rec.changes ?? null,
      requestId: rec.requestId ?? null,
      clientAddress: rec.clientAddress ?? null,
    };
    const hash = entryHash(this.chainKey, head.hash, fields);
    // The insert trigger (audit_stream_advance) moves the head, and refuses an entry that does not extend it.
    return em.getRepository(AuditEntry).save({ ...fields, prevHash: head.hash, hash });
  }

  /** For refusals: nothing else changes, so the entry gets a transaction of its own. */
  recordAlone(rec: AuditRecord): Promise<AuditEntry> {
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
