// The GraphQL inputs and filters of the configuration register. Lengths are checked here and again
// by the rules (item-rules.ts), which also know what each kind of item has.
import { ArrayMaxSize, IsOptional, IsUUID, Length, MaxLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { LocalDate } from '../../shared/dates.js';
import { ID } from '../../shared/ids.js';
import { ChangeKind, ChangeRequestStatus } from './change-request.entity.js';
import { ItemCategory, ItemKind, ItemState } from './item-kinds.js';
import { MAX_ADDRESSES } from './item-rules.js';

@InputType({
  description: '構成品の内容。導入・新規登録では必須項目を含むすべて、変更では変える項目だけ (null は空にする)',
})
export class ConfigurationItemInput {
  @Field(() => String, { nullable: true, description: '登録番号' })
  @IsOptional()
  @MaxLength(30)
  registerNumber?: string | null;

  @Field(() => ItemKind, { nullable: true })
  kind?: ItemKind | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(100)
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'メーカー' })
  @IsOptional()
  @MaxLength(100)
  maker?: string | null;

  @Field(() => String, { nullable: true, description: '型式・製品名' })
  @IsOptional()
  @MaxLength(100)
  model?: string | null;

  @Field(() => String, { nullable: true, description: 'バージョン (プログラムは必須)' })
  @IsOptional()
  @MaxLength(50)
  version?: string | null;

  @Field(() => String, { nullable: true, description: '製造番号・ライセンス番号' })
  @IsOptional()
  @MaxLength(100)
  serialNumber?: string | null;

  @Field(() => ID, { nullable: true, description: '電算室等' })
  roomId?: string | null;

  @Field(() => String, { nullable: true, description: 'ラック' })
  @IsOptional()
  @MaxLength(50)
  rack?: string | null;

  @Field(() => String, { nullable: true, description: '設置・保管場所 (電算室等の外)' })
  @IsOptional()
  @MaxLength(200)
  location?: string | null;

  @Field(() => Boolean, { nullable: true, description: '施錠できる場所に保管 (磁気媒体等は必須)' })
  storageLocked?: boolean | null;

  @Field(() => ID, { nullable: true, description: '使用課' })
  sectionId?: string | null;

  @Field(() => ID, { nullable: true, description: '管理責任者' })
  responsibleStaffId?: string | null;

  @Field(() => LocalDate, { nullable: true })
  inUseFrom?: string | null;

  @Field(() => LocalDate, { nullable: true })
  inUseTo?: string | null;

  @Field(() => ItemState, { nullable: true })
  state?: ItemState | null;

  @Field(() => [String], { nullable: true, description: 'ネットワークアドレス (IPv4/IPv6、CIDR 可)' })
  @IsOptional()
  @ArrayMaxSize(MAX_ADDRESSES)
  @MaxLength(60, { each: true })
  networkAddresses?: string[] | null;

  @Field(() => ID, { nullable: true, description: '組み込み先の機器 (プログラム)' })
  installedOnId?: string | null;

  @Field(() => Boolean, { nullable: true, description: '他のシステムと共用 (端末は不可, A11.2)' })
  sharedWithOtherSystems?: boolean | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  note?: string | null;
}

@InputType({ description: '他システムとの接続 (A11.1)' })
export class ConnectionInput {
  @Field(() => String, { description: '接続先のシステム' })
  @Length(1, 100)
  otherSystem: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(200)
  purpose?: string | null;

  @Field(() => String, { nullable: true, description: '保護措置 (A8.3)。空のままの接続は違反として表示' })
  @IsOptional()
  @MaxLength(1000)
  protectiveMeasures?: string | null;

  @Field(() => LocalDate, { nullable: true, description: '接続日 (省略: 実施日)' })
  connectedOn?: string | null;
}

@InputType({ description: '構成の変更申請 (A14.1–2, A17)' })
export class RequestConfigurationChangeInput {
  @Field(() => ID, {
    nullable: true,
    description: '画面が付けたID: 応答が届かず再送しても申請は1件 (同じIDで別の内容は CLIENT_ID_REUSED)',
  })
  @IsOptional()
  clientId?: string | null;

  @Field(() => ChangeKind)
  kind: ChangeKind;

  @Field(() => ID, { nullable: true, description: '対象の構成品 (導入以外)' })
  itemId?: string | null;

  @Field(() => ConfigurationItemInput, { nullable: true, description: '導入: 新しい構成品、変更: 変える項目' })
  item?: ConfigurationItemInput | null;

  @Field(() => ConnectionInput, { nullable: true, description: '接続' })
  connection?: ConnectionInput | null;

  @Field(() => ID, { nullable: true, description: '切断する接続' })
  connectionId?: string | null;

  @Field(() => ItemState, { nullable: true, description: '撤去後の状態 (RETIRED または DISPOSED)' })
  endState?: ItemState | null;

  @Field(() => String, { description: '件名 (何を)' })
  @Length(1, 200)
  summary: string;

  @Field(() => String, { description: '理由 (なぜ)' })
  @Length(1, 1000)
  reason: string;
}

@InputType({ description: '承認のない変更の記録 (管理者の緊急対応、事後に見つかった変更)' })
export class RecordUnapprovedConfigurationChangeInput extends RequestConfigurationChangeInput {
  @Field(() => Boolean, { nullable: true, description: '事後に見つかった変更 (true) か管理者の緊急対応 (false)' })
  discovered?: boolean | null;
}

@InputType()
export class ConfigurationChangeDecisionInput {
  @Field(() => ID)
  @IsUUID()
  id: string;

  @Field(() => String, { nullable: true, description: '理由・条件 (却下では必須)' })
  @IsOptional()
  @MaxLength(500)
  note?: string | null;
}

@InputType()
export class ConfigurationChangeRequestIdInput {
  @Field(() => ID)
  @IsUUID()
  id: string;
}

@InputType()
export class ReviewUnapprovedConfigurationChangeInput {
  @Field(() => ID, { description: '変更記録' })
  @IsUUID()
  id: string;

  @Field(() => String, { description: '所見' })
  @Length(1, 500)
  note: string;
}

@InputType({ description: '磁気媒体等の登録・変更 (A15、管理者等)' })
export class RecordConfigurationMediumInput {
  @Field(() => ID, { nullable: true, description: '変更する媒体 (省略: 新規登録)' })
  id?: string | null;

  @Field(() => ConfigurationItemInput)
  item: ConfigurationItemInput;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(200)
  summary?: string | null;

  @Field(() => String)
  @Length(1, 1000)
  reason: string;
}

@InputType()
export class SetConnectionMeasuresInput {
  @Field(() => ID)
  connectionId: string;

  @Field(() => String, { description: '保護措置' })
  @Length(1, 1000)
  measures: string;

  @Field(() => String)
  @Length(1, 1000)
  reason: string;
}

@InputType({ description: '構成管理簿の絞り込み' })
export class ConfigurationItemFilter {
  @Field(() => ItemCategory, { nullable: true })
  category?: ItemCategory | null;

  @Field(() => ItemKind, { nullable: true })
  kind?: ItemKind | null;

  @Field(() => ItemState, { nullable: true })
  state?: ItemState | null;

  @Field(() => ID, { nullable: true })
  roomId?: string | null;

  @Field(() => ID, { nullable: true })
  sectionId?: string | null;

  @Field(() => String, { nullable: true, description: '登録番号・名称・型式・製造番号・場所の一部' })
  @IsOptional()
  @MaxLength(100)
  search?: string | null;
}

@InputType({ description: '変更記録の絞り込み' })
export class ConfigurationChangeFilter {
  @Field(() => ID, { nullable: true })
  itemId?: string | null;

  @Field(() => LocalDate, { nullable: true, description: 'この日から' })
  from?: string | null;

  @Field(() => LocalDate, { nullable: true, description: 'この日まで' })
  to?: string | null;

  @Field(() => Boolean, { nullable: true, description: '承認のない変更のみ' })
  unapprovedOnly?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: '事後確認待ちのみ' })
  unreviewedOnly?: boolean | null;
}

@InputType({ description: '変更申請の絞り込み' })
export class ConfigurationChangeRequestFilter {
  @Field(() => ChangeRequestStatus, { nullable: true })
  status?: ChangeRequestStatus | null;

  @Field(() => ID, { nullable: true })
  itemId?: string | null;

  @Field(() => Boolean, { nullable: true, description: '自分の申請のみ' })
  mine?: boolean | null;
}
