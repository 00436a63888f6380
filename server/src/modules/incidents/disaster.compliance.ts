// What disaster mode tells the compliance view (A30.1): no incident closed with rows of its
// shutdown checklist left unconfirmed and without a reason (a row the phones could not do says why,
// CANNOT; one the manager took off the list says why, WAIVED). A past day is judged as the record
// stood at its end: a closed incident takes no more confirmations, so what was open at closing stays so.
import type { DataSource } from 'typeorm';
import type { ComplianceContext, ComplianceControl, ComplianceFinding } from '../../shared/module.js';

const UNCONFIRMED_AT_CLOSING = `SELECT i.id, count(*)::int AS n
   FROM disaster_checklist_item c JOIN incident i ON i.id = c."incidentId"
  WHERE i."closedAt" <= $1 AND c.outcome IS NULL
  GROUP BY i.id, i."closedAt" ORDER BY i."closedAt" DESC, i.id`;

const IN_PROGRESS = `SELECT count(DISTINCT i.id)::int AS incidents, count(c.id) FILTER (WHERE c.outcome IS NULL
      OR c."recordedAt" > $1)::int AS open
   FROM incident_disaster_mode m JOIN incident i ON i.id = m."incidentId"
   LEFT JOIN disaster_checklist_item c ON c."incidentId" = i.id AND c."addedAt" <= $1
  WHERE m."declaredAt" <= $1 AND (i."closedAt" IS NULL OR i."closedAt" > $1)`;

export function disasterCompliance(s: { ds: DataSource }): ComplianceControl[] {
  return [
    {
      article: 'A30',
      title: '災害モードの確認リスト (システムの終了・端末の電源の切断) が、理由なく未確認のまま終了されていないこと',
      link: '/incidents/disaster',
      async evaluate(ctx: ComplianceContext): Promise<ComplianceFinding> {
        const left = (await s.ds.query(UNCONFIRMED_AT_CLOSING, [ctx.asOf])) as { id: string; n: number }[];
        if (left.length) {
          const rows = left.reduce((sum, r) => sum + r.n, 0);
          return {
            status: 'VIOLATION',
            reason: `終了したインシデント${left.length}件に、理由のない未確認の行が${rows}行あります`,
            link: `/incidents/${left[0].id}/disaster`,
          };
        }
        const [now] = (await s.ds.query(IN_PROGRESS, [ctx.asOf])) as { incidents: number; open: number }[];
        return {
          status: 'OK',
          reason: now.incidents
            ? `災害モード中${now.incidents}件 (未確認${now.open}行)`
            : '理由なく未確認のまま終了された確認リストはありません',
        };
      },
    },
  ];
}
