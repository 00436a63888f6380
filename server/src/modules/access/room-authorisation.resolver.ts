import { MAX_PAGE, Page, PageArgs } from '../../shared/paging.js';
import { ArrayMaxSize, ArrayMinSize, IsOptional, IsUUID, Length, MaxLength } from 'class-validator';
import {
  Arg,
  Args,
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
import type { Principal } from '../../shared/principal.js';
import { Staff } from '../organisation/index.js';
import { AuthorisationStatus, RoomAuthorisation, SubjectKind } from './room-authorisation.entity.js';
import { mayDecideRequest, type Requester } from './room-authorisation.service.js';
import { Room } from './room.entity.js';
import { personOf } from '../../shared/current-staff.js';

@InputType({ description: '入室許可の申請 (A12.2)' })
export class RequestRoomAuthorisationInput {
  @Field(() => SubjectKind)
  subjectKind: SubjectKind;

  @Field(() => ID, { nullable: true, description: '職員 (省略: 自分)' })
  @IsOptional()
  @IsUUID()
  staffId?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(100)
  contractorCompany?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(100)
  contractorName?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(100)
  contractorContact?: string | null;

  @Field(() => [ID])
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  roomIds: string[];

  @Field(() => Date)
  validFrom: Date;

  @Field(() => Date)
  validTo: Date;

  @Field(() => String)
  @Length(1, 200)
  purpose: string;

  @Field(() => Boolean, { nullable: true, description: '付添いが必要 (外部の者は常に必要)' })
  escortRequired?: boolean | null;
}

@InputType()
export class AuthorisationIdInput {
  @Field(() => ID)
  @IsUUID()
  id: string;
}

@InputType()
export class AuthorisationDecisionInput {
  @Field(() => ID)
  @IsUUID()
  id: string;

  @Field(() => String, { description: '理由' })
  @Length(1, 500)
  reason: string;
}

@InputType({ description: '入室許可の絞り込み' })
export class RoomAuthorisationFilter {
  @Field(() => AuthorisationStatus, { nullable: true })
  status?: AuthorisationStatus | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  roomId?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  staffId?: string | null;

  @Field(() => Date, { nullable: true, description: 'この時点で有効なもの' })
  inForceAt?: Date | null;
}

@ObjectType({ description: '入室許可の一覧 (申請の新しい順)' })
export class RoomAuthorisationPage extends Page(RoomAuthorisation) {}

function requester(p: Principal, today: string): Requester {
  const { staffId, authorities } = personOf(p);
  return { staffId, authorities, today };
}

/** A12.2: thin resolvers; the rules are in RoomAuthorisationService. */
@Resolver(() => RoomAuthorisation)
export class RoomAuthorisationResolver {
  @Authorized('Query.roomAuthorisations')
  @Query(() => RoomAuthorisationPage, { description: '入室許可 (A12.2)。after に前回の endCursor を渡すと続き' })
  roomAuthorisations(
    @Ctx() ctx: AppContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => RoomAuthorisationFilter, { nullable: true }) filter?: RoomAuthorisationFilter,
  ): Promise<RoomAuthorisationPage> {
    return ctx.services.roomAuthorisations.page(filter ?? {}, page);
  }

  @Authorized('Query.myRoomAuthorisations')
  @Query(() => RoomAuthorisationPage, { description: '自分の入室許可と申請' })
  myRoomAuthorisations(@Ctx() ctx: AppContext): Promise<RoomAuthorisationPage> {
    const { staffId } = requester(ctx.principal, ctx.today);
    return ctx.services.roomAuthorisations.page({ staffId }, { first: MAX_PAGE });
  }

  @Authorized('Mutation.requestRoomAuthorisation')
  @Mutation(() => RoomAuthorisation, { description: '入室許可を申請 (自分、自課の職員、外部の者)' })
  requestRoomAuthorisation(
    @Arg('input', () => RequestRoomAuthorisationInput) input: RequestRoomAuthorisationInput,
    @Ctx() ctx: AppContext,
  ): Promise<RoomAuthorisation> {
    return ctx.services.roomAuthorisations.request(input, requester(ctx.principal, ctx.today), ctx.meta);
  }

  @Authorized('Mutation.approveRoomAuthorisation')
  @Mutation(() => RoomAuthorisation, { description: '承認 (管理者)' })
  approveRoomAuthorisation(
    @Arg('input', () => AuthorisationIdInput) input: AuthorisationIdInput,
    @Ctx() ctx: AppContext,
  ): Promise<RoomAuthorisation> {
    return ctx.services.roomAuthorisations.approve(input.id, requester(ctx.principal, ctx.today), ctx.meta);
  }

  @Authorized('Mutation.refuseRoomAuthorisation')
  @Mutation(() => RoomAuthorisation, { description: '却下 (管理者、理由が必要)' })
  refuseRoomAuthorisation(
    @Arg('input', () => AuthorisationDecisionInput) input: AuthorisationDecisionInput,
    @Ctx() ctx: AppContext,
  ): Promise<RoomAuthorisation> {
    const by = requester(ctx.principal, ctx.today);
    return ctx.services.roomAuthorisations.refuse(input.id, input.reason, by, ctx.meta);
  }

  @Authorized('Mutation.revokeRoomAuthorisation')
  @Mutation(() => RoomAuthorisation, { description: '取消 (管理者、理由が必要)' })
  revokeRoomAuthorisation(
    @Arg('input', () => AuthorisationDecisionInput) input: AuthorisationDecisionInput,
    @Ctx() ctx: AppContext,
  ): Promise<RoomAuthorisation> {
    const by = requester(ctx.principal, ctx.today);
    return ctx.services.roomAuthorisations.revoke(input.id, input.reason, by, ctx.meta);
  }

  @FieldResolver(() => Staff, { nullable: true, description: '職員 (外部の者なら null)' })
  staff(@Root() a: RoomAuthorisation, @Ctx() ctx: AppContext): Promise<Staff | null> {
    return a.staffId ? ctx.loaders.organisation.staffById.load(a.staffId) : Promise.resolve(null);
  }

  @FieldResolver(() => String, { description: '入室者の氏名 (外部の者は 会社名 氏名)' })
  async subjectName(@Root() a: RoomAuthorisation, @Ctx() ctx: AppContext): Promise<string> {
    if (!a.staffId) return `${a.contractorCompany ?? ''} ${a.contractorName ?? ''}`.trim();
    const s = await ctx.loaders.organisation.staffById.load(a.staffId);
    return s ? `${s.familyName} ${s.givenName}` : '';
  }

  @FieldResolver(() => [Room])
  rooms(@Root() a: RoomAuthorisation, @Ctx() ctx: AppContext): Promise<Room[]> {
    return ctx.loaders.access.roomsByAuthorisation.load(a.id);
  }

  @FieldResolver(() => Boolean, {
    description:
      '閲覧者がこの申請を承認・却下できるか (自分が対象・申請者のものは不可。管理者に関するものは統括者・副統括者)',
  })
  async mayDecide(@Root() a: RoomAuthorisation, @Ctx() ctx: AppContext): Promise<boolean> {
    const p = ctx.principal;
    if (a.status !== AuthorisationStatus.REQUESTED || p.kind !== 'staff') return false;
    return mayDecideRequest(a, p, await ctx.loaders.access.managersOn.load(ctx.today));
  }

  @FieldResolver(() => Staff)
  async requestedBy(@Root() a: RoomAuthorisation, @Ctx() ctx: AppContext): Promise<Staff> {
    return (await ctx.loaders.organisation.staffById.load(a.requestedById))!;
  }

  @FieldResolver(() => Staff, { nullable: true })
  decidedBy(@Root() a: RoomAuthorisation, @Ctx() ctx: AppContext): Promise<Staff | null> {
    return a.decidedById ? ctx.loaders.organisation.staffById.load(a.decidedById) : Promise.resolve(null);
  }

  @FieldResolver(() => Boolean, { description: '今、有効 (承認済みで期間内)' })
  inForce(@Root() a: RoomAuthorisation, @Ctx() ctx: AppContext): boolean {
    const now = ctx.services.now();
    return a.status === AuthorisationStatus.APPROVED && a.validFrom <= now && now < a.validTo;
  }
}
