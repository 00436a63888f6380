// The GraphQL shapes of the firewall block (A14.7, A14.8).
import { IsOptional, Length, MaxLength } from 'class-validator';
import { Field, InputType, ObjectType } from 'type-graphql';
import { LocalDate } from '../../shared/dates.js';
import { ID } from '../../shared/ids.js';
import { FileUploadInput } from './document.inputs.js';
import { FirewallRestoreDrill, FirewallVersionCheck, RestoreDrillResult } from './firewall.entity.js';

@InputType({ description: '最新版の確認 (A14.7)' })
export class RecordFirewallVersionCheckInput {
  @Field(() => ID)
  itemId: string;

  @Field(() => String, { description: '確認した最新のバージョン' })
  @Length(1, 50)
  latestKnownVersion: string;

  @Field(() => LocalDate, { description: '確認した日' })
  checkedOn: string;

  @Field(() => String, { nullable: true, description: '確認した情報源など' })
  @IsOptional()
  @MaxLength(500)
  note?: string | null;
}

@InputType({ description: '設定データの複製 (A14.8)' })
export class StoreFirewallSettingBackupInput {
  @Field(() => ID)
  itemId: string;

  @Field(() => Date, { description: '複製をとった日時' })
  takenAt: Date;

  @Field(() => String, { description: '複製の保管場所 (媒体と場所)' })
  @Length(1, 200)
  copyKeptAt: string;

  @Field(() => FileUploadInput, { description: '設定データのファイル (テキスト・ZIP・gzip・PDF)' })
  file: FileUploadInput;
}

@InputType({ description: '回復訓練 (A14.8)' })
export class RecordFirewallRestoreDrillInput {
  @Field(() => ID)
  itemId: string;

  @Field(() => LocalDate, { description: '実施日' })
  drilledOn: string;

  @Field(() => RestoreDrillResult)
  result: RestoreDrillResult;

  @Field(() => String, { nullable: true, description: '所見 (回復できなかったときは必須)' })
  @IsOptional()
  @MaxLength(1000)
  note?: string | null;

  @Field(() => ID, { nullable: true, description: '使った複製' })
  @IsOptional()
  backupId?: string | null;
}

@ObjectType({ description: 'ファイヤーウォールのプログラムの状態 (A14.7, A14.8)' })
export class FirewallStatus {
  @Field(() => String, { nullable: true, description: '導入されているバージョン (構成管理簿)' })
  installedVersion: string | null;

  @Field(() => String, { nullable: true, description: '最後に確認した最新のバージョン' })
  latestKnownVersion: string | null;

  @Field(() => LocalDate, { nullable: true, description: '最後に確認した日' })
  checkedOn: string | null;

  @Field(() => Boolean, { description: '導入されているバージョンが最新でない' })
  outOfDate: boolean;

  @Field(() => Boolean, { description: '30日を超えて最新版を確認していない (一度もない場合も)' })
  checkOverdue: boolean;

  @Field(() => Boolean, { description: '赤: 最新でない、または確認が30日を超えて古い (A14.7)' })
  red: boolean;

  @Field(() => [FirewallVersionCheck], { description: '確認の履歴 (新しい順、20件まで)' })
  checks: FirewallVersionCheck[];

  @Field(() => [FirewallRestoreDrill], { description: '回復訓練 (新しい順)' })
  drills: FirewallRestoreDrill[];

  @Field(() => LocalDate, { nullable: true, description: '最後に回復できた訓練の日' })
  lastSucceededDrillOn: string | null;

  @Field(() => Boolean, { description: '12か月以内に回復できた訓練がない (A14.8)' })
  drillDue: boolean;
}
