import { isUuid } from '../../shared/ids.js';
import { ArrayMaxSize, IsOptional, IsUUID, Length, MaxLength, Max, Min, ValidateNested } from 'class-validator';
import {
  Arg,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import type { AppContext } from '../../shared/context.js';
import { AppError, CommonErrorCode } from '../../shared/errors.js';
import { Staff } from '../organisation/staff.entity.js';
import { AccessAnomaly, AccessDirection, AccessEvent, AnomalyKind } from './access-event.entity.js';
import { EventOutcome, EventRefusal, MAX_BATCH, type Recorder } from './access-event.service.js';
import { RoomAuthorisation } from './room-authorisation.entity.js';
import { Room } from './room.entity.js';

@InputType({ description: '退室時の確認' })
export class ExitChecklistInput {
  @Field(() => Boolean, { description: '機器の電源を切った' })
  equipmentOff: boolean;

  @Field(() => Boolean, { description: 'ドライブに媒体を残していない' })
  noMediaLeft: boolean;

  @Field(() => Boolean, { description: '許可のないケーブルを接続していない' })
  noUnauthorisedCable: boolean;

  @Field(() => Boolean, { description: '書類を放置していない' })
  noDocumentsLeft: boolean;
}

@InputType({ description: '入退室の記録 (端末が作成)' })
export class AccessEventInput {
  @Field(() => ID, { description: '端末が作る一意のID (UUID)' })
  @IsUUID()
  clientEventId: string;

  @Field(() => Int, { nullable: true, description: '端末の連番 (1から)' })
  @IsOptional()
  @Min(1)
  @Max(2_000_000_000)
  deviceSeq?: number | null;

  @Field(() => AccessDirection)
  direction: AccessDirection;

  @Field(() => ID, { nullable: true, description: '職員' })
  @IsOptional()
  @IsUUID()
  staffId?: string | null;

  @Field(() => ID, { nullable: true, description: '外部の者: その入室許可' })
  @IsOptional()
  @IsUUID()
  contractorAuthorisationId?: string | null;

  @Field(() => ID, { nullable: true, description: '付添いの職員' })
  @IsOptional()
  @IsUUID()
  escortStaffId?: string | null;

  @Field(() => ID)
  @IsUUID()
  roomId: string;

  @Field(() => String)
  @Length(1, 200)
  purpose: string;

  @Field(() => Date, { description: '端末の時計での時刻' })
  deviceTime: Date;

  @Field(() => ExitChecklistInput, { nullable: true, description: '退室時は必須' })
  @IsOptional()
  @ValidateNested()
  checklist?: ExitChecklistInput | null;

  @Field(() => String, { nullable: true, description: '特記事項' })
  @IsOptional()
  @MaxLength(500)
  note?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      '入力された扉の暗証番号: {"pin","event"} をサーバーの公開鍵 (doorPinKey) で RSA-OAEP-256 暗号化し base64',
  })
  @IsOptional()
  @MaxLength(1000)
  pin?: string | null;
}

@InputType()
export class RecordAccessEventsInput {
  @Field(() => Date, { description: '送信時の端末の時計 (ずれの検出と補正に使う)' })
  deviceNow: Date;

  @Field(() => [AccessEventInput])
  @ArrayMaxSize(MAX_BATCH)
  @ValidateNested({ each: true })
  events: AccessEventInput[];
}

@ObjectType({ description: '1件ごとの結果: ACCEPTED / DUPLICATE (送信済み) は端末から消し、REFUSED は理由を表示' })
export class AccessEventResult {
  @Field(() => ID)
  clientEventId: string;

  @Field(() => String, { description: 'ACCEPTED | DUPLICATE | REFUSED' })
  outcome: EventOutcome;

  @Field(() => String, { nullable: true, description: '拒否の理由コード' })
  code: EventRefusal | null;

  @Field(() => String, { nullable: true })
  message: string | null;

  @Field(() => ID, { nullable: true })
  eventId: string | null;

  @Field(() => [AnomalyKind])
  anomalies: AnomalyKind[];
}

@ObjectType()
export class SequenceGap {
  @Field(() => Int)
  from: number;

  @Field(() => Int)
  to: number;
}

@ObjectType()
export class RecordAccessEventsResult {
  @Field(() => [AccessEventResult])
  results: AccessEventResult[];

  @Field(() => Int, { description: 'サーバー − 端末の時計 (秒)' })
  clockSkewSeconds: number;

  @Field(() => Boolean, { description: '5分を超えるずれ: 端末に警告を表示' })
  clockSkewed: boolean;

  @Field(() => [SequenceGap], { description: 'この端末からまだ届いていない連番' })
  sequenceGaps: SequenceGap[];
}

@InputType({ description: '入退室管理簿の絞り込み' })
export class AccessRegisterFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  roomId?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  staffId?: string | null;

  @Field(() => Date, { nullable: true })
  from?: Date | null;

  @Field(() => Date, { nullable: true })
  to?: Date | null;

  @Field(() => Boolean, { nullable: true, description: '異常のあるものだけ' })
  anomalous?: boolean | null;
}

@ObjectType({ description: '入退室管理簿 (新しい順)' })
export class AccessEventPage {
  @Field(() => [AccessEvent])
  nodes: AccessEvent[];

  @Field(() => String, { nullable: true })
  endCursor: string | null;

  @Field(() => Boolean)
  hasNextPage: boolean;
}

@InputType()
export class ResolveAnomalyInput {
  @Field(() => ID)
  @IsUUID()
  id: string;

  @Field(() => String, { description: '確認した内容' })
  @Length(1, 1000)
  note: string;
}

@ObjectType({ description: '端末が案内に使う入室許可 (秘密情報なし)' })
export class DoorAuthorisedPerson {
  @Field(() => ID, { description: '入室許可のID (外部の者はこれで記録)' })
  authorisationId: string;

  @Field(() => String, { description: 'STAFF | CONTRACTOR' })
  subjectKind: string;

  @Field(() => Staff, { nullable: true })
  staff: Staff | null;

  @Field(() => String, { description: '氏名 (外部の者は 会社名 氏名)' })
  name: string;

  @Field(() => [ID])
  roomIds: string[];

  @Field(() => Date)
  validFrom: Date;

  @Field(() => Date)
  validTo: Date;

  @Field(() => String)
  purpose: string;

  @Field(() => Boolean)
  escortRequired: boolean;
}

@ObjectType()
export class DoorAuthorisations {
  @Field(() => String, { description: '内容が変わると変わる値。knownVersion に渡すと、同じなら people を省略' })
  version: string;

  @Field(() => Boolean)
  unchanged: boolean;

  @Field(() => Date, { description: 'サーバーの現在時刻 (端末の時計の確認用)' })
  serverTime: Date;

  @Field(() => [DoorAuthorisedPerson])
  people: DoorAuthorisedPerson[];
}

/** An entry still open after this long is shown as an overstay on the manager's board. */
export const OVERSTAY_MINUTES = 180;

function recorderOf(ctx: AppContext): Recorder {
  const p = ctx.principal;
  if (p.kind === 'device') return { kind: 'device', deviceId: p.deviceId, roomIds: p.roomIds };
  if (p.kind === 'staff') return { kind: 'staff', staffId: p.staffId };
  throw new AppError('FORBIDDEN', 'この操作を行う権限がありません (not allowed)');
}

/** A12.3: the register. Thin resolvers; rules live in AccessEventService / AccessRegisterService. */
@Resolver(() => AccessEvent)
export class AccessEventResolver {
  @Authorized('Mutation.recordAccessEvents')
  @Mutation(() => RecordAccessEventsResult, {
    description: '入退室の記録をまとめて登録 (最大500件)。同じ記録を何度送っても1件だけ保存',
  })
  async recordAccessEvents(
    @Arg('input', () => RecordAccessEventsInput) input: RecordAccessEventsInput,
    @Ctx() ctx: AppContext,
  ): Promise<RecordAccessEventsResult> {
    const r = await ctx.services.accessEvents.record(input.deviceNow, input.events, recorderOf(ctx), ctx.meta);
    return { ...r, clockSkewed: Math.abs(r.clockSkewSeconds) > 300 };
  }

  @Authorized('Query.accessEvents')
  @Query(() => AccessEventPage, { description: '入退室管理簿 (A12.3)。after に前回の endCursor を渡すと続き' })
  accessEvents(
    @Ctx() ctx: AppContext,
    @Arg('filter', () => AccessRegisterFilter, { nullable: true }) filter?: AccessRegisterFilter,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number = 50,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<AccessEventPage> {
    if (first < 1 || first > 100)
      throw new AppError(CommonErrorCode.BAD_USER_INPUT, 'first は 1〜100 です (first must be 1–100)');
    return ctx.services.accessRegister.page(filter ?? {}, first, after ?? null);
  }

  @Authorized('Query.accessInside')
  @Query(() => [AccessEvent], { description: '在室中 (退室の記録がない入室、古い順、最大100件)' })
  accessInside(
    @Ctx() ctx: AppContext,
    @Arg('roomId', () => ID, { nullable: true }) roomId?: string,
  ): Promise<AccessEvent[]> {
    if (roomId && !isUuid(roomId))
      throw new AppError(CommonErrorCode.BAD_USER_INPUT, 'roomId が正しくありません (bad roomId)');
    return ctx.services.accessRegister.inside(roomId ?? null, 100);
  }

  @FieldResolver(() => Boolean, { description: `入室から${OVERSTAY_MINUTES}分を超えて退室の記録がない` })
  overstay(@Root() e: AccessEvent, @Ctx() ctx: AppContext): boolean {
    // only entries read as still open (accessInside); a closed one is never an overstay
    return (
      e.stillOpen === true &&
      e.direction === AccessDirection.ENTER &&
      ctx.services.now().getTime() - e.occurredAt.getTime() > OVERSTAY_MINUTES * 60_000
    );
  }

  @Authorized('Query.accessAnomalies')
  @Query(() => [AccessAnomaly], { description: '未解決の入退室の異常 (古い順、最大100件)' })
  accessAnomalies(@Ctx() ctx: AppContext): Promise<AccessAnomaly[]> {
    return ctx.services.accessRegister.openAnomalies(100);
  }

  @Authorized('Mutation.resolveAccessAnomaly')
  @Mutation(() => AccessAnomaly, { description: '異常を確認して解決 (管理者)' })
  resolveAccessAnomaly(
    @Arg('input', () => ResolveAnomalyInput) input: ResolveAnomalyInput,
    @Ctx() ctx: AppContext,
  ): Promise<AccessAnomaly> {
    const p = ctx.principal;
    if (p.kind !== 'staff') throw new AppError('FORBIDDEN', 'この操作を行う権限がありません (not allowed)');
    return ctx.services.accessRegister.resolveAnomaly(input.id, input.note, p.staffId, ctx.meta);
  }

  @Authorized('Query.doorAuthorisations')
  @Query(() => DoorAuthorisations, { description: '端末の電算室等に今と今後12時間に入室を許可された人 (端末用)' })
  async doorAuthorisations(
    @Ctx() ctx: AppContext,
    @Arg('knownVersion', () => String, { nullable: true }) knownVersion?: string,
  ): Promise<DoorAuthorisations> {
    const p = ctx.principal;
    if (p.kind !== 'device') throw new AppError('FORBIDDEN', 'この操作を行う権限がありません (not allowed)');
    const { version, people } = await ctx.services.accessRegister.authorisedFor(p.roomIds, 12);
    const serverTime = ctx.services.now();
    if (knownVersion === version) return { version, unchanged: true, serverTime, people: [] };
    const staff = await ctx.loaders.organisation.staffById.loadMany(
      people.map((x) => x.authorisation.staffId).filter((id): id is string => !!id),
    );
    const byId = new Map(staff.filter((s): s is Staff => s instanceof Staff).map((s) => [s.id, s]));
    return {
      version,
      unchanged: false,
      serverTime,
      people: people.map(({ authorisation: a, roomIds }) => {
        const s = a.staffId ? (byId.get(a.staffId) ?? null) : null;
        return {
          authorisationId: a.id,
          subjectKind: a.subjectKind,
          staff: s,
          name: s ? `${s.familyName} ${s.givenName}` : `${a.contractorCompany ?? ''} ${a.contractorName ?? ''}`.trim(),
          roomIds: roomIds.filter((id) => p.roomIds.includes(id)),
          validFrom: a.validFrom,
          validTo: a.validTo,
          purpose: a.purpose,
          escortRequired: a.escortRequired,
        };
      }),
    };
  }

  @FieldResolver(() => Staff, { nullable: true })
  staff(@Root() e: AccessEvent, @Ctx() ctx: AppContext): Promise<Staff | null> {
    return e.staffId ? ctx.loaders.organisation.staffById.load(e.staffId) : Promise.resolve(null);
  }

  @FieldResolver(() => Staff, { nullable: true, description: '付添い' })
  escort(@Root() e: AccessEvent, @Ctx() ctx: AppContext): Promise<Staff | null> {
    return e.escortStaffId ? ctx.loaders.organisation.staffById.load(e.escortStaffId) : Promise.resolve(null);
  }

  @FieldResolver(() => Room)
  async room(@Root() e: AccessEvent, @Ctx() ctx: AppContext): Promise<Room> {
    return (await ctx.loaders.access.roomById.load(e.roomId))!;
  }

  @FieldResolver(() => RoomAuthorisation, { nullable: true, description: 'その時点で有効だった入室許可' })
  authorisation(@Root() e: AccessEvent, @Ctx() ctx: AppContext): Promise<RoomAuthorisation | null> {
    const id = e.authorisationId ?? e.contractorAuthorisationId;
    return id ? ctx.loaders.access.authorisationById.load(id) : Promise.resolve(null);
  }

  @FieldResolver(() => Boolean, { description: '端末から (false: 管理者が手入力)' })
  fromDevice(@Root() e: AccessEvent): boolean {
    return e.deviceId !== null;
  }
}

@Resolver(() => AccessAnomaly)
export class AccessAnomalyResolver {
  @FieldResolver(() => AccessEvent)
  async event(@Root() a: AccessAnomaly, @Ctx() ctx: AppContext): Promise<AccessEvent> {
    return (await ctx.loaders.access.eventById.load(a.eventId))!;
  }
}
