// GraphQL shapes of the retention step (A20.2).
import { IsOptional, Length, Matches } from 'class-validator';
import { Field, Float, InputType, ObjectType } from 'type-graphql';
import { ID } from '../../shared/ids.js';

@ObjectType({ description: '操作履歴の月 (パーティション) と、保存期間・保全の状態' })
export class OperationRecordMonth {
  @Field(() => String, { description: '月 (YYYY-MM)' })
  month: string;

  @Field(() => Boolean, { description: '保存期間 (7年) を過ぎている' })
  pastRetention: boolean;

  @Field(() => Boolean, { description: '有効な保全 (リーガルホールド) の対象' })
  held: boolean;

  @Field(() => Float, { nullable: true, description: '件数の概数 (統計による。未集計なら空)' })
  estimatedRows: number | null;
}

@InputType({ description: '保存期間を過ぎた月の書き出しと削除 (管理者、A20.2)' })
export class ArchiveOperationRecordMonthInput {
  @Field(() => String, { description: '月 (YYYY-MM)' })
  @Matches(/^\d{4}-\d{2}$/)
  month: string;
}

@InputType({ description: '操作履歴の保全 (リーガルホールド) の設定 (管理者)' })
export class SetOplogLegalHoldInput {
  @Field(() => String, { description: '理由' })
  @Length(1, 1000)
  reason: string;

  @Field(() => Date, { nullable: true, description: '対象期間の開始 (なければ最初から)' })
  @IsOptional()
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: '対象期間の終了 (なければ最後まで)' })
  @IsOptional()
  to?: Date | null;
}

@InputType({ description: '保全の解除 (管理者)' })
export class LiftOplogLegalHoldInput {
  @Field(() => ID)
  id: string;

  @Field(() => String, { description: '解除の理由' })
  @Length(1, 1000)
  reason: string;
}
