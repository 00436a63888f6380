import { GraphQLJSONObject } from 'graphql-scalars';
import { IsUUID, Length, MaxLength } from 'class-validator';
import { Arg, Authorized, Ctx, Field, InputType, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { ID } from '../../shared/ids.js';
import type { AppContext } from '../../composition/context.js';
import { StaffIdInput } from '../identity/index.js';
import { PinCheck } from './door-pin.service.js';
import { CurrentStaff } from '../../shared/current-staff.js';
import type { StaffPrincipal } from '../../shared/principal.js';

@InputType()
export class SetDoorPinInput {
  @Field(() => String, { description: '現在のパスワード (本人確認)' })
  @Length(1, 200)
  currentPassword: string;

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

  @Field(() => String, { description: '暗号化した暗証番号 (AccessEventInput.pin と同じ形式)' })
  @MaxLength(1000)
  pin: string;
}

@ObjectType({ description: '扉の暗証番号の確認結果' })
export class DoorPinCheckResult {
  @Field(() => String, { description: 'OK | WRONG | LOCKED | NOT_SET | MALFORMED' })
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
  @Mutation(() => Boolean, { description: '自分の扉の暗証番号を設定 (現在のパスワードが必要)' })
  async setDoorPin(
    @Arg('input', () => SetDoorPinInput) input: SetDoorPinInput,
    @CurrentStaff() staff: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ) {
    await ctx.services.doorPins.setPin(staff.staffId, input.currentPassword, input.pin, ctx.meta);
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
    const { result, left } = await ctx.services.doorPins.checkAudited(
      input.staffId,
      input.pin,
      input.clientEventId,
      ctx.meta,
    );
    return { result, attemptsLeft: left };
  }

  @Authorized('Mutation.unlockDoorPin')
  @Mutation(() => Boolean, { description: '扉の暗証番号のロックを解除 (暗証番号管理者・管理者)' })
  async unlockDoorPin(@Arg('input', () => StaffIdInput) input: StaffIdInput, @Ctx() ctx: AppContext) {
    await ctx.services.doorPins.unlock(input.staffId, ctx.meta);
    return true;
  }
}
