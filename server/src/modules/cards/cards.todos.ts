// What the cards module asks of a person on the 対応が必要 home (A16.1).
import type { DataSource } from 'typeorm';
import { Authority } from '../../shared/authority.js';
import type { TodoSource } from '../../shared/module.js';

export interface CardsTodoServices {
  ds: DataSource;
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
  ];
}
