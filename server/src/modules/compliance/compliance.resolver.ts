import { LocalDate } from '../../shared/dates.js';
import { Arg, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import type { AppContext } from '../../composition/context.js';
import { ComplianceReport, TodoItem } from './compliance.types.js';

@Resolver()
export class ComplianceResolver {
  @Authorized('Query.compliance')
  @Query(() => ComplianceReport, {
    description: '対策基準への準拠の状況 (条項ごと、既定: 本日)。過去の日はその日の終わり時点で評価',
  })
  compliance(
    @Arg('on', () => LocalDate, { nullable: true, description: '評価する日 (YYYY-MM-DD)' })
    on: string | null,
    @Ctx() ctx: AppContext,
  ): Promise<ComplianceReport> {
    return ctx.services.compliance.report(on ?? null);
  }

  @Authorized('Query.myTodos')
  @Query(() => [TodoItem], { description: '対応が必要なこと (自分の権限の分、件数が0のものは除く)' })
  async myTodos(@Ctx() ctx: AppContext): Promise<TodoItem[]> {
    const p = ctx.principal;
    if (p.kind !== 'staff' && p.kind !== 'token') return [];
    return ctx.services.compliance.todosFor(p.staffId, p.authorities);
  }
}
