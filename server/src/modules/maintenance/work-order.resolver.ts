import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { AppContext } from '../../composition/context.js';
import { CurrentStaff, personOf } from '../../shared/current-staff.js';
import { ID } from '../../shared/ids.js';
import { PageArgs } from '../../shared/paging.js';
import type { StaffPrincipal } from '../../shared/principal.js';
import { AccessEvent, Room, RoomAuthorisation, type Requester } from '../access/index.js';
import { Authority } from '../../shared/authority.js';
import { Staff } from '../organisation/index.js';
import { isResultDue, type Reader } from './work-order-reading.service.js';
import { MaintenanceEntryReview, MaintenanceWorkOrder, WorkOrderState } from './work-order.entity.js';
import {
  CancelMaintenanceWorkInput,
  CompleteMaintenanceWorkInput,
  InstructMaintenanceWorkInput,
  MaintenanceWorkOrderPage,
  ReviewUncoveredEntryInput,
  WorkOrderFilterInput,
} from './work-order.inputs.js';

/** The reader: a staff member in a session, or an API client acting for one (token scope READ_INCIDENTS). */
function readerOf(ctx: AppContext): Reader {
  const p = personOf(ctx.principal);
  return { staffId: p.staffId, authorities: p.authorities };
}

const requester = (s: StaffPrincipal, today: string): Requester => ({
  staffId: s.staffId,
  authorities: s.authorities,
  today,
});

const staff = (ctx: AppContext, id: string | null) =>
  id ? ctx.loaders.organisation.staffById.load(id) : Promise.resolve(null);

/** Maintenance work orders (A26). Thin: the rules live in the services. */
@Resolver(() => MaintenanceWorkOrder)
export class WorkOrderResolver {
  @Authorized('Query.maintenanceWorkOrders')
  @Query(() => MaintenanceWorkOrderPage, {
    description:
      '保守作業の指示 (A26、作業の開始予定の新しい順)。管理者・統括者・副統括者・監査者はすべて、ほかの職員は自分が付き添ったもの',
  })
  maintenanceWorkOrders(
    @Ctx() ctx: AppContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => WorkOrderFilterInput, { nullable: true }) filter?: WorkOrderFilterInput,
  ): Promise<MaintenanceWorkOrderPage> {
    return ctx.services.workOrderReading.page(filter ?? {}, page, readerOf(ctx));
  }

  @Authorized('Query.maintenanceWorkOrder')
  @Query(() => MaintenanceWorkOrder, { description: '保守作業の指示と、その入室許可・入退室の記録' })
  maintenanceWorkOrder(@Arg('id', () => ID) id: string, @Ctx() ctx: AppContext): Promise<MaintenanceWorkOrder> {
    return ctx.services.workOrderReading.one(id, readerOf(ctx));
  }

  @Authorized('Mutation.instructMaintenanceWork')
  @Mutation(() => MaintenanceWorkOrder, {
    description:
      '保守作業を指示 (管理者)。作業者ごとの入室許可を申請し (統括者・副統括者が承認)、または既存の許可を指定',
  })
  instructMaintenanceWork(
    @Arg('input', () => InstructMaintenanceWorkInput) input: InstructMaintenanceWorkInput,
    @CurrentStaff() by: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<MaintenanceWorkOrder> {
    return ctx.services.workOrders.instruct(input, requester(by, ctx.today), ctx.meta);
  }

  @Authorized('Mutation.completeMaintenanceWork')
  @Mutation(() => MaintenanceWorkOrder, { description: '作業結果を確認して完了 (管理者、または付き添った職員)' })
  completeMaintenanceWork(
    @Arg('input', () => CompleteMaintenanceWorkInput) input: CompleteMaintenanceWorkInput,
    @CurrentStaff() by: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<MaintenanceWorkOrder> {
    return ctx.services.workOrders.complete(input.id, input.result, requester(by, ctx.today), ctx.meta);
  }

  @Authorized('Mutation.cancelMaintenanceWork')
  @Mutation(() => MaintenanceWorkOrder, { description: '作業の指示を取消 (管理者、理由が必要)' })
  cancelMaintenanceWork(
    @Arg('input', () => CancelMaintenanceWorkInput) input: CancelMaintenanceWorkInput,
    @CurrentStaff() by: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<MaintenanceWorkOrder> {
    return ctx.services.workOrders.cancel(input.id, input.reason, requester(by, ctx.today), ctx.meta);
  }

  @FieldResolver(() => [Room], { description: '作業する電算室等' })
  rooms(@Root() o: MaintenanceWorkOrder, @Ctx() ctx: AppContext): Promise<Room[]> {
    return ctx.loaders.maintenance.roomsByOrder.load(o.id);
  }

  @FieldResolver(() => [RoomAuthorisation], { description: '作業者の入室許可 (A12.2)' })
  authorisations(@Root() o: MaintenanceWorkOrder, @Ctx() ctx: AppContext): Promise<RoomAuthorisation[]> {
    return ctx.loaders.maintenance.authorisationsByOrder.load(o.id);
  }

  @FieldResolver(() => [String], { description: '作業者の氏名' })
  async people(@Root() o: MaintenanceWorkOrder, @Ctx() ctx: AppContext): Promise<string[]> {
    const all = await ctx.loaders.maintenance.authorisationsByOrder.load(o.id);
    return all.map((a) => a.contractorName ?? '');
  }

  @FieldResolver(() => [AccessEvent], {
    description: '入退室の記録: 作業者の、作業の電算室等への、作業の期間内の入退室 (と、その入室を閉じる退室)',
  })
  entries(@Root() o: MaintenanceWorkOrder, @Ctx() ctx: AppContext): Promise<AccessEvent[]> {
    return ctx.loaders.maintenance.entriesByOrder.load(o.id);
  }

  @FieldResolver(() => Staff, { description: '指示した管理者' })
  async instructedBy(@Root() o: MaintenanceWorkOrder, @Ctx() ctx: AppContext): Promise<Staff> {
    return (await staff(ctx, o.instructedById))!;
  }

  @FieldResolver(() => Staff, { nullable: true, description: '作業結果を確認した職員' })
  completedBy(@Root() o: MaintenanceWorkOrder, @Ctx() ctx: AppContext): Promise<Staff | null> {
    return staff(ctx, o.completedById);
  }

  @FieldResolver(() => Staff, { nullable: true })
  cancelledBy(@Root() o: MaintenanceWorkOrder, @Ctx() ctx: AppContext): Promise<Staff | null> {
    return staff(ctx, o.cancelledById);
  }

  @FieldResolver(() => Boolean, { description: '作業の期間が終わり、結果が未確認' })
  resultDue(@Root() o: MaintenanceWorkOrder, @Ctx() ctx: AppContext): boolean {
    return isResultDue(o, ctx.services.now());
  }

  @FieldResolver(() => Boolean, {
    description: '閲覧者が作業結果を確認できるか (作業中で、管理者または付き添った職員)',
  })
  async mayComplete(@Root() o: MaintenanceWorkOrder, @Ctx() ctx: AppContext): Promise<boolean> {
    const p = ctx.principal;
    if (o.state !== WorkOrderState.IN_PROGRESS || p.kind !== 'staff') return false;
    if (p.authorities.has(Authority.MANAGER)) return true;
    const entries = await ctx.loaders.maintenance.entriesByOrder.load(o.id);
    return entries.some((e) => e.escortStaffId === p.staffId);
  }
}

/** A26 on /compliance: outside people's entries no order covers, and the manager's look at them. */
@Resolver(() => MaintenanceEntryReview)
export class EntryReviewResolver {
  @Authorized('Query.uncoveredContractorEntries')
  @Query(() => [AccessEvent], {
    description: '作業の指示のない外部の者の入室 (A26、未確認のもの、新しい順、最大100件)',
  })
  uncoveredContractorEntries(@Ctx() ctx: AppContext): Promise<AccessEvent[]> {
    return ctx.services.workOrderReading.uncovered(100);
  }

  @Authorized('Mutation.reviewUncoveredEntry')
  @Mutation(() => MaintenanceEntryReview, { description: '作業の指示のない外部の者の入室を確認して記録 (管理者)' })
  reviewUncoveredEntry(
    @Arg('input', () => ReviewUncoveredEntryInput) input: ReviewUncoveredEntryInput,
    @CurrentStaff() by: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<MaintenanceEntryReview> {
    return ctx.services.entryReviews.review(input.eventId, input.note, by.staffId, ctx.meta);
  }

  @FieldResolver(() => AccessEvent)
  async event(@Root() r: MaintenanceEntryReview, @Ctx() ctx: AppContext): Promise<AccessEvent> {
    return (await ctx.loaders.access.eventById.load(r.eventId))!;
  }

  @FieldResolver(() => Staff)
  async reviewedBy(@Root() r: MaintenanceEntryReview, @Ctx() ctx: AppContext): Promise<Staff> {
    return (await staff(ctx, r.reviewedById))!;
  }
}
