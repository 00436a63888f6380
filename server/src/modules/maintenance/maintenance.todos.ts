// What the maintenance module asks of a person on the 対応が必要 home (A26).
import type { DataSource } from 'typeorm';
import { Authority } from '../../shared/authority.js';
import type { TodoSource } from '../../shared/module.js';
import { COUNT_UNCOVERED, ESCORTED_BY } from './work-order.sql.js';

export interface MaintenanceTodoServices {
  ds: DataSource;
}

const count = async (ds: DataSource, sql: string, params: unknown[]): Promise<number> =>
  Number(((await ds.query(sql, params)) as { n: number }[])[0]?.n ?? 0);

const RESULT_DUE = `o.state IN ('INSTRUCTED', 'IN_PROGRESS') AND o."endsAt" <= $1`;

export function maintenanceTodos(s: MaintenanceTodoServices): TodoSource[] {
  const { ds } = s;
  return [
    {
      id: 'maintenance.resultsToConfirm',
      title: '保守作業の結果の確認',
      link: '/maintenance?due=1',
      authorities: [Authority.MANAGER],
      // orders whose window ended without a result: confirm it, or cancel work that did not happen
      count: (ctx) =>
        count(ds, `SELECT count(*)::int AS n FROM maintenance_work_order o WHERE ${RESULT_DUE}`, [ctx.now]),
    },
    {
      id: 'maintenance.escortedResults',
      title: '付き添った保守作業の結果の確認',
      link: '/maintenance/escorted?due=1',
      authorities: [Authority.OPERATOR],
      // the staff who escorted the people in may confirm the result too (the manager has the item above)
      count: (ctx) =>
        ctx.authorities.has(Authority.MANAGER)
          ? Promise.resolve(0)
          : count(
              ds,
              `SELECT count(*)::int AS n FROM maintenance_work_order o
                WHERE o.state = 'IN_PROGRESS' AND o."endsAt" <= $1 AND ${ESCORTED_BY('o', '$2')}`,
              [ctx.now, ctx.staffId],
            ),
    },
    {
      id: 'maintenance.entriesToReview',
      title: '作業の指示のない外部の者の入室の確認',
      link: '/maintenance#uncovered',
      authorities: [Authority.MANAGER],
      count: (ctx) => count(ds, COUNT_UNCOVERED, [ctx.now]),
    },
  ];
}
