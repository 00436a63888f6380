import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { AppContext } from '../../composition/context.js';
import { CurrentStaff, personOf } from '../../shared/current-staff.js';
import { LocalDate } from '../../shared/dates.js';
import { PageArgs } from '../../shared/paging.js';
import type { StaffPrincipal } from '../../shared/principal.js';
import { Section, Staff } from '../organisation/index.js';
import { OperatorCard } from './card.entity.js';
import { CardRequest } from './card-request.entity.js';
import type { Requester } from './card-request.service.js';
import { dueOn, isOverdue } from './cards-reading.service.js';
import {
  CardRequestFilterInput,
  CardRequestIdInput,
  CardRequestPage,
  CompleteCardRequestInput,
  RefuseCardRequestInput,
  RequestCardChangeInput,
} from './cards.inputs.js';
import { staffOf } from './cards.resolver.js';
import { CardOperator } from './operator.entity.js';

const requester = (s: StaffPrincipal, ctx: AppContext): Requester => ({
  staffId: s.staffId,
  authorities: s.authorities,
  today: ctx.today,
});

/** Requests to the PIN administrator (A16.1, A16.3). Thin: the rules live in the service. */
@Resolver(() => CardRequest)
export class CardRequestResolver {
  @Authorized('Query.cardRequests')
  @Query(() => CardRequestPage, {
    description:
      '暗証番号管理者への依頼 (A16.1、新しい順)。暗証番号管理者・管理者・統括者・副統括者・監査者はすべて、運用管理者は自分の所属と自分の依頼',
  })
  cardRequests(
    @Ctx() ctx: AppContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => CardRequestFilterInput, { nullable: true }) filter?: CardRequestFilterInput,
  ): Promise<CardRequestPage> {
    const p = personOf(ctx.principal);
    return ctx.services.cardsReading.requests(filter ?? {}, page, { staffId: p.staffId, authorities: p.authorities });
  }

  @Authorized('Mutation.requestCardChange')
  @Mutation(() => CardRequest, {
    description:
      '暗証番号の設定・取消し・変更、カードの発行・回収を暗証番号管理者に依頼 (管理者・運用管理者・暗証番号管理者)',
  })
  requestCardChange(
    @Arg('input', () => RequestCardChangeInput) input: RequestCardChangeInput,
    @CurrentStaff() s: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<CardRequest> {
    return ctx.services.cardRequests.request(input, requester(s, ctx), ctx.meta);
  }

  @Authorized('Mutation.acceptCardRequest')
  @Mutation(() => CardRequest, { description: '依頼を受け付ける (暗証番号管理者)' })
  acceptCardRequest(
    @Arg('input', () => CardRequestIdInput) input: CardRequestIdInput,
    @CurrentStaff() s: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<CardRequest> {
    return ctx.services.cardRequests.accept(input.id, requester(s, ctx), ctx.meta);
  }

  @Authorized('Mutation.completeCardRequest')
  @Mutation(() => CardRequest, { description: '依頼の対応を完了 (暗証番号管理者)' })
  completeCardRequest(
    @Arg('input', () => CompleteCardRequestInput) input: CompleteCardRequestInput,
    @CurrentStaff() s: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<CardRequest> {
    return ctx.services.cardRequests.complete(input.id, input.note ?? null, requester(s, ctx), ctx.meta);
  }

  @Authorized('Mutation.refuseCardRequest')
  @Mutation(() => CardRequest, { description: '依頼を断る (暗証番号管理者、理由が必要)' })
  refuseCardRequest(
    @Arg('input', () => RefuseCardRequestInput) input: RefuseCardRequestInput,
    @CurrentStaff() s: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<CardRequest> {
    return ctx.services.cardRequests.refuse(input.id, input.reason, requester(s, ctx), ctx.meta);
  }

  @FieldResolver(() => CardOperator)
  async operator(@Root() r: CardRequest, @Ctx() ctx: AppContext): Promise<CardOperator> {
    return (await ctx.loaders.cards.operatorById.load(r.operatorId))!;
  }

  @FieldResolver(() => OperatorCard, { nullable: true, description: '回収するカード' })
  card(@Root() r: CardRequest, @Ctx() ctx: AppContext): Promise<OperatorCard | null> {
    return r.cardId ? ctx.loaders.cards.cardById.load(r.cardId) : Promise.resolve(null);
  }

  @FieldResolver(() => Section, { description: '依頼時の操作者の所属' })
  async section(@Root() r: CardRequest, @Ctx() ctx: AppContext): Promise<Section> {
    return (await ctx.loaders.organisation.sectionById.load(r.sectionId))!;
  }

  @FieldResolver(() => Staff, { nullable: true, description: '依頼した職員 (空: 異動・退職の記録から自動)' })
  requestedBy(@Root() r: CardRequest, @Ctx() ctx: AppContext): Promise<Staff | null> {
    return staffOf(ctx, r.requestedById);
  }

  @FieldResolver(() => Staff, { nullable: true, description: '対応した暗証番号管理者' })
  handledBy(@Root() r: CardRequest, @Ctx() ctx: AppContext): Promise<Staff | null> {
    return staffOf(ctx, r.handledById);
  }

  @FieldResolver(() => LocalDate, { description: '対応の期限 (依頼の日から開庁日で数える)' })
  dueOn(@Root() r: CardRequest, @Ctx() ctx: AppContext): string {
    return dueOn(r, ctx.services.config.cards.requestWorkingDays, ctx.services.config.timeZone);
  }

  @FieldResolver(() => Boolean, { description: '期限を過ぎて未完了' })
  overdue(@Root() r: CardRequest, @Ctx() ctx: AppContext): boolean {
    const { config, now } = ctx.services;
    return isOverdue(r, config.cards.requestWorkingDays, config.timeZone, now());
  }
}
