// GraphQL shapes of investigations (A21).
import { IsOptional, Length, MaxLength, Min, ValidateNested } from 'class-validator';
import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { ID } from '../../shared/ids.js';
import { Page } from '../../shared/paging.js';
import { Investigation, InvestigationLinkKind } from './investigation.entity.js';

@InputType({ description: '操作履歴の記録のキー (日時・送信元・行)' })
export class OperationRecordKeyInput {
  @Field(() => Date)
  at: Date;

  @Field(() => String)
  @MaxLength(64)
  sourceId: string;

  @Field(() => Int)
  @Min(1)
  line: number;
}

@InputType({ description: '調査の開始 (管理者、A21)' })
export class OpenInvestigationInput {
  @Field(() => ID, { description: '調査の対象の職員' })
  subjectId: string;

  @Field(() => String, { description: '調査の範囲' })
  @Length(1, 1000)
  scope: string;

  @Field(() => Date, { description: '対象期間の開始' })
  from: Date;

  @Field(() => Date, { description: '対象期間の終了' })
  to: Date;

  @Field(() => ID, {
    nullable: true,
    description: '協力を依頼する職員 (なければ対象の職員の課の運用管理者)',
  })
  @IsOptional()
  cooperatorId?: string | null;

  @Field(() => String, { description: '協力の依頼の文面 (依頼先に見える。所見は書かない)' })
  @Length(1, 1000)
  cooperationMessage: string;

  @Field(() => OperationRecordKeyInput, {
    nullable: true,
    description: '点検で指摘事項とした操作履歴の記録 (A20.1): 調査の開始と同時に結び付ける',
  })
  @IsOptional()
  @ValidateNested()
  fromRecord?: OperationRecordKeyInput | null;
}

@InputType({ description: '所見の記録 (管理者)。close で調査を終了' })
export class RecordInvestigationFindingsInput {
  @Field(() => ID)
  id: string;

  @Field(() => String, { description: '所見' })
  @Length(1, 4000)
  findings: string;

  @Field(() => Boolean, { defaultValue: false, description: '調査を終了する' })
  close: boolean;
}

@InputType({
  description: '記録を調査に結び付ける (管理者): 操作履歴はキー (送信元・行・日時)、入退室の記録・事故は ID',
})
export class LinkInvestigationRecordInput {
  @Field(() => ID)
  investigationId: string;

  @Field(() => InvestigationLinkKind)
  kind: InvestigationLinkKind;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(64)
  recordSourceId?: string | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(1)
  recordLine?: number | null;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  recordAt?: Date | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  accessEventId?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  incidentId?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(1000)
  note?: string | null;
}

/** What the person asked to cooperate sees: the request, not the investigation's scope or findings. */
@ObjectType({ description: '調査への協力の依頼 (A21)。依頼先に見えるのはこれだけ' })
export class InvestigationCooperationRequest {
  @Field(() => ID, { description: '調査の ID' })
  id: string;

  @Field(() => String, { description: '対象の職員 (氏名)' })
  subjectName: string;

  @Field(() => String, { description: '依頼の文面' })
  message: string;

  @Field(() => Date)
  askedAt: Date;

  @Field(() => Date, { nullable: true })
  acknowledgedAt: Date | null;
}

@ObjectType()
export class InvestigationPage extends Page(Investigation) {}
