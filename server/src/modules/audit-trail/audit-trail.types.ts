import { GraphQLJSON } from 'graphql-scalars';
import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Page } from '../../shared/paging.js';
import { AuditEntry } from './audit-entry.entity.js';
import { AuditProblemKind } from './audit-verify-chains.js';

registerEnumType(AuditProblemKind, { name: 'AuditProblemKind', description: '監査証跡の検証で見つかった問題の種類' });

@InputType()
export class AuditFilterInput {
  @Field(() => String, { nullable: true })
  actorId?: string;
  @Field(() => String, { nullable: true })
  targetType?: string;
  @Field(() => String, { nullable: true })
  targetId?: string;
  @Field(() => String, { nullable: true })
  action?: string;
  @Field(() => Date, { nullable: true })
  from?: Date;
  @Field(() => Date, { nullable: true })
  to?: Date;
}

@ObjectType({ description: '旧形式 (endCursor と hasNextPage を直接使う)' })
export class PageInfo {
  @Field(() => String, { nullable: true, description: '次の取得で after に渡す値' })
  endCursor: string | null;
  @Field(() => Boolean)
  hasNextPage: boolean;
}

@ObjectType()
export class AuditEntryConnection extends Page(AuditEntry) {
  /** kept for API clients written against the first shape of this page */
  @Field(() => PageInfo, {
    deprecationReason: 'endCursor と hasNextPage を使ってください (use endCursor and hasNextPage)',
  })
  pageInfo: PageInfo;
}

@ObjectType()
export class AuditProblemType {
  @Field(() => AuditProblemKind)
  kind: AuditProblemKind;
  @Field(() => String)
  stream: string;
  @Field(() => Int, { nullable: true })
  seq: number | null;
  @Field(() => String, { nullable: true })
  entryId: string | null;
  @Field(() => String)
  detail: string;
}

@ObjectType({ description: '監査証跡の検証結果' })
export class AuditVerificationResult {
  @Field(() => Boolean)
  ok: boolean;
  @Field(() => Int)
  entriesChecked: number;
  @Field(() => Int)
  streams: number;
  @Field(() => [AuditProblemType])
  problems: AuditProblemType[];
  @Field(() => String, {
    nullable: true,
    description: '検証の起点にしたチェックポイントの作成日時 (null: 全件を検証)',
  })
  since: string | null;
}

export { GraphQLJSON };
