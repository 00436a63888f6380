// What investigations ask of a person on the 対応が必要 home (A21): the person asked to cooperate
// sees a request until they confirm it.
import type { DataSource } from 'typeorm';
import { Authority } from '../../shared/authority.js';
import type { TodoSource } from '../../shared/module.js';

export function investigationTodos(s: { ds: DataSource }): TodoSource[] {
  return [
    {
      id: 'oplog.investigationCooperation',
      title: '調査への協力の依頼 (A21)',
      link: '/investigations/cooperation',
      authorities: [Authority.OPERATOR],
      count: async (ctx) =>
        Number(
          (
            (await s.ds.query(
              `SELECT count(*)::int AS n FROM investigation
                WHERE "cooperatorId" = $1 AND "cooperationAcknowledgedAt" IS NULL AND state = 'OPEN'`,
              [ctx.staffId],
            )) as { n: number }[]
          )[0]?.n ?? 0,
        ),
    },
  ];
}
