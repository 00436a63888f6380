import { Field, ObjectType } from 'type-graphql';
import { Page } from '../../shared/paging.js';
import { ConfigurationChange } from './change-record.entity.js';
import { ConfigurationChangeRequest } from './change-request.entity.js';
import { ConfigurationItem } from './configuration-item.entity.js';

@ObjectType({ description: '変わる項目: 変更前と変更後 (参照は名称で)' })
export class ChangedField {
  @Field(() => String, { description: '項目 (registerNumber, room, state, connection …)' })
  field: string;

  @Field(() => String, { nullable: true })
  before: string | null;

  @Field(() => String, { nullable: true })
  after: string | null;
}

export const changedFields = (changes: Record<string, [string | null, string | null]>): ChangedField[] =>
  Object.entries(changes).map(([field, [before, after]]) => ({ field, before, after }));

@ObjectType({ description: '構成管理簿 (登録番号順)' })
export class ConfigurationItemPage extends Page(ConfigurationItem) {}

@ObjectType({ description: '構成管理簿の変更記録 (新しい順)' })
export class ConfigurationChangePage extends Page(ConfigurationChange) {}

@ObjectType({ description: '変更申請 (新しい順)' })
export class ConfigurationChangeRequestPage extends Page(ConfigurationChangeRequest) {}
