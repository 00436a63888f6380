// What the resident-card stock asks of a person on the 対応が必要 home (A18).
import { Authority } from '../../shared/authority.js';
import type { TodoSource } from '../../shared/module.js';
import { monthOf } from './card-stock.service.js';
import type { CardStockReadService } from './card-stock-reading.service.js';

export interface CardStockTodoServices {
  cardStockReading: CardStockReadService;
}

export function cardStockTodos(s: CardStockTodoServices): TodoSource[] {
  const reading = s.cardStockReading;
  return [
    {
      id: 'cardStock.countDue',
      title: '住基カード等の在庫の今月の実査',
      link: '/card-stock#count',
      authorities: [Authority.OPERATIONS_MANAGER],
      // the stock holds (or held) cards and this month has no count yet
      count: async (ctx) =>
        (await reading.heldBefore(nextDay(ctx.today), ctx.now)) &&
        !(await reading.countedIn(monthOf(ctx.today), ctx.now))
          ? 1
          : 0,
    },
    {
      id: 'cardStock.differences',
      title: '住基カード等の在庫の差異の確認',
      link: '/card-stock/sheet',
      authorities: [Authority.MANAGER],
      count: (ctx) => reading.unreviewedDifferences(ctx.now),
    },
    {
      id: 'cardStock.monthsToReview',
      title: '住基カード等の在庫の月次確認',
      link: '/card-stock/sheet',
      authorities: [Authority.MANAGER],
      count: (ctx) => reading.monthsToReview(ctx.now),
    },
  ];
}

function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
