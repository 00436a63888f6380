// What the configuration register asks of a person on the 対応が必要 home (A14.1–2, A14.5, A17).
import type { DataSource } from 'typeorm';
import { Authority } from '../../shared/authority.js';
import type { TodoSource } from '../../shared/module.js';
import { authorityHoldersSql } from '../organisation/index.js';

export interface ConfigurationTodoServices {
  ds: DataSource;
}

const count = async (ds: DataSource, sql: string, params: unknown[] = []): Promise<number> =>
  Number(((await ds.query(sql, params)) as { n: number }[])[0]?.n ?? 0);

export function configurationTodos(s: ConfigurationTodoServices): TodoSource[] {
  const { ds } = s;
  return [
    {
      id: 'configuration.requestsToDecide',
      title: '構成の変更申請の承認',
      link: '/configuration/requests?status=REQUESTED',
      authorities: [Authority.MANAGER],
      // A14.1–2: every request waiting, but their own (Hardening §1)
      count: (ctx) =>
        count(
          ds,
          `SELECT count(*)::int AS n FROM configuration_change_request WHERE status = 'REQUESTED' AND "requestedById" <> $1`,
          [ctx.staffId],
        ),
    },
    {
      id: 'configuration.changesToConfirm',
      title: '実施された構成の変更の確認',
      link: '/configuration/requests?status=DONE',
      authorities: [Authority.MANAGER],
      count: (ctx) =>
        count(
          ds,
          `SELECT count(*)::int AS n FROM configuration_change_request
            WHERE status = 'DONE' AND "requestedById" <> $1 AND "carriedOutById" IS DISTINCT FROM $1`,
          [ctx.staffId],
        ),
    },
    {
      id: 'configuration.managerRequestsToDecide',
      title: '管理者の構成の変更申請の承認・確認',
      link: '/configuration/requests',
      authorities: [Authority.CHIEF, Authority.DEPUTY_CHIEF],
      // a request of a manager (or a change a manager carried out) is decided and confirmed by the chief or deputy chief
      count: (ctx) =>
        count(
          ds,
          `WITH managers AS (${authorityHoldersSql(`'MANAGER'`, '$2')})
           SELECT count(*)::int AS n FROM configuration_change_request r
            WHERE r."requestedById" <> $1 AND r."carriedOutById" IS DISTINCT FROM $1
              AND ((r.status = 'REQUESTED' AND r."requestedById" IN (SELECT id FROM managers))
                OR (r.status = 'DONE' AND (r."requestedById" IN (SELECT id FROM managers)
                                        OR r."carriedOutById" IN (SELECT id FROM managers))))`,
          [ctx.staffId, ctx.today],
        ),
    },
    {
      id: 'configuration.changesToCarryOut',
      title: '承認された構成の変更の実施',
      link: '/configuration/requests?status=APPROVED&mine=true',
      authorities: [Authority.OPERATOR],
      count: (ctx) =>
        count(
          ds,
          `SELECT count(*)::int AS n FROM configuration_change_request WHERE status = 'APPROVED' AND "requestedById" = $1`,
          [ctx.staffId],
        ),
    },
    {
      id: 'configuration.unapprovedToReview',
      title: '承認のない構成の変更の事後確認',
      link: '/configuration/history?unreviewed=true',
      authorities: [Authority.CHIEF, Authority.DEPUTY_CHIEF],
      count: (ctx) =>
        count(
          ds,
          `SELECT count(*)::int AS n FROM configuration_change
            WHERE basis IN ('EMERGENCY', 'DISCOVERED') AND "reviewedAt" IS NULL AND "byId" IS DISTINCT FROM $1`,
          [ctx.staffId],
        ),
    },
  ];
}
