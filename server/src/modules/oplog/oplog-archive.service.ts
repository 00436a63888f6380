// A20.2: the retention step. A month of the history older than 7 years is exported to a gzip CSV
// under DATA_DIR/oplog-archive (its SHA-256 and row count recorded), then its partition is
// detached and dropped — only when the manager asks, audited, and never under a legal hold. The
// database function that drops it checks the age and the holds again, as the owner, so no caller
// of the application's role can drop a young or held month whatever it does.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { DataSource, EntityManager } from 'typeorm';
import { created, type AuditedWrites, type AuditMeta } from '../../shared/audited.js';
import { sqlState } from '../../shared/errors.js';
import { MONTH } from '../../shared/ids.js';
import { OplogArchive, OplogLegalHold } from './oplog-archive.entity.js';
import { OplogArchiveError, OplogArchiveErrorCode } from './oplog-archive.errors.js';
import type { OplogArchiveAction } from './oplog-archive.policy.js';
import {
  ARCHIVE_PARTITION,
  ARCHIVE_REFUSALS,
  EXPORT_MONTH,
  HOLDS_OVER,
  MONTH_STATE,
  MONTHS_WITH_STATE,
  partitionName,
} from './oplog-archive.sql.js';

export interface OplogArchiveSettings {
  /** DATA_DIR: the files go to <dataDir>/oplog-archive */
  dataDir: string;
  /** an export of a month may take longer than a request's statement timeout */
  statementTimeoutMs: number;
}

export interface MonthState {
  month: string;
  pastRetention: boolean;
  held: boolean;
  estimatedRows: number | null;
}

export interface LegalHoldInput {
  reason: string;
  from?: Date | null;
  to?: Date | null;
}

const E = OplogArchiveErrorCode;

export class OplogArchiveService {
  constructor(
    private readonly ds: DataSource,
    private readonly audited: AuditedWrites<OplogArchiveAction>,
    private readonly settings: OplogArchiveSettings,
    private readonly now: () => Date,
  ) {}

  get folder(): string {
    return path.join(this.settings.dataDir, 'oplog-archive');
  }

  async months(): Promise<MonthState[]> {
    return (await this.ds.query(MONTHS_WITH_STATE, [this.now()])) as MonthState[];
  }

  holds(): Promise<OplogLegalHold[]> {
    return this.ds.getRepository(OplogLegalHold).find({ order: { setAt: 'DESC' } });
  }

  archives(): Promise<OplogArchive[]> {
    return this.ds.getRepository(OplogArchive).find({ order: { month: 'ASC' } });
  }

  /** Exports the month ('YYYY-MM') to a file and drops its partition, the manager's explicit step. */
  async archive(month: string, byStaffId: string, meta: AuditMeta): Promise<OplogArchive> {
    const target = { type: 'OperationRecordMonth', id: month };
    if (typeof month !== 'string' || !MONTH.test(month)) {
      const e = new OplogArchiveError(E.OPLOG_NO_PARTITION, '月は YYYY-MM で指定してください (month is YYYY-MM)');
      await this.audited.refuse(meta, 'Mutation.archiveOperationRecordMonth', e.code, { type: target.type });
      throw e;
    }
    const file = `${partitionName(month)}.csv.gz`;
    const final = path.join(this.folder, file);
    const part = `${final}.part`;
    let renamed = false;
    try {
      return await this.audited.write(meta, 'Mutation.archiveOperationRecordMonth', target, async (em) => {
        const now = this.now();
        const [state] = (await em.query(MONTH_STATE, [`${month}-01`, now])) as {
          lower: Date;
          upper: Date;
          exists: boolean;
          pastRetention: boolean;
        }[];
        if (!state.exists) {
          throw new OplogArchiveError(
            E.OPLOG_NO_PARTITION,
            `${month} の操作履歴はありません (アーカイブ済みか、作られていません)`,
          );
        }
        if (!state.pastRetention) {
          throw new OplogArchiveError(
            E.OPLOG_PARTITION_TOO_YOUNG,
            `${month} の操作履歴は保存期間 (7年) 内です。削除できません (A20.2)`,
          );
        }
        const holds = (await em.query(HOLDS_OVER, [state.lower, state.upper])) as { id: string }[];
        if (holds.length) {
          throw new OplogArchiveError(E.OPLOG_LEGAL_HOLD, `${month} は保全 (リーガルホールド) の対象です`, {
            holds: holds.map((h) => h.id),
          });
        }
        const { rows, sha256, bytes } = await this.export(em, month, part);
        const dropped = await this.drop(em, month, rows);
        await rename(part, final);
        renamed = true;
        const record = em.getRepository(OplogArchive).create({
          month,
          file: path.join('oplog-archive', file),
          sha256,
          rows: dropped,
          bytes: String(bytes),
          archivedById: byStaffId,
          archivedAt: now,
        });
        await em.getRepository(OplogArchive).insert(record);
        return {
          result: record,
          targetId: month,
          changes: created({ file: record.file, sha256, rows: dropped, bytes: record.bytes }),
        };
      });
    } catch (e) {
      await rm(part, { force: true });
      if (renamed) await rm(final, { force: true });
      throw e;
    }
  }

  /** COPY the partition out through gzip into `file`, hashing what is written. */
  private async export(em: EntityManager, month: string, file: string) {
    await mkdir(this.folder, { recursive: true, mode: 0o700 });
    await em.query(`SET LOCAL statement_timeout = ${Math.round(this.settings.statementTimeoutMs)}`);
    const client = (await em.queryRunner!.connect()) as pg.PoolClient;
    const hash = createHash('sha256');
    let bytes = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        bytes += chunk.length;
        done(null, chunk);
      },
    });
    const copy = client.query(copyTo(EXPORT_MONTH(month)));
    await pipeline(copy, createGzip(), tap, createWriteStream(file, { mode: 0o600 }));
    const written = await stat(file);
    if (written.size !== bytes) throw new Error(`archive ${file}: ${written.size} bytes on disk, ${bytes} written`);
    return { rows: copy.rowCount, sha256: hash.digest('hex'), bytes };
  }

  /** The owner's function detaches and drops the partition, checking age, holds and rows again. */
  private async drop(em: EntityManager, month: string, rows: number): Promise<string> {
    try {
      const [r] = (await em.query(ARCHIVE_PARTITION, [`${month}-01`, rows])) as { rows: string }[];
      return r.rows;
    } catch (e) {
      const code = ARCHIVE_REFUSALS[sqlState(e) as keyof typeof ARCHIVE_REFUSALS];
      if (code) throw new OplogArchiveError(E[code], (e as Error).message);
      throw e;
    }
  }

  /** A20.2: a legal hold over a period (or the whole history), with its reason. */
  async setHold(input: LegalHoldInput, byStaffId: string, meta: AuditMeta): Promise<OplogLegalHold> {
    return this.audited.write(meta, 'Mutation.setOplogLegalHold', 'OplogLegalHold', async (em) => {
      const reason = input.reason?.trim() ?? '';
      if (!reason) throw new OplogArchiveError(E.OPLOG_BAD_LEGAL_HOLD, '保全の理由を入力してください');
      if (input.from && input.to && !(input.from < input.to)) {
        throw new OplogArchiveError(E.OPLOG_BAD_LEGAL_HOLD, '対象期間の開始は終了より前です');
      }
      const repo = em.getRepository(OplogLegalHold);
      const hold = repo.create({
        reason,
        from: input.from ?? null,
        to: input.to ?? null,
        setById: byStaffId,
        setAt: this.now(),
        liftedById: null,
        liftedAt: null,
        liftReason: null,
      });
      await repo.insert(hold);
      return {
        result: hold,
        targetId: hold.id,
        changes: created({ reason, from: hold.from, to: hold.to }),
      };
    });
  }

  /** A20.2: the hold ends, with a reason; the months it covered may be archived again. */
  async liftHold(id: string, liftReason: string, byStaffId: string, meta: AuditMeta): Promise<OplogLegalHold> {
    return this.audited.write(meta, 'Mutation.liftOplogLegalHold', { type: 'OplogLegalHold', id }, async (em) => {
      const repo = em.getRepository(OplogLegalHold);
      const hold = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!hold || hold.liftedAt) {
        throw new OplogArchiveError(E.OPLOG_BAD_LEGAL_HOLD, 'この保全は存在しないか、解除済みです');
      }
      const reason = liftReason?.trim() ?? '';
      if (!reason) throw new OplogArchiveError(E.OPLOG_BAD_LEGAL_HOLD, '解除の理由を入力してください');
      hold.liftedAt = this.now();
      hold.liftedById = byStaffId;
      hold.liftReason = reason;
      await repo.save(hold);
      return {
        result: hold,
        targetId: id,
        changes: { liftedAt: [null, hold.liftedAt], liftReason: [null, reason] },
      };
    });
  }
}
