// What the reviews of the operation history ask of the manager on 対応が必要 (A20.1): the months
// ended with records and no signed review — the next review due is the oldest of them.
import type { DataSource } from 'typeorm';
import { Authority } from '../../shared/authority.js';
import type { TodoSource } from '../../shared/module.js';
import { monthOf, monthsToReview } from './review.service.js';

export function oplogReviewTodos(s: { ds: DataSource }): TodoSource[] {
  return [
    {
      id: 'oplog.reviewsDue',
      title: '操作履歴の点検・承認 (月ごと)',
      link: '/oplog/reviews',
      authorities: [Authority.MANAGER],
      count: async (ctx) => (await monthsToReview(s.ds, monthOf(ctx.now), ctx.now)).filter((m) => !m.signed).length,
    },
  ];
}
