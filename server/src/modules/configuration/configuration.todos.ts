// What the configuration register asks of a person on the 対応が必要 home (A14.1–2, A14.5, A17;
// the firewall's checks and drills, A14.7–8; the documents' approvals and reviews, A7.2, A14.6, A22.2, A27).
import type { DataSource } from 'typeorm';
import { Authority } from '../../shared/authority.js';
import type { TodoSource } from '../../shared/module.js';
import { authorityHoldersSql } from '../organisation/index.js';
import { TO_REVIEW_SQL } from './document-reading.service.js';
import { REQUIRED_DOCUMENT_TYPES, typesOwnedBy } from './document.entity.js';
import { FIREWALL_CHECK_DAYS, RESTORE_DRILL_MONTHS } from './firewall.service.js';

export interface ConfigurationTodoServices {
  ds: DataSource;
}

/** who keeps documents: the PIN administrator (A7.2) and the manager (the rest) */
const DOCUMENT_OWNERS = [Authority.MANAGER, Authority.PIN_ADMINISTRATOR];

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
    {
      // A14.7: 管理者 keeps the firewall's programs the latest (第14: the manager's duty; only the manager
      // records a check): each program in use never checked, or last checked more than 30 days ago
      id: 'configuration.firewallChecksDue',
      title: 'ファイヤーウォールのプログラムの最新版の確認',
      link: '/configuration?kind=FIREWALL_SOFTWARE',
      authorities: [Authority.MANAGER],
      count: (ctx) =>
        count(
          ds,
          `SELECT count(*)::int AS n FROM configuration_item i
            WHERE i.kind = 'FIREWALL_SOFTWARE' AND i.state = 'IN_USE'
              AND NOT EXISTS (SELECT 1 FROM firewall_version_check c
                               WHERE c."itemId" = i.id AND c."checkedOn" <= $1 AND c."checkedOn" >= $1::date - $2::int)`,
          [ctx.today, FIREWALL_CHECK_DAYS],
        ),
    },
    {
      // A14.8: 管理者 makes sure the settings can be restored: each program in use without a successful
      // restore drill in the last 12 months
      id: 'configuration.restoreDrillsDue',
      title: 'ファイヤーウォールの設定データの回復訓練',
      link: '/configuration?kind=FIREWALL_SOFTWARE',
      authorities: [Authority.MANAGER],
      count: (ctx) =>
        count(
          ds,
          `SELECT count(*)::int AS n FROM configuration_item i
            WHERE i.kind = 'FIREWALL_SOFTWARE' AND i.state = 'IN_USE'
              AND NOT EXISTS (SELECT 1 FROM firewall_restore_drill d
                               WHERE d."itemId" = i.id AND d.result = 'SUCCEEDED' AND d."drilledOn" <= $1
                                 AND d."drilledOn" > ($1::date - make_interval(months => $2)))`,
          [ctx.today, RESTORE_DRILL_MONTHS],
        ),
    },
    {
      // a version of a document this person's role keeps, current or still to take effect, not approved
      id: 'configuration.documentsToApprove',
      title: '文書の版の承認',
      link: '/configuration/documents',
      authorities: DOCUMENT_OWNERS,
      count: (ctx) =>
        count(
          ds,
          `SELECT count(*)::int AS n FROM configuration_document_version v
             JOIN configuration_document d ON d.id = v."documentId"
            WHERE d.type::text = ANY($1) AND v."approvedAt" IS NULL
              AND NOT EXISTS (SELECT 1 FROM configuration_document_version w
                               WHERE w."documentId" = v."documentId" AND w."effectiveOn" <= $2
                                 AND (w."effectiveOn", w."uploadedAt") > (v."effectiveOn", v."uploadedAt"))`,
          [typesOwnedBy(ctx.authorities), ctx.today],
        ),
    },
    {
      // its current version past its review date, or (A14.6) a linked item changed after it was stored
      id: 'configuration.documentsToReview',
      title: '文書の見直し',
      link: '/configuration/documents',
      authorities: DOCUMENT_OWNERS,
      count: (ctx) =>
        count(
          ds,
          // TO_REVIEW_SQL takes $1 (documents: all), $2 (the day), $3 (as known: now)
          `SELECT count(*)::int AS n FROM configuration_document d
            CROSS JOIN LATERAL (SELECT v."reviewOn" FROM configuration_document_version v
                                 WHERE v."documentId" = d.id AND v."effectiveOn" <= $2
                                 ORDER BY v."effectiveOn" DESC, v."uploadedAt" DESC LIMIT 1) cur
            WHERE d.type::text = ANY($4) AND (cur."reviewOn" < $2 OR d.id IN (${TO_REVIEW_SQL}))`,
          [null, ctx.today, null, typesOwnedBy(ctx.authorities)],
        ),
    },
    {
      // a type the standard requires (A7.2, A14.6, A22.2, A27) that this person's role keeps, none in force
      id: 'configuration.documentsMissing',
      title: '基準が求める文書の作成',
      link: '/configuration/documents',
      authorities: DOCUMENT_OWNERS,
      count: (ctx) =>
        count(
          ds,
          `SELECT count(*)::int AS n FROM unnest($1::text[]) AS t(type)
            WHERE NOT EXISTS (SELECT 1 FROM configuration_document d JOIN configuration_document_version v
                                ON v."documentId" = d.id AND v."effectiveOn" <= $2
                               WHERE d.type::text = t.type)`,
          [typesOwnedBy(ctx.authorities).filter((t) => REQUIRED_DOCUMENT_TYPES.includes(t)), ctx.today],
        ),
    },
  ];
}
