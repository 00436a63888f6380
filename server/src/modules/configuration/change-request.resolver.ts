import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { AppContext } from '../../composition/context.js';
import { Authority } from '../../shared/authority.js';
import { personOf } from '../../shared/current-staff.js';
import { ID } from '../../shared/ids.js';
import { PageArgs } from '../../shared/paging.js';
import type { Principal } from '../../shared/principal.js';
import { Staff } from '../organisation/index.js';
import { ChangeRequestStatus, ConfigurationChangeRequest } from './change-request.entity.js';
import { mayDecideChange, type Requester } from './change-request.service.js';
import { ConfigurationItem } from './configuration-item.entity.js';
import {
  ConfigurationChangeDecisionInput,
  ConfigurationChangeRequestFilter,
  ConfigurationChangeRequestIdInput,
  RequestConfigurationChangeInput,
} from './configuration.inputs.js';
import { ChangedField, changedFields, ConfigurationChangeRequestPage } from './configuration.types.js';

export function requesterOf(p: Principal, today: string): Requester {
  const { staffId, authorities } = personOf(p);
  return { staffId, authorities, today };
}

/** A14.1–2, A17: change requests; thin, the rules are in ChangeRequestService. */
@Resolver(() => ConfigurationChangeRequest)
export class ChangeRequestResolver {
  @Authorized('Query.configurationChangeRequests')
  @Query(() => ConfigurationChangeRequestPage, { description: '変更申請 (新しい順)' })
  configurationChangeRequests(
    @Ctx() ctx: AppContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => ConfigurationChangeRequestFilter, { nullable: true })
    filter?: ConfigurationChangeRequestFilter,
  ): Promise<ConfigurationChangeRequestPage> {
    const { mine, ...rest } = filter ?? {};
    const requestedById = mine ? personOf(ctx.principal).staffId : null;
    return ctx.services.configurationReading.requests({ ...rest, requestedById }, page);
  }

  @Authorized('Query.configurationChangeRequest')
  @Query(() => ConfigurationChangeRequest, { nullable: true })
  configurationChangeRequest(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: AppContext,
  ): Promise<ConfigurationChangeRequest | null> {
    return ctx.services.configurationReading.request(id);
  }

  @Authorized('Mutation.requestConfigurationChange')
  @Mutation(() => ConfigurationChangeRequest, { description: '変更を申請 (導入・変更・接続・切断・撤去)' })
  requestConfigurationChange(
    @Arg('input', () => RequestConfigurationChangeInput) input: RequestConfigurationChangeInput,
    @Ctx() ctx: AppContext,
  ): Promise<ConfigurationChangeRequest> {
    return ctx.services.changeRequests.request(input, requesterOf(ctx.principal, ctx.today), ctx.meta);
  }

  @Authorized('Mutation.approveConfigurationChange')
  @Mutation(() => ConfigurationChangeRequest, { description: '承認 (管理者。管理者の申請は統括者・副統括者)' })
  approveConfigurationChange(
    @Arg('input', () => ConfigurationChangeDecisionInput) input: ConfigurationChangeDecisionInput,
    @Ctx() ctx: AppContext,
  ): Promise<ConfigurationChangeRequest> {
    const by = requesterOf(ctx.principal, ctx.today);
    return ctx.services.changeRequests.approve(input.id, input.note ?? null, by, ctx.meta);
  }

  @Authorized('Mutation.refuseConfigurationChange')
  @Mutation(() => ConfigurationChangeRequest, { description: '却下 (理由が必要)' })
  refuseConfigurationChange(
    @Arg('input', () => ConfigurationChangeDecisionInput) input: ConfigurationChangeDecisionInput,
    @Ctx() ctx: AppContext,
  ): Promise<ConfigurationChangeRequest> {
    const by = requesterOf(ctx.principal, ctx.today);
    return ctx.services.changeRequests.refuse(input.id, input.note ?? '', by, ctx.meta);
  }

  @Authorized('Mutation.withdrawConfigurationChange')
  @Mutation(() => ConfigurationChangeRequest, { description: '取下げ (申請者、実施前)' })
  withdrawConfigurationChange(
    @Arg('input', () => ConfigurationChangeDecisionInput) input: ConfigurationChangeDecisionInput,
    @Ctx() ctx: AppContext,
  ): Promise<ConfigurationChangeRequest> {
    const by = requesterOf(ctx.principal, ctx.today);
    return ctx.services.changeRequests.withdraw(input.id, input.note ?? null, by, ctx.meta);
  }

  @Authorized('Mutation.carryOutConfigurationChange')
  @Mutation(() => ConfigurationChangeRequest, { description: '実施 (承認済みの申請を構成管理簿に反映)' })
  carryOutConfigurationChange(
    @Arg('input', () => ConfigurationChangeRequestIdInput) input: ConfigurationChangeRequestIdInput,
    @Ctx() ctx: AppContext,
  ): Promise<ConfigurationChangeRequest> {
    return ctx.services.changeRequests.carryOut(input.id, requesterOf(ctx.principal, ctx.today), ctx.meta);
  }

  @Authorized('Mutation.confirmConfigurationChange')
  @Mutation(() => ConfigurationChangeRequest, { description: '実施の確認 (管理者)' })
  confirmConfigurationChange(
    @Arg('input', () => ConfigurationChangeDecisionInput) input: ConfigurationChangeDecisionInput,
    @Ctx() ctx: AppContext,
  ): Promise<ConfigurationChangeRequest> {
    const by = requesterOf(ctx.principal, ctx.today);
    return ctx.services.changeRequests.confirm(input.id, input.note ?? null, by, ctx.meta);
  }

  @FieldResolver(() => [ChangedField], {
    description: '申請の内容: 項目ごとの現在の値 (before) と申請の値 (after)',
  })
  async proposedFields(@Root() r: ConfigurationChangeRequest, @Ctx() ctx: AppContext): Promise<ChangedField[]> {
    const { configuration, organisation, access } = ctx.loaders;
    return changedFields(
      await ctx.services.configurationReading.proposalFields(r, {
        item: (id) => configuration.itemById.load(id),
        room: (id) => access.roomById.load(id),
        section: (id) => organisation.sectionById.load(id),
        staff: (id) => organisation.staffById.load(id),
      }),
    );
  }

  @FieldResolver(() => ConfigurationItem, { nullable: true })
  item(@Root() r: ConfigurationChangeRequest, @Ctx() ctx: AppContext): Promise<ConfigurationItem | null> {
    return r.itemId ? ctx.loaders.configuration.itemById.load(r.itemId) : Promise.resolve(null);
  }

  @FieldResolver(() => Staff)
  async requestedBy(@Root() r: ConfigurationChangeRequest, @Ctx() ctx: AppContext): Promise<Staff> {
    return (await ctx.loaders.organisation.staffById.load(r.requestedById))!;
  }

  @FieldResolver(() => Staff, { nullable: true })
  decidedBy(@Root() r: ConfigurationChangeRequest, @Ctx() ctx: AppContext): Promise<Staff | null> {
    return r.decidedById ? ctx.loaders.organisation.staffById.load(r.decidedById) : Promise.resolve(null);
  }

  @FieldResolver(() => Staff, { nullable: true })
  carriedOutBy(@Root() r: ConfigurationChangeRequest, @Ctx() ctx: AppContext): Promise<Staff | null> {
    return r.carriedOutById ? ctx.loaders.organisation.staffById.load(r.carriedOutById) : Promise.resolve(null);
  }

  @FieldResolver(() => Staff, { nullable: true })
  confirmedBy(@Root() r: ConfigurationChangeRequest, @Ctx() ctx: AppContext): Promise<Staff | null> {
    return r.confirmedById ? ctx.loaders.organisation.staffById.load(r.confirmedById) : Promise.resolve(null);
  }

  @FieldResolver(() => Boolean, {
    description: '閲覧者がこの申請を承認・却下できるか (自分の申請は不可。管理者の申請は統括者・副統括者)',
  })
  async mayDecide(@Root() r: ConfigurationChangeRequest, @Ctx() ctx: AppContext): Promise<boolean> {
    const p = ctx.principal;
    if (r.status !== ChangeRequestStatus.REQUESTED || p.kind !== 'staff') return false;
    return mayDecideChange([r.requestedById], p, await ctx.loaders.configuration.managersOn.load(ctx.today));
  }

  @FieldResolver(() => Boolean, { description: '閲覧者がこの実施を確認できるか' })
  async mayConfirm(@Root() r: ConfigurationChangeRequest, @Ctx() ctx: AppContext): Promise<boolean> {
    const p = ctx.principal;
    if (r.status !== ChangeRequestStatus.DONE || p.kind !== 'staff') return false;
    const people = [r.requestedById, r.carriedOutById];
    return mayDecideChange(people, p, await ctx.loaders.configuration.managersOn.load(ctx.today));
  }

  @FieldResolver(() => Boolean, { description: '閲覧者が実施できるか (承認済みで、申請者か管理者)' })
  mayCarryOut(@Root() r: ConfigurationChangeRequest, @Ctx() ctx: AppContext): boolean {
    const p = ctx.principal;
    if (r.status !== ChangeRequestStatus.APPROVED || p.kind !== 'staff') return false;
    return p.staffId === r.requestedById || p.authorities.has(Authority.MANAGER);
  }

  @FieldResolver(() => Boolean, { description: '閲覧者が取り下げられるか (申請者、実施前)' })
  mayWithdraw(@Root() r: ConfigurationChangeRequest, @Ctx() ctx: AppContext): boolean {
    const p = ctx.principal;
    const open = r.status === ChangeRequestStatus.REQUESTED || r.status === ChangeRequestStatus.APPROVED;
    return open && p.kind === 'staff' && p.staffId === r.requestedById;
  }
}
