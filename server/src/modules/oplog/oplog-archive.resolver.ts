import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { AppContext } from '../../composition/context.js';
import { CurrentStaff } from '../../shared/current-staff.js';
import type { StaffPrincipal } from '../../shared/principal.js';
import { OplogArchive, OplogLegalHold } from './oplog-archive.entity.js';
import {
  ArchiveOperationRecordMonthInput,
  LiftOplogLegalHoldInput,
  OperationRecordMonth,
  SetOplogLegalHoldInput,
} from './oplog-archive.types.js';

/** The retention step of the operation history (A20.2). Thin: the rules live in the service. */
@Resolver()
export class OplogArchiveResolver {
  @Authorized('Query.operationRecordMonths')
  @Query(() => [OperationRecordMonth], { description: '操作履歴の月と、保存期間・保全の状態 (古い順)' })
  operationRecordMonths(@Ctx() ctx: AppContext): Promise<OperationRecordMonth[]> {
    return ctx.services.oplogArchive.months();
  }

  @Authorized('Query.oplogLegalHolds')
  @Query(() => [OplogLegalHold], { description: '操作履歴の保全 (リーガルホールド、新しい順)' })
  oplogLegalHolds(@Ctx() ctx: AppContext): Promise<OplogLegalHold[]> {
    return ctx.services.oplogArchive.holds();
  }

  @Authorized('Query.oplogArchives')
  @Query(() => [OplogArchive], { description: '書き出して削除した操作履歴の月 (ファイルと SHA-256)' })
  oplogArchives(@Ctx() ctx: AppContext): Promise<OplogArchive[]> {
    return ctx.services.oplogArchive.archives();
  }

  @Authorized('Mutation.archiveOperationRecordMonth')
  @Mutation(() => OplogArchive, {
    description: '保存期間 (7年) を過ぎた月を DATA_DIR に書き出し (SHA-256 を記録)、削除する (管理者)。保全中は不可',
  })
  archiveOperationRecordMonth(
    @Arg('input', () => ArchiveOperationRecordMonthInput) input: ArchiveOperationRecordMonthInput,
    @CurrentStaff() by: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<OplogArchive> {
    return ctx.services.oplogArchive.archive(input.month, by.staffId, ctx.meta);
  }

  @Authorized('Mutation.setOplogLegalHold')
  @Mutation(() => OplogLegalHold, { description: '操作履歴を保全する (管理者)。保全中の月は削除されない' })
  setOplogLegalHold(
    @Arg('input', () => SetOplogLegalHoldInput) input: SetOplogLegalHoldInput,
    @CurrentStaff() by: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<OplogLegalHold> {
    return ctx.services.oplogArchive.setHold(input, by.staffId, ctx.meta);
  }

  @Authorized('Mutation.liftOplogLegalHold')
  @Mutation(() => OplogLegalHold, { description: '保全を解除する (管理者、理由を記録)' })
  liftOplogLegalHold(
    @Arg('input', () => LiftOplogLegalHoldInput) input: LiftOplogLegalHoldInput,
    @CurrentStaff() by: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<OplogLegalHold> {
    return ctx.services.oplogArchive.liftHold(input.id, input.reason, by.staffId, ctx.meta);
  }
}
