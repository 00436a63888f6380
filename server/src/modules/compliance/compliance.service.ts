// The live compliance picture (part 5) and "what needs me" (part 6), built only from what the
// modules declare: their controls (article → finding) and their to-do sources. Articles come from
// articles.ts; an article no control evaluates is NOT_COVERED, never hidden.
import type { Authority } from '../../shared/authority.js';
import { dateIn } from '../../shared/dates.js';
import { AppError, CommonErrorCode } from '../../shared/errors.js';
import type { ComplianceContext, ComplianceControl, TodoSource } from '../../shared/module.js';
import { ARTICLES, chapterOf } from './articles.js';
import {
  ComplianceStatus,
  type ComplianceArticle,
  type ComplianceControlResult,
  type ComplianceReport,
  type TodoItem,
} from './compliance.types.js';

/** Where a broken control or to-do source is reported (pino's shape). */
export interface ComplianceLog {
  error(obj: object, msg: string): void;
}

const RANK: Record<ComplianceStatus, number> = {
  [ComplianceStatus.NOT_COVERED]: 0,
  [ComplianceStatus.OK]: 1,
  [ComplianceStatus.ATTENTION]: 2,
  [ComplianceStatus.VIOLATION]: 3,
};

/** Controls run a few at a time: each is a query or two, and the pool is shared with requests. */
const CONCURRENCY = 4;

export const UNEVALUATED_REASON = '評価できませんでした';

/** 'YYYY-MM-DD' → the next calendar day. */
function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

async function inBatches<T, R>(items: readonly T[], size: number, f: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(f))));
  return out;
}

export class ComplianceService {
  constructor(
    private readonly controls: readonly ComplianceControl[],
    private readonly todos: readonly TodoSource[],
    private readonly opts: { now: () => Date; timeZone: string; log: ComplianceLog },
  ) {}

  /**
   * Every article with the findings of its controls, as of the end of `on` (today: now). A control
   * that throws reads ATTENTION 「評価できませんでした」 and is logged; the others still show.
   */
  async report(on: string | null): Promise<ComplianceReport> {
    const now = this.opts.now();
    const today = dateIn(this.opts.timeZone, now);
    const day = on ?? today;
    if (day > today)
      throw new AppError(CommonErrorCode.BAD_USER_INPUT, '先の日付は評価できません (on may not be in the future)');
    // Japan has no daylight saving time: the end of a day in Tokyo is the next midnight at +09:00
    const asOf = day === today ? now : new Date(`${nextDay(day)}T00:00:00+09:00`);
    const ctx: ComplianceContext = { on: day, asOf, now };
    const results = await inBatches(this.controls, CONCURRENCY, (c) => this.evaluate(c, ctx));
    const articles: ComplianceArticle[] = ARTICLES.map((a) => {
      const controls = results.filter((r) => r.article === a.id);
      const status = controls.reduce<ComplianceStatus>(
        (worst, r) => (RANK[r.status] > RANK[worst] ? r.status : worst),
        controls.length ? ComplianceStatus.OK : ComplianceStatus.NOT_COVERED,
      );
      const chapter = chapterOf(a.chapter);
      return {
        id: a.id,
        chapter: a.chapter,
        chapterTitle: chapter.title,
        chapterTitleEn: chapter.titleEn,
        title: a.title,
        titleEn: a.titleEn,
        rule: a.rule,
        status,
        controls,
      };
    });
    const n = (s: ComplianceStatus) => articles.filter((a) => a.status === s).length;
    return {
      on: day,
      evaluatedAt: now,
      articles,
      summary: {
        ok: n(ComplianceStatus.OK),
        attention: n(ComplianceStatus.ATTENTION),
        violation: n(ComplianceStatus.VIOLATION),
        notCovered: n(ComplianceStatus.NOT_COVERED),
      },
    };
  }

  /** What waits for this person: sources for one of their authorities, with a count above zero. */
  async todosFor(staffId: string, authorities: ReadonlySet<Authority>): Promise<TodoItem[]> {
    const now = this.opts.now();
    const ctx = { staffId, authorities, today: dateIn(this.opts.timeZone, now), now };
    const mine = this.todos.filter((t) => t.authorities.some((a) => authorities.has(a)));
    const counted = await inBatches(mine, CONCURRENCY, async (t) => {
      try {
        return { id: t.id, title: t.title, link: t.link, count: await t.count(ctx) };
      } catch (err) {
        this.opts.log.error({ err, todo: t.id }, 'to-do count failed');
        return null;
      }
    });
    return counted.filter((t): t is TodoItem => !!t && t.count > 0);
  }

  private async evaluate(c: ComplianceControl, ctx: ComplianceContext): Promise<ComplianceControlResult> {
    try {
      const f = await c.evaluate(ctx);
      return {
        article: c.article,
        title: c.title,
        status: f.status as ComplianceStatus,
        reason: f.reason,
        link: f.link ?? c.link,
      };
    } catch (err) {
      this.opts.log.error({ err, article: c.article, control: c.title }, 'compliance control failed');
      return {
        article: c.article,
        title: c.title,
        status: ComplianceStatus.ATTENTION,
        reason: UNEVALUATED_REASON,
        link: c.link,
      };
    }
  }
}
