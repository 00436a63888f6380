// GraphQL inputs of disaster mode (A29.2, A30): what the manager and the phones send.
import { IsIn, IsOptional, IsUUID, Length, MaxLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { ID } from '../../shared/ids.js';
import { DamageSeverity } from './damage-report.entity.js';
import { DisasterItemKind, DisasterItemOutcome } from './disaster-checklist.entity.js';

@InputType({ description: '災害モードにする (A30)' })
export class DeclareDisasterModeInput {
  @Field(() => ID)
  @IsUUID()
  incidentId: string;
}

@InputType({ description: '確認リストに行を追加 (管理者)' })
export class AddDisasterChecklistItemInput {
  @Field(() => ID)
  @IsUUID()
  incidentId: string;

  @Field(() => DisasterItemKind)
  @IsIn(Object.values(DisasterItemKind))
  kind: DisasterItemKind;

  @Field(() => String, { description: '対象の名前 (例: 窓口端末3番)' })
  @Length(1, 200)
  label: string;

  @Field(() => ID, { nullable: true, description: '置かれている電算室等' })
  @IsOptional()
  @IsUUID()
  roomId?: string | null;

  @Field(() => ID, { nullable: true, description: '端末が作るID (再送しても1行)' })
  @IsOptional()
  @IsUUID()
  clientId?: string | null;
}

/** What a phone may answer for a row (WAIVED is the manager's, with waiveDisasterChecklistItem). */
export const CONFIRMABLE = [DisasterItemOutcome.DONE, DisasterItemOutcome.CANNOT, DisasterItemOutcome.DAMAGED];

@InputType({ description: '確認リストの行の確認 (2回目は最初の確認を返す)' })
export class ConfirmDisasterChecklistItemInput {
  @Field(() => ID)
  @IsUUID()
  itemId: string;

  @Field(() => DisasterItemOutcome, {
    description: 'DONE: 終了・電源切断・確認済み, CANNOT: できない, DAMAGED: 損傷あり',
  })
  @IsIn(CONFIRMABLE)
  outcome: DisasterItemOutcome;

  @Field(() => String, { nullable: true, description: 'CANNOT・DAMAGED では必須' })
  @IsOptional()
  @MaxLength(1000)
  note?: string | null;

  @Field(() => Date, { nullable: true, description: '行った時刻 (省略: 今。オフラインで記録した端末はその時刻)' })
  confirmedAt?: Date | null;
}

@InputType({ description: '確認リストの行を対象外にする (管理者、理由は必須)' })
export class WaiveDisasterChecklistItemInput {
  @Field(() => ID)
  @IsUUID()
  itemId: string;

  @Field(() => String)
  @Length(1, 1000)
  reason: string;
}

@InputType({ description: '被害の状況の報告 (A29.2, A30.2)。電算室等ごと' })
export class ReportIncidentDamageInput {
  @Field(() => ID, { description: '端末が作るID (再送しても1件)' })
  @IsUUID()
  clientId: string;

  @Field(() => ID)
  @IsUUID()
  incidentId: string;

  @Field(() => ID, { nullable: true, description: '電算室等 (電算室等でない場所は location)' })
  @IsOptional()
  @IsUUID()
  roomId?: string | null;

  @Field(() => String, { nullable: true, description: '電算室等でない場所' })
  @IsOptional()
  @MaxLength(200)
  location?: string | null;

  @Field(() => DamageSeverity)
  @IsIn(Object.values(DamageSeverity))
  severity: DamageSeverity;

  @Field(() => String, { description: '損傷した機器・設備 (被害なしは空でよい)' })
  @MaxLength(500)
  damaged: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(2000)
  note?: string | null;

  @Field(() => Date, { nullable: true, description: '確認した時刻 (省略: 今)' })
  observedAt?: Date | null;
}
