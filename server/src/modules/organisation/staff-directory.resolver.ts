import { IsOptional, IsUUID, MaxLength } from 'class-validator';
import {
  Arg,
  Args,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  InputType,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { ID } from '../../shared/ids.js';
import { AppError, CommonErrorCode } from '../../shared/errors.js';
import { Page, PageArgs } from '../../shared/paging.js';
import type { AppContext } from '../../composition/context.js';
import { RoleAssignment } from './role-assignment.entity.js';
import { Staff } from './staff.entity.js';

@InputType({ description: '職員の検索条件' })
export class StaffDirectoryFilter {
  @Field(() => String, { nullable: true, description: '職員番号の先頭、氏名またはふりがなの一部' })
  @IsOptional()
  @MaxLength(50)
  search?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  sectionId?: string | null;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: '退職者も含める' })
  includeInactive?: boolean | null;
}

@ObjectType({ description: '職員の一覧 (職員番号順)' })
export class StaffPage extends Page(Staff) {}

@Resolver(() => Staff)
export class StaffDirectoryResolver {
  @Authorized('Query.staffDirectory')
  @Query(() => StaffPage, { description: '職員の一覧 (検索・退職者を含む)。after に前回の endCursor を渡すと続き' })
  staffDirectory(
    @Ctx() ctx: AppContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => StaffDirectoryFilter, { nullable: true }) filter?: StaffDirectoryFilter,
  ): Promise<StaffPage> {
    return ctx.services.staffDirectory.page(filter ?? {}, page);
  }

  /**
   * Issue 15: the search-as-you-type pickers (the staff member to register as an operator, the
   * witness of a destruction) for anyone who reads the organisation chart: only what the chart
   * shows (staff in post), a page at a time, never the whole chart.
   */
  @Authorized('Query.staffSearch')
  @Query(() => StaffPage, {
    description: '在職者の検索 (職員番号の先頭、氏名またはふりがなの一部、職員番号順)。after に前回の endCursor',
  })
  staffSearch(
    @Ctx() ctx: AppContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('search', () => String, { nullable: true, description: '職員番号の先頭、氏名またはふりがなの一部' })
    search?: string | null,
  ): Promise<StaffPage> {
    if (search && search.length > 50)
      throw new AppError(CommonErrorCode.BAD_USER_INPUT, '検索は50文字以内です (search: at most 50 characters)');
    return ctx.services.staffDirectory.page({ search, includeInactive: false }, page);
  }

  @FieldResolver(() => [RoleAssignment], { description: '役割の任命 (過去・将来を含む、新しい順)' })
  roleAssignments(@Root() s: Staff, @Ctx() ctx: AppContext): Promise<RoleAssignment[]> {
    return ctx.loaders.organisation.allAssignmentsByStaff.load(s.id);
  }
}
