import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { AppContext } from '../../composition/context.js';
import { CurrentStaff, personOf } from '../../shared/current-staff.js';
import { ID } from '../../shared/ids.js';
import { PageArgs } from '../../shared/paging.js';
import type { StaffPrincipal } from '../../shared/principal.js';
import { Section, Staff } from '../organisation/index.js';
import { CardEvent, OperatorCard } from './card.entity.js';
import {
  CardOperatorFilterInput,
  CardOperatorPage,
  DestroyOperatorCardInput,
  EndCardOperatorInput,
  IssueOperatorCardInput,
  OperatorCardFilterInput,
  OperatorCardPage,
  ReceiveOperatorCardInput,
  RegisterCardOperatorInput,
  ReportOperatorCardLostInput,
  ReturnOperatorCardInput,
  RevokeOperatorCardInput,
} from './cards.inputs.js';
import type { By } from './card.service.js';
import { CardOperator } from './operator.entity.js';

const by = (s: StaffPrincipal, ctx: AppContext): By => ({ staffId: s.staffId, today: ctx.today });
export const staffOf = (ctx: AppContext, id: string | null) =>
  id ? ctx.loaders.organisation.staffById.load(id) : Promise.resolve(null);

/** The operator register (A16). Thin: the rules live in the services. */
@Resolver(() => CardOperator)
export class CardOperatorResolver {
  @Authorized('Query.cardOperators')
  @Query(() => CardOperatorPage, {
    description: '住基ネットの操作者 (A16、識別番号順)。運用管理者は自分の所属の操作者',
  })
  cardOperators(
    @Ctx() ctx: AppContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => CardOperatorFilterInput, { nullable: true }) filter?: CardOperatorFilterInput,
  ): Promise<CardOperatorPage> {
    const p = personOf(ctx.principal);
    return ctx.services.cardsReading.operators(filter ?? {}, page, { staffId: p.staffId, authorities: p.authorities });
  }

  @Authorized('Query.cardOperator')
  @Query(() => CardOperator, { description: '操作者と、その操作者のカード' })
  cardOperator(@Arg('id', () => ID) id: string, @Ctx() ctx: AppContext): Promise<CardOperator> {
    return ctx.services.cardsReading.operator(id);
  }

  @Authorized('Mutation.registerCardOperator')
  @Mutation(() => CardOperator, { description: '操作者を登録 (暗証番号管理者・管理者)。暗証番号は記録しない' })
  registerCardOperator(
    @Arg('input', () => RegisterCardOperatorInput) input: RegisterCardOperatorInput,
    @Ctx() ctx: AppContext,
  ): Promise<CardOperator> {
    return ctx.services.cardOperators.register(input, ctx.meta);
  }

  @Authorized('Mutation.endCardOperator')
  @Mutation(() => CardOperator, { description: '操作者の期間を終了' })
  endCardOperator(
    @Arg('input', () => EndCardOperatorInput) input: EndCardOperatorInput,
    @Ctx() ctx: AppContext,
  ): Promise<CardOperator> {
    return ctx.services.cardOperators.end(input.id, input.until, ctx.meta);
  }

  @FieldResolver(() => Staff)
  async staff(@Root() o: CardOperator, @Ctx() ctx: AppContext): Promise<Staff> {
    return (await staffOf(ctx, o.staffId))!;
  }

  @FieldResolver(() => Section)
  async section(@Root() o: CardOperator, @Ctx() ctx: AppContext): Promise<Section> {
    return (await ctx.loaders.organisation.sectionById.load(o.sectionId))!;
  }

  @FieldResolver(() => Boolean, { description: '今日現在の操作者' })
  current(@Root() o: CardOperator, @Ctx() ctx: AppContext): boolean {
    return o.since <= ctx.today && (o.until === null || o.until >= ctx.today);
  }

  @FieldResolver(() => [OperatorCard], { description: '貸与中・貸与されたことのあるカード' })
  cards(@Root() o: CardOperator, @Ctx() ctx: AppContext): Promise<OperatorCard[]> {
    return ctx.loaders.cards.cardsByOperator.load(o.id);
  }
}

/** Operator ID cards and their history (A16, A16.6). */
@Resolver(() => OperatorCard)
export class OperatorCardResolver {
  @Authorized('Query.operatorCards')
  @Query(() => OperatorCardPage, { description: '操作者識別カード (A16、カード番号順)' })
  operatorCards(
    @Ctx() ctx: AppContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => OperatorCardFilterInput, { nullable: true }) filter?: OperatorCardFilterInput,
  ): Promise<OperatorCardPage> {
    return ctx.services.cardsReading.cards(filter ?? {}, page);
  }

  @Authorized('Query.operatorCard')
  @Query(() => OperatorCard, { description: '操作者識別カードと、その記録' })
  operatorCard(@Arg('id', () => ID) id: string, @Ctx() ctx: AppContext): Promise<OperatorCard> {
    return ctx.services.cardsReading.card(id);
  }

  @Authorized('Mutation.receiveOperatorCard')
  @Mutation(() => OperatorCard, { description: 'カードを受け入れ、施錠できる場所に保管 (A16.6)' })
  receiveOperatorCard(
    @Arg('input', () => ReceiveOperatorCardInput) input: ReceiveOperatorCardInput,
    @CurrentStaff() s: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<OperatorCard> {
    return ctx.services.operatorCards.receive(input, by(s, ctx), ctx.meta);
  }

  @Authorized('Mutation.issueOperatorCard')
  @Mutation(() => OperatorCard, { description: 'カードを操作者に貸与' })
  issueOperatorCard(
    @Arg('input', () => IssueOperatorCardInput) input: IssueOperatorCardInput,
    @CurrentStaff() s: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<OperatorCard> {
    return ctx.services.operatorCards.issue(input.cardId, input.operatorId, by(s, ctx), ctx.meta);
  }

  @Authorized('Mutation.returnOperatorCard')
  @Mutation(() => OperatorCard, { description: 'カードの返還を受け、施錠できる場所に保管 (A16.2, A16.6)' })
  returnOperatorCard(
    @Arg('input', () => ReturnOperatorCardInput) input: ReturnOperatorCardInput,
    @CurrentStaff() s: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<OperatorCard> {
    return ctx.services.operatorCards.return(
      input.cardId,
      input.operatorId,
      input,
      input.note ?? null,
      by(s, ctx),
      ctx.meta,
    );
  }

  @Authorized('Mutation.reportOperatorCardLost')
  @Mutation(() => OperatorCard, { description: 'カードの紛失を記録: 直ちに失効し、インシデントを起票' })
  reportOperatorCardLost(
    @Arg('input', () => ReportOperatorCardLostInput) input: ReportOperatorCardLostInput,
    @CurrentStaff() s: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<OperatorCard> {
    return ctx.services.operatorCards.reportLost(input.cardId, input.note ?? null, by(s, ctx), ctx.meta);
  }

  @Authorized('Mutation.revokeOperatorCard')
  @Mutation(() => OperatorCard, { description: 'カードを失効 (手元にあるものは施錠できる場所に保管)' })
  revokeOperatorCard(
    @Arg('input', () => RevokeOperatorCardInput) input: RevokeOperatorCardInput,
    @CurrentStaff() s: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<OperatorCard> {
    return ctx.services.operatorCards.revoke(input.cardId, input, input.note ?? null, by(s, ctx), ctx.meta);
  }

  @Authorized('Mutation.destroyOperatorCard')
  @Mutation(() => OperatorCard, { description: 'カードを廃棄 (立会人と方法が必要)' })
  destroyOperatorCard(
    @Arg('input', () => DestroyOperatorCardInput) input: DestroyOperatorCardInput,
    @CurrentStaff() s: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<OperatorCard> {
    return ctx.services.operatorCards.destroy(
      input.cardId,
      input.witnessStaffId ?? null,
      input.method,
      by(s, ctx),
      ctx.meta,
    );
  }

  @FieldResolver(() => CardOperator, { nullable: true, description: '貸与中の操作者' })
  holder(@Root() c: OperatorCard, @Ctx() ctx: AppContext): Promise<CardOperator | null> {
    return c.holderId ? ctx.loaders.cards.operatorById.load(c.holderId) : Promise.resolve(null);
  }

  @FieldResolver(() => [CardEvent], { description: '記録 (古い順): 受入・貸与・返還・紛失・失効・廃棄' })
  history(@Root() c: OperatorCard, @Ctx() ctx: AppContext): Promise<CardEvent[]> {
    return ctx.loaders.cards.eventsByCard.load(c.id);
  }
}

@Resolver(() => CardEvent)
export class CardEventResolver {
  @FieldResolver(() => Staff, { description: '記録した職員' })
  async by(@Root() e: CardEvent, @Ctx() ctx: AppContext): Promise<Staff> {
    return (await staffOf(ctx, e.byId))!;
  }

  @FieldResolver(() => CardOperator, { nullable: true, description: '操作者' })
  operator(@Root() e: CardEvent, @Ctx() ctx: AppContext): Promise<CardOperator | null> {
    return e.operatorId ? ctx.loaders.cards.operatorById.load(e.operatorId) : Promise.resolve(null);
  }

  @FieldResolver(() => Staff, { nullable: true, description: '廃棄の立会人' })
  witness(@Root() e: CardEvent, @Ctx() ctx: AppContext): Promise<Staff | null> {
    return staffOf(ctx, e.witnessId);
  }
}
