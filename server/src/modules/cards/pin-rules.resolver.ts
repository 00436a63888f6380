import { Arg, Authorized, Ctx, Field, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { AppContext } from '../../composition/context.js';
import { CurrentStaff } from '../../shared/current-staff.js';
import { ID } from '../../shared/ids.js';
import type { StaffPrincipal } from '../../shared/principal.js';
import { DocumentLink } from '../configuration/index.js';
import { CardOperator } from './operator.entity.js';
import { PinRulesAcknowledgement } from './pin-rules.entity.js';

@ObjectType({ description: '自分が確認する暗証番号等の運用基準 (A16.4–5)' })
export class MyPinRules {
  @Field(() => DocumentLink, { nullable: true, description: '現行の運用基準 (空: 登録されていない)' })
  rules: DocumentLink | null;

  @Field(() => Boolean, { description: '現在の操作者で、現行の版の確認を求められている' })
  asked: boolean;

  @Field(() => PinRulesAcknowledgement, { nullable: true, description: '現行の版の確認 (空: まだ)' })
  acknowledgement: PinRulesAcknowledgement | null;
}

@ObjectType({ description: '運用基準の確認の状況 (暗証番号管理者向け、A16.4–5)' })
export class PinRulesOverview {
  @Field(() => DocumentLink, { nullable: true, description: '現行の運用基準 (空: 登録されていない)' })
  rules: DocumentLink | null;

  @Field(() => Int, { description: '現在の操作者の数' })
  operators: number;

  @Field(() => Int, { description: 'そのうち現行の版を確認した数' })
  acknowledged: number;

  @Field(() => [CardOperator], { description: 'まだ確認していない操作者 (識別番号順)' })
  pending: CardOperator[];
}

/** A16.4–5: the operators acknowledge the PIN operating rules in force. Thin: rules in PinRulesService. */
@Resolver(() => PinRulesAcknowledgement)
export class PinRulesResolver {
  @Authorized('Query.myPinRules')
  @Query(() => MyPinRules, { description: '現行の暗証番号等の運用基準と、自分の確認' })
  myPinRules(@CurrentStaff() s: StaffPrincipal, @Ctx() ctx: AppContext): Promise<MyPinRules> {
    return ctx.services.pinRules.mine(s.staffId, ctx.today);
  }

  @Authorized('Query.pinRulesOverview')
  @Query(() => PinRulesOverview, { description: '運用基準を確認していない操作者 (A16.4–5)' })
  pinRulesOverview(@Ctx() ctx: AppContext): Promise<PinRulesOverview> {
    return ctx.services.pinRules.overview(ctx.today);
  }

  @Authorized('Mutation.acknowledgePinRules')
  @Mutation(() => PinRulesAcknowledgement, { description: '現行の運用基準を確認しました (操作者)' })
  acknowledgePinRules(
    @Arg('versionId', () => ID, { description: '読んだ版 (現行の版であること)' }) versionId: string,
    @CurrentStaff() s: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<PinRulesAcknowledgement> {
    return ctx.services.pinRules.acknowledge(s.staffId, versionId, ctx.today, ctx.meta);
  }
}
