import { Arg, Args, Authorized, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { AppContext } from '../../composition/context.js';
import { ID } from '../../shared/ids.js';
import { PageArgs } from '../../shared/paging.js';
import { Room } from '../access/index.js';
import { Section, Staff } from '../organisation/index.js';
import { ConfigurationChange, UNAPPROVED_BASES } from './change-record.entity.js';
import { ConfigurationConnection } from './connection.entity.js';
import { ConfigurationItem } from './configuration-item.entity.js';
import { ConfigurationChangeFilter, ConfigurationItemFilter } from './configuration.inputs.js';
import { ChangedField, changedFields, ConfigurationChangePage, ConfigurationItemPage } from './configuration.types.js';
import { categoryOf, ItemCategory } from './item-kinds.js';

/** A14.5: the register and its history; thin, the reading is RegisterReadingService's. */
@Resolver(() => ConfigurationItem)
export class ConfigurationItemResolver {
  @Authorized('Query.configurationItems')
  @Query(() => ConfigurationItemPage, { description: '構成管理簿 (A14.5)。登録番号順、after に前回の endCursor' })
  configurationItems(
    @Ctx() ctx: AppContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => ConfigurationItemFilter, { nullable: true }) filter?: ConfigurationItemFilter,
  ): Promise<ConfigurationItemPage> {
    return ctx.services.configurationReading.items(filter ?? {}, page);
  }

  @Authorized('Query.configurationItem')
  @Query(() => ConfigurationItem, { nullable: true, description: '構成品 (なければ null)' })
  configurationItem(@Arg('id', () => ID) id: string, @Ctx() ctx: AppContext): Promise<ConfigurationItem | null> {
    return ctx.services.configurationReading.item(id);
  }

  @FieldResolver(() => ItemCategory)
  category(@Root() i: ConfigurationItem): ItemCategory {
    return categoryOf(i.kind);
  }

  @FieldResolver(() => Room, { nullable: true, description: '電算室等' })
  room(@Root() i: ConfigurationItem, @Ctx() ctx: AppContext): Promise<Room | null> {
    return i.roomId ? ctx.loaders.access.roomById.load(i.roomId) : Promise.resolve(null);
  }

  @FieldResolver(() => Section, { description: '使用課' })
  async section(@Root() i: ConfigurationItem, @Ctx() ctx: AppContext): Promise<Section> {
    return (await ctx.loaders.organisation.sectionById.load(i.sectionId))!;
  }

  @FieldResolver(() => Staff, { description: '管理責任者' })
  async responsibleStaff(@Root() i: ConfigurationItem, @Ctx() ctx: AppContext): Promise<Staff> {
    return (await ctx.loaders.organisation.staffById.load(i.responsibleStaffId))!;
  }

  @FieldResolver(() => ConfigurationItem, { nullable: true, description: '組み込み先の機器 (プログラム)' })
  installedOn(@Root() i: ConfigurationItem, @Ctx() ctx: AppContext): Promise<ConfigurationItem | null> {
    return i.installedOnId ? ctx.loaders.configuration.itemById.load(i.installedOnId) : Promise.resolve(null);
  }

  @FieldResolver(() => [ConfigurationItem], { description: 'この機器に組み込まれたプログラム' })
  programs(@Root() i: ConfigurationItem, @Ctx() ctx: AppContext): Promise<ConfigurationItem[]> {
    return ctx.loaders.configuration.programsByItem.load(i.id);
  }

  @FieldResolver(() => [ConfigurationConnection], { description: '他システムとの接続 (A11.1)' })
  connections(@Root() i: ConfigurationItem, @Ctx() ctx: AppContext): Promise<ConfigurationConnection[]> {
    return ctx.loaders.configuration.connectionsByItem.load(i.id);
  }
}

@Resolver(() => ConfigurationChange)
export class ConfigurationChangeResolver {
  @Authorized('Query.configurationChanges')
  @Query(() => ConfigurationChangePage, {
    description: '構成管理簿の変更履歴 (A14.5): 構成品ごと、または全体を日付で。新しい順',
  })
  configurationChanges(
    @Ctx() ctx: AppContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => ConfigurationChangeFilter, { nullable: true }) filter?: ConfigurationChangeFilter,
  ): Promise<ConfigurationChangePage> {
    return ctx.services.configurationReading.changes(filter ?? {}, page);
  }

  @FieldResolver(() => [ChangedField], { description: '変更前と変更後' })
  fields(@Root() c: ConfigurationChange): ChangedField[] {
    return changedFields(c.changes);
  }

  @FieldResolver(() => Boolean, { description: '事前の承認がなく、事後確認もまだ (A14.1–2, A17)' })
  flagged(@Root() c: ConfigurationChange): boolean {
    return UNAPPROVED_BASES.includes(c.basis) && !c.reviewedAt;
  }

  @FieldResolver(() => ConfigurationItem)
  async item(@Root() c: ConfigurationChange, @Ctx() ctx: AppContext): Promise<ConfigurationItem> {
    return (await ctx.loaders.configuration.itemById.load(c.itemId))!;
  }

  @FieldResolver(() => Staff, { nullable: true, description: '記録した人' })
  by(@Root() c: ConfigurationChange, @Ctx() ctx: AppContext): Promise<Staff | null> {
    return c.byId ? ctx.loaders.organisation.staffById.load(c.byId) : Promise.resolve(null);
  }

  @FieldResolver(() => Staff, { nullable: true, description: '事後確認をした人' })
  reviewedBy(@Root() c: ConfigurationChange, @Ctx() ctx: AppContext): Promise<Staff | null> {
    return c.reviewedById ? ctx.loaders.organisation.staffById.load(c.reviewedById) : Promise.resolve(null);
  }
}
