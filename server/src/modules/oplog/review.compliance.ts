// A20.1 on /compliance: the operation history checked. Each Tokyo month with records is reviewed
// and the review signed off by the manager by the end of the following month. A month past that
// without a signed review is a gap (VIOLATION); a month just ended and not yet signed is ATTENTION.
// "As of" a past day: reviews signed by then, months ended by then.
import type { DataSource } from 'typeorm';
import type { ComplianceControl, ComplianceFinding } from '../../shared/module.js';
import { monthOf, monthsToReview, nextMonth } from './review.service.js';

const LINK = '/oplog/reviews';

/** The month before 'YYYY-MM'. */
const previousMonth = (month: string): string => {
  const [y, m] = month.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
};

export function oplogReviewCompliance(s: { ds: DataSource }): ComplianceControl[] {
  return [
    {
      article: 'A20.1',
      title: '操作履歴が月ごとに点検され、管理者が承認していること',
      link: LINK,
      async evaluate(ctx): Promise<ComplianceFinding> {
        const current = monthOf(ctx.asOf);
        const months = await monthsToReview(s.ds, current, ctx.asOf);
        const unsigned = months.filter((m) => !m.signed).map((m) => m.month);
        // the month just ended may still be reviewed until the end of this month
        const lastEnded = previousMonth(current);
        const gaps = unsigned.filter((m) => m < lastEnded);
        if (gaps.length > 0)
          return {
            status: 'VIOLATION',
            reason: `操作履歴の点検が承認されていない月があります: ${gaps.join('、')} (翌月末までに点検・承認が必要です)`,
          };
        if (unsigned.length > 0)
          return {
            status: 'ATTENTION',
            reason: `${lastEnded}の操作履歴の点検が未承認です (期限 ${nextMonth(lastEnded)}末)`,
          };
        if (months.length === 0)
          return { status: 'OK', reason: '点検の対象となる操作履歴 (終わった月の記録) はまだありません' };
        return { status: 'OK', reason: `記録のある月はすべて点検・承認されています (最新: ${months.at(-1)!.month})` };
      },
    },
  ];
}
