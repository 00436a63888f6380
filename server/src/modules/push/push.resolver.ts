import { Arg, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { AppContext } from '../../composition/context.js';
import { CurrentStaff } from '../../shared/current-staff.js';
import type { StaffPrincipal } from '../../shared/principal.js';
import { Staff } from '../organisation/index.js';
import { PushSubscription } from './push-subscription.entity.js';
import { PushSubscriptionIdInput, SubscribePushInput } from './push.types.js';

@Resolver(() => PushSubscription)
export class PushResolver {
  @Authorized('Query.pushPublicKey')
  @Query(() => String, { description: 'VAPID 公開鍵 (pushManager.subscribe の applicationServerKey)' })
  pushPublicKey(@Ctx() ctx: AppContext): string {
    return ctx.services.push.publicKey;
  }

  @Authorized('Query.myPushSubscriptions')
  @Query(() => [PushSubscription], { description: 'プッシュ通知を受け取る自分の端末' })
  myPushSubscriptions(@CurrentStaff() staff: StaffPrincipal, @Ctx() ctx: AppContext): Promise<PushSubscription[]> {
    return ctx.services.push.listOf(staff.staffId);
  }

  @Authorized('Query.pushDeliveryProblems')
  @Query(() => [PushSubscription], { description: 'プッシュ通知が届いていない端末 (システム管理者)' })
  pushDeliveryProblems(@Ctx() ctx: AppContext): Promise<PushSubscription[]> {
    return ctx.services.push.problems();
  }

  @Authorized('Mutation.subscribePush')
  @Mutation(() => PushSubscription, { description: 'この端末でプッシュ通知を受け取る' })
  subscribePush(
    @Arg('input', () => SubscribePushInput) input: SubscribePushInput,
    @CurrentStaff() staff: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<PushSubscription> {
    return ctx.services.push.subscribe(staff.staffId, input, ctx.meta);
  }

  @Authorized('Mutation.unsubscribePush')
  @Mutation(() => PushSubscription, { description: '端末のプッシュ通知をやめる (本人)' })
  unsubscribePush(
    @Arg('input', () => PushSubscriptionIdInput) input: PushSubscriptionIdInput,
    @CurrentStaff() staff: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<PushSubscription> {
    return ctx.services.push.unsubscribe(staff.staffId, input.id, ctx.meta);
  }

  @FieldResolver(() => Staff, { description: '持ち主' })
  async staff(@Root() s: PushSubscription, @Ctx() ctx: AppContext): Promise<Staff> {
    return (await ctx.loaders.organisation.staffById.load(s.staffId))!;
  }
}
