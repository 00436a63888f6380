// A20.1: a batch of operation records into the history at COPY speed. The body streams through the
// line parser (oplog-parse.ts) and COPY (pg-copy-streams); nothing of it is held in memory.
// - A batch none of whose lines can be stored yet (a new batch, an import's next chunk: the source
//   has no line from the batch's first on, asked under the lock of the source's row) is COPYed
//   straight into operation_record in its transaction, and the operator-days the parser counted are
//   added to the summary (operation_day).
// - A batch that may overlap what is stored (the same batch sent twice, an import resumed) is COPYed
//   into a staging table, then one INSERT … SELECT … ON CONFLICT DO NOTHING moves it into the
//   history, adding only what it stored to the summary: nothing is stored twice.
// - A partition is never made inside a batch's transaction (two batches would deadlock): a row of a
//   month with no partition (older than the system, or archived) is spilled to a file, and the
//   batch goes through the stage after its months get their partitions (see DirectOutput).
// One audit entry per batch, in the transaction of the insert.
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DataSource } from 'typeorm';
import type { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner.js';
import type { AuditedWrites, AuditMeta } from '../../shared/audited.js';
import { OplogError, OplogErrorCode } from './oplog.errors.js';
import { monthOf, type BatchFormat, type RefusedLine } from './oplog-line.js';
import { OplogLineParser, type DirectOutput, type ParserOptions } from './oplog-parse.js';
import type { OplogAuditAction } from './oplog.policy.js';
import {
  COPY_RECORDS,
  COPY_STAGE,
  CREATE_STAGE,
  EMPTY_STAGE,
  ENSURE_PARTITION,
  ADD_BATCH,
  ADD_DAYS,
  addDaysParams,
  INSERT_STAGED,
  INSERT_STAGED_NEW,
  LAST_LINE_OF_SOURCE,
  LAST_POSSIBLE_LINE,
  LINES_STORED,
  LOCK_SOURCE,
  OPERATION_TYPE_CODES,
  PARTITION_MONTHS_TEXT,
} from './oplog.sql.js';
import { OplogSpill } from './oplog-spill.js';

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
   * The staged rows into the history, in a transaction of their own; answers how many were stored. The
   * source is locked first. When none of the batch's lines is stored yet (a batch that met a month
   * with no partition, or one that came while another of its source was stored), a plain insert, and
   * the operator-days the parser counted; otherwise (a batch sent again, an import resumed)
   * INSERT_STAGED skips what is there and counts only what it stored.
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
    await this.addDays(client, parser);
    return inserted.rowCount ?? 0;
  }

  private async addDays(client: pg.PoolClient, parser: OplogLineParser): Promise<void> {
    if (parser.days.size) await client.query(ADD_DAYS, addDaysParams(parser.days.values()));
  }

  /** The batch's row of its source and its audit entry, in its transaction, then the commit. */
  private async commit(qr: PostgresQueryRunner, client: pg.PoolClient, b: Batch, stored: number): Promise<void> {
    const { parser, opts } = b;
    await client.query(ADD_BATCH, [b.sourceId, stored, this.now()]);
    await this.audited.record(
      qr.manager,
      b.meta,
      'Ingest.operationRecords',
      { type: 'OperationSource', id: b.sourceId },
      {
        via: [null, opts.via],
        format: [null, b.format],
        lines: [null, parser.lines],
        received: [null, parser.received],
        stored: [null, stored],
        duplicates: [null, parser.accepted - stored],
        refused: [null, parser.refusedCount],
        ...(opts.skipThrough ? { resumedAfterLine: [null, opts.skipThrough] } : {}),
      },
    );
    await qr.commitTransaction();
  }

  /**
   * The months whose rows may go straight into the history: this month and tomorrow's get their
   * partitions first (the job makes them ahead; a no-op then), then every month with a partition
   * whose first day is within 7 years of now: an older one could be archived (dropped) while the
   * batch runs, so its rows go through the stage, which makes its partition again as it always did.
   */
  private async readyMonths(client: pg.PoolClient, now: Date): Promise<Set<string>> {
    for (const at of [now, new Date(now.getTime() + 86_400_000)]) await client.query(ENSURE_PARTITION, [monthOf(at)]);
    const oldest = new Date(now);
    oldest.setUTCFullYear(oldest.getUTCFullYear() - 7);
    const rows = await client.query<{ month: string }>(PARTITION_MONTHS_TEXT);
    return new Set(rows.rows.map((r) => r.month).filter((m) => m >= monthOf(oldest)));
  }

  /**
   * The stage path: the staged rows' months get their partitions, each in its own short
   * transaction (never inside the batch's: two batches would deadlock), then the batch's transaction.
   */
  private async viaStage(qr: PostgresQueryRunner, client: pg.PoolClient, b: Batch): Promise<number> {
    for (const month of [...b.parser.months].sort()) await client.query(ENSURE_PARTITION, [month]);
    await qr.startTransaction();
    try {
      const stored = await this.store(client, b.sourceId, b.parser);
      await this.commit(qr, client, b, stored);
      return stored;
    } catch (e) {
      await qr.rollbackTransaction().catch(() => undefined);
      throw e;
    }
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
    const now = this.now();
    const parserOptions: ParserOptions = {
      format,
      typeCodes,
      targetKey: this.targetKey,
      now,
      maxBytes: this.settings.maxBytes,
      skipThrough: opts.skipThrough,
      header: opts.header,
      firstLine: opts.firstLine,
    };
    // the first line the batch can store: none of it can be there when the source has no line from it on
    const from = Math.max(opts.firstLine ?? 1, (opts.skipThrough ?? 0) + 1);
    const qr = this.ds.createQueryRunner() as PostgresQueryRunner;
    const client = (await qr.connect()) as pg.PoolClient;
    let broken: Error | undefined;
    const spill = new OplogSpill();
    let parser: OplogLineParser | undefined;
    try {
      await client.query(`SET statement_timeout = ${Math.round(this.settings.statementTimeoutMs)}`);
      const ready = await this.readyMonths(client, now);
      await qr.startTransaction();
      await client.query(LOCK_SOURCE, [sourceId, this.now()]);
      const overlap = await client.query<{ stored: boolean }>(LINES_STORED, [sourceId, from, LAST_POSSIBLE_LINE]);
      let b: Batch;
      let stored: number;
      let staged = false;
      if (overlap.rows[0]?.stored) {
        // a batch sent again, an import resumed: staged, then INSERT_STAGED (nothing stored twice)
        await qr.rollbackTransaction();
        b = { meta, sourceId, format, opts, parser: new OplogLineParser(parserOptions) };
        await this.stage(client, body, b.parser);
        staged = true;
        stored = await this.viaStage(qr, client, b);
      } else {
        // the batch's rows straight into the history, in its transaction, the source locked
        const direct: DirectOutput = { sourceId, ready: (month) => ready.has(month), spill: spill.open };
        parser = new OplogLineParser({ ...parserOptions, direct });
        b = { meta, sourceId, format, opts, parser };
        const copy = client.query(copyFrom(COPY_RECORDS));
        await pipeline(body, b.parser, copy);
        if (!b.parser.spilled) {
          stored = copy.rowCount;
          await this.addDays(client, b.parser);
          await this.commit(qr, client, b, stored);
        } else {
          // a month with no partition: what went straight in is read back beside the spilled rows,
          // the transaction is rolled back, and the whole batch goes through the stage
          await b.parser.spillDone();
          await spill.readBack(client, sourceId, from);
          await qr.rollbackTransaction();
          await this.stage(client, spill.rows(), undefined);
          staged = true;
          stored = await this.viaStage(qr, client, b);
        }
      }
      if (staged) await client.query(EMPTY_STAGE);
      await client.query('RESET statement_timeout');
      return {
        sourceId,
        lines: b.parser.lines,
        received: b.parser.received,
        stored,
        duplicates: b.parser.accepted - stored,
        refused: b.parser.refusedCount,
        refusedLines: b.parser.refused,
      };
    } catch (e) {
      // a COPY cut short leaves the session in doubt (and the staging table full): not reused; the
      // connection dropped, its transaction (if one was open) is rolled back
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
      parser?.closeSpill();
      await spill.remove();
    }
  }

  /** Rows into the staging table (emptied first): the body through the parser, or a spill file's rows as they are. */
  private async stage(client: pg.PoolClient, rows: Readable, parser: OplogLineParser | undefined): Promise<void> {
    await client.query(CREATE_STAGE);
    await client.query(EMPTY_STAGE);
    if (parser) await pipeline(rows, parser, client.query(copyFrom(COPY_STAGE)));
    else await pipeline(rows, client.query(copyFrom(COPY_STAGE)));
  }
}

interface Batch {
  meta: AuditMeta;
  sourceId: string;
  format: BatchFormat;
  opts: IngestOptions;
  parser: OplogLineParser;
}
