import { Field, InputType, ObjectType } from 'type-graphql';
import { ID } from '../../shared/ids.js';

/** A terminal of the configuration register (kind TERMINAL), offered when placing a terminal in a room. */
@ObjectType({ description: '構成管理簿の端末 (端末の設置場所の候補)' })
export class OplogTerminalCandidate {
  @Field(() => String, { description: '端末のコード (構成管理簿の登録番号)' })
  code: string;

  @Field(() => String, { description: '名称' })
  name: string;

  @Field(() => ID, { nullable: true, description: '構成管理簿の電算室等' })
  roomId: string | null;
}

@InputType({ description: '操作種別に許す役割 (点検の「役割を超える操作」の基準)' })
export class OplogRoleOperationInput {
  @Field(() => String, { description: '操作種別のコード' })
  operationType: string;

  @Field(() => String, { description: '役割 (OPERATOR: すべての操作者、または OrgRole の値)' })
  role: string;
}

@InputType({ description: '端末の設置場所 (電算室等)' })
export class OplogTerminalRoomInput {
  @Field(() => String, { description: '端末のコード' })
  terminalCode: string;

  @Field(() => ID, { description: '電算室等 (サーバー等の設置室)' })
  roomId: string;
}

@InputType({ description: '市が追加する操作種別' })
export class AddOperationTypeInput {
  @Field(() => String, { description: 'コード (英大文字・数字・_、英字で始まり32文字まで)' })
  code: string;

  @Field(() => String, { description: '名称' })
  labelJa: string;

  @Field(() => String, { description: 'name in English' })
  labelEn: string;
}
