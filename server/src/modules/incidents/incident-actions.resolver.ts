import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AppContext } from '../../composition/context.js';
import { CurrentStaff } from '../../shared/current-staff.js';
import type { StaffPrincipal } from '../../shared/principal.js';
import { Incident } from './incident.entity.js';
import {
  AddIncidentStepInput,
  CloseIncidentInput,
  CompleteIncidentStepInput,
  IncidentIdInput,
  InstructIncidentInput,
  ReportIncidentInput,
  WaiveIncidentStepInput,
} from './incidents.inputs.js';

/** What people do on an incident, from their phones (REQUIREMENTS §5). Every one is audited. */
@Resolver(() => Incident)
export class IncidentActionsResolver {
  @Authorized('Mutation.reportIncident')
  @Mutation(() => Incident, {
    description: 'インシデントを報告 (職員なら誰でも)。同じ clientId の再送は最初の報告を返し、2件にはならない',
  })
  reportIncident(
    @Arg('input', () => ReportIncidentInput) input: ReportIncidentInput,
    @CurrentStaff() by: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<Incident> {
    return ctx.services.incidentReports.report(input, by.staffId, ctx.meta);
  }

  @Authorized('Mutation.acknowledgeIncident')
  @Mutation(() => Incident, { description: '報告を確認 (2回目は何も変えず最初の確認を返す)' })
  acknowledgeIncident(
    @Arg('input', () => IncidentIdInput) input: IncidentIdInput,
    @CurrentStaff() by: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<Incident> {
    return ctx.services.incidentHandling.acknowledge(input.id, by, ctx.meta);
  }

  @Authorized('Mutation.instructIncident')
  @Mutation(() => Incident, {
    description: '対処を指示して記録 (A28)。未確認の報告はこれで確認される。同じ clientId の再送は1回だけ記録',
  })
  instructIncident(
    @Arg('input', () => InstructIncidentInput) input: InstructIncidentInput,
    @CurrentStaff() by: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<Incident> {
    return ctx.services.incidentHandling.instruct(input.id, input.instruction, by, ctx.meta, input.clientId ?? null);
  }

  @Authorized('Mutation.completeIncidentStep')
  @Mutation(() => Incident, { description: '手順の実施を記録 (担当の役割かその上位。順序の逸脱は記録される)' })
  completeIncidentStep(
    @Arg('input', () => CompleteIncidentStepInput) input: CompleteIncidentStepInput,
    @CurrentStaff() by: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<Incident> {
    const { stepId, ...done } = input;
    return ctx.services.incidentSteps.complete(stepId, done, by, ctx.meta);
  }

  @Authorized('Mutation.waiveIncidentStep')
  @Mutation(() => Incident, { description: '手順を省略 (管理者、理由は必須)' })
  waiveIncidentStep(
    @Arg('input', () => WaiveIncidentStepInput) input: WaiveIncidentStepInput,
    @CurrentStaff() by: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<Incident> {
    return ctx.services.incidentSteps.waive(input.stepId, input.reason, by, ctx.meta);
  }

  @Authorized('Mutation.addIncidentStep')
  @Mutation(() => Incident, { description: '手順を追加 (管理者)。終了までに実施か省略が必要' })
  addIncidentStep(
    @Arg('input', () => AddIncidentStepInput) input: AddIncidentStepInput,
    @CurrentStaff() by: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<Incident> {
    const { incidentId, ...step } = input;
    return ctx.services.incidentSteps.add(incidentId, step, by, ctx.meta);
  }

  @Authorized('Mutation.closeIncident')
  @Mutation(() => Incident, { description: 'インシデントを終了 (管理者。すべての手順が実施か省略済みのとき)' })
  closeIncident(
    @Arg('input', () => CloseIncidentInput) input: CloseIncidentInput,
    @CurrentStaff() by: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<Incident> {
    return ctx.services.incidentHandling.close(input.id, input.note, by, ctx.meta);
  }
}
