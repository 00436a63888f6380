// GraphQL inputs of the reviews of the operation history (A20.1).
import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { ID } from '../../shared/ids.js';
import { Staff } from '../organisation/index.js';
import { OplogMarkVerdict } from './review.entity.js';

@InputType({ description: '操作履歴の記録への点検の判断 (記録のキー: 日時・送信元・行番号)' })
export class MarkOperationRecordInput {
  @Field(() => Date, { description: '記録の日時' })
  at: Date;

  @Field(() => String, { description: '記録の送信元' })
  sourceId: string;

  @Field(() => Int, { description: '記録の行番号' })
  line: number;

  @Field(() => OplogMarkVerdict)
  verdict: OplogMarkVerdict;

  @Field(() => String, { description: '説明・指摘の内容 (1000文字まで)' })
  note: string;
}

@InputType({ description: '管理者の承認' })
export class SignOffOplogReviewInput {
  @Field(() => ID)
  id: string;

  @Field(() => String, { nullable: true, description: 'コメント (任意)' })
  note?: string | null;
}

/** Who a marked record's operator ID was on the record's day: the operator register (A16), if listed. */
@ObjectType({ description: '記録の操作者 (識別番号と、その日に操作者の一覧でその識別番号を持っていた職員)' })
export class OplogRecordOperator {
  @Field(() => String, { description: '操作者ID (識別番号)' })
  operatorId: string;

  @Field(() => Staff, { nullable: true, description: '職員 (操作者の一覧にない識別番号なら空)' })
  staff: Staff | null;
}
