// GraphQL shapes of the cards module (A16): the operator register, card steps and requests.
import { IsOptional, IsUUID, Length, MaxLength } from 'class-validator';
import { Field, InputType, ObjectType } from 'type-graphql';
import { LocalDate } from '../../shared/dates.js';
import { ID } from '../../shared/ids.js';
import { Page } from '../../shared/paging.js';
import { CardState, OperatorCard } from './card.entity.js';
import { CardRequest, CardRequestKind, CardRequestStatus } from './card-request.entity.js';
import { CardOperator } from './operator.entity.js';

@InputType({ description: '操作者の登録 (A16)' })
export class RegisterCardOperatorInput {
  @Field(() => ID, { description: '職員' })
  @IsUUID()
  staffId: string;

  @Field(() => String, { description: '識別番号' })
  @Length(1, 32)
  operatorCode: string;

  @Field(() => ID, { nullable: true, description: '所属 (空: 職員の所属)' })
  @IsOptional()
  @IsUUID()
  sectionId?: string | null;

  @Field(() => LocalDate, { description: '操作者となる日' })
  since: string;
}

@InputType()
export class EndCardOperatorInput {
  @Field(() => ID)
  @IsUUID()
  id: string;

  @Field(() => LocalDate, { description: '操作者でなくなる日' })
  until: string;
}

@InputType({ description: 'カードの受入 (在庫へ)' })
export class ReceiveOperatorCardInput {
  @Field(() => String, { nullable: true, description: '保管場所 (A16.6、例: 市民課 金庫)' })
  @IsOptional()
  @MaxLength(100)
  storagePlace?: string | null;

  @Field(() => Boolean, { nullable: true, description: '保管場所が施錠できる' })
  storageLocked?: boolean | null;

  @Field(() => String, { description: 'カード番号' })
  @Length(1, 32)
  cardNumber: string;
}

@InputType({ description: 'カードの貸与' })
export class IssueOperatorCardInput {
  @Field(() => ID)
  @IsUUID()
  cardId: string;

  @Field(() => ID, { description: '貸与する操作者' })
  @IsUUID()
  operatorId: string;
}

@InputType({ description: 'カードの返還 (A16.2)' })
export class ReturnOperatorCardInput {
  @Field(() => String, { nullable: true, description: '保管場所 (A16.6、例: 市民課 金庫)' })
  @IsOptional()
  @MaxLength(100)
  storagePlace?: string | null;

  @Field(() => Boolean, { nullable: true, description: '保管場所が施錠できる' })
  storageLocked?: boolean | null;

  @Field(() => ID)
  @IsUUID()
  cardId: string;

  @Field(() => ID, { description: '返還する操作者 (貸与を受けている者)' })
  @IsUUID()
  operatorId: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  note?: string | null;
}

@InputType({ description: 'カードの紛失 (直ちに失効し、インシデントを起票)' })
export class ReportOperatorCardLostInput {
  @Field(() => ID)
  @IsUUID()
  cardId: string;

  @Field(() => String, { nullable: true, description: '紛失の状況' })
  @IsOptional()
  @MaxLength(500)
  note?: string | null;
}

@InputType({ description: 'カードの失効' })
export class RevokeOperatorCardInput {
  @Field(() => String, { nullable: true, description: '保管場所 (A16.6、例: 市民課 金庫)' })
  @IsOptional()
  @MaxLength(100)
  storagePlace?: string | null;

  @Field(() => Boolean, { nullable: true, description: '保管場所が施錠できる' })
  storageLocked?: boolean | null;

  @Field(() => ID)
  @IsUUID()
  cardId: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  note?: string | null;
}

@InputType({ description: 'カードの廃棄 (立会人が必要)' })
export class DestroyOperatorCardInput {
  @Field(() => ID)
  @IsUUID()
  cardId: string;

  @Field(() => ID, { nullable: true, description: '立会人 (廃棄する方以外の職員)' })
  @IsOptional()
  @IsUUID()
  witnessStaffId?: string | null;

  @Field(() => String, { description: '廃棄の方法 (例: 裁断)' })
  @MaxLength(500)
  method: string;
}

@InputType({ description: '暗証番号管理者への依頼 (A16.1, A16.3)。暗証番号は書かない' })
export class RequestCardChangeInput {
  @Field(() => CardRequestKind)
  kind: CardRequestKind;

  @Field(() => ID)
  @IsUUID()
  operatorId: string;

  @Field(() => ID, { nullable: true, description: '回収するカード' })
  @IsOptional()
  @IsUUID()
  cardId?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  reason?: string | null;
}

@InputType()
export class CardRequestIdInput {
  @Field(() => ID)
  @IsUUID()
  id: string;
}

@InputType()
export class CompleteCardRequestInput extends CardRequestIdInput {
  @Field(() => String, { nullable: true, description: '対応の記録 (暗証番号は書かない)' })
  @IsOptional()
  @MaxLength(500)
  note?: string | null;
}

@InputType()
export class RefuseCardRequestInput extends CardRequestIdInput {
  @Field(() => String, { description: '断る理由' })
  @Length(1, 500)
  reason: string;
}

@InputType({ description: '操作者の絞り込み' })
export class CardOperatorFilterInput {
  @Field(() => Boolean, { nullable: true, description: '今日現在の操作者 (false: 終了した操作者)' })
  current?: boolean | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  sectionId?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  staffId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: '職員番号・識別番号の先頭、氏名またはふりがなの一部 (入力しながら検索)',
  })
  @IsOptional()
  @MaxLength(50)
  search?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'true: カードを貸与中の操作者だけ、false: 貸与中のカードがない操作者だけ (貸与先の候補)',
  })
  holdsCard?: boolean | null;
}

@InputType({ description: 'カードの絞り込み' })
export class OperatorCardFilterInput {
  @Field(() => CardState, { nullable: true })
  state?: CardState | null;

  @Field(() => ID, { nullable: true, description: '貸与中の操作者' })
  @IsOptional()
  @IsUUID()
  holderId?: string | null;
}

@InputType({ description: '依頼の絞り込み' })
export class CardRequestFilterInput {
  @Field(() => CardRequestStatus, { nullable: true })
  status?: CardRequestStatus | null;

  @Field(() => Boolean, { nullable: true, description: '未完了 (依頼中・受付済み)' })
  open?: boolean | null;

  @Field(() => CardRequestKind, { nullable: true })
  kind?: CardRequestKind | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  operatorId?: string | null;
}

@ObjectType({ description: '操作者の一覧 (識別番号順)' })
export class CardOperatorPage extends Page(CardOperator) {}

@ObjectType({ description: '操作者識別カードの一覧 (カード番号順)' })
export class OperatorCardPage extends Page(OperatorCard) {}

@ObjectType({ description: '暗証番号管理者への依頼の一覧 (新しい順)' })
export class CardRequestPage extends Page(CardRequest) {}
