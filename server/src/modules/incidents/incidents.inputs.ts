// GraphQL shapes of the incidents module: what a phone sends and the pages it reads.
import { IsIn, IsInt, IsOptional, IsUUID, Length, Max, MaxLength, Min } from 'class-validator';
import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { OrgRole } from '../../shared/authority.js';
import { ID } from '../../shared/ids.js';
import { Page } from '../../shared/paging.js';
import { IncidentType } from './incident-types.js';
import { Incident, IncidentState } from './incident.entity.js';
import { MediaScan, ScanDirection, ScanResult } from './media-scan.entity.js';

@InputType({ description: 'インシデントの報告 (clientId: 端末が作るID。再送しても1件)' })
export class ReportIncidentInput {
  @Field(() => ID)
  @IsUUID()
  clientId: string;

  @Field(() => IncidentType)
  @IsIn(Object.values(IncidentType))
  type: IncidentType;

  @Field(() => Date, { description: '発生日時' })
  occurredAt: Date;

  @Field(() => ID, { nullable: true, description: '電算室等' })
  @IsOptional()
  @IsUUID()
  roomId?: string | null;

  @Field(() => ID, { nullable: true, description: '関係する課 (省略: 報告者の課)' })
  @IsOptional()
  @IsUUID()
  sectionId?: string | null;

  @Field(() => String, { description: '何が起きたか' })
  @Length(1, 2000)
  summary: string;

  @Field(() => String, { nullable: true, description: '入手元 (ウイルスに感染した媒体・記録の出どころ, A19.3)' })
  @IsOptional()
  @MaxLength(500)
  origin?: string | null;
}

@InputType()
export class IncidentIdInput {
  @Field(() => ID)
  @IsUUID()
  id: string;
}

@InputType({ description: '管理者の指示 (A28)' })
export class InstructIncidentInput {
  @Field(() => ID)
  @IsUUID()
  id: string;

  @Field(() => String)
  @Length(1, 2000)
  instruction: string;

  @Field(() => ID, {
    nullable: true,
    description: '端末が作るID: 同じIDの再送は最初の記録を返し、指示は1回だけ記録される (オフラインの端末)',
  })
  @IsOptional()
  @IsUUID()
  clientId?: string | null;
}

@InputType()
export class CloseIncidentInput {
  @Field(() => ID)
  @IsUUID()
  id: string;

  @Field(() => String, { nullable: true, description: '所見' })
  @IsOptional()
  @MaxLength(2000)
  note?: string | null;
}

@InputType({ description: '手順の追加 (管理者)' })
export class AddIncidentStepInput {
  @Field(() => ID)
  @IsUUID()
  incidentId: string;

  @Field(() => String)
  @Length(1, 200)
  label: string;

  @Field(() => OrgRole, { nullable: true, description: '行う役割 (省略: その場の職員の誰でも)' })
  @IsOptional()
  @IsIn(Object.values(OrgRole))
  role?: OrgRole | null;

  @Field(() => Int, { nullable: true, description: '期限 (今から何分後、省略: 期限なし)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(30 * 24 * 60)
  dueInMinutes?: number | null;
}

@InputType({ description: '手順の実施の記録' })
export class CompleteIncidentStepInput {
  @Field(() => ID)
  @IsUUID()
  stepId: string;

  @Field(() => ID, { nullable: true, description: '実施した職員 (省略: 自分)' })
  @IsOptional()
  @IsUUID()
  doneById?: string | null;

  @Field(() => Date, { nullable: true, description: '実施日時 (省略: 今)' })
  doneAt?: Date | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(2000)
  note?: string | null;
}

@InputType({ description: '手順の省略 (管理者、理由は必須)' })
export class WaiveIncidentStepInput {
  @Field(() => ID)
  @IsUUID()
  stepId: string;

  @Field(() => String)
  @Length(1, 1000)
  reason: string;
}

@InputType({ description: '媒体のウイルス検査の記録 (A19.1–2)' })
export class RecordMediaScanInput {
  @Field(() => ID)
  @IsUUID()
  clientId: string;

  @Field(() => String)
  @Length(1, 200)
  medium: string;

  @Field(() => ScanDirection)
  @IsIn(Object.values(ScanDirection))
  direction: ScanDirection;

  @Field(() => String, { nullable: true, description: '入手元・送付先' })
  @IsOptional()
  @MaxLength(200)
  counterpart?: string | null;

  @Field(() => String, { description: 'ワクチンソフト' })
  @Length(1, 100)
  software: string;

  @Field(() => String, { description: 'パターンファイルのバージョン' })
  @Length(1, 100)
  definitionVersion: string;

  @Field(() => ScanResult)
  @IsIn(Object.values(ScanResult))
  result: ScanResult;

  @Field(() => Date, { nullable: true, description: '検査日時 (省略: 今)' })
  scannedAt?: Date | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(1000)
  note?: string | null;
}

@InputType()
export class IncidentFilterInput {
  @Field(() => IncidentType, { nullable: true })
  @IsOptional()
  @IsIn(Object.values(IncidentType))
  type?: IncidentType | null;

  @Field(() => IncidentState, { nullable: true })
  @IsOptional()
  @IsIn(Object.values(IncidentState))
  state?: IncidentState | null;

  @Field(() => Boolean, { nullable: true, description: 'true: 期限を過ぎたもの (未確認、または手順が未了) だけ' })
  overdue?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'true: 自分が行う未了の手順があるもの (対応が必要の「対応手順の実施」と同じ)',
  })
  mySteps?: boolean | null;

  @Field(() => Date, { nullable: true, description: 'この時刻以後に報告されたもの' })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'この時刻より前に報告されたもの' })
  to?: Date | null;
}

@InputType()
export class MediaScanFilterInput {
  @Field(() => ScanDirection, { nullable: true })
  @IsOptional()
  @IsIn(Object.values(ScanDirection))
  direction?: ScanDirection | null;

  @Field(() => ScanResult, { nullable: true })
  @IsOptional()
  @IsIn(Object.values(ScanResult))
  result?: ScanResult | null;

  @Field(() => Date, { nullable: true, description: 'この時刻以後に検査したもの' })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'この時刻より前に検査したもの (月で見るなら翌月の初め)' })
  to?: Date | null;
}

@ObjectType()
export class IncidentPage extends Page(Incident) {}

@ObjectType()
export class MediaScanPage extends Page(MediaScan) {}

@ObjectType({ description: '種類ごとに基準が定める手順' })
export class IncidentStepTemplate {
  @Field(() => String)
  key: string;

  @Field(() => String)
  label: string;

  @Field(() => OrgRole, { nullable: true })
  role: OrgRole | null;

  @Field(() => String)
  article: string;

  @Field(() => Int, { nullable: true, description: '報告からの期限 (分、null: 期限なし)' })
  dueMinutes: number | null;
}

@ObjectType({ description: 'インシデントの種類と、その報告先・確認の期限・手順 (A12.2, A19, A22, A27–A30)' })
export class IncidentTypeInfo {
  @Field(() => IncidentType)
  type: IncidentType;

  @Field(() => String)
  label: string;

  @Field(() => [String])
  articles: string[];

  @Field(() => OrgRole, { description: '報告を受ける役割' })
  reportTo: OrgRole;

  @Field(() => Int, { description: '確認の期限 (分)。過ぎると上位の役割へ' })
  ackMinutes: number;

  @Field(() => Boolean, { description: '職員が報告できる (false: 入退室管理簿が自動で開く)' })
  reportable: boolean;

  @Field(() => [IncidentStepTemplate])
  steps: IncidentStepTemplate[];
}
