// What the resident-card stock tells the compliance view (A18.1, A18.2). "As of" a past day: the
// lines and counts recorded by the end of it, the manager's sign-offs made by then.
import type { ComplianceControl, ComplianceFinding } from '../../shared/module.js';
import { monthOf } from './card-stock.service.js';
import { previousMonth, type CardStockReadService } from './card-stock-reading.service.js';

export interface CardStockComplianceServices {
  cardStockReading: CardStockReadService;
}

export function cardStockCompliance(s: CardStockComplianceServices): ComplianceControl[] {
  const reading = s.cardStockReading;
  return [
    {
      article: 'A18.1',
      title: '交付前の住基カードが施錠できる場所に保管され、毎月の実査で在庫と一致していること',
      link: '/card-stock',
      async evaluate(ctx): Promise<ComplianceFinding> {
        // a difference between the ledger and the cards in the locked place: cards may be missing
        const differences = await reading.unreviewedDifferences(ctx.asOf);
        if (differences > 0)
          return {
            status: 'VIOLATION',
            reason: `在庫の実査で帳簿との差異が${differences}件あり、管理者の確認を待っています`,
            link: '/card-stock/sheet',
          };
        const last = previousMonth(monthOf(ctx.on));
        if ((await reading.heldBefore(`${monthOf(ctx.on)}-01`, ctx.asOf)) && !(await reading.countedIn(last, ctx.asOf)))
          return { status: 'ATTENTION', reason: `先月 (${last}) の在庫の実査が記録されていません` };
        return {
          status: 'OK',
          reason:
            '受け入れたカードはすべて施錠できる場所に保管され (記録時とデータベースの制約で確認)、実査の差異は確認済みです',
        };
      },
    },
    {
      article: 'A18.2',
      title: '回収した住基カードの廃棄が、方法と本人以外の立会人とともに記録されていること',
      link: '/card-stock',
      // the rule is enforced when recorded (DESTRUCTION_WITNESS_REQUIRED) and by a CHECK: nothing to find later
      evaluate: (): Promise<ComplianceFinding> =>
        Promise.resolve({
          status: 'OK',
          reason: '廃棄はすべて番号・方法・本人以外の立会人とともに記録されています (ほかは受け付けません)',
        }),
    },
  ];
}
