// What the configuration register tells the compliance view (A11.1, A11.2, A14.1–5, A15, A17),
// from live data. A past day: changes, requests and reviews carry timestamps and are judged as
// they stood at the end of that day; where a line has no history (a room, a rack, the measures
// of a connection, how a medium is kept) today's value is used and the reason says so.
import type { DataSource } from 'typeorm';
import type { ComplianceContext, ComplianceControl, ComplianceFinding } from '../../shared/module.js';

/** A change request waiting longer than this needs the manager's attention (A14.1–2, as A12.2). */
export const PENDING_CHANGE_DAYS = 3;
/** A change carried out is confirmed by the manager within this many days (A14.5: 速やかに記録). */
export const CONFIRM_DAYS = 7;

export interface ConfigurationComplianceServices {
  ds: DataSource;
}

const count = async (ds: DataSource, sql: string, params: unknown[] = []): Promise<number> =>
  Number(((await ds.query(sql, params)) as { n: number }[])[0]?.n ?? 0);

const isPast = (ctx: ComplianceContext) => ctx.asOf.getTime() < ctx.now.getTime();
const todayNote = (ctx: ComplianceContext, what: string) => (isPast(ctx) ? ` (${what}は現在の登録内容で判定)` : '');

/** Items registered by asOf and still part of the configuration (in use or stored). */
const LIVE = `state IN ('IN_USE', 'STORED') AND "createdAt" <= $1`;

/** Flagged changes of a basis recorded by asOf and not reviewed by then. */
const UNREVIEWED = `SELECT count(*)::int AS n FROM configuration_change
  WHERE basis = $1::configuration_change_basis AND at <= $2 AND ("reviewedAt" IS NULL OR "reviewedAt" > $2)`;

export function configurationCompliance(s: ConfigurationComplianceServices): ComplianceControl[] {
  const { ds } = s;
  return [
    {
      article: 'A11.1',
      title: '他システムとの接続に保護措置が講じられていること',
      link: '/configuration?category=EQUIPMENT',
      async evaluate(ctx): Promise<ComplianceFinding> {
        const rows = (await ds.query(
          `SELECT count(*)::int AS n,
                  count(*) FILTER (WHERE coalesce(btrim("protectiveMeasures"), '') = '')::int AS bare
             FROM configuration_connection WHERE "createdAt" <= $1 AND ("disconnectedOn" IS NULL OR "disconnectedOn" > $2)`,
          [ctx.asOf, ctx.on],
        )) as { n: number; bare: number }[];
        const { n, bare } = rows[0];
        const note = todayNote(ctx, '保護措置');
        if (bare > 0)
          return {
            status: 'VIOLATION',
            reason: `保護措置が記録されていない他システムとの接続が${bare}件あります${note}`,
          };
        return {
          status: 'OK',
          reason: n ? `他システムとの接続${n}件、すべて保護措置あり${note}` : '他システムとの接続はありません',
        };
      },
    },
    {
      article: 'A11.2',
      title: '端末装置が他のシステムと共用されていないこと',
      link: '/configuration?kind=TERMINAL',
      async evaluate(ctx): Promise<ComplianceFinding> {
        const rows = (await ds.query(
          `SELECT count(*)::int AS n, count(*) FILTER (WHERE "sharedWithOtherSystems")::int AS shared
             FROM configuration_item WHERE kind = 'TERMINAL' AND ${LIVE}`,
          [ctx.asOf],
        )) as { n: number; shared: number }[];
        const { n, shared } = rows[0];
        if (shared > 0) return { status: 'VIOLATION', reason: `他のシステムと共用の端末装置が${shared}台あります` };
        return { status: 'OK', reason: n ? `端末装置${n}台、すべて住基ネット専用` : '端末装置の登録はありません' };
      },
    },
    {
      article: 'A14.1–2',
      title: '機器・プログラムの変更が管理者の承認を得て行われていること',
      link: '/configuration/requests',
      async evaluate(ctx): Promise<ComplianceFinding> {
        const emergency = await count(ds, UNREVIEWED, ['EMERGENCY', ctx.asOf]);
        const waiting = await count(
          ds,
          `SELECT count(*)::int AS n FROM configuration_change_request
            WHERE "requestedAt" <= $1::timestamptz - make_interval(days => $2)
              AND ("decidedAt" IS NULL OR "decidedAt" > $1)`,
          [ctx.asOf, PENDING_CHANGE_DAYS],
        );
        const reasons: string[] = [];
        if (emergency) reasons.push(`承認なしの緊急の変更${emergency}件が統括者・副統括者の事後確認待ちです`);
        if (waiting) reasons.push(`${PENDING_CHANGE_DAYS}日を超えて判断待ちの変更申請が${waiting}件あります`);
        if (reasons.length)
          return {
            status: 'ATTENTION',
            reason: reasons.join('。'),
            link: emergency ? '/configuration/history?unreviewed=true' : null,
          };
        return { status: 'OK', reason: '承認のない変更、滞っている申請はありません' };
      },
    },
    {
      article: 'A14.3–4',
      title: 'サーバー等が電算室のラックに設置されていること',
      link: '/configuration?category=EQUIPMENT',
      async evaluate(ctx): Promise<ComplianceFinding> {
        const rows = (await ds.query(
          `SELECT count(*)::int AS n,
                  count(*) FILTER (WHERE r.id IS NULL OR r.kind <> 'SERVER_ROOM' OR coalesce(btrim(i.rack), '') = '')::int AS outside
             FROM configuration_item i LEFT JOIN room r ON r.id = i."roomId"
            WHERE i.kind IN ('SERVER', 'FIREWALL', 'NETWORK_DEVICE') AND i.state = 'IN_USE' AND i."createdAt" <= $1`,
          [ctx.asOf],
        )) as { n: number; outside: number }[];
        const { n, outside } = rows[0];
        const note = todayNote(ctx, '設置場所');
        if (outside > 0)
          return {
            status: 'VIOLATION',
            reason: `電算室 (サーバー室) のラックに設置されていないサーバー等が${outside}台あります${note}`,
          };
        return {
          status: 'OK',
          reason: n
            ? `使用中のサーバー等${n}台、すべて電算室のラックに設置${note}`
            : '使用中のサーバー等の登録はありません',
        };
      },
    },
    {
      article: 'A14.5',
      title: '構成管理簿に機器・プログラム・磁気媒体が記載され、変更が速やかに記録されていること',
      link: '/configuration',
      async evaluate(ctx): Promise<ComplianceFinding> {
        const items = await count(ds, `SELECT count(*)::int AS n FROM configuration_item WHERE ${LIVE}`, [ctx.asOf]);
        if (!items) return { status: 'VIOLATION', reason: '構成管理簿に構成品が登録されていません' };
        const unconfirmed = await count(
          ds,
          `SELECT count(*)::int AS n FROM configuration_change_request
            WHERE "carriedOutAt" <= $1::timestamptz - make_interval(days => $2) AND ("confirmedAt" IS NULL OR "confirmedAt" > $1)
              AND status IN ('DONE', 'CONFIRMED')`,
          [ctx.asOf, CONFIRM_DAYS],
        );
        if (unconfirmed)
          return {
            status: 'ATTENTION',
            reason: `実施から${CONFIRM_DAYS}日を超えて管理者の確認がない変更が${unconfirmed}件あります`,
            link: '/configuration/requests?status=DONE',
          };
        return { status: 'OK', reason: `構成品${items}件を登録` };
      },
    },
    {
      article: 'A15',
      title: '磁気媒体等が定められた施錠できる場所に保管されていること',
      link: '/configuration?category=MEDIUM',
      async evaluate(ctx): Promise<ComplianceFinding> {
        const rows = (await ds.query(
          `SELECT count(*)::int AS n,
                  count(*) FILTER (WHERE "storageLocked" IS NOT TRUE OR ("roomId" IS NULL AND coalesce(btrim(location), '') = ''))::int AS loose
             FROM configuration_item
            WHERE kind IN ('TAPE', 'REMOVABLE_DISK', 'OPTICAL_DISK', 'PAPER_DOCUMENTS') AND ${LIVE}`,
          [ctx.asOf],
        )) as { n: number; loose: number }[];
        const { n, loose } = rows[0];
        const note = todayNote(ctx, '保管場所');
        if (loose > 0)
          return {
            status: 'VIOLATION',
            reason: `保管場所が定められていないか施錠されていない磁気媒体等が${loose}件あります${note}`,
          };
        return {
          status: 'OK',
          reason: n ? `磁気媒体等${n}件、すべて施錠できる場所に保管${note}` : '磁気媒体等の登録はありません',
        };
      },
    },
    {
      article: 'A17',
      title: '管理者の許可のない機器の接続・プログラムの変更がないこと',
      link: '/configuration/history?unreviewed=true',
      async evaluate(ctx): Promise<ComplianceFinding> {
        const found = await count(ds, UNREVIEWED, ['DISCOVERED', ctx.asOf]);
        if (found)
          return {
            status: 'VIOLATION',
            reason: `管理者の許可なく行われた変更が${found}件見つかり、統括者・副統括者の事後確認待ちです`,
          };
        return { status: 'OK', reason: '許可のない変更の記録はありません' };
      },
    },
  ];
}
