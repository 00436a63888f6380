// What the cards module asks of a person on the 対応が必要 home (A16.1, A16.4–5).
import type { DataSource } from 'typeorm';
import { Authority } from '../../shared/authority.js';
import type { TodoSource } from '../../shared/module.js';
import type { PinRulesService } from './pin-rules.service.js';

export interface CardsTodoServices {
  ds: DataSource;
  pinRules: PinRulesService;
}

const count = async (ds: DataSource, sql: string, params: unknown[]): Promise<number> =>
  Number(((await ds.query(sql, params)) as { n: number }[])[0]?.n ?? 0);

export function cardsTodos(s: CardsTodoServices): TodoSource[] {
  const { ds } = s;
  return [
    {
      id: 'cards.requestsToHandle',
      title: '暗証番号・操作者カードの依頼への対応',
      link: '/cards/requests?open=1',
      authorities: [Authority.PIN_ADMINISTRATOR],
      // every request not yet done or refused: the PIN administrator accepts, completes or refuses it
      count: () =>
        count(ds, `SELECT count(*)::int AS n FROM card_request WHERE status IN ('REQUESTED', 'ACCEPTED')`, []),
    },
    {
      id: 'cards.pinRulesToAcknowledge',
      title: '暗証番号等の運用基準の確認',
      link: '/cards/rules',
      authorities: [Authority.OPERATOR],
      // A16.4–5: a current operator who has not acknowledged the version in force (a new version asks again)
      count: async (ctx) => ((await s.pinRules.toAcknowledge(ctx.staffId, ctx.today)) ? 1 : 0),
    },
  ];
}
