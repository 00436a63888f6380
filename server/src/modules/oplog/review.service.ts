// A20.1: the monthly review of the operation history. A reviewer (the manager, the chief or the
// deputy chief) opens the review of a month, marks records the saved queries surface as explained
// or as findings, writes the findings, and the manager signs it off once the month is over. A month
// with records and no signed review is a gap (review.compliance.ts) and the manager's to-do.
import { SOURCE_ID } from './oplog-ingest.service.js';
import type { DataSource, Repository } from 'typeorm';
import type { RequestMeta } from '../../shared/audit.js';
import { created, type AuditedWrites } from '../../shared/audited.js';
import { dateIn } from '../../shared/dates.js';
import { MONTH } from '../../shared/ids.js';
import { OplogMarkVerdict, OplogReview, OplogReviewMark, OplogReviewState } from './review.entity.js';
import { OplogReviewError, OplogReviewErrorCode } from './review.errors.js';
import type { OplogReviewAction } from './review.policy.js';
import { MONTHS_TO_REVIEW, RECORD_BY_KEY, RECORD_OPERATOR } from './review.sql.js';

const TARGET = 'OplogReview';
const MAX_FINDINGS = 4000;
const MAX_NOTE = 1000;
/** marks listed on a review's page at most (a month's review marks what needs a look, not everything) */
export const MAX_MARKS = 1000;

/** 'YYYY-MM' of a Tokyo instant. */
export const monthOf = (at: Date): string => dateIn('Asia/Tokyo', at).slice(0, 7);
/** The first instant of a Tokyo month. */
export const monthStart = (month: string): Date => new Date(`${month}-01T00:00:00+09:00`);
/** The month after 'YYYY-MM'. */
export const nextMonth = (month: string): string => {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};

export interface MonthToReview {
  month: string;
  signed: boolean;
}

/** Months before `before` ('YYYY-MM') with records, and whether each was signed off by `asOf`. */
export async function monthsToReview(ds: DataSource, before: string, asOf: Date): Promise<MonthToReview[]> {
  const rows = (await ds.query(MONTHS_TO_REVIEW, [`${before}-01`, asOf])) as MonthToReview[];
  return rows.map((r) => ({ month: r.month, signed: Boolean(r.signed) }));
}

export interface Reviewer {
  staffId: string;
}

export interface MarkInput {
  at: Date;
  sourceId: string;
  line: number;
  verdict: OplogMarkVerdict;
  note: string;
}

const err = (code: OplogReviewErrorCode, message: string, details: Record<string, unknown> = {}) =>
  new OplogReviewError(code, message, details);
const notFound = () => err(OplogReviewErrorCode.OPLOG_REVIEW_NOT_FOUND, '点検が見つかりません (review not found)');

function text(value: string | null | undefined, max: number, what: string): string {
  const t = (value ?? '').trim();
  if (!t || t.length > max)
    throw err(
      OplogReviewErrorCode.OPLOG_REVIEW_BAD_TEXT,
      `${what}を${max}文字以内で入力してください (1–${max} characters)`,
    );
  return t;
}

export class OplogReviewService {
  constructor(
    private readonly ds: DataSource,
    private readonly audited: AuditedWrites<OplogReviewAction>,
    private readonly now: () => Date,
  ) {}

  list(): Promise<OplogReview[]> {
    // one a month: 84 in seven years, so no paging
    return this.ds.getRepository(OplogReview).find({ order: { month: 'DESC' } });
  }

  async one(id: string): Promise<OplogReview> {
    const r = await this.ds.getRepository(OplogReview).findOneBy({ id });
    if (!r) throw notFound();
    return r;
  }

  marks(reviewId: string): Promise<OplogReviewMark[]> {
    return this.ds
      .getRepository(OplogReviewMark)
      .find({ where: { reviewId }, order: { at: 'ASC', sourceId: 'ASC', line: 'ASC' }, take: MAX_MARKS });
  }

  /** The operator ID of a marked record and the staff member behind it that day (null: the record is gone). */
  async operatorOf(m: OplogReviewMark): Promise<{ operatorId: string; staffId: string | null } | null> {
    const [row] = (await this.ds.query(RECORD_OPERATOR, [m.at, m.sourceId, m.line])) as {
      operatorId: string;
      staffId: string | null;
    }[];
    return row ?? null;
  }

  /** Ended months with records and no signed review, oldest first: the reviews due. */
  async due(): Promise<string[]> {
    const rows = await monthsToReview(this.ds, monthOf(this.now()), this.now());
    return rows.filter((r) => !r.signed).map((r) => r.month);
  }

  create(month: string, by: Reviewer, meta: RequestMeta): Promise<OplogReview> {
    return this.audited.write(meta, 'Mutation.createOplogReview', { type: TARGET, id: null }, async (em) => {
      if (!MONTH.test(month) || month > monthOf(this.now()))
        throw err(
          OplogReviewErrorCode.OPLOG_REVIEW_BAD_MONTH,
          '対象の月を YYYY-MM で、今月以前で指定してください (month: YYYY-MM, not in the future)',
          { month },
        );
      // two at once wait for each other on the month, so the second sees the first
      await em.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 20))`, [`oplog-review-${month}`]);
      const existing = await em.getRepository(OplogReview).findOneBy({ month });
      if (existing)
        throw err(OplogReviewErrorCode.OPLOG_REVIEW_EXISTS, `${month}の点検はすでにあります (one review per month)`, {
          month,
          reviewId: existing.id,
        });
      const review = await em.getRepository(OplogReview).save(
        em.getRepository(OplogReview).create({
          month,
          state: OplogReviewState.OPEN,
          reviewerId: by.staffId,
          findings: null,
          createdAt: this.now(),
          signedOffById: null,
          signedOffAt: null,
          signOffNote: null,
        }),
      );
      return { result: review, targetId: review.id, changes: created({ month, reviewerId: by.staffId }) };
    });
  }

  recordFindings(id: string, findings: string, by: Reviewer, meta: RequestMeta): Promise<OplogReview> {
    return this.audited.write(meta, 'Mutation.recordOplogReviewFindings', { type: TARGET, id }, async (em) => {
      const review = await this.openOf(em.getRepository(OplogReview), id, by);
      const before = review.findings;
      review.findings = text(findings, MAX_FINDINGS, '点検の結果');
      await em.getRepository(OplogReview).save(review);
      return { result: review, targetId: id, changes: { findings: [before, review.findings] } };
    });
  }

  /** A verdict on one record, within the open review of its month, by its reviewer; marked again, it is replaced. */
  mark(input: MarkInput, by: Reviewer, meta: RequestMeta): Promise<OplogReviewMark> {
    // a source id is at most 64 characters (SOURCE_ID): a longer one names no record, nor the audit's target
    const key = `${input.sourceId.slice(0, 64)}:${input.line}:${input.at instanceof Date ? input.at.toISOString() : ''}`;
    return this.audited.write(
      meta,
      'Mutation.markOperationRecord',
      { type: 'OperationRecord', id: key },
      async (em) => {
        const note = text(input.note, MAX_NOTE, '説明・指摘の内容');
        if (
          !(input.at instanceof Date) ||
          Number.isNaN(input.at.getTime()) ||
          !Number.isInteger(input.line) ||
          !SOURCE_ID.test(input.sourceId)
        )
          throw err(OplogReviewErrorCode.OPLOG_RECORD_NOT_FOUND, '操作履歴の記録が見つかりません (record not found)');
        const found = (await em.query(RECORD_BY_KEY, [input.at, input.sourceId, input.line])) as unknown[];
        if (found.length === 0)
          throw err(OplogReviewErrorCode.OPLOG_RECORD_NOT_FOUND, '操作履歴の記録が見つかりません (record not found)');
        const month = monthOf(input.at);
        const review = await em.getRepository(OplogReview).findOneBy({ month });
        if (!review)
          throw err(
            OplogReviewErrorCode.OPLOG_REVIEW_NOT_FOUND,
            `${month}の点検を先に始めてください (open the month's review first)`,
            {
              month,
            },
          );
        await this.openOf(em.getRepository(OplogReview), review.id, by);
        const repo = em.getRepository(OplogReviewMark);
        const prior = await repo.findOneBy({ at: input.at, sourceId: input.sourceId, line: input.line });
        const mark = repo.create({
          at: input.at,
          sourceId: input.sourceId,
          line: input.line,
          reviewId: review.id,
          verdict: input.verdict,
          note,
          markedById: by.staffId,
          markedAt: this.now(),
        });
        await repo.save(mark);
        return {
          result: mark,
          targetId: key,
          changes: {
            reviewId: [prior?.reviewId ?? null, review.id],
            verdict: [prior?.verdict ?? null, mark.verdict],
            note: [prior?.note ?? null, note],
          },
        };
      },
    );
  }

  /** The manager's sign-off: the month over, the findings written; the review is then closed. */
  signOff(id: string, note: string | null | undefined, by: Reviewer, meta: RequestMeta): Promise<OplogReview> {
    return this.audited.write(meta, 'Mutation.signOffOplogReview', { type: TARGET, id }, async (em) => {
      const repo = em.getRepository(OplogReview);
      const review = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!review) throw notFound();
      if (review.state !== OplogReviewState.OPEN)
        throw err(OplogReviewErrorCode.OPLOG_REVIEW_SIGNED_OFF, 'この点検は承認済みです (already signed off)');
      const now = this.now();
      if (now < monthStart(nextMonth(review.month)))
        throw err(
          OplogReviewErrorCode.OPLOG_REVIEW_NOT_READY,
          '対象の月が終わってから承認してください (the month is not over)',
        );
      if (!review.findings)
        throw err(
          OplogReviewErrorCode.OPLOG_REVIEW_NOT_READY,
          '点検の結果が記録されていません (no findings written yet)',
        );
      review.state = OplogReviewState.SIGNED_OFF;
      review.signedOffById = by.staffId;
      review.signedOffAt = now;
      review.signOffNote = note?.trim() ? text(note, MAX_NOTE, '承認時のコメント') : null;
      await repo.save(review);
      return {
        result: review,
        targetId: id,
        changes: { state: [OplogReviewState.OPEN, review.state], signOffNote: [null, review.signOffNote] },
      };
    });
  }

  private async openOf(repo: Repository<OplogReview>, id: string, by: Reviewer): Promise<OplogReview> {
    const review = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!review) throw notFound();
    if (review.state !== OplogReviewState.OPEN)
      throw err(OplogReviewErrorCode.OPLOG_REVIEW_SIGNED_OFF, 'この点検は承認済みです (already signed off)');
    if (review.reviewerId !== by.staffId)
      throw err(
        OplogReviewErrorCode.OPLOG_NOT_YOUR_REVIEW,
        '点検の担当者だけが記録できます (only the reviewer records)',
      );
    return review;
  }
}
