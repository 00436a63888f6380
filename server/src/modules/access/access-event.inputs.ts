// GraphQL shapes of the entry/exit register (A12.3): what a tablet sends and what it is told.
import { ArrayMaxSize, IsOptional, IsUUID, Length } from 'class-validator';
import { Page } from '../../shared/paging.js';
import { Field, Float, InputType, Int, ObjectType } from 'type-graphql';
import { ID } from '../../shared/ids.js';
import { AccessDirection, AccessEvent, AnomalyKind } from './access-event.entity.js';
import { EventOutcome, EventRefusal, MAX_BATCH } from './access-event.rules.js';

@InputType({ description: '退室時の確認' })
export class ExitChecklistInput {
  @Field(() => Boolean, { description: '機器の電源を切った' })
  equipmentOff: boolean;

  @Field(() => Boolean, { description: 'ドライブに媒体を残していない' })
  noMediaLeft: boolean;

  @Field(() => Boolean, { description: '許可のないケーブルを接続していない' })
  noUnauthorisedCable: boolean;

  @Field(() => Boolean, { description: '書類を放置していない' })
  noDocumentsLeft: boolean;
}

// Checked event by event in the service (shapeProblem): one bad event is refused alone (INVALID_EVENT),
// never the whole batch, so a tablet's other events are not held back behind it. Its ids are
// therefore Strings, not the ID type: ID refuses a malformed id while graphql coerces the variables,
// which would refuse the whole batch (shapeProblem checks each is a UUID instead).
@InputType({ description: '入退室の記録 (端末が作成)。形式の誤りはその記録だけ REFUSED (INVALID_EVENT)' })
export class AccessEventInput {
  @Field(() => String, { description: '端末が作る一意のID (UUID)' })
  clientEventId: string;

  @Field(() => Int, { nullable: true, description: '端末の連番 (1から)' })
  deviceSeq?: number | null;

  @Field(() => AccessDirection)
  direction: AccessDirection;

  @Field(() => String, { nullable: true, description: '職員 (ID)' })
  staffId?: string | null;

  @Field(() => String, { nullable: true, description: '外部の者: その入室許可 (ID)' })
  contractorAuthorisationId?: string | null;

  @Field(() => String, { nullable: true, description: '付添いの職員 (ID)' })
  escortStaffId?: string | null;

  @Field(() => String, { description: '電算室等 (ID)' })
  roomId: string;

  @Field(() => String)
  purpose: string;

  @Field(() => Date, { description: '端末の時計での時刻' })
  deviceTime: Date;

  @Field(() => ExitChecklistInput, { nullable: true, description: '退室時は必須' })
  checklist?: ExitChecklistInput | null;

  @Field(() => String, { nullable: true, description: '特記事項' })
  note?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      '入力された扉の暗証番号: {"pin","event"} をサーバーの公開鍵 (doorPinKey) で RSA-OAEP-256 暗号化し base64',
  })
  pin?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: '記録時に端末が知っていた時計のずれ (秒、サーバー − 端末)。送信時のずれの代わりにこの記録の補正に使う',
  })
  clockOffsetSeconds?: number | null;

  @Field(() => Float, { nullable: true, description: '記録時の端末の単調時計 (performance.now()、ミリ秒)' })
  monotonicMs?: number | null;

  @Field(() => String, { nullable: true, description: 'monotonicMs が数えるページのセッションID' })
  bootId?: string | null;
}

@InputType()
export class RecordAccessEventsInput {
  @Field(() => Date, { description: '送信時の端末の時計 (ずれの検出と補正に使う)' })
  deviceNow: Date;

  @Field(() => Float, { nullable: true, description: '送信時の端末の単調時計 (同じ bootId の記録の時刻を補正)' })
  deviceMonotonicMs?: number | null;

  @Field(() => String, { nullable: true, description: '送信したページのセッションID' })
  bootId?: string | null;

  @Field(() => [AccessEventInput])
  @ArrayMaxSize(MAX_BATCH)
  events: AccessEventInput[];
}

@ObjectType({ description: '1件ごとの結果: ACCEPTED / DUPLICATE (送信済み) は端末から消し、REFUSED は理由を表示' })
export class AccessEventResult {
  @Field(() => ID)
  clientEventId: string;

  @Field(() => String, { description: 'ACCEPTED | DUPLICATE | REFUSED' })
  outcome: EventOutcome;

  @Field(() => String, { nullable: true, description: '拒否の理由コード' })
  code: EventRefusal | null;

  @Field(() => String, { nullable: true })
  message: string | null;

  @Field(() => ID, { nullable: true })
  eventId: string | null;

  @Field(() => [AnomalyKind])
  anomalies: AnomalyKind[];

  @Field(() => Date, { nullable: true, description: '登録された発生時刻 (サーバーの時計)。拒否は null' })
  occurredAt: Date | null;
}

@ObjectType()
export class SequenceGap {
  @Field(() => Int)
  from: number;

  @Field(() => Int)
  to: number;
}

@ObjectType()
export class RecordAccessEventsResult {
  @Field(() => [AccessEventResult])
  results: AccessEventResult[];

  @Field(() => Int, { description: 'サーバー − 端末の時計 (秒)' })
  clockSkewSeconds: number;

  @Field(() => Boolean, { description: '5分を超えるずれ: 端末に警告を表示' })
  clockSkewed: boolean;

  @Field(() => [SequenceGap], { description: 'この端末からまだ届いていない連番' })
  sequenceGaps: SequenceGap[];
}

@InputType({ description: '入退室管理簿の絞り込み' })
export class AccessRegisterFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  roomId?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  staffId?: string | null;

  @Field(() => Date, { nullable: true })
  from?: Date | null;

  @Field(() => Date, { nullable: true })
  to?: Date | null;

  @Field(() => Boolean, { nullable: true, description: '異常のあるものだけ' })
  anomalous?: boolean | null;
}

@ObjectType({ description: '入退室管理簿 (新しい順)' })
export class AccessEventPage extends Page(AccessEvent) {}

@InputType()
export class ResolveAnomalyInput {
  @Field(() => ID)
  @IsUUID()
  id: string;

  @Field(() => String, { description: '確認した内容' })
  @Length(1, 1000)
  note: string;
}

/**
 * A staff member as a door tablet sees them (Hardening §5): flat facts, strings only, with no way
 * to the section, department or anyone else. The organisation's Staff type links onwards (section →
 * department → sections → staff); a tablet's credential must not read the chart through it.
 */
@ObjectType({ description: '端末に見せる職員 (組織図へのつながりなし)' })
export class DoorStaff {
  @Field(() => ID)
  id: string;

  @Field(() => String, { description: '職員番号' })
  staffNumber: string;

  @Field(() => String)
  familyName: string;

  @Field(() => String)
  givenName: string;

  @Field(() => String)
  familyNameKana: string;

  @Field(() => String)
  givenNameKana: string;

  @Field(() => String, { description: '氏名 (姓 名)' })
  fullName: string;

  @Field(() => String, { description: 'ふりがな' })
  fullNameKana: string;

  @Field(() => String, { description: '役職' })
  title: string;

  @Field(() => String, { nullable: true, description: '所属の名称' })
  sectionName: string | null;
}

@ObjectType({ description: '端末が案内に使う入室許可 (秘密情報なし)' })
export class DoorAuthorisedPerson {
  @Field(() => ID, { description: '入室許可のID (外部の者はこれで記録)' })
  authorisationId: string;

  @Field(() => String, { description: 'STAFF | CONTRACTOR' })
  subjectKind: string;

  @Field(() => DoorStaff, { nullable: true })
  staff: DoorStaff | null;

  @Field(() => String, { description: '氏名 (外部の者は 会社名 氏名)' })
  name: string;

  @Field(() => [ID])
  roomIds: string[];

  @Field(() => Date)
  validFrom: Date;

  @Field(() => Date)
  validTo: Date;

  @Field(() => String)
  purpose: string;

  @Field(() => Boolean)
  escortRequired: boolean;
}

@ObjectType()
export class DoorAuthorisations {
  @Field(() => String, { description: '内容が変わると変わる値。knownVersion に渡すと、同じなら people を省略' })
  version: string;

  @Field(() => Boolean)
  unchanged: boolean;

  @Field(() => Date, { description: 'サーバーの現在時刻 (端末の時計の確認用)' })
  serverTime: Date;

  @Field(() => [DoorAuthorisedPerson])
  people: DoorAuthorisedPerson[];
}
