// What the documents tell the compliance view (A7.2, A14.6, A22.1–3, A27), from live data. A past
// day: a version counts when it was stored by the end of that day and effective on it, approved when
// approved by then; a change of a linked item counts when it was recorded by then. The review date
// has no history (a later review moves it): a past day uses the date as it is now.
import type { DataSource } from 'typeorm';
import type { ComplianceContext, ComplianceControl, ComplianceFinding } from '../../shared/module.js';
import { TO_REVIEW_SQL } from './document-reading.service.js';

interface DocumentComplianceServices {
  ds: DataSource;
}

interface InForce {
  id: string;
  title: string;
  versionLabel: string;
  effectiveOn: string;
  reviewOn: string;
  approved: boolean;
}

/** Documents of a type with a version effective on ctx.on and stored by ctx.asOf, with that version. */
async function inForce(ds: DataSource, type: string, ctx: ComplianceContext): Promise<InForce[]> {
  return (await ds.query(
    `SELECT d.id, d.title, cur."versionLabel", cur."effectiveOn"::text AS "effectiveOn",
            cur."reviewOn"::text AS "reviewOn", (cur."approvedAt" IS NOT NULL AND cur."approvedAt" <= $3) AS approved
       FROM configuration_document d
       CROSS JOIN LATERAL (
         SELECT v."versionLabel", v."effectiveOn", v."reviewOn", v."approvedAt" FROM configuration_document_version v
          WHERE v."documentId" = d.id AND v."effectiveOn" <= $2 AND v."uploadedAt" <= $3
          ORDER BY v."effectiveOn" DESC, v."uploadedAt" DESC LIMIT 1) cur
      WHERE d.type = $1::configuration_document_type
      ORDER BY cur."effectiveOn" DESC`,
    [type, ctx.on, ctx.asOf],
  )) as InForce[];
}

const named = (docs: InForce[]) => docs.map((d) => `「${d.title}」${d.versionLabel}`).join('、');

/** ATTENTION for current versions not approved, or past their review date; null: none. */
function upkeep(docs: InForce[], ctx: ComplianceContext): ComplianceFinding | null {
  const unapproved = docs.filter((d) => !d.approved);
  const overdue = docs.filter((d) => d.reviewOn < ctx.on);
  const reasons: string[] = [];
  if (unapproved.length) reasons.push(`現行の版が承認されていません: ${named(unapproved)}`);
  if (overdue.length)
    reasons.push(`見直し期日を過ぎています: ${overdue.map((d) => `${named([d])} (${d.reviewOn})`).join('、')}`);
  return reasons.length ? { status: 'ATTENTION', reason: reasons.join('。') } : null;
}

/** A manual the manager must make (A22.2, A27): none in force is a VIOLATION; unapproved or overdue, ATTENTION. */
function manualControl(db: DataSource, article: string, type: string, label: string): ComplianceControl {
  return {
    article,
    title: `${label}が作成され、承認・見直しされていること`,
    link: `/configuration/documents?type=${type}`,
    async evaluate(ctx): Promise<ComplianceFinding> {
      const docs = await inForce(db, type, ctx);
      if (!docs.length) return { status: 'VIOLATION', reason: `${label} (施行済みの版) が登録されていません` };
      return (
        upkeep(docs, ctx) ?? { status: 'OK', reason: `${named(docs.slice(0, 1))} (${docs[0].effectiveOn} 施行) が現行` }
      );
    },
  };
}

export function documentCompliance({ ds: db }: DocumentComplianceServices): ComplianceControl[] {
  const manuals = [
    manualControl(db, 'A22.1–3', 'INTRUSION_RESPONSE_MANUAL', '不正アクセス行為を受けたときの対応マニュアル'),
    manualControl(db, 'A27', 'FAILURE_MANUAL', '障害対策マニュアル'),
  ];
  return [
    {
      article: 'A7.2',
      title: '暗証番号等の運用基準が作成され、承認・見直しされていること',
      link: '/configuration/documents?type=PIN_RULES',
      async evaluate(ctx): Promise<ComplianceFinding> {
        const docs = await inForce(db, 'PIN_RULES', ctx);
        const [rules] = docs;
        if (!rules)
          return {
            status: 'VIOLATION',
            reason: '暗証番号管理者の作成する暗証番号等の運用基準 (施行済みの版) が登録されていません',
          };
        return (
          upkeep([rules], ctx) ?? {
            status: 'OK',
            reason: `「${rules.title}」${rules.versionLabel} (${rules.effectiveOn} 施行) が現行`,
          }
        );
      },
    },
    {
      article: 'A14.6',
      title: 'ネットワーク構成のドキュメントがあり、変更が反映されていること',
      link: '/configuration/documents?type=NETWORK_CONFIGURATION',
      async evaluate(ctx): Promise<ComplianceFinding> {
        const docs = await inForce(db, 'NETWORK_CONFIGURATION', ctx);
        if (!docs.length)
          return {
            status: 'VIOLATION',
            reason: 'ネットワーク構成のドキュメント (施行済みの版) が登録されていません',
          };
        const due = (await db.query(TO_REVIEW_SQL, [null, ctx.on, ctx.asOf])) as { id: string }[];
        const reasons: string[] = [];
        if (due.length)
          reasons.push(
            `関係する構成品が変更された後、新しい版が登録されていないネットワーク構成のドキュメントが${due.length}件あります`,
          );
        const kept = upkeep(docs, ctx);
        if (kept) reasons.push(kept.reason);
        if (reasons.length)
          return {
            status: 'ATTENTION',
            reason: reasons.join('。'),
            link: '/configuration/documents?type=NETWORK_CONFIGURATION',
          };
        return {
          status: 'OK',
          reason: `ネットワーク構成のドキュメント${docs.length}件、すべて現行の版が最新の構成を反映`,
        };
      },
    },
    ...manuals,
  ];
}
