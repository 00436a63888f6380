import { Arg, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { AppContext } from '../../composition/context.js';
import { Room } from '../access/index.js';
import { OperationType } from './operation-type.entity.js';
import { OplogRoleOperation, OplogTerminalRoom } from './saved-queries.entity.js';
import {
  AddOperationTypeInput,
  OplogRoleOperationInput,
  OplogTerminalCandidate,
  OplogTerminalRoomInput,
} from './settings.types.js';

/** The settings of the review (A20.1). Thin: the rules live in OplogSettingsService. */
@Resolver(() => OplogTerminalRoom)
export class OplogSettingsResolver {
  @Authorized('Query.oplogRoleOperations')
  @Query(() => [OplogRoleOperation], { description: '操作種別ごとに許される役割 (点検の「役割を超える操作」の基準)' })
  oplogRoleOperations(@Ctx() ctx: AppContext): Promise<OplogRoleOperation[]> {
    return ctx.services.oplogSettings.roleOperations();
  }

  @Authorized('Query.oplogTerminalRooms')
  @Query(() => [OplogTerminalRoom], { description: '端末の設置場所 (点検の「無人の電算室での操作」の基準)' })
  oplogTerminalRooms(@Ctx() ctx: AppContext): Promise<OplogTerminalRoom[]> {
    return ctx.services.oplogSettings.terminalRooms();
  }

  @Authorized('Query.oplogTerminalCandidates')
  @Query(() => [OplogTerminalCandidate], { description: '構成管理簿の端末 (使用中・保管中、登録番号順)' })
  oplogTerminalCandidates(@Ctx() ctx: AppContext): Promise<OplogTerminalCandidate[]> {
    return ctx.services.oplogSettings.terminalCandidates();
  }

  @Authorized('Mutation.addOplogRoleOperation')
  @Mutation(() => OplogRoleOperation, { description: '操作種別に許す役割を追加 (管理者)' })
  addOplogRoleOperation(
    @Arg('input', () => OplogRoleOperationInput) input: OplogRoleOperationInput,
    @Ctx() ctx: AppContext,
  ): Promise<OplogRoleOperation> {
    return ctx.services.oplogSettings.addRoleOperation(input.operationType, input.role, ctx.meta);
  }

  @Authorized('Mutation.removeOplogRoleOperation')
  @Mutation(() => Boolean, { description: '操作種別に許す役割を削除 (管理者)' })
  removeOplogRoleOperation(
    @Arg('input', () => OplogRoleOperationInput) input: OplogRoleOperationInput,
    @Ctx() ctx: AppContext,
  ): Promise<boolean> {
    return ctx.services.oplogSettings.removeRoleOperation(input.operationType, input.role, ctx.meta);
  }

  @Authorized('Mutation.addOplogTerminalRoom')
  @Mutation(() => OplogTerminalRoom, { description: '端末の設置場所 (サーバー等の設置室) を追加 (管理者)' })
  addOplogTerminalRoom(
    @Arg('input', () => OplogTerminalRoomInput) input: OplogTerminalRoomInput,
    @Ctx() ctx: AppContext,
  ): Promise<OplogTerminalRoom> {
    return ctx.services.oplogSettings.addTerminalRoom(input.terminalCode, input.roomId, ctx.meta);
  }

  @Authorized('Mutation.removeOplogTerminalRoom')
  @Mutation(() => Boolean, { description: '端末の設置場所を削除 (管理者)' })
  removeOplogTerminalRoom(
    @Arg('terminalCode', () => String) terminalCode: string,
    @Ctx() ctx: AppContext,
  ): Promise<boolean> {
    return ctx.services.oplogSettings.removeTerminalRoom(terminalCode, ctx.meta);
  }

  @Authorized('Mutation.addOperationType')
  @Mutation(() => OperationType, { description: '操作種別を追加 (市が追加する種別、管理者)' })
  addOperationType(
    @Arg('input', () => AddOperationTypeInput) input: AddOperationTypeInput,
    @Ctx() ctx: AppContext,
  ): Promise<OperationType> {
    return ctx.services.oplogSettings.addOperationType(input, ctx.meta);
  }

  @FieldResolver(() => Room, { description: '電算室等' })
  room(@Root() r: OplogTerminalRoom, @Ctx() ctx: AppContext) {
    return ctx.loaders.access.roomById.load(r.roomId);
  }
}
