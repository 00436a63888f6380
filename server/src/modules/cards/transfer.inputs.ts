// GraphQL shapes of transfer rounds (issue 15 §3): the import and the round's view.
import { IsOptional, IsUUID, Length, MaxLength } from 'class-validator';
import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { LocalDate } from '../../shared/dates.js';
import { ID } from '../../shared/ids.js';
import { Page } from '../../shared/paging.js';
import { CardRequestKind, CardRequestStatus } from './card-request.entity.js';
import { CardTransferRound, TransferMoveState } from './transfer.entity.js';

/** base64 of the largest file taken (5,000 rows fit well below it) */
export const MAX_TRANSFER_FILE_BASE64 = 1_000_000;

@InputType({
  description: '異動ファイルの取込 (CSV または xlsx、見出し: 職員番号・異動前所属・異動後所属・発令日・識別番号)',
})
export class ImportCardTransfersInput {
  @Field(() => String, { description: '回の名前 (例: 令和9年4月 定期異動)。同じ名前で取込むと同じ回に加わる' })
  @Length(1, 100)
  roundName: string;

  @Field(() => String, { nullable: true, description: 'ファイル名 (記録用)' })
  @IsOptional()
  @MaxLength(200)
  fileName?: string | null;

  @Field(() => String, { description: '内容 (base64)' })
  @MaxLength(MAX_TRANSFER_FILE_BASE64)
  contentBase64: string;
}

@ObjectType({ description: '取込めなかった行' })
export class TransferRowError {
  @Field(() => Int, { description: 'ファイルの行 (見出しが1行目)' })
  row: number;

  @Field(() => String, { nullable: true })
  staffNumber: string | null;

  @Field(() => String, { description: '理由' })
  reason: string;
}

@ObjectType({ description: '取込の結果。errors があれば何も保存していない (全部か無か)' })
export class TransferImportResult {
  @Field(() => CardTransferRound, { nullable: true })
  round: CardTransferRound | null;

  @Field(() => Int, { description: 'ファイルの行数 (見出しを除く)' })
  rows: number;

  @Field(() => Int, { description: '今回保存した異動' })
  added: number;

  @Field(() => Int, { description: '取込み済みだった行 (二重には保存しない)' })
  alreadyImported: number;

  @Field(() => Int, { description: '発令日が今日以前で、すぐに異動し依頼を開いた' })
  openedNow: number;

  @Field(() => Int, { description: '発令日を待っている' })
  scheduled: number;

  @Field(() => Int, { description: 'すぐに開いた依頼' })
  tasksOpened: number;

  @Field(() => [TransferRowError])
  errors: TransferRowError[];
}

@ObjectType({ description: '所属 (一覧の表示用)' })
export class TransferSectionRef {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  code: string;

  @Field(() => String)
  name: string;
}

@ObjectType({ description: '異動で開いた依頼 (回の一覧の1行)' })
export class TransferTaskRow {
  @Field(() => ID, { description: '依頼' })
  requestId: string;

  @Field(() => CardRequestKind)
  kind: CardRequestKind;

  @Field(() => CardRequestStatus)
  status: CardRequestStatus;

  @Field(() => String, { nullable: true, description: '対象のカード番号 (回収)' })
  cardNumber: string | null;

  @Field(() => String, { nullable: true, description: '担当した暗証番号管理者 (受付前は空)' })
  handledByName: string | null;

  @Field(() => Date)
  requestedAt: Date;
}

@ObjectType({ description: '異動1人分と、その依頼' })
export class TransferMoveRow {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  staffNumber: string;

  @Field(() => String, { description: '氏名' })
  staffName: string;

  @Field(() => TransferSectionRef)
  fromSection: TransferSectionRef;

  @Field(() => TransferSectionRef)
  toSection: TransferSectionRef;

  @Field(() => LocalDate)
  effectiveDate: string;

  @Field(() => TransferMoveState)
  state: TransferMoveState;

  @Field(() => String, { nullable: true })
  newOperatorCode: string | null;

  @Field(() => Date, { nullable: true })
  openedAt: Date | null;

  @Field(() => String, { nullable: true })
  skipReason: string | null;

  @Field(() => Int)
  sourceRow: number;

  @Field(() => [TransferTaskRow], { description: '開いた依頼 (発令日前は空)' })
  tasks: TransferTaskRow[];
}

@ObjectType()
export class TransferMovePage extends Page(TransferMoveRow) {}

@ObjectType({ description: '状態ごとの件数' })
export class TransferCount {
  @Field(() => String, { description: '状態 (異動: SCHEDULED/OPENED/SKIPPED、依頼: REQUESTED/ACCEPTED/DONE/REFUSED)' })
  state: string;

  @Field(() => Int)
  count: number;
}

@ObjectType({ description: '回の集計' })
export class TransferRoundSummary {
  @Field(() => CardTransferRound)
  round: CardTransferRound;

  @Field(() => Int, { description: '異動の人数' })
  moves: number;

  @Field(() => [TransferCount], { description: '異動の状態ごとの件数' })
  movesByState: TransferCount[];

  @Field(() => [TransferCount], { description: '依頼の状態ごとの件数' })
  tasksByStatus: TransferCount[];

  @Field(() => Int, { description: 'まだ終わっていない依頼 (依頼中・受付済み)' })
  openTasks: number;

  @Field(() => LocalDate, { nullable: true, description: '最初の発令日' })
  firstDate: string | null;

  @Field(() => LocalDate, { nullable: true, description: '最後の発令日' })
  lastDate: string | null;
}

@InputType({ description: '回の一覧の絞り込み' })
export class TransferMoveFilterInput {
  @Field(() => ID)
  @IsUUID()
  roundId: string;

  @Field(() => Boolean, {
    nullable: true,
    description: 'まだ終わっていないものだけ (発令待ち、または依頼が残っている)',
  })
  @IsOptional()
  openOnly?: boolean | null;

  @Field(() => TransferMoveState, { nullable: true })
  @IsOptional()
  state?: TransferMoveState | null;
}
