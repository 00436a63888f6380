import { Arg, Args, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { AppContext } from '../../composition/context.js';
import { CurrentStaff } from '../../shared/current-staff.js';
import { PageArgs, type PageResult } from '../../shared/paging.js';
import type { StaffPrincipal } from '../../shared/principal.js';
import { Staff } from '../organisation/index.js';
import { StockCount, StockMonthReview, StockMovement } from './card-stock.entity.js';
import {
  CountResidentCardsInput,
  DestroyResidentCardsInput,
  IssueResidentCardsInput,
  ReceiveResidentCardsInput,
  ResidentCardStock,
  ResidentCardStockSheet,
  StockMovementPage,
  ReviewResidentCardMonthInput,
} from './card-stock.inputs.js';
import type { By } from './card-stock.service.js';

const by = (s: StaffPrincipal, ctx: AppContext): By => ({ staffId: s.staffId, today: ctx.today });
const staff = (ctx: AppContext, id: string | null) =>
  id ? ctx.loaders.organisation.staffById.load(id) : Promise.resolve(null);

/** The resident-card stock (A18). Thin: the rules live in the services. */
@Resolver(() => StockMovement)
export class CardStockResolver {
  @Authorized('Query.residentCardStock')
  @Query(() => ResidentCardStock, { description: '住基カード等の在庫 (A18.1): 帳簿上の在庫、最近の記録と実査' })
  residentCardStock(@Ctx() ctx: AppContext): Promise<ResidentCardStock> {
    return ctx.services.cardStockReading.summary();
  }

  @Authorized('Query.residentCardMovements')
  @Query(() => StockMovementPage, { description: '住基カード等の受入・交付・廃棄の記録 (A18.1、新しい順)' })
  residentCardMovements(
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: AppContext,
  ): Promise<PageResult<StockMovement>> {
    return ctx.services.cardStockReading.movements(page);
  }

  @Authorized('Query.residentCardStockSheet')
  @Query(() => ResidentCardStockSheet, { description: '住基カード等の在庫の月報 (YYYY-MM)' })
  residentCardStockSheet(@Arg('month', () => String) month: string, @Ctx() ctx: AppContext) {
    return ctx.services.cardStockReading.sheet(month);
  }

  @Authorized('Mutation.receiveResidentCards')
  @Mutation(() => StockMovement, { description: '住基カード等を受け入れる (運用管理者、施錠できる場所へ、A18.1)' })
  receiveResidentCards(
    @Arg('input', () => ReceiveResidentCardsInput) input: ReceiveResidentCardsInput,
    @CurrentStaff() s: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<StockMovement> {
    return ctx.services.cardStock.receive(input, by(s, ctx), ctx.meta);
  }

  @Authorized('Mutation.issueResidentCards')
  @Mutation(() => StockMovement, { description: '住基カード等を在庫から交付する (運用管理者)' })
  issueResidentCards(
    @Arg('input', () => IssueResidentCardsInput) input: IssueResidentCardsInput,
    @CurrentStaff() s: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<StockMovement> {
    return ctx.services.cardStock.issue(input, by(s, ctx), ctx.meta);
  }

  @Authorized('Mutation.destroyResidentCards')
  @Mutation(() => StockMovement, { description: '住基カード等を廃棄する (運用管理者、立会人とともに、A18.2)' })
  destroyResidentCards(
    @Arg('input', () => DestroyResidentCardsInput) input: DestroyResidentCardsInput,
    @CurrentStaff() s: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<StockMovement> {
    return ctx.services.cardStock.destroy(input, by(s, ctx), ctx.meta);
  }

  @Authorized('Mutation.countResidentCards')
  @Mutation(() => StockCount, { description: '在庫を実査する (運用管理者)。差異は理由とともに記録し、管理者が確認' })
  countResidentCards(
    @Arg('input', () => CountResidentCardsInput) input: CountResidentCardsInput,
    @CurrentStaff() s: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<StockCount> {
    return ctx.services.cardStock.count(input, by(s, ctx), ctx.meta);
  }

  @Authorized('Mutation.reviewResidentCardMonth')
  @Mutation(() => StockMonthReview, { description: '在庫の月次確認 (管理者): その月の実査と差異を確認' })
  reviewResidentCardMonth(
    @Arg('input', () => ReviewResidentCardMonthInput) input: ReviewResidentCardMonthInput,
    @CurrentStaff() s: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<StockMonthReview> {
    return ctx.services.cardStock.reviewMonth(input.month, input.note, by(s, ctx), ctx.meta);
  }

  @FieldResolver(() => Staff, { description: '記録した職員' })
  async by(@Root() m: StockMovement, @Ctx() ctx: AppContext): Promise<Staff> {
    return (await staff(ctx, m.byId))!;
  }

  @FieldResolver(() => Staff, { nullable: true, description: '廃棄の立会人' })
  witness(@Root() m: StockMovement, @Ctx() ctx: AppContext): Promise<Staff | null> {
    return staff(ctx, m.witnessId);
  }
}

@Resolver(() => StockCount)
export class StockCountResolver {
  @FieldResolver(() => Int, { description: '差異 (実査 − 帳簿)' })
  difference(@Root() c: StockCount): number {
    return c.counted - c.expected;
  }

  @FieldResolver(() => Staff, { description: '実査した職員' })
  async by(@Root() c: StockCount, @Ctx() ctx: AppContext): Promise<Staff> {
    return (await staff(ctx, c.byId))!;
  }
}

@Resolver(() => StockMonthReview)
export class StockMonthReviewResolver {
  @FieldResolver(() => Staff, { description: '確認した管理者' })
  async reviewedBy(@Root() r: StockMonthReview, @Ctx() ctx: AppContext): Promise<Staff> {
    return (await staff(ctx, r.reviewedById))!;
  }
}
