import { assertPageSize } from '../../shared/paging.js';
import { IsOptional, IsUUID, MaxLength } from 'class-validator';
import { AppError, CommonErrorCode } from '../../shared/errors.js';
import {
  Arg,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  InputType,
  Int,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
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
export class StaffPage {
  @Field(() => [Staff])
  nodes: Staff[];

  @Field(() => String, { nullable: true, description: '次のページの after に渡す値' })
  endCursor: string | null;

  @Field(() => Boolean)
  hasNextPage: boolean;
}

@Resolver(() => Staff)
export class StaffDirectoryResolver {
  @Authorized('Query.staffDirectory')
  @Query(() => StaffPage, { description: '職員の一覧 (検索・退職者を含む)。after に前回の endCursor を渡すと続き' })
  staffDirectory(
    @Ctx() ctx: AppContext,
    @Arg('filter', () => StaffDirectoryFilter, { nullable: true }) filter?: StaffDirectoryFilter,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number = 50,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<StaffPage> {
    assertPageSize(first);
    if (after !== undefined && after !== null && !/^[0-9A-Za-z-]{1,16}$/.test(after))
      throw new AppError(CommonErrorCode.BAD_USER_INPUT, 'after が正しくありません (bad cursor)');
    return ctx.services.staffDirectory.page({ ...filter, first, after });
  }

  @FieldResolver(() => [RoleAssignment], { description: '役割の任命 (過去・将来を含む、新しい順)' })
  roleAssignments(@Root() s: Staff, @Ctx() ctx: AppContext): Promise<RoleAssignment[]> {
    return ctx.loaders.organisation.allAssignmentsByStaff.load(s.id);
  }
}
