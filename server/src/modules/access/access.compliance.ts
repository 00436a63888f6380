// What the access module tells the compliance view (A12.1–A12.3, A13), evaluated from live data.
// "As of" a past day: every figure here has a timestamp (detected / resolved / decided /
// acknowledged), so a past day is evaluated at the end of that day; only whether a room is in
// use has no history, and the reason says so.
import type { DataSource } from 'typeorm';
import type { ComplianceContext, ComplianceControl, ComplianceFinding } from '../../shared/module.js';

/** A pending authorisation request older than this needs the manager's attention (A12.2). */
export const PENDING_REQUEST_DAYS = 3;
/** The chief acknowledges last month's access report by this day of the month (A13). */
export const REPORT_DUE_DAY = 10;

export interface AccessComplianceServices {
  ds: DataSource;
}

const count = async (ds: DataSource, sql: string, params: unknown[]): Promise<number> =>
  Number(((await ds.query(sql, params)) as { n: number }[])[0]?.n ?? 0);

const isPast = (ctx: ComplianceContext) => ctx.asOf.getTime() < ctx.now.getTime();

/** 'YYYY-MM' of the month `back` months before the month of `day` ('YYYY-MM-DD'). */
export function monthBefore(day: string, back: number): string {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7)) - 1 - back;
  const d = new Date(Date.UTC(y, m, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** Anomalies of these kinds detected by `asOf` and not resolved by then. */
const OPEN_ANOMALIES = `SELECT kind::text AS kind, count(*)::int AS n FROM access_anomaly
  WHERE kind::text = ANY($1::text[]) AND "detectedAt" <= $2 AND ("resolvedAt" IS NULL OR "resolvedAt" > $2)
  GROUP BY kind`;

async function openAnomalies(ds: DataSource, kinds: string[], asOf: Date): Promise<Record<string, number>> {
  const rows = (await ds.query(OPEN_ANOMALIES, [kinds, asOf])) as { kind: string; n: number }[];
  return Object.fromEntries(kinds.map((k) => [k, rows.find((r) => r.kind === k)?.n ?? 0]));
}

/**
 * Months whose access report the chief has not acknowledged by `asOf`, oldest first: from the month
 * the first room was registered (nothing to report before) to the month before `on`, at most 24.
 */
export async function unacknowledgedMonths(ds: DataSource, on: string, asOf: Date): Promise<string[]> {
  const first = (await ds.query(
    `SELECT to_char(min("createdAt") AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM') AS m FROM room`,
  )) as { m: string | null }[];
  const since = first[0]?.m;
  if (!since) return [];
  const months: string[] = [];
  for (let back = 1; back <= 24; back++) {
    const m = monthBefore(on, back);
    if (m < since) break;
    months.push(m);
  }
  if (!months.length) return [];
  const acked = (await ds.query(
    `SELECT DISTINCT month FROM access_report_ack WHERE month = ANY($1::text[]) AND "acknowledgedAt" <= $2`,
    [months, asOf],
  )) as { month: string }[];
  const done = new Set(acked.map((r) => r.month));
  return months.filter((m) => !done.has(m)).reverse();
}

export function accessCompliance(s: AccessComplianceServices): ComplianceControl[] {
  const { ds } = s;
  return [
    {
      article: 'A12.1',
      title: '電算室等が登録され、使用中であること',
      link: '/access?tab=rooms',
      async evaluate(ctx): Promise<ComplianceFinding> {
        const past = isPast(ctx);
        // live: every active room; a past day: rooms registered by then (active is today's flag)
        const n = await count(
          ds,
          `SELECT count(*)::int AS n FROM room WHERE active AND ($1::timestamptz IS NULL OR "createdAt" <= $1)`,
          [past ? ctx.asOf : null],
        );
        const note = past ? '(使用中かどうかは現在の状態で判定)' : '';
        return n > 0
          ? { status: 'OK', reason: `使用中の電算室等: ${n}室${note}` }
          : { status: 'VIOLATION', reason: `電算室等が登録されていません${note}` };
      },
    },
    {
      article: 'A12.2',
      title: '許可のない入室がなく、入室申請が滞っていないこと',
      link: '/access?tab=anomalies',
      async evaluate(ctx): Promise<ComplianceFinding> {
        const { UNAUTHORISED: unauthorised } = await openAnomalies(ds, ['UNAUTHORISED'], ctx.asOf);
        if (unauthorised > 0) {
          return {
            status: 'VIOLATION',
            reason: `許可のない入室が${unauthorised}件、未確認です`,
            link: '/access?tab=anomalies',
          };
        }
        // pending at asOf: asked more than 3 days before, and not decided by then
        const waiting = await count(
          ds,
          `SELECT count(*)::int AS n FROM room_authorisation
           WHERE "requestedAt" <= $1::timestamptz - make_interval(days => $2)
             AND (status = 'REQUESTED' OR coalesce("approvedAt", "decidedAt") > $1)`,
          [ctx.asOf, PENDING_REQUEST_DAYS],
        );
        if (waiting > 0) {
          return {
            status: 'ATTENTION',
            reason: `${PENDING_REQUEST_DAYS}日を超えて未処理の入室申請が${waiting}件あります`,
            link: '/access?tab=pending',
          };
        }
        return { status: 'OK', reason: '許可のない入室はなく、滞っている申請もありません' };
      },
    },
    {
      article: 'A12.3',
      title: '入退室管理簿に欠けがないこと',
      link: '/access?tab=anomalies',
      async evaluate(ctx): Promise<ComplianceFinding> {
        const open = await openAnomalies(ds, ['NOT_CLOSED', 'SEQUENCE_GAP'], ctx.asOf);
        const gaps = open.SEQUENCE_GAP;
        const notClosed = open.NOT_CLOSED;
        const parts = [
          ...(gaps ? [`端末から届いていない記録の欠番が${gaps}件`] : []),
          ...(notClosed ? [`12時間を超えて退室の記録がない入室が${notClosed}件`] : []),
        ];
        // a sequence gap: lines of the register were lost (the register is incomplete);
        // an entry not closed: the entry is recorded, the exit is to be confirmed with the person
        if (gaps > 0) return { status: 'VIOLATION', reason: `${parts.join('、')}、未確認です` };
        if (notClosed > 0) return { status: 'ATTENTION', reason: `${parts.join('、')}、未確認です` };
        return { status: 'OK', reason: '未確認の記録漏れはありません' };
      },
    },
    {
      article: 'A13',
      title: '統括者が毎月の入退室管理の報告を確認していること',
      link: '/access?tab=report',
      async evaluate(ctx): Promise<ComplianceFinding> {
        const months = await unacknowledgedMonths(ds, ctx.on, ctx.asOf);
        const lastMonth = monthBefore(ctx.on, 1);
        const day = Number(ctx.on.slice(8, 10));
        if (months.length >= 2) {
          return { status: 'VIOLATION', reason: `${months.length}か月分の報告が未確認です (${months.join('、')})` };
        }
        if (months.length === 1 && (months[0] !== lastMonth || day > REPORT_DUE_DAY)) {
          return {
            status: 'ATTENTION',
            reason: `${months[0]} の報告が未確認です (毎月${REPORT_DUE_DAY}日まで)`,
          };
        }
        if (months.length === 1) {
          return {
            status: 'OK',
            reason: `${lastMonth} の報告は${REPORT_DUE_DAY}日までに確認してください`,
          };
        }
        return { status: 'OK', reason: '報告はすべて確認されています' };
      },
    },
  ];
}
