// A21 (調査) on /compliance: investigations are carried through. ATTENTION when a request to
// cooperate has waited COOPERATION_DAYS without being confirmed, or an investigation has been open
// OPEN_DAYS without findings; OK otherwise (none open is OK: an investigation is opened when needed).
// Judged as of ctx.asOf from the investigations' own dates, so a past day reads as it was.
import type { DataSource } from 'typeorm';
import type { ComplianceControl, ComplianceFinding } from '../../shared/module.js';

export const COOPERATION_DAYS = 7;
export const OPEN_DAYS = 90;

const STATE_AS_OF = `
SELECT count(*) FILTER (WHERE ("cooperationAcknowledgedAt" IS NULL OR "cooperationAcknowledgedAt" > $1)
                          AND "openedAt" <= $1 - make_interval(days => $2))::int AS waiting,
       count(*) FILTER (WHERE findings IS NULL AND "openedAt" <= $1 - make_interval(days => $3))::int AS stale,
       count(*)::int AS open
  FROM investigation
 WHERE "openedAt" <= $1 AND ("closedAt" IS NULL OR "closedAt" > $1)`;

export function investigationCompliance(s: { ds: DataSource }): ComplianceControl[] {
  return [
    {
      article: 'A21',
      title: '調査が協力を得て進められ、所見が記録されていること',
      link: '/investigations',
      async evaluate(ctx): Promise<ComplianceFinding> {
        const [c] = (await s.ds.query(STATE_AS_OF, [ctx.asOf, COOPERATION_DAYS, OPEN_DAYS])) as {
          waiting: number;
          stale: number;
          open: number;
        }[];
        if (c.waiting > 0) {
          return {
            status: 'ATTENTION',
            reason: `調査への協力の依頼が${COOPERATION_DAYS}日以上確認されていません (${c.waiting}件)`,
          };
        }
        if (c.stale > 0) {
          return {
            status: 'ATTENTION',
            reason: `開始から${OPEN_DAYS}日以上、所見が記録されていない調査があります (${c.stale}件)`,
          };
        }
        return {
          status: 'OK',
          reason: c.open
            ? `調査中 ${c.open}件。協力の依頼は確認され、所見の記録も進んでいます`
            : '調査中の案件はありません',
        };
      },
    },
  ];
}
