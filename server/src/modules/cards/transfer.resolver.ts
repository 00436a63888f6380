import { Arg, Args, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { AppContext } from '../../composition/context.js';
import { ID } from '../../shared/ids.js';
import { PageArgs } from '../../shared/paging.js';
import { decodeTransferBase64 } from './transfer-file.js';
import {
  ImportCardTransfersInput,
  TransferImportResult,
  TransferMoveFilterInput,
  TransferMovePage,
  TransferRoundSummary,
} from './transfer.inputs.js';
import { CardTransferRound } from './transfer.entity.js';

/** Transfer rounds (issue 15 §3): the April import and the PIN administrator's view. Thin: rules in the services. */
@Resolver(() => CardTransferRound)
export class CardTransferResolver {
  @Authorized('Query.cardTransferRounds')
  @Query(() => [CardTransferRound], { description: '異動の回 (新しい順)' })
  cardTransferRounds(@Ctx() ctx: AppContext): Promise<CardTransferRound[]> {
    return ctx.services.cardTransferRounds.rounds();
  }

  @Authorized('Query.cardTransferRound')
  @Query(() => TransferRoundSummary, { description: '異動の回の集計 (異動・依頼の状態ごとの件数)' })
  cardTransferRound(@Arg('id', () => ID) id: string, @Ctx() ctx: AppContext): Promise<TransferRoundSummary> {
    return ctx.services.cardTransferRounds.summary(id);
  }

  @Authorized('Query.cardTransferMoves')
  @Query(() => TransferMovePage, { description: '異動の回の一覧: 1人ずつ、開いた依頼と担当、状態 (職員番号順)' })
  cardTransferMoves(
    @Arg('filter', () => TransferMoveFilterInput) filter: TransferMoveFilterInput,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: AppContext,
  ): Promise<TransferMovePage> {
    return ctx.services.cardTransferRounds.moves(filter, page);
  }

  @Authorized('Mutation.importCardTransfers')
  @Mutation(() => TransferImportResult, {
    description:
      '異動ファイル (CSV・xlsx) を取込む。1行でも誤りがあれば何も保存せず、誤りの行をすべて返す。同じ行を二度取込んでも二重にはならない。発令日が今日以前なら直ちに異動し依頼を開き、以後なら発令日に開く',
  })
  importCardTransfers(
    @Arg('input', () => ImportCardTransfersInput) input: ImportCardTransfersInput,
    @Ctx() ctx: AppContext,
  ): Promise<TransferImportResult> {
    return ctx.services.cardTransferImport.import(
      { roundName: input.roundName, content: decodeTransferBase64(input.contentBase64) },
      ctx.meta,
    );
  }
}
