// What the cards module tells the compliance view (A16). A7.1 (a PIN administrator holds the role)
// is the organisation module's check already and is not declared twice here.
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../config.js';
import { dateIn } from '../../shared/dates.js';
import type { ComplianceControl, ComplianceFinding } from '../../shared/module.js';
import { addWorkingDays } from '../../shared/working-days.js';
import { COUNT_NOT_COLLECTED, COUNT_UNLOCKED, OPEN_REQUESTS_AT } from './cards.sql.js';
import type { PinRulesService } from './pin-rules.service.js';

export interface CardsComplianceServices {
  ds: DataSource;
  config: AppConfig;
  pinRules: PinRulesService;
}

const count = async (ds: DataSource, sql: string, params: unknown[] = []): Promise<number> =>
  Number(((await ds.query(sql, params)) as { n: number }[])[0]?.n ?? 0);

/** Open requests at `asOf` whose due day (N working days after the day asked) is over. */
export async function overdueRequests(ds: DataSource, config: AppConfig, asOf: Date): Promise<[number, number]> {
  const rows = (await ds.query(OPEN_REQUESTS_AT, [asOf])) as { requestedAt: Date }[];
  const today = dateIn(config.timeZone, asOf);
  const late = rows.filter(
    (r) => addWorkingDays(dateIn(config.timeZone, r.requestedAt), config.cards.requestWorkingDays) < today,
  );
  return [late.length, rows.length];
}

/**
 * A16.1: the requests to the PIN administrator are handled within N working days (ATTENTION past
 * it: like an entry request waiting, A12.2, the queue is stuck but nothing is broken yet).
 * A16.2: a card still issued to someone who is no longer an operator is a card nobody collected
 * (VIOLATION). A16.6: a card in our hands without a locked place (VIOLATION; the database refuses
 * it too, so this stays OK unless someone writes around the service).
 * The cards' states have no history of their own beyond their events: a past day is judged with
 * today's cards for A16.2 and A16.6, and the reason says so.
 */
export function cardsCompliance(s: CardsComplianceServices): ComplianceControl[] {
  const { ds, config } = s;
  const pastNote = (ctx: { asOf: Date; now: Date }) =>
    ctx.asOf < ctx.now && dateIn(config.timeZone, ctx.asOf) !== dateIn(config.timeZone, ctx.now)
      ? ' (カードの状態は現在の記録で判定)'
      : '';
  return [
    {
      article: 'A16.1',
      title: '暗証番号管理者への依頼が期限内に対応されていること',
      link: '/cards/requests',
      async evaluate(ctx): Promise<ComplianceFinding> {
        const [late, open] = await overdueRequests(ds, config, ctx.asOf);
        const days = config.cards.requestWorkingDays;
        if (late > 0)
          return {
            status: 'ATTENTION',
            reason: `${days}開庁日を過ぎて対応されていない依頼が${late}件あります (未完了${open}件)`,
            link: '/cards/requests?overdue=1',
          };
        return { status: 'OK', reason: `期限 (${days}開庁日) を過ぎた依頼はありません (未完了${open}件)` };
      },
    },
    {
      article: 'A16.2',
      title: '不要となった操作識別カードが回収されていること',
      link: '/cards',
      async evaluate(ctx): Promise<ComplianceFinding> {
        const n = await count(ds, COUNT_NOT_COLLECTED, [dateIn(config.timeZone, ctx.asOf)]);
        if (n > 0)
          return {
            status: 'VIOLATION',
            reason: `操作者でなくなった職員に貸与されたままのカードが${n}枚あります${pastNote(ctx)}`,
            link: '/cards?state=ISSUED',
          };
        return { status: 'OK', reason: `操作者でなくなった職員のカードはすべて回収されています${pastNote(ctx)}` };
      },
    },
    {
      article: 'A16.4–5',
      title: '操作者が暗証番号等の運用基準を確認していること',
      link: '/cards/rules',
      async evaluate(ctx): Promise<ComplianceFinding> {
        // the version in force that day, and the acknowledgements made by the instant judged
        const { rules, operators, acknowledged } = await s.pinRules.counts(ctx.on, ctx.asOf);
        if (!rules)
          return {
            status: 'VIOLATION',
            reason: '暗証番号等の運用基準 (施行済みの版) が登録されていないため、操作者が確認できません (A7.2)',
            link: '/configuration/documents?type=PIN_RULES',
          };
        const label = `「${rules.title}」${rules.versionLabel}`;
        if (acknowledged < operators)
          return {
            status: 'ATTENTION',
            reason: `${label}をまだ確認していない操作者が${operators - acknowledged}人います (操作者${operators}人)`,
          };
        return { status: 'OK', reason: `操作者${operators}人全員が${label}を確認しています` };
      },
    },
    {
      article: 'A16.6',
      title: '操作識別カードが施錠できる場所に保管されていること',
      link: '/cards',
      async evaluate(ctx): Promise<ComplianceFinding> {
        const n = await count(ds, COUNT_UNLOCKED);
        if (n > 0)
          return {
            status: 'VIOLATION',
            reason: `施錠できる保管場所のない未貸与のカードが${n}枚あります${pastNote(ctx)}`,
          };
        return { status: 'OK', reason: `貸与していないカードはすべて施錠できる場所にあります${pastNote(ctx)}` };
      },
    },
  ];
}
