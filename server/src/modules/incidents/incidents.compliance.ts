// What the incidents module tells the compliance view (A19, A22, A27–A30), from live data: no
// incident past its limit unacknowledged, no mandated step open past its limit, and scans logged
// for media received. "As of" a past day: every figure has a timestamp (reported, acknowledged,
// recorded, waived), so a past day is judged as the record stood at the end of it.
// (A26, maintenance work orders, comes with the work orders; A12.2's unauthorised entries are the
// access module's control.)
import type { DataSource } from 'typeorm';
import type { IncidentSettings } from '../../config.js';
import type { ComplianceContext, ComplianceControl, ComplianceFinding } from '../../shared/module.js';
import { ackMinutesOf } from './incident-opening.js';
import { INCIDENT_TYPES, IncidentType, type TypeDefinition } from './incident-types.js';

/** Received media are expected to be scanned at least once in this many days (A19.1). */
export const SCAN_WINDOW_DAYS = 90;

export interface IncidentComplianceServices {
  ds: DataSource;
  config: { incidents: IncidentSettings };
}

const count = async (ds: DataSource, sql: string, params: unknown[]): Promise<number> =>
  Number(((await ds.query(sql, params)) as { n: number }[])[0]?.n ?? 0);

/** Incidents of a type whose limit had passed at asOf with nobody having acknowledged them by then. */
const LATE_ACKNOWLEDGEMENTS = `SELECT count(*)::int AS n FROM incident
  WHERE type = $1::incident_type AND "reportedAt" + make_interval(mins => $2) < $3
    AND ("acknowledgedAt" IS NULL OR "acknowledgedAt" > $3)`;

/** Mandated steps of these articles open past their due time at asOf. */
const LATE_STEPS = `SELECT count(*)::int AS n FROM incident_step s JOIN incident i ON i.id = s."incidentId"
  WHERE i.type = $1::incident_type AND s.mandated AND s.article = ANY($2::text[])
    AND s."dueAt" < $3 AND i."reportedAt" <= $3
    AND (coalesce(s."recordedAt", s."doneAt") IS NULL OR coalesce(s."recordedAt", s."doneAt") > $3)
    AND (s."waivedAt" IS NULL OR s."waivedAt" > $3)`;

const OPEN_INCIDENTS = `SELECT count(*)::int AS n FROM incident
  WHERE type = $1::incident_type AND "reportedAt" <= $2 AND ("closedAt" IS NULL OR "closedAt" > $2)`;

/**
 * One control per article of a type: an acknowledgement later than the limit (the report reaching
 * someone responsible, REQUIREMENTS §5) counts against the type's reporting article (the first),
 * and every mandated step against its own article.
 */
function typeControl(
  ds: DataSource,
  settings: IncidentSettings,
  def: TypeDefinition,
  article: string,
  title: string,
): ComplianceControl {
  const reporting = def.articles[0] === article;
  const limit = ackMinutesOf(def, settings);
  return {
    article,
    title,
    link: `/incidents?type=${def.type}`,
    async evaluate(ctx: ComplianceContext): Promise<ComplianceFinding> {
      const late = reporting ? await count(ds, LATE_ACKNOWLEDGEMENTS, [def.type, limit, ctx.asOf]) : 0;
      const steps = await count(ds, LATE_STEPS, [def.type, [article], ctx.asOf]);
      const open = await count(ds, OPEN_INCIDENTS, [def.type, ctx.asOf]);
      const parts = [
        ...(late ? [`${limit}分以内に確認されていない報告が${late}件`] : []),
        ...(steps ? [`期限を過ぎて終わっていない手順が${steps}件`] : []),
      ];
      const link = `/incidents?type=${def.type}&overdue=true`;
      if (parts.length) return { status: 'VIOLATION', reason: `${def.label}: ${parts.join('、')}あります`, link };
      return {
        status: 'OK',
        reason: open ? `${def.label}: 対応中${open}件 (期限内)` : `${def.label}: 期限を過ぎたものはありません`,
      };
    },
  };
}

export function incidentsCompliance(s: IncidentComplianceServices): ComplianceControl[] {
  const { ds } = s;
  const settings = s.config.incidents;
  const T = INCIDENT_TYPES;
  return [
    {
      article: 'A19.1–2',
      title: '受け取った媒体・送り出すデータのウイルス検査が記録されていること',
      // the log itself (it links to recording a new scan)
      link: '/incidents/scans',
      async evaluate(ctx): Promise<ComplianceFinding> {
        const [row] = (await ds.query(
          `SELECT count(*) FILTER (WHERE direction = 'RECEIVED')::int AS received,
                  count(*) FILTER (WHERE direction = 'SENT_OUT')::int AS sent
             FROM media_scan WHERE "recordedAt" <= $1 AND "scannedAt" > $1::timestamptz - make_interval(days => $2)`,
          [ctx.asOf, SCAN_WINDOW_DAYS],
        )) as { received: number; sent: number }[];
        const figures = `受け取った媒体${row.received}件、送り出し${row.sent}件`;
        // there is no register of media received yet (the configuration register, A14.5): the log
        // can only be asked whether scans are being recorded at all
        if (row.received === 0)
          return {
            status: 'ATTENTION',
            reason: `直近${SCAN_WINDOW_DAYS}日、受け取った媒体の検査記録がありません (${figures})。媒体を受け取っていれば記録してください`,
          };
        return { status: 'OK', reason: `直近${SCAN_WINDOW_DAYS}日の検査記録: ${figures}` };
      },
    },
    typeControl(
      ds,
      settings,
      T.VIRUS,
      'A19.3',
      'ウイルス感染の報告が期限内に確認され、運用管理者の手順が済んでいること',
    ),
    typeControl(ds, settings, T.VIRUS, 'A19.4', '管理者が運用管理者への連絡と感染拡大の防止を済ませていること'),
    typeControl(
      ds,
      settings,
      T.UNAUTHORISED_ACCESS,
      'A22.1–3',
      '不正アクセスの報告が期限内に確認され、対応マニュアルによる手順が済んでいること',
    ),
    typeControl(ds, settings, T.SYSTEM_FAILURE, 'A27', 'システムの障害の報告が期限内に確認されていること'),
    typeControl(ds, settings, T.DISASTER, 'A28', '災害・緊急事態の連絡が直ちに確認され、指示が記録されていること'),
    typeControl(ds, settings, T[IncidentType.FIRE], 'A29', '火災の被害の報告が直ちに確認されていること'),
    typeControl(
      ds,
      settings,
      T.EARTHQUAKE_OR_LIGHTNING,
      'A30',
      '地震・落雷の際にシステムの終了と端末の電源の切断が直ちに済んでいること',
    ),
  ];
}
