import { GraphQLJSONObject } from 'graphql-scalars';
import { IsIn, IsUUID, MaxLength } from 'class-validator';
import { Arg, Authorized, Ctx, Field, InputType, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { ID } from '../../shared/ids.js';
import type { AppContext } from '../../composition/context.js';
import { proofOf, ReauthenticationInput, StaffIdInput } from '../identity/index.js';
import { PinCheck } from './door-pin.service.js';
import { AccessDirection } from './access-event.entity.js';
import { AppError, CommonErrorCode } from '../../shared/errors.js';
import { CurrentStaff } from '../../shared/current-staff.js';
import type { StaffPrincipal } from '../../shared/principal.js';

@InputType()
export class SetDoorPinInput extends ReauthenticationInput {
  @Field(() => String, { description: '6〜12桁の数字' })
  @MaxLength(12)
  pin: string;
}

@InputType()
export class CheckDoorPinInput {
  @Field(() => ID)
  @IsUUID()
  staffId: string;

  @Field(() => ID, { description: 'これから記録する入退室の clientEventId (暗号文に含める)' })
  @IsUUID()
  clientEventId: string;

  @Field(() => ID, { description: 'その記録の電算室等 (暗号文に含める)' })
  @IsUUID()
  roomId: string;

  @Field(() => AccessDirection, { description: 'その記録の入室・退室 (暗号文に含める)' })
  @IsIn(Object.values(AccessDirection))
  direction: AccessDirection;

  @Field(() => Date, { description: 'その記録の端末の時刻 (暗号文に含める)' })
  deviceTime: Date;

  @Field(() => String, { description: '暗号化した暗証番号 (AccessEventInput.pin と同じ形式)' })
  @MaxLength(1000)
  pin: string;
}

@ObjectType({ description: '扉の暗証番号の確認結果' })
export class DoorPinCheckResult {
  @Field(() => String, {
    description:
      'OK | WRONG | LOCKED | NOT_SET (未設定、またはこの端末で入室できない人) | MALFORMED (端末の暗号文の誤り)',
  })
  result: PinCheck;

  @Field(() => Int, { description: 'ロックまでの残り回数' })
  attemptsLeft: number;
}

/** Door PINs (A12.3 identification): thin resolvers over DoorPinService. */
@Resolver()
export class DoorPinResolver {
  @Authorized('Query.doorPinKey')
  @Query(() => GraphQLJSONObject, { description: '暗証番号を暗号化するサーバーの公開鍵 (JWK, RSA-OAEP-256) (端末用)' })
  doorPinKey(@Ctx() ctx: AppContext): object {
    return ctx.services.doorPins.publicJwk();
  }

  @Authorized('Mutation.setDoorPin')
  @Mutation(() => Boolean, { description: '自分の扉の暗証番号を設定 (現在のパスワードかパスキーで本人確認)' })
  async setDoorPin(
    @Arg('input', () => SetDoorPinInput) input: SetDoorPinInput,
    @CurrentStaff() staff: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ) {
    await ctx.services.doorPins.setPin(staff.staffId, proofOf(input), input.pin, ctx.meta);
    return true;
  }

  @Authorized('Mutation.checkDoorPin')
  @Mutation(() => DoorPinCheckResult, {
    description: '入力された暗証番号をその場で確認 (端末用)。10回連続の誤りでロック',
  })
  async checkDoorPin(
    @Arg('input', () => CheckDoorPinInput) input: CheckDoorPinInput,
    @Ctx() ctx: AppContext,
  ): Promise<DoorPinCheckResult> {
    const p = ctx.principal;
    if (p.kind !== 'device')
      throw new AppError(CommonErrorCode.FORBIDDEN, 'この操作を行う権限がありません (not allowed)');
    const { result, left } = await ctx.services.doorPins.checkAudited(
      {
        cipher: input.pin,
        deviceId: p.deviceId,
        binding: {
          clientEventId: input.clientEventId,
          staffId: input.staffId.toLowerCase(),
          roomId: input.roomId,
          direction: input.direction,
          deviceTime: input.deviceTime,
        },
      },
      p.roomIds,
      ctx.meta,
    );
    // a cipher made for another event is, to the tablet, one it should not have sent
    return { result: result === PinCheck.NOT_FOR_EVENT ? PinCheck.MALFORMED : result, attemptsLeft: left };
  }

  @Authorized('Mutation.unlockDoorPin')
  @Mutation(() => Boolean, { description: '扉の暗証番号のロックを解除 (暗証番号管理者・管理者)' })
  async unlockDoorPin(@Arg('input', () => StaffIdInput) input: StaffIdInput, @Ctx() ctx: AppContext) {
    await ctx.services.doorPins.unlock(input.staffId, ctx.meta);
    return true;
  }
}
