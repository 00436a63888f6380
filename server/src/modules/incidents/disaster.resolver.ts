import { Arg, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { AppContext } from '../../composition/context.js';
import { CurrentStaff } from '../../shared/current-staff.js';
import { ID } from '../../shared/ids.js';
import type { StaffPrincipal } from '../../shared/principal.js';
import { Room } from '../access/index.js';
import { Staff } from '../organisation/index.js';
import { IncidentDamageReport } from './damage-report.entity.js';
import { DisasterChecklist, DisasterChecklistItem } from './disaster-checklist.entity.js';
import {
  AddDisasterChecklistItemInput,
  ConfirmDisasterChecklistItemInput,
  DeclareDisasterModeInput,
  ReportIncidentDamageInput,
  WaiveDisasterChecklistItemInput,
} from './disaster.inputs.js';
import { Incident } from './incident.entity.js';
import { readerOf } from './incident.resolver.js';

const staff = (ctx: AppContext, id: string | null) => (id ? ctx.loaders.organisation.staffById.load(id) : null);
const room = (ctx: AppContext, id: string | null) => (id ? ctx.loaders.access.roomById.load(id) : null);

/**
 * Disaster mode (A30) and damage reports (A29.2, A30.2) from phones. Live progress is read by
 * polling disasterChecklist (the server refuses subscriptions). Thin: rules live in the services.
 */
@Resolver(() => DisasterChecklist)
export class DisasterChecklistResolver {
  @Authorized('Query.disasterChecklist')
  @Query(() => DisasterChecklist, {
    description: '災害・火災・地震・落雷のインシデントの確認リストと被害の報告 (職員なら誰でも、監査者)',
  })
  disasterChecklist(
    @Arg('incidentId', () => ID) incidentId: string,
    @Ctx() ctx: AppContext,
  ): Promise<DisasterChecklist> {
    return ctx.services.disasterReading.checklist(incidentId, readerOf(ctx));
  }

  @Authorized('Query.openDisasterChecklists')
  @Query(() => [DisasterChecklist], { description: '災害モード中の (終了していない) インシデント' })
  openDisasterChecklists(@Ctx() ctx: AppContext): Promise<DisasterChecklist[]> {
    return ctx.services.disasterReading.open();
  }

  @Authorized('Mutation.declareDisasterMode')
  @Mutation(() => DisasterChecklist, {
    description: '災害モードにする (A30)。電算室等・サーバー・端末の確認リストを作る。2回目は何も変えない',
  })
  async declareDisasterMode(
    @Arg('input', () => DeclareDisasterModeInput) input: DeclareDisasterModeInput,
    @CurrentStaff() by: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<DisasterChecklist> {
    await ctx.services.disasterMode.declare(input.incidentId, by, ctx.meta);
    return ctx.services.disasterReading.checklist(input.incidentId, readerOf(ctx));
  }

  @Authorized('Mutation.addDisasterChecklistItem')
  @Mutation(() => DisasterChecklistItem, { description: '確認リストに行を追加 (管理者)' })
  addDisasterChecklistItem(
    @Arg('input', () => AddDisasterChecklistItemInput) input: AddDisasterChecklistItemInput,
    @CurrentStaff() by: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<DisasterChecklistItem> {
    const { incidentId, ...item } = input;
    return ctx.services.disasterMode.addItem(incidentId, item, by, ctx.meta);
  }

  @Authorized('Mutation.confirmDisasterChecklistItem')
  @Mutation(() => DisasterChecklistItem, {
    description: '確認リストの行を確認 (終了・電源切断 / できない / 損傷あり)。2回目は何も変えず最初の確認を返す',
  })
  confirmDisasterChecklistItem(
    @Arg('input', () => ConfirmDisasterChecklistItemInput) input: ConfirmDisasterChecklistItemInput,
    @CurrentStaff() by: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<DisasterChecklistItem> {
    const { itemId, ...confirmation } = input;
    return ctx.services.disasterMode.confirm(itemId, confirmation, by, ctx.meta);
  }

  @Authorized('Mutation.waiveDisasterChecklistItem')
  @Mutation(() => DisasterChecklistItem, { description: '確認リストの行を対象外にする (管理者、理由は必須)' })
  waiveDisasterChecklistItem(
    @Arg('input', () => WaiveDisasterChecklistItemInput) input: WaiveDisasterChecklistItemInput,
    @CurrentStaff() by: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<DisasterChecklistItem> {
    return ctx.services.disasterMode.waive(input.itemId, input.reason, by, ctx.meta);
  }

  @Authorized('Mutation.reportIncidentDamage')
  @Mutation(() => IncidentDamageReport, {
    description: '被害の状況を報告 (A29.2, A30.2)。電算室等ごと。同じ clientId の再送は最初の報告を返す',
  })
  reportIncidentDamage(
    @Arg('input', () => ReportIncidentDamageInput) input: ReportIncidentDamageInput,
    @CurrentStaff() by: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<IncidentDamageReport> {
    return ctx.services.damageReports.report(input, by, ctx.meta);
  }

  @FieldResolver(() => Staff, { nullable: true, description: '災害モードにした職員 (自動のときは報告者)' })
  declaredBy(@Root() c: DisasterChecklist, @Ctx() ctx: AppContext) {
    return staff(ctx, c.declaredById);
  }

  @FieldResolver(() => [IncidentDamageReport], { description: '被害の状況の報告 (報告順)' })
  damageReports(@Root() c: DisasterChecklist, @Ctx() ctx: AppContext): Promise<IncidentDamageReport[]> {
    return ctx.loaders.incidents.damageByIncident.load(c.incidentId);
  }
}

@Resolver(() => DisasterChecklistItem)
export class DisasterChecklistItemResolver {
  @FieldResolver(() => Room, { nullable: true, description: '電算室等 (その部屋自体、または置かれている部屋)' })
  room(@Root() i: DisasterChecklistItem, @Ctx() ctx: AppContext) {
    return room(ctx, i.roomId);
  }

  @FieldResolver(() => Staff, { nullable: true, description: '確認した職員 (対象外: 管理者)' })
  confirmedBy(@Root() i: DisasterChecklistItem, @Ctx() ctx: AppContext) {
    return staff(ctx, i.confirmedById);
  }

  @FieldResolver(() => Staff, { nullable: true, description: '手で追加した管理者 (null: 管理簿から)' })
  addedBy(@Root() i: DisasterChecklistItem, @Ctx() ctx: AppContext) {
    return staff(ctx, i.addedById);
  }
}

@Resolver(() => IncidentDamageReport)
export class IncidentDamageReportResolver {
  @FieldResolver(() => Room, { nullable: true })
  room(@Root() r: IncidentDamageReport, @Ctx() ctx: AppContext) {
    return room(ctx, r.roomId);
  }

  @FieldResolver(() => Staff)
  reportedBy(@Root() r: IncidentDamageReport, @Ctx() ctx: AppContext) {
    return ctx.loaders.organisation.staffById.load(r.reportedById);
  }
}

/** What an incident shows of disaster mode, for the incident's own pages. */
@Resolver(() => Incident)
export class IncidentDisasterFieldsResolver {
  @FieldResolver(() => Date, { nullable: true, description: '災害モードにした時刻 (null: 災害モードではない, A30)' })
  async disasterDeclaredAt(@Root() i: Incident, @Ctx() ctx: AppContext): Promise<Date | null> {
    return (await ctx.loaders.incidents.disasterModeByIncident.load(i.id))?.declaredAt ?? null;
  }

  @FieldResolver(() => [IncidentDamageReport], { description: '被害の状況の報告 (A29.2, A30.2; 報告順)' })
  damageReports(@Root() i: Incident, @Ctx() ctx: AppContext): Promise<IncidentDamageReport[]> {
    return ctx.loaders.incidents.damageByIncident.load(i.id);
  }
}
