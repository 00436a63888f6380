import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AppContext } from '../../composition/context.js';
import { ConfigurationChange } from './change-record.entity.js';
import { requesterOf } from './change-request.resolver.js';
import { ConfigurationConnection } from './connection.entity.js';
import { ConfigurationItem } from './configuration-item.entity.js';
import {
  RecordConfigurationMediumInput,
  RecordUnapprovedConfigurationChangeInput,
  ReviewUnapprovedConfigurationChangeInput,
  SetConnectionMeasuresInput,
} from './configuration.inputs.js';

/** Changes recorded without a change request (A14.1–2, A17 flagged; A15 media; A8.3 measures). */
@Resolver()
export class DirectChangeResolver {
  @Authorized('Mutation.recordUnapprovedConfigurationChange')
  @Mutation(() => ConfigurationChange, {
    description: '承認のない変更を記録 (管理者の緊急対応、事後に見つかった変更)。事後確認まで要確認として表示',
  })
  recordUnapprovedConfigurationChange(
    @Arg('input', () => RecordUnapprovedConfigurationChangeInput) input: RecordUnapprovedConfigurationChangeInput,
    @Ctx() ctx: AppContext,
  ): Promise<ConfigurationChange> {
    return ctx.services.directChanges.recordUnapproved(input, requesterOf(ctx.principal, ctx.today), ctx.meta);
  }

  @Authorized('Mutation.reviewUnapprovedConfigurationChange')
  @Mutation(() => ConfigurationChange, { description: '承認のない変更の事後確認 (統括者・副統括者)' })
  reviewUnapprovedConfigurationChange(
    @Arg('input', () => ReviewUnapprovedConfigurationChangeInput) input: ReviewUnapprovedConfigurationChangeInput,
    @Ctx() ctx: AppContext,
  ): Promise<ConfigurationChange> {
    const by = requesterOf(ctx.principal, ctx.today);
    return ctx.services.directChanges.reviewUnapproved(input.id, input.note, by, ctx.meta);
  }

  @Authorized('Mutation.recordConfigurationMedium')
  @Mutation(() => ConfigurationItem, { description: '磁気媒体等の登録・変更 (A15、管理者・運用管理者)' })
  recordConfigurationMedium(
    @Arg('input', () => RecordConfigurationMediumInput) input: RecordConfigurationMediumInput,
    @Ctx() ctx: AppContext,
  ): Promise<ConfigurationItem> {
    return ctx.services.directChanges.recordMedium(input, requesterOf(ctx.principal, ctx.today), ctx.meta);
  }

  @Authorized('Mutation.setConnectionMeasures')
  @Mutation(() => ConfigurationConnection, { description: '接続の保護措置を記録 (A8.3, A11.1)' })
  setConnectionMeasures(
    @Arg('input', () => SetConnectionMeasuresInput) input: SetConnectionMeasuresInput,
    @Ctx() ctx: AppContext,
  ): Promise<ConfigurationConnection> {
    const by = requesterOf(ctx.principal, ctx.today);
    return ctx.services.directChanges.setMeasures(input.connectionId, input.measures, input.reason, by, ctx.meta);
  }
}
