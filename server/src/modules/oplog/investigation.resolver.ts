import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { AppContext } from '../../composition/context.js';
import { CurrentStaff } from '../../shared/current-staff.js';
import { ID } from '../../shared/ids.js';
import { PageArgs } from '../../shared/paging.js';
import type { StaffPrincipal } from '../../shared/principal.js';
import { Staff } from '../organisation/index.js';
import { Investigation, InvestigationLink } from './investigation.entity.js';
import {
  InvestigationCooperationRequest,
  InvestigationPage,
  LinkInvestigationRecordInput,
  OpenInvestigationInput,
  RecordInvestigationFindingsInput,
} from './investigation.types.js';

/** Investigations (A21). Thin: the rules live in the service; every field of substance is guarded. */
@Resolver(() => Investigation)
export class InvestigationResolver {
  @Authorized('Query.investigations')
  @Query(() => InvestigationPage, { description: '調査 (A21、新しい順)。管理者・統括者・監査者' })
  investigations(@Ctx() ctx: AppContext, @Args(() => PageArgs) page: PageArgs): Promise<InvestigationPage> {
    return ctx.services.investigations.reading.page(page);
  }

  @Authorized('Query.investigation')
  @Query(() => Investigation, { description: '調査 (A21)。管理者・統括者・監査者' })
  investigation(@Arg('id', () => ID) id: string, @Ctx() ctx: AppContext): Promise<Investigation> {
    return ctx.services.investigations.reading.one(id);
  }

  @Authorized('Investigation.subject')
  @FieldResolver(() => Staff, { description: '調査の対象の職員' })
  subject(@Root() i: Investigation, @Ctx() ctx: AppContext): Promise<Staff | null> {
    return ctx.loaders.organisation.staffById.load(i.subjectId);
  }

  @Authorized('Investigation.findings')
  @FieldResolver(() => String, { nullable: true, description: '所見' })
  findings(@Root() i: Investigation): string | null {
    return i.findings;
  }

  @Authorized('Investigation.links')
  @FieldResolver(() => [InvestigationLink], { description: '結び付けた記録 (古い順)' })
  links(@Root() i: Investigation, @Ctx() ctx: AppContext): Promise<InvestigationLink[]> {
    return ctx.services.investigations.reading.links(i.id);
  }

  @Authorized('Mutation.openInvestigation')
  @Mutation(() => Investigation, {
    description: '調査を開始 (管理者)。対象の職員の課の運用管理者 (または指定した職員) に協力を依頼する',
  })
  openInvestigation(
    @Arg('input', () => OpenInvestigationInput) input: OpenInvestigationInput,
    @CurrentStaff() by: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<Investigation> {
    return ctx.services.investigations.opening.open(input, by.staffId, ctx.meta);
  }

  @Authorized('Mutation.recordInvestigationFindings')
  @Mutation(() => Investigation, { description: '所見を記録 (管理者)。close で終了' })
  recordInvestigationFindings(
    @Arg('input', () => RecordInvestigationFindingsInput) input: RecordInvestigationFindingsInput,
    @CurrentStaff() _by: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<Investigation> {
    return ctx.services.investigations.records.recordFindings(input, ctx.meta);
  }

  @Authorized('Mutation.linkInvestigationRecord')
  @Mutation(() => InvestigationLink, { description: '操作履歴・入退室の記録・事故を調査に結び付ける (管理者)' })
  linkInvestigationRecord(
    @Arg('input', () => LinkInvestigationRecordInput) input: LinkInvestigationRecordInput,
    @CurrentStaff() _by: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<InvestigationLink> {
    return ctx.services.investigations.records.link(input, ctx.meta);
  }

  @Authorized('Query.investigationCooperationRequests')
  @Query(() => [InvestigationCooperationRequest], { description: '自分あての調査への協力の依頼 (A21)' })
  investigationCooperationRequests(
    @CurrentStaff() by: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<InvestigationCooperationRequest[]> {
    return ctx.services.investigations.cooperation.requests(by.staffId);
  }

  @Authorized('Mutation.acknowledgeInvestigationCooperation')
  @Mutation(() => InvestigationCooperationRequest, { description: '協力の依頼を確認した (依頼先の職員)' })
  acknowledgeInvestigationCooperation(
    @Arg('id', () => ID) id: string,
    @CurrentStaff() by: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<InvestigationCooperationRequest> {
    return ctx.services.investigations.cooperation.acknowledge(id, by.staffId, ctx.meta);
  }
}
