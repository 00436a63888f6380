import { ArrayMinSize, IsUUID, Length } from 'class-validator';
import {
  Arg,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  InputType,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { ID } from '../../shared/ids.js';
import type { AppContext } from '../../composition/context.js';
import { IdentityError, IdentityErrorCode } from './identity.errors.js';
import { Room } from '../access/index.js';
import { DoorDevice } from './door-device.entity.js';
import { CurrentStaff } from '../../shared/current-staff.js';
import type { StaffPrincipal } from '../../shared/principal.js';

@InputType()
export class CreateDevicePairingInput {
  @Field(() => String, { description: '端末名 (e.g. 電算室 入口タブレット)' })
  @Length(1, 100)
  name: string;

  @Field(() => [ID])
  @ArrayMinSize(1)
  @IsUUID('all', { each: true })
  roomIds: string[];
}

@InputType()
export class PairDeviceInput {
  @Field(() => String, { description: '管理者の画面に表示されたコード (XXXXX-XXXXX)' })
  @Length(10, 20)
  code: string;

  @Field(() => String, {
    nullable: true,
    description:
      '同じタブレットの前回のペアリングの資格情報 (再ペアリング): 前回のまま送信を待つ記録を同じ端末の記録として受け付ける',
  })
  @Length(1, 100)
  previousCredential?: string | null;
}

@InputType()
export class DeviceIdInput {
  @Field(() => ID)
  @IsUUID()
  id: string;
}

@ObjectType({ description: 'ペアリングコード: タブレットで入力する (10分間・1回限り)' })
export class DevicePairingCode {
  @Field(() => String)
  code: string;
  @Field(() => Date)
  expiresAt: Date;
  @Field(() => [Room])
  rooms: Room[];
}

@ObjectType({ description: 'ペアリング結果: credential はこの応答でだけ表示され、端末が保管する' })
export class PairedDevice {
  @Field(() => String, { description: '端末の資格情報 (Authorization: Bearer)' })
  credential: string;
  @Field(() => DoorDevice)
  device: DoorDevice;
}

@Resolver(() => DoorDevice)
export class DoorDeviceResolver {
  @Authorized('Query.doorDevices')
  @Query(() => [DoorDevice], { description: 'ペアリング済みの入退室端末' })
  doorDevices(@Ctx() ctx: AppContext): Promise<DoorDevice[]> {
    return ctx.services.doorDevices.list();
  }

  @Authorized('Query.thisDevice')
  @Query(() => DoorDevice, { description: '呼び出している端末自身 (端末用)' })
  async thisDevice(@Ctx() ctx: AppContext): Promise<DoorDevice> {
    const p = ctx.principal;
    const device = p.kind === 'device' ? await ctx.services.doorDevices.get(p.deviceId) : null;
    if (!device) throw new IdentityError(IdentityErrorCode.DEVICE_NOT_FOUND, '端末が見つかりません (device not found)');
    return device;
  }

  @Authorized('Mutation.createDevicePairing')
  @Mutation(() => DevicePairingCode, { description: 'タブレットのペアリングコードを発行 (管理者)' })
  createDevicePairing(
    @Arg('input', () => CreateDevicePairingInput) input: CreateDevicePairingInput,
    @CurrentStaff() staff: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<DevicePairingCode> {
    return ctx.services.doorDevices.createPairing(staff.staffId, input.name, input.roomIds, ctx.meta);
  }

  @Authorized('Mutation.pairDevice')
  @Mutation(() => PairedDevice, { description: 'タブレットがコードを資格情報と交換する' })
  async pairDevice(
    @Arg('input', () => PairDeviceInput) input: PairDeviceInput,
    @Ctx() ctx: AppContext,
  ): Promise<PairedDevice> {
    const { token, device } = await ctx.services.doorDevices.pair(input.code, ctx.meta, input.previousCredential);
    return { credential: token, device };
  }

  @Authorized('Mutation.revokeDevice')
  @Mutation(() => DoorDevice, { description: '端末を失効 (管理者)' })
  revokeDevice(@Arg('input', () => DeviceIdInput) input: DeviceIdInput, @Ctx() ctx: AppContext): Promise<DoorDevice> {
    return ctx.services.doorDevices.revoke(input.id, ctx.meta);
  }

  @FieldResolver(() => [Room])
  async rooms(@Root() d: DoorDevice, @Ctx() ctx: AppContext): Promise<Room[]> {
    return d.rooms ?? (await ctx.services.doorDevices.get(d.id))?.rooms ?? [];
  }
}
