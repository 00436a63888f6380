import { ArgsType, Field, Int, ObjectType } from 'type-graphql';
import { Page, PageArgs } from '../../shared/paging.js';

/** A20: one line of a terminal's operation log, as stored (no resident data: the target only as its HMAC). */
@ObjectType({ description: '操作履歴 (A20)' })
export class OperationRecord {
  @Field(() => Date, { description: '日時' })
  at: Date;

  @Field(() => String, { description: '送信元 (バッチ・ファイル)' })
  sourceId: string;

  @Field(() => Int, { description: '送信元の行番号' })
  line: number;

  @Field(() => String, { description: '端末' })
  terminalCode: string;

  @Field(() => String, { description: '操作者ID (識別番号)' })
  operatorId: string;

  @Field(() => String, { description: '操作種別のコード' })
  operationType: string;

  @Field(() => String, { nullable: true, description: '操作種別' })
  operationLabel: string | null;

  @Field(() => String, { description: '結果 (SUCCESS / FAILURE)' })
  result: string;

  @Field(() => String, {
    nullable: true,
    description:
      '対象の鍵付きハッシュ (HMAC-SHA-256、16進)。同じ対象の記録を突き合わせられるが、対象そのものは読めない',
  })
  targetPseudonym: string | null;

  @Field(() => Date, { description: '受信日時' })
  receivedAt: Date;
}

@ObjectType()
export class OperationRecordPage extends Page(OperationRecord) {}

@ArgsType()
export class OperationRecordsArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: '操作者ID (識別番号)。省略するとすべての操作者' })
  operatorId?: string | null;

  @Field(() => Date, { description: 'この日時から (含む)' })
  from: Date;

  @Field(() => Date, { description: 'この日時まで (含まない)' })
  to: Date;
}
