import { PageArgs } from '../../shared/paging.js';
import { ID, isUuid } from '../../shared/ids.js';
import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { AppContext } from '../../composition/context.js';
import { AppError, CommonErrorCode } from '../../shared/errors.js';
import { Section, Staff } from '../organisation/index.js';
import { AccessAnomaly, AccessDirection, AccessEvent, AccessEventSource } from './access-event.entity.js';
import type { Recorder } from './access-event.rules.js';
import { RoomAuthorisation } from './room-authorisation.entity.js';
import { Room } from './room.entity.js';
import {
  AccessEventPage,
  AccessRegisterFilter,
  DoorAuthorisations,
  DoorStaff,
  RecordAccessEventsInput,
  RecordAccessEventsResult,
  ResolveAnomalyInput,
} from './access-event.inputs.js';
import { CurrentStaff } from '../../shared/current-staff.js';
import type { StaffPrincipal } from '../../shared/principal.js';

/** An entry still open after this long is shown as an overstay on the manager's board. */
export const OVERSTAY_MINUTES = 180;

function recorderOf(ctx: AppContext): Recorder {
  const p = ctx.principal;
  if (p.kind === 'device') return { kind: 'device', deviceId: p.deviceId, roomIds: p.roomIds };
  if (p.kind === 'staff') return { kind: 'staff', staffId: p.staffId };
  throw new AppError(CommonErrorCode.FORBIDDEN, 'この操作を行う権限がありません (not allowed)');
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
    const r = await ctx.services.accessEvents.record(input.deviceNow, input.events, recorderOf(ctx), ctx.meta, {
      monotonicMs: input.deviceMonotonicMs,
      bootId: input.bootId,
    });
    return { ...r, clockSkewed: Math.abs(r.clockSkewSeconds) > 300 };
  }

  @Authorized('Query.accessEvents')
  @Query(() => AccessEventPage, { description: '入退室管理簿 (A12.3)。after に前回の endCursor を渡すと続き' })
  accessEvents(
    @Ctx() ctx: AppContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => AccessRegisterFilter, { nullable: true }) filter?: AccessRegisterFilter,
  ): Promise<AccessEventPage> {
    return ctx.services.accessRegister.page(filter ?? {}, page);
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
    @CurrentStaff() staff: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<AccessAnomaly> {
    return ctx.services.accessRegister.resolveAnomaly(input.id, input.note, staff.staffId, ctx.meta);
  }

  @Authorized('Query.doorAuthorisations')
  @Query(() => DoorAuthorisations, { description: '端末の電算室等に今と今後12時間に入室を許可された人 (端末用)' })
  async doorAuthorisations(
    @Ctx() ctx: AppContext,
    @Arg('knownVersion', () => String, { nullable: true }) knownVersion?: string,
  ): Promise<DoorAuthorisations> {
    const p = ctx.principal;
    if (p.kind !== 'device')
      throw new AppError(CommonErrorCode.FORBIDDEN, 'この操作を行う権限がありません (not allowed)');
    const { version, people } = await ctx.services.accessRegister.authorisedFor(p.roomIds, 12);
    const serverTime = ctx.services.now();
    if (knownVersion === version) return { version, unchanged: true, serverTime, people: [] };
    const staff = await ctx.loaders.organisation.staffById.loadMany(
      people.map((x) => x.authorisation.staffId).filter((id): id is string => !!id),
    );
    const byId = new Map(staff.filter((s): s is Staff => s instanceof Staff).map((s) => [s.id, s]));
    const sections = await ctx.loaders.organisation.sectionById.loadMany([
      ...new Set([...byId.values()].map((s) => s.sectionId)),
    ]);
    const sectionName = new Map(sections.filter((x): x is Section => x instanceof Section).map((x) => [x.id, x.name]));
    // flat facts only (Hardening §5): a tablet cannot walk from a person to the organisation chart
    const flat = (s: Staff): DoorStaff => ({
      id: s.id,
      staffNumber: s.staffNumber,
      familyName: s.familyName,
      givenName: s.givenName,
      familyNameKana: s.familyNameKana,
      givenNameKana: s.givenNameKana,
      fullName: s.fullName,
      fullNameKana: s.fullNameKana,
      title: s.title,
      sectionName: sectionName.get(s.sectionId) ?? null,
    });
    return {
      version,
      unchanged: false,
      serverTime,
      people: people.map(({ authorisation: a, roomIds }) => {
        const s = a.staffId ? (byId.get(a.staffId) ?? null) : null;
        return {
          authorisationId: a.id,
          subjectKind: a.subjectKind,
          staff: s ? flat(s) : null,
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

  @FieldResolver(() => AccessEventSource, { description: '記録の方法 (紙の記録からの転記は管理者の手入力)' })
  source(@Root() e: AccessEvent): AccessEventSource {
    return e.deviceId === null ? AccessEventSource.PAPER_FALLBACK : AccessEventSource.DOOR_TABLET;
  }

  @FieldResolver(() => Staff, { nullable: true, description: '紙の記録から転記した管理者' })
  recordedBy(@Root() e: AccessEvent, @Ctx() ctx: AppContext): Promise<Staff | null> {
    return e.recordedByStaffId ? ctx.loaders.organisation.staffById.load(e.recordedByStaffId) : Promise.resolve(null);
  }
}

@Resolver(() => AccessAnomaly)
export class AccessAnomalyResolver {
  @FieldResolver(() => AccessEvent)
  async event(@Root() a: AccessAnomaly, @Ctx() ctx: AppContext): Promise<AccessEvent> {
    return (await ctx.loaders.access.eventById.load(a.eventId))!;
  }
}
