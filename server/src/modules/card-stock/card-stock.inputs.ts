// GraphQL shapes of the resident-card stock (A18).
import { IsOptional, Length, MaxLength } from 'class-validator';
import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { LocalDate } from '../../shared/dates.js';
import { ID } from '../../shared/ids.js';
import { Page } from '../../shared/paging.js';
import { StockCount, StockMonthReview, StockMovement } from './card-stock.entity.js';

/** What receiving and issuing share: how many cards, their numbers when known, a note. */
@InputType()
abstract class ResidentCardBatchInput {
  @Field(() => Int, { description: '枚数' })
  count: number;

  @Field(() => String, { nullable: true, description: 'カード番号 (最初、任意)' })
  @IsOptional()
  @MaxLength(20)
  firstNumber?: string | null;

  @Field(() => String, { nullable: true, description: 'カード番号 (最後、任意)' })
  @IsOptional()
  @MaxLength(20)
  lastNumber?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  note?: string | null;
}

@InputType({ description: '住基カード等の受入 (ロット)。施錠できる保管場所が必要 (A18.1)' })
export class ReceiveResidentCardsInput extends ResidentCardBatchInput {
  @Field(() => String, { description: 'ロット番号' })
  @MaxLength(50)
  lotNumber: string;

  @Field(() => LocalDate, { description: '受入の日' })
  on: string;

  @Field(() => String, { nullable: true, description: '保管場所' })
  @IsOptional()
  @MaxLength(100)
  storagePlace?: string | null;

  @Field(() => Boolean, { nullable: true, description: '保管場所が施錠できる' })
  @IsOptional()
  storageLocked?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: '回収したカード (廃棄を待つ)' })
  @IsOptional()
  collected?: boolean | null;
}

@InputType({ description: '住基カード等の交付 (在庫から)' })
export class IssueResidentCardsInput extends ResidentCardBatchInput {
  @Field(() => LocalDate, { description: '交付の日' })
  on: string;

  @Field(() => String, { description: '交付先 (窓口・用途。住民の氏名は記録しない)' })
  @MaxLength(100)
  issuedTo: string;
}

@InputType({ description: '住基カード等の廃棄 (A18.2): 番号、方法、立会人 (本人以外)' })
export class DestroyResidentCardsInput {
  @Field(() => String, { description: 'カード番号 (最初)' })
  @MaxLength(20)
  firstNumber: string;

  @Field(() => String, { nullable: true, description: 'カード番号 (最後、1枚なら省略)' })
  @IsOptional()
  @MaxLength(20)
  lastNumber?: string | null;

  @Field(() => LocalDate, { description: '廃棄の日' })
  on: string;

  @Field(() => String, { description: '廃棄の方法 (個人情報を再取得できない状態にした方法)' })
  @MaxLength(200)
  method: string;

  @Field(() => ID, { nullable: true, description: '立会人 (廃棄する方以外の職員)' })
  @IsOptional()
  witnessId?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  note?: string | null;
}

@InputType({ description: '在庫の実査 (今日)。帳簿と差異があれば理由が必要' })
export class CountResidentCardsInput {
  @Field(() => Int, { description: '実査の枚数' })
  counted: number;

  @Field(() => String, { nullable: true, description: '差異の理由' })
  @IsOptional()
  @MaxLength(500)
  reason?: string | null;
}

@InputType({ description: '在庫の月次確認 (管理者)' })
export class ReviewResidentCardMonthInput {
  @Field(() => String, { description: "'YYYY-MM'" })
  @Length(7, 7)
  month: string;

  @Field(() => String, { nullable: true, description: '所見' })
  @IsOptional()
  @MaxLength(500)
  note?: string | null;
}

@ObjectType({ description: '住基カード等の在庫 (A18.1)' })
export class ResidentCardStock {
  @Field(() => Int, { description: '帳簿上の在庫' })
  onHand: number;

  @Field(() => [String], { description: '保管場所 (受入で記録したもの)' })
  storagePlaces: string[];

  @Field(() => StockCount, { nullable: true, description: '最後の実査' })
  lastCount: StockCount | null;

  @Field(() => [StockMovement], { description: '最近の受入・交付・廃棄 (新しい順、最大30件)' })
  recent: StockMovement[];

  @Field(() => [StockCount], { description: '最近の実査 (新しい順、最大30件)' })
  recentCounts: StockCount[];
}

@ObjectType({ description: '住基カード等の在庫の月報 (前月繰越・受入・交付・廃棄・翌月繰越・実査・差異)' })
export class ResidentCardStockSheet {
  @Field(() => String, { description: "'YYYY-MM'" })
  month: string;

  @Field(() => Int, { description: '前月繰越' })
  opening: number;

  @Field(() => Int)
  received: number;

  @Field(() => Int)
  issued: number;

  @Field(() => Int)
  destroyed: number;

  @Field(() => Int, { description: '翌月繰越 (帳簿)' })
  closing: number;

  @Field(() => StockCount, { nullable: true, description: 'この月の最後の実査' })
  lastCount: StockCount | null;

  @Field(() => StockMonthReview, { nullable: true, description: '管理者の確認' })
  review: StockMonthReview | null;

  @Field(() => [StockMovement], { description: 'この月の受入・交付・廃棄 (日付順)' })
  movements: StockMovement[];

  @Field(() => [StockCount], { description: 'この月の実査' })
  counts: StockCount[];
}

@ObjectType({ description: '住基カード等の受入・交付・廃棄の記録の一覧 (新しい順)' })
export class StockMovementPage extends Page(StockMovement) {}
