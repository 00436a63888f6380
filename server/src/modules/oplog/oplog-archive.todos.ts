// What the retention step asks of the manager on 対応が必要 (A20.2): the months of the history past
// 7 years that are neither archived (an archived month has no partition left) nor under a legal hold.
import type { DataSource } from 'typeorm';
import { Authority } from '../../shared/authority.js';
import type { TodoSource } from '../../shared/module.js';
import type { MonthState } from './oplog-archive.service.js';
import { MONTHS_WITH_STATE } from './oplog-archive.sql.js';

export function oplogArchiveTodos(s: { ds: DataSource }): TodoSource[] {
  return [
    {
      id: 'oplog.monthsToArchive',
      title: '保存期間 (7年) を過ぎた操作履歴の月のアーカイブ',
      link: '/oplog/retention',
      authorities: [Authority.MANAGER],
      count: async (ctx) =>
        ((await s.ds.query(MONTHS_WITH_STATE, [ctx.now])) as MonthState[]).filter((m) => m.pastRetention && !m.held)
          .length,
    },
  ];
}
