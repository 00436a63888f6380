// What the documents tell the compliance view (A7.2, A14.6), from live data. A past day: a version
// counts when it was stored by the end of that day and effective on it; a change of a linked item
// counts when it was recorded by then.
import type { DataSource } from 'typeorm';
import type { ComplianceContext, ComplianceControl, ComplianceFinding } from '../../shared/module.js';
import { TO_REVIEW_SQL } from './document-reading.service.js';

interface DocumentComplianceServices {
  ds: DataSource;
}

/** Documents of a type with a version effective on ctx.on and stored by ctx.asOf. */
async function inForce(ds: DataSource, type: string, ctx: ComplianceContext) {
  return (await ds.query(
    `SELECT d.id, d.title, cur."versionLabel", cur."effectiveOn"::text AS "effectiveOn"
       FROM configuration_document d
       CROSS JOIN LATERAL (
         SELECT v."versionLabel", v."effectiveOn" FROM configuration_document_version v
          WHERE v."documentId" = d.id AND v."effectiveOn" <= $2 AND v."uploadedAt" <= $3
          ORDER BY v."effectiveOn" DESC, v."uploadedAt" DESC LIMIT 1) cur
      WHERE d.type = $1::configuration_document_type
      ORDER BY cur."effectiveOn" DESC`,
    [type, ctx.on, ctx.asOf],
  )) as { id: string; title: string; versionLabel: string; effectiveOn: string }[];
}

export function documentCompliance({ ds }: DocumentComplianceServices): ComplianceControl[] {
  return [
    {
      article: 'A7.2',
      title: '暗証番号等の運用基準が作成されていること',
      link: '/configuration/documents?type=PIN_RULES',
      async evaluate(ctx): Promise<ComplianceFinding> {
        const [rules] = await inForce(ds, 'PIN_RULES', ctx);
        if (!rules)
          return {
            status: 'VIOLATION',
            reason: '暗証番号管理者の作成する暗証番号等の運用基準 (施行済みの版) が登録されていません',
          };
        return { status: 'OK', reason: `「${rules.title}」${rules.versionLabel} (${rules.effectiveOn} 施行) が現行` };
      },
    },
    {
      article: 'A14.6',
      title: 'ネットワーク構成のドキュメントがあり、変更が反映されていること',
      link: '/configuration/documents?type=NETWORK_CONFIGURATION',
      async evaluate(ctx): Promise<ComplianceFinding> {
        const docs = await inForce(ds, 'NETWORK_CONFIGURATION', ctx);
        if (!docs.length)
          return {
            status: 'VIOLATION',
            reason: 'ネットワーク構成のドキュメント (施行済みの版) が登録されていません',
          };
        const due = (await ds.query(TO_REVIEW_SQL, [null, ctx.on, ctx.asOf])) as { id: string }[];
        if (due.length)
          return {
            status: 'ATTENTION',
            reason: `関係する構成品が変更された後、新しい版が登録されていないネットワーク構成のドキュメントが${due.length}件あります`,
            link: '/configuration/documents?type=NETWORK_CONFIGURATION',
          };
        return {
          status: 'OK',
          reason: `ネットワーク構成のドキュメント${docs.length}件、すべて現行の版が最新の構成を反映`,
        };
      },
    },
  ];
}
