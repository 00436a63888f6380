// GraphQL shapes of the saved queries of the reviews (A20.1).
import { ArgsType, Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { LocalDate } from '../../shared/dates.js';
import { Page, PageArgs } from '../../shared/paging.js';
import { OperationRecord } from './operation-record.types.js';
import { OplogMarkVerdict } from './review.entity.js';

export enum OplogRecordQuery {
  /** on a closed day (weekend, public holiday, 12/29–1/3) or outside office hours */
  OUTSIDE_HOURS = 'OUTSIDE_HOURS',
  /** by an operator without a valid card at that moment */
  NO_VALID_CARD = 'NO_VALID_CARD',
  /** an operation type the operator's role does not allow (oplog_role_operation) */
  BEYOND_ROLE = 'BEYOND_ROLE',
  /** at a terminal in a server room while nobody was inside per the entry/exit register */
  EMPTY_SERVER_ROOM = 'EMPTY_SERVER_ROOM',
}
registerEnumType(OplogRecordQuery, {
  name: 'OplogRecordQuery',
  description: '点検の保存済みクエリ (記録ごと): 時間外 / 有効なカードなし / 役割を超える操作 / 無人の電算室での操作',
});

export enum OplogOperatorDayQuery {
  /** an operator's day far above their own 30-day baseline */
  UNUSUAL_VOLUME = 'UNUSUAL_VOLUME',
  /** one operator ID active all day: a shared ID */
  ALL_DAY = 'ALL_DAY',
}
registerEnumType(OplogOperatorDayQuery, {
  name: 'OplogOperatorDayQuery',
  description: '点検の保存済みクエリ (操作者・日ごと): 普段より多い操作 / 終日の操作 (IDの共用の疑い)',
});

@ObjectType({ description: '保存済みクエリに該当した操作履歴の記録と、点検での判断' })
export class OplogFlaggedRecord extends OperationRecord {
  @Field(() => OplogMarkVerdict, { nullable: true, description: '点検での判断 (未判断は空)' })
  markVerdict: OplogMarkVerdict | null;

  @Field(() => String, { nullable: true, description: '説明・指摘の内容' })
  markNote: string | null;
}

@ObjectType()
export class OplogFlaggedRecordPage extends Page(OplogFlaggedRecord) {}

@ObjectType({ description: '操作者の1日 (東京時間) の操作' })
export class OplogOperatorDay {
  @Field(() => String, { description: '操作者ID' })
  operatorId: string;

  @Field(() => LocalDate, { description: '日' })
  day: string;

  @Field(() => Int, { description: 'その日の記録の数' })
  count: number;

  @Field(() => Date, { description: '最初の記録' })
  firstAt: Date;

  @Field(() => Date, { description: '最後の記録' })
  lastAt: Date;

  @Field(() => Int, { description: '記録のある時間帯の数 (1時間ごと)' })
  hours: number;

  @Field(() => Float, { nullable: true, description: '基準: 直前30日の操作のあった日の平均' })
  baselineMean: number | null;

  @Field(() => Float, { nullable: true, description: '基準: その標準偏差' })
  baselineSd: number | null;

  @Field(() => Int, { nullable: true, description: '基準に使った日数' })
  baselineDays: number | null;
}

@ObjectType()
export class OplogOperatorDayPage extends Page(OplogOperatorDay) {}

@ArgsType()
export class OplogSavedQueryArgs extends PageArgs {
  @Field(() => LocalDate, { description: 'この日から (東京時間、含む)' })
  from: string;

  @Field(() => LocalDate, { description: 'この日まで (含む)。期間は62日まで' })
  until: string;
}
