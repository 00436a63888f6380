import { Args, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import type { AppContext } from '../../composition/context.js';
import { OperationType } from './operation-type.entity.js';
import { OperationRecord, OperationRecordPage, OperationRecordsArgs } from './operation-record.types.js';

/** The operation history (A20). Thin: the rules live in the services. */
@Resolver(() => OperationRecord)
export class OperationRecordResolver {
  @Authorized('Query.operationRecords')
  @Query(() => OperationRecordPage, {
    description: '操作履歴 (A20、期間内、古い順)。操作者IDで絞り込み可。管理者・統括者・副統括者・監査者',
  })
  operationRecords(
    @Ctx() ctx: AppContext,
    @Args(() => OperationRecordsArgs) args: OperationRecordsArgs,
  ): Promise<OperationRecordPage> {
    return ctx.services.operationRecordReading.page(args);
  }

  @Authorized('Query.operationTypes')
  @Query(() => [OperationType], { description: '操作種別の一覧 (市が追加できる)' })
  operationTypes(@Ctx() ctx: AppContext): Promise<OperationType[]> {
    return ctx.dataSource.getRepository(OperationType).find({ order: { code: 'ASC' } });
  }
}
