import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AppContext } from '../../composition/context.js';
import { ActingAssignment } from './acting-assignment.entity.js';
import {
  AssignActingInput,
  AssignRoleInput,
  CreateStaffInput,
  DeactivateStaffInput,
  EndRoleAssignmentInput,
  UpdateStaffInput,
} from './organisation.inputs.js';
import { RoleAssignment } from './role-assignment.entity.js';
import { Staff } from './staff.entity.js';

/** Organisation writes (system administrator, REQUIREMENTS §8); rules in OrganisationAdminService. */
@Resolver()
export class OrganisationAdminResolver {
  @Authorized('Mutation.createStaff')
  @Mutation(() => Staff, { description: '職員を登録' })
  createStaff(@Arg('input', () => CreateStaffInput) input: CreateStaffInput, @Ctx() ctx: AppContext): Promise<Staff> {
    return ctx.services.organisationAdmin.createStaff(input, ctx.meta);
  }

  @Authorized('Mutation.updateStaff')
  @Mutation(() => Staff, { description: '職員情報を変更 (異動を含む)' })
  updateStaff(@Arg('input', () => UpdateStaffInput) input: UpdateStaffInput, @Ctx() ctx: AppContext): Promise<Staff> {
    return ctx.services.organisationAdmin.updateStaff(input, ctx.meta);
  }

  @Authorized('Mutation.deactivateStaff')
  @Mutation(() => Staff, { description: '退職: 役割を最終日で終了し、セッションとAPIトークンを失効' })
  deactivateStaff(
    @Arg('input', () => DeactivateStaffInput) input: DeactivateStaffInput,
    @Ctx() ctx: AppContext,
  ): Promise<Staff> {
    return ctx.services.organisationAdmin.deactivateStaff(input.id, input.lastDay, ctx.meta);
  }

  @Authorized('Mutation.assignRole')
  @Mutation(() => RoleAssignment, { description: '役割を任命 (A3–A7)。単独の役割に重複する任期は拒否' })
  assignRole(
    @Arg('input', () => AssignRoleInput) input: AssignRoleInput,
    @Ctx() ctx: AppContext,
  ): Promise<RoleAssignment> {
    return ctx.services.organisationAdmin.assignRole(input, ctx.meta);
  }

  @Authorized('Mutation.endRoleAssignment')
  @Mutation(() => RoleAssignment, { description: '任期を終了' })
  endRoleAssignment(
    @Arg('input', () => EndRoleAssignmentInput) input: EndRoleAssignmentInput,
    @Ctx() ctx: AppContext,
  ): Promise<RoleAssignment> {
    return ctx.services.organisationAdmin.endRoleAssignment(input.id, input.lastDay, ctx.meta);
  }

  @Authorized('Mutation.assignActing')
  @Mutation(() => ActingAssignment, { description: '職務代理を設定 (A9.7)' })
  assignActing(
    @Arg('input', () => AssignActingInput) input: AssignActingInput,
    @Ctx() ctx: AppContext,
  ): Promise<ActingAssignment> {
    return ctx.services.organisationAdmin.assignActing(input, ctx.meta);
  }
}
