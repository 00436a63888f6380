import { MAX_PAGE, Page, PageArgs } from '../../shared/paging.js';
import { ID, MONTH, isUuid } from '../../shared/ids.js';
import { IsIn, IsOptional, Length, Matches, MaxLength } from 'class-validator';
import {
  Arg,
  Args,
  ArgsType,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import type { AppContext } from '../../composition/context.js';
import { AppError, CommonErrorCode } from '../../shared/errors.js';
import { Staff } from '../organisation/index.js';
import { AccessReportAck, FollowUp } from './access-report.entity.js';
import { monthBounds, OFFICE_HOURS } from './access-report.service.js';
import { CurrentStaff } from '../../shared/current-staff.js';
import type { StaffPrincipal } from '../../shared/principal.js';

@ObjectType({ description: '電算室等ごとの月の集計 (A13)' })
export class RoomMonthFigures {
  @Field(() => ID)
  roomId: string;

  @Field(() => String)
  roomCode: string;

  @Field(() => String)
  roomName: string;

  @Field(() => Int, { description: '入室の回数' })
  visits: number;

  @Field(() => Int, { description: '入室した人数' })
  people: number;

  @Field(() => Int, { description: '許可のない入室' })
  unauthorisedEntries: number;

  @Field(() => Int, { description: '退室の記録がない入室' })
  unclosedEntries: number;

  @Field(() => Int, { description: '執務時間外 (平日 8:30〜17:15 以外) の入室' })
  afterHoursEntries: number;

  @Field(() => Int, { description: '紙の記録からの転記 (管理者が手入力した入室・退室の記録の数)' })
  paperFallbackEvents: number;
}

@ObjectType({ description: '入退室管理の月次報告 (A13)' })
export class AccessReport {
  @Field(() => String)
  month: string;

  @Field(() => String, { description: '執務時間 (この外の入室を数える)' })
  officeHours: string;

  @Field(() => [RoomMonthFigures])
  rooms: RoomMonthFigures[];

  @Field(() => [AccessReportAck], { description: '統括者 (代理を含む) の確認' })
  acknowledgements: AccessReportAck[];
}

@ObjectType({ description: '入退室管理簿の1行 (入室と退室の組)' })
export class AccessVisit {
  @Field(() => String, { description: '氏名' })
  name: string;

  @Field(() => String, { description: '所属 (外部の者は会社名)' })
  affiliation: string;

  @Field(() => String)
  roomCode: string;

  @Field(() => Date, { nullable: true, description: '入室日時' })
  enteredAt: Date | null;

  @Field(() => Date, { nullable: true, description: '退室日時' })
  exitedAt: Date | null;

  @Field(() => String, { description: '目的' })
  purpose: string;

  @Field(() => Boolean, { nullable: true, description: '確認結果: 退室時の確認がすべて済み' })
  checkedOk: boolean | null;

  @Field(() => [String], { description: '特記事項' })
  notes: string[];

  @Field(() => [String])
  anomalies: string[];

  @Field(() => String, { nullable: true, description: '付添者 (外部の者に付き添った職員の氏名)' })
  escortName: string | null;

  @Field(() => Boolean, { description: '紙の記録からの転記 (入室または退室を管理者が手入力)' })
  paperFallback: boolean;

  @Field(() => String, { nullable: true, description: '転記した管理者の氏名' })
  transcribedBy: string | null;
}

@ObjectType()
export class AccessVisitPage extends Page(AccessVisit) {}

/** the printed register reads 100 lines a page */
@ArgsType()
class VisitPageArgs extends PageArgs {
  @Field(() => Int, { defaultValue: 100, description: `1ページの件数 (1〜${MAX_PAGE})` })
  declare first: number;
}

@InputType()
export class AcknowledgeAccessReportInput {
  @Field(() => String, { description: 'YYYY-MM' })
  @Matches(MONTH)
  month: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(1000)
  comment?: string | null;

  @Field(() => FollowUp, { defaultValue: FollowUp.NONE })
  @IsIn(Object.values(FollowUp))
  followUp: FollowUp;

  @Field(() => String, { nullable: true, description: '指示・調査の内容' })
  @IsOptional()
  @Length(0, 2000)
  followUpNote?: string | null;
}

@Resolver(() => AccessReportAck)
export class AccessReportResolver {
  @Authorized('Query.accessReport')
  @Query(() => AccessReport, { description: '入退室管理の月次報告 (A13)' })
  async accessReport(@Arg('month', () => String) month: string, @Ctx() ctx: AppContext): Promise<AccessReport> {
    monthBounds(month);
    const [rooms, acknowledgements] = await Promise.all([
      ctx.services.accessReport.month(month),
      ctx.services.accessReport.acknowledgements(month),
    ]);
    return { month, officeHours: `${OFFICE_HOURS.from}-${OFFICE_HOURS.to}`, rooms, acknowledgements };
  }

  @Authorized('Query.accessVisits')
  @Query(() => AccessVisitPage, { description: '月の入退室管理簿 (印刷用、古い順)。after に前回の endCursor' })
  async accessVisits(
    @Arg('month', () => String) month: string,
    @Ctx() ctx: AppContext,
    @Args(() => VisitPageArgs) page: VisitPageArgs,
    @Arg('roomId', () => ID, { nullable: true }) roomId?: string,
  ): Promise<AccessVisitPage> {
    if (roomId && !isUuid(roomId))
      throw new AppError(CommonErrorCode.BAD_USER_INPUT, 'roomId が正しくありません (bad roomId)');
    const { nodes: rows, ...rest } = await ctx.services.accessReport.visits(month, roomId ?? null, page);
    const nodes = rows.map((v) => ({
      ...v,
      checkedOk: v.checklist
        ? v.checklist.equipmentOff &&
          v.checklist.noMediaLeft &&
          v.checklist.noUnauthorisedCable &&
          v.checklist.noDocumentsLeft
        : null,
    }));
    return { nodes, ...rest };
  }

  @Authorized('Mutation.acknowledgeAccessReport')
  @Mutation(() => AccessReportAck, { description: '統括者が月次報告を確認し、必要なら指示・調査を記録 (A13)' })
  acknowledgeAccessReport(
    @Arg('input', () => AcknowledgeAccessReportInput) input: AcknowledgeAccessReportInput,
    @CurrentStaff() staff: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<AccessReportAck> {
    return ctx.services.accessReport.acknowledge(
      input.month,
      staff.staffId,
      input.comment ?? null,
      input.followUp,
      input.followUpNote ?? null,
      ctx.meta,
    );
  }

  @FieldResolver(() => Staff)
  async acknowledgedBy(@Root() a: AccessReportAck, @Ctx() ctx: AppContext): Promise<Staff> {
    return (await ctx.loaders.organisation.staffById.load(a.acknowledgedById))!;
  }
}
