import { Arg, Args, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import type { AppContext } from '../../composition/context.js';
import {
  OplogFlaggedRecordPage,
  OplogOperatorDay,
  OplogOperatorDayPage,
  OplogOperatorDayQuery,
  OplogRecordQuery,
  OplogSavedQueryArgs,
} from './saved-queries.types.js';

/** The saved queries of the reviews (A20.1). Thin: the rules live in OplogSavedQueryService. */
@Resolver(() => OplogOperatorDay)
export class OplogSavedQueryResolver {
  @Authorized('Query.oplogFlaggedRecords')
  @Query(() => OplogFlaggedRecordPage, {
    description:
      '点検の保存済みクエリ (記録ごと、古い順): 時間外 / 有効なカードなし / 役割を超える操作 / 無人の電算室での操作。CSV は /exports/oplog/<query>.csv',
  })
  oplogFlaggedRecords(
    @Arg('query', () => OplogRecordQuery) query: OplogRecordQuery,
    @Args(() => OplogSavedQueryArgs) args: OplogSavedQueryArgs,
    @Ctx() ctx: AppContext,
  ): Promise<OplogFlaggedRecordPage> {
    return ctx.services.oplogSavedQueries.records(query, args);
  }

  @Authorized('Query.oplogOperatorDays')
  @Query(() => OplogOperatorDayPage, {
    description: '点検の保存済みクエリ (操作者・日ごと、日の順): 普段より多い操作 / 終日の操作 (IDの共用の疑い)',
  })
  oplogOperatorDays(
    @Arg('query', () => OplogOperatorDayQuery) query: OplogOperatorDayQuery,
    @Args(() => OplogSavedQueryArgs) args: OplogSavedQueryArgs,
    @Ctx() ctx: AppContext,
  ): Promise<OplogOperatorDayPage> {
    return ctx.services.oplogSavedQueries.operatorDays(query, args);
  }
}
