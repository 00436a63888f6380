import { assertPageSize } from '../../shared/paging.js';
import { LocalDate } from '../../shared/dates.js';
import { Arg, Authorized, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { ID } from '../../shared/ids.js';
import type { AppContext } from '../../composition/context.js';
import { ActingAssignment } from './acting-assignment.entity.js';
import { Department } from './department.entity.js';
import { Council, RoleHolder } from './organisation.types.js';
import { OrgRole } from '../../shared/authority.js';
import { RoleAssignment } from './role-assignment.entity.js';
import { Section } from './section.entity.js';
import { Staff } from './staff.entity.js';

// Reads of the organisation (A3–A7, A9.3–A9.7), for signed-in staff (shared/policy.ts).

@Resolver(() => Department)
export class DepartmentResolver {
  @Authorized('Query.departments')
  @Query(() => [Department], { description: '組織図: 部 → 課 → 職員' })
  departments(@Ctx() ctx: AppContext): Promise<Department[]> {
    return ctx.services.organisation.departments();
  }

  @FieldResolver(() => [Section])
  sections(@Root() d: Department, @Ctx() ctx: AppContext): Promise<Section[]> {
    return ctx.loaders.organisation.sectionsByDepartment.load(d.id);
  }
}

@Resolver(() => Section)
export class SectionResolver {
  @FieldResolver(() => Department)
  async department(@Root() s: Section, @Ctx() ctx: AppContext): Promise<Department> {
    return s.department ?? (await ctx.loaders.organisation.departmentById.load(s.departmentId))!;
  }

  @FieldResolver(() => [Staff], {
    description: '在籍職員 (在職者のみ、職員番号順に最大 first 人。全員は staffDirectory で)',
  })
  async staff(
    @Root() s: Section,
    @Ctx() ctx: AppContext,
    @Arg('first', () => Int, { defaultValue: 100 }) first: number = 100,
  ): Promise<Staff[]> {
    assertPageSize(first);
    return (await ctx.loaders.organisation.staffBySection.load(s.id)).slice(0, first);
  }
}

@Resolver(() => Staff)
export class StaffResolver {
  @Authorized('Query.staffMember')
  @Query(() => Staff, { nullable: true })
  staffMember(@Arg('id', () => ID) id: string, @Ctx() ctx: AppContext): Promise<Staff | null> {
    return ctx.loaders.organisation.staffById.load(id);
  }

  @FieldResolver(() => Section)
  async section(@Root() s: Staff, @Ctx() ctx: AppContext): Promise<Section> {
    return s.section ?? (await ctx.loaders.organisation.sectionById.load(s.sectionId))!;
  }

  @FieldResolver(() => [RoleAssignment], { description: '本日現在の役割' })
  currentRoles(@Root() s: Staff, @Ctx() ctx: AppContext): Promise<RoleAssignment[]> {
    return ctx.loaders.organisation.currentAssignmentsByStaff.load(s.id);
  }
}

@Resolver(() => RoleAssignment)
export class RoleAssignmentResolver {
  @Authorized('Query.roleHolders')
  @Query(() => [RoleHolder], { description: '各役割の在任者 (既定: 本日)。運用管理者は利用課ごと、欠員も含む' })
  roleHolders(
    @Arg('on', () => LocalDate, { nullable: true, description: 'この日の在任者 (YYYY-MM-DD)' })
    on: string | null,
    @Ctx() ctx: AppContext,
  ): Promise<RoleHolder[]> {
    return ctx.services.organisation.roleHolders(on ?? ctx.today);
  }

  @Authorized('Query.roleHistory')
  @Query(() => [RoleAssignment], { description: '役割の任命履歴 (新しい順)' })
  roleHistory(
    @Arg('role', () => OrgRole) role: OrgRole,
    @Arg('sectionId', () => ID, { nullable: true }) sectionId: string | null,
    @Ctx() ctx: AppContext,
  ): Promise<RoleAssignment[]> {
    return ctx.services.organisation.roleHistory(role, sectionId);
  }

  @Authorized('Query.council')
  @Query(() => Council, { description: '住民基本台帳ネットワーク会議の構成 (既定: 本日)' })
  council(@Arg('on', () => LocalDate, { nullable: true }) on: string | null, @Ctx() ctx: AppContext): Promise<Council> {
    return ctx.services.organisation.council(on ?? ctx.today);
  }

  @FieldResolver(() => Staff)
  async staff(@Root() a: RoleAssignment, @Ctx() ctx: AppContext): Promise<Staff> {
    return a.staff ?? (await ctx.loaders.organisation.staffById.load(a.staffId))!;
  }

  @FieldResolver(() => Section, { nullable: true })
  async section(@Root() a: RoleAssignment, @Ctx() ctx: AppContext): Promise<Section | null> {
    if (a.section !== undefined) return a.section;
    return a.sectionId ? ctx.loaders.organisation.sectionById.load(a.sectionId) : null;
  }
}

@Resolver(() => ActingAssignment)
export class ActingAssignmentResolver {
  @FieldResolver(() => Staff)
  async actingStaff(@Root() a: ActingAssignment, @Ctx() ctx: AppContext): Promise<Staff> {
    return a.actingStaff ?? (await ctx.loaders.organisation.staffById.load(a.actingStaffId))!;
  }
}

export const organisationResolvers = [
  DepartmentResolver,
  SectionResolver,
  StaffResolver,
  RoleAssignmentResolver,
  ActingAssignmentResolver,
] as const;
