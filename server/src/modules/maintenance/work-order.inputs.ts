// GraphQL shapes of maintenance work orders (A26).
import { ArrayMaxSize, ArrayMinSize, IsOptional, IsUUID, Length, Matches, MaxLength } from 'class-validator';
import { Field, InputType, ObjectType } from 'type-graphql';
import { ID, MONTH } from '../../shared/ids.js';
import { Page } from '../../shared/paging.js';
import { MAX_PEOPLE } from './work-order.service.js';
import { MaintenanceWorkOrder, WorkOrderState } from './work-order.entity.js';

@InputType({ description: '保守作業の指示 (A26)。作業者ごとに入室許可 (A12.2) を申請するか、既存の許可を指定' })
export class InstructMaintenanceWorkInput {
  @Field(() => ID, {
    nullable: true,
    description: '画面が付けたID: 応答が届かず再送しても指示は1件 (同じIDで別の内容は CLIENT_ID_REUSED)',
  })
  @IsOptional()
  clientId?: string | null;

  @Field(() => String, { description: '委託業者 (会社名)' })
  @Length(1, 100)
  contractorCompany: string;

  @Field(() => String, { nullable: true, description: '連絡先' })
  @IsOptional()
  @MaxLength(100)
  contractorContact?: string | null;

  @Field(() => [String], { nullable: true, description: '作業者の氏名 (それぞれ入室許可を申請)' })
  @IsOptional()
  @ArrayMaxSize(MAX_PEOPLE)
  @MaxLength(100, { each: true })
  people?: string[] | null;

  @Field(() => [ID], { nullable: true, description: '既存の外部の者の入室許可 (ID)' })
  @IsOptional()
  @ArrayMaxSize(MAX_PEOPLE)
  authorisationIds?: string[] | null;

  @Field(() => String, { description: '作業内容' })
  @Length(1, 1000)
  work: string;

  @Field(() => String, { nullable: true, description: '対象の機器 (自由記述)' })
  @IsOptional()
  @MaxLength(1000)
  configurationItems?: string | null;

  @Field(() => Date, { description: '作業の開始予定' })
  startsAt: Date;

  @Field(() => Date, { description: '作業の終了予定' })
  endsAt: Date;

  @Field(() => [ID], { description: '電算室等 (1〜20)' })
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  roomIds: string[];
}

@InputType()
export class CompleteMaintenanceWorkInput {
  @Field(() => ID)
  @IsUUID()
  id: string;

  @Field(() => String, { description: '作業結果' })
  @Length(1, 1000)
  result: string;
}

@InputType()
export class CancelMaintenanceWorkInput {
  @Field(() => ID)
  @IsUUID()
  id: string;

  @Field(() => String, { description: '取消の理由' })
  @Length(1, 500)
  reason: string;
}

@InputType()
export class ReviewUncoveredEntryInput {
  @Field(() => ID, { description: '入退室の記録 (外部の者の入室)' })
  @IsUUID()
  eventId: string;

  @Field(() => String, { description: '確認の内容 (例: 保守作業ではなく、機器の納品の立会い)' })
  @Length(1, 1000)
  note: string;
}

@InputType({ description: '保守作業の指示の絞り込み' })
export class WorkOrderFilterInput {
  @Field(() => WorkOrderState, { nullable: true })
  state?: WorkOrderState | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM: 作業の期間がこの月にかかるもの' })
  @IsOptional()
  @Matches(MONTH)
  month?: string | null;

  @Field(() => Boolean, { nullable: true, description: '作業の期間が終わり、結果が未確認のもの' })
  resultDue?: boolean | null;
}

@ObjectType({ description: '保守作業の指示の一覧 (作業の開始予定の新しい順)' })
export class MaintenanceWorkOrderPage extends Page(MaintenanceWorkOrder) {}
