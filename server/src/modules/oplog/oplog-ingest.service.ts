// A20.1: a batch of operation records into the history at COPY speed. The body streams through the
// line parser (oplog-parse.ts) into a staging table by COPY (pg-copy-streams), then one
// INSERT … SELECT … ON CONFLICT DO NOTHING moves it into the partitioned table: a line already
// stored (the same batch sent twice, an import resumed) is skipped, so nothing is stored twice.
// The same statement adds the rows it stored to the per-operator, per-day summary (operation_day).
// One audit entry per batch, in the transaction of the insert.
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DataSource } from 'typeorm';
import type { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner.js';
import type { AuditedWrites, AuditMeta } from '../../shared/audited.js';
import { OplogError, OplogErrorCode } from './oplog.errors.js';
import { OplogLineParser, type BatchFormat, type OperatorDay, type RefusedLine } from './oplog-parse.js';
import type { OplogAuditAction } from './oplog.policy.js';
import {
  COPY_STAGE,
  CREATE_STAGE,
  EMPTY_STAGE,
  ENSURE_PARTITION,
  ADD_BATCH,
  ADD_DAYS,
  INSERT_STAGED,
  INSERT_STAGED_NEW,
  LAST_LINE_OF_SOURCE,
  LINES_STORED,
  LOCK_SOURCE,
  OPERATION_TYPE_CODES,
} from './oplog.sql.js';

export const SOURCE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export interface BatchResult {
  sourceId: string;
  /** the number of the last line read (the header and blank lines counted) */
  lines: number;
  /** records in the batch (data lines not skipped) */
  received: number;
  /** records new to the history */
  stored: number;
  /** good records already stored (the batch, or part of it, was sent before) */
  duplicates: number;
  /** records refused */
  refused: number;
  /** the first refused lines, with why */
  refusedLines: RefusedLine[];
}

export interface IngestOptions {
  /** lines up to this one are passed over (an import resumed after its last stored line) */
  skipThrough?: number;
  /** a chunk of a file: its CSV header, and the file's number of its first line */
  header?: string;
  firstLine?: number;
  /** how the batch came: the API, or `npm run oplog:import` (in the audit entry) */
  via: 'api' | 'import';
}

export interface IngestSettings {
  maxBytes: number;
  /** a batch's statements may run this long (COPY of a large body, the insert), in ms */
  statementTimeoutMs: number;
}

export class OplogIngestService {
  constructor(
    private readonly ds: DataSource,
    private readonly audited: AuditedWrites<OplogAuditAction>,
    private readonly targetKey: Buffer,
    private readonly settings: IngestSettings,
    private readonly now: () => Date,
  ) {}

  /** Refuses a bad source id before the body is read (audited as a refusal). */
  async checkSource(meta: AuditMeta, sourceId: string): Promise<void> {
    if (SOURCE_ID.test(sourceId)) return;
    const e = new OplogError(
      OplogErrorCode.OPLOG_BAD_SOURCE,
      '送信元の名前は英数字と . _ - の64文字までです (source id: 1–64 letters, digits, . _ -)',
    );
    await this.audited.refuse(meta, 'Ingest.operationRecords', e.code, { type: 'OperationSource' });
    throw e;
  }

  /** The last line of a source already stored (0: none): where an import resumes. */
  async lastLineOf(sourceId: string): Promise<number> {
    const rows = (await this.ds.query(LAST_LINE_OF_SOURCE, [sourceId])) as { line: number | null }[];
    return rows[0]?.line ?? 0;
  }

  /**
   * The staged rows into the history, in the batch's transaction; answers how many were stored. The
   * source is locked first. When none of the batch's lines is stored yet (a new batch, an import's
   * next chunk), a plain insert, and the operator-days the parser counted; otherwise (a batch sent
   * again, an import resumed) INSERT_STAGED skips what is there and counts only what it stored.
   */
  private async store(client: pg.PoolClient, sourceId: string, parser: OplogLineParser): Promise<number> {
    await client.query(LOCK_SOURCE, [sourceId, this.now()]);
    if (!parser.accepted) return 0;
    const overlap = await client.query<{ stored: boolean }>(LINES_STORED, [
      sourceId,
      parser.firstAccepted,
      parser.lastAccepted,
    ]);
    if (overlap.rows[0]?.stored) {
      const inserted = await client.query<{ stored: number }>(INSERT_STAGED, [sourceId]);
      return inserted.rows[0]?.stored ?? 0;
    }
    const inserted = await client.query(INSERT_STAGED_NEW, [sourceId]);
    await client.query(ADD_DAYS, daysOf(parser.days.values()));
    return inserted.rowCount ?? 0;
  }

  async ingest(
    meta: AuditMeta,
    sourceId: string,
    format: BatchFormat,
    body: Readable,
    opts: IngestOptions,
  ): Promise<BatchResult> {
    await this.checkSource(meta, sourceId);
    const typeCodes = new Set(((await this.ds.query(OPERATION_TYPE_CODES)) as { code: string }[]).map((r) => r.code));
    const parser = new OplogLineParser({
      format,
      typeCodes,
      targetKey: this.targetKey,
      now: this.now(),
      maxBytes: this.settings.maxBytes,
      skipThrough: opts.skipThrough,
      header: opts.header,
      firstLine: opts.firstLine,
    });
    const qr = this.ds.createQueryRunner() as PostgresQueryRunner;
    const client = (await qr.connect()) as pg.PoolClient;
    let broken: Error | undefined;
    try {
      await client.query(`SET statement_timeout = ${Math.round(this.settings.statementTimeoutMs)}`);
      await client.query(CREATE_STAGE);
      await client.query(EMPTY_STAGE);
      await pipeline(body, parser, client.query(copyFrom(COPY_STAGE)));
      // the months of the batch get their partitions first, each in its own short transaction
      for (const month of [...parser.months].sort()) await client.query(ENSURE_PARTITION, [month]);
      let stored = 0;
      await qr.startTransaction();
      try {
        stored = await this.store(client, sourceId, parser);
        await client.query(ADD_BATCH, [sourceId, stored, this.now()]);
        await this.audited.record(
          qr.manager,
          meta,
          'Ingest.operationRecords',
          { type: 'OperationSource', id: sourceId },
          {
            via: [null, opts.via],
            format: [null, format],
            lines: [null, parser.lines],
            received: [null, parser.received],
            stored: [null, stored],
            duplicates: [null, parser.accepted - stored],
            refused: [null, parser.refusedCount],
            ...(opts.skipThrough ? { resumedAfterLine: [null, opts.skipThrough] } : {}),
          },
        );
        await qr.commitTransaction();
      } catch (e) {
        await qr.rollbackTransaction().catch(() => undefined);
        throw e;
      }
      await client.query(EMPTY_STAGE);
      await client.query('RESET statement_timeout');
      return {
        sourceId,
        lines: parser.lines,
        received: parser.received,
        stored,
        duplicates: parser.accepted - stored,
        refused: parser.refusedCount,
        refusedLines: parser.refused,
      };
    } catch (e) {
      // a COPY cut short leaves the session in doubt (and the staging table full): not reused
      broken = e as Error;
      if (e instanceof OplogError) {
        await this.audited.refuse(meta, 'Ingest.operationRecords', e.code, { type: 'OperationSource', id: sourceId });
      }
      throw e;
    } finally {
      // TypeORM's release with an error: the pool drops the connection instead of reusing it
      await (qr as unknown as { releasePostgresConnection(err?: Error): Promise<void> }).releasePostgresConnection(
        broken,
      );
    }
  }
}

/** The operator-days as ADD_DAYS's arrays: days, operators, records, first, last, hours. */
function daysOf(days: Iterable<OperatorDay>): unknown[][] {
  const cols: unknown[][] = [[], [], [], [], [], []];
  for (const d of days) {
    cols[0].push(new Date(d.day * 86_400_000).toISOString().slice(0, 10));
    cols[1].push(d.operatorId);
    cols[2].push(d.records);
    cols[3].push(new Date(d.firstAt).toISOString());
    cols[4].push(new Date(d.lastAt).toISOString());
    cols[5].push(d.hours);
  }
  return cols;
}
