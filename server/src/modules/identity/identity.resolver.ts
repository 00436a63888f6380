import { Arg, Authorized, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { AppContext } from '../../composition/context.js';
import { Staff } from '../organisation/index.js';
import { ChangePasswordInput, Me, SetStaffPasswordInput, SignInInput, StaffIdInput } from './identity.types.js';
import { CurrentStaff } from '../../shared/current-staff.js';
import type { StaffPrincipal } from '../../shared/principal.js';

@Resolver()
export class IdentityResolver {
  @Authorized('Query.me')
  @Query(() => Me, { nullable: true, description: 'サインイン中の職員 (未サインインなら null)' })
  async me(@Ctx() ctx: AppContext): Promise<Me | null> {
    const p = ctx.principal;
    if (p.kind === 'anonymous' || p.kind === 'device') return null;
    // the caller's own row, kept beside their identity in the principal cache (dropped on any change
    // to staff): most pages ask for it, so most requests then need no SQL at all (hardening §7)
    const { principals, now } = ctx.services;
    const kept = await principals.get(`staff:${p.staffId}`, now().getTime(), () =>
      ctx.loaders.organisation.staffById.load(p.staffId),
    );
    const staff = kept && Object.assign(new Staff(), kept);
    if (staff) ctx.loaders.organisation.staffById.prime(staff.id, staff);
    const expires = p.kind === 'staff' ? p.sessionExpiresAt : p.expiresAt;
    return staff && { staff, authorities: [...p.authorities], sessionExpiresAt: expires };
  }

  @Authorized('Mutation.signIn')
  @Mutation(() => Me, { description: 'パスワードでサインイン。10回連続で失敗するとロック' })
  async signIn(@Arg('input', () => SignInInput) input: SignInInput, @Ctx() ctx: AppContext): Promise<Me> {
    const { token, session } = await ctx.services.identity.signIn(input.staffNumber, input.password, ctx.meta);
    ctx.cookies.setSession(token, session.expiresAt);
    const staff = (await ctx.loaders.organisation.staffById.load(session.staffId)) as Staff;
    const authorities = await ctx.services.authority.authoritiesOf(session.staffId, ctx.today);
    return { staff, authorities: [...authorities], sessionExpiresAt: session.expiresAt };
  }

  @Authorized('Mutation.signOut')
  @Mutation(() => Boolean, { description: 'この端末からサインアウト' })
  async signOut(@Ctx() ctx: AppContext): Promise<boolean> {
    ctx.cookies.clearSession();
    const p = ctx.principal;
    if (p.kind === 'staff') await ctx.services.identity.signOut(p.sessionId, p.staffId, ctx.meta);
    return true;
  }

  @Authorized('Mutation.signOutEverywhere')
  @Mutation(() => Int, { description: 'すべての端末からサインアウト。終了したセッション数を返す' })
  async signOutEverywhere(@Ctx() ctx: AppContext): Promise<number> {
    ctx.cookies.clearSession();
    const p = ctx.principal;
    return p.kind === 'staff' ? ctx.services.identity.signOutEverywhere(p.staffId, ctx.meta) : 0;
  }

  @Authorized('Mutation.changePassword')
  @Mutation(() => Boolean)
  async changePassword(
    @Arg('input', () => ChangePasswordInput) input: ChangePasswordInput,
    @CurrentStaff() staff: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<boolean> {
    const { staffId, sessionId } = staff;
    await ctx.services.identity.changePassword(staffId, input.currentPassword, input.newPassword, ctx.meta, sessionId);
    return true;
  }

  @Authorized('Mutation.setStaffPassword')
  @Mutation(() => Boolean, { description: '職員のパスワードを設定 (システム管理者)。その職員のセッションは終了' })
  async setStaffPassword(
    @Arg('input', () => SetStaffPasswordInput) input: SetStaffPasswordInput,
    @Ctx() ctx: AppContext,
  ): Promise<boolean> {
    await ctx.services.identity.setStaffPassword(input.staffId, input.password, ctx.meta);
    return true;
  }

  @Authorized('Mutation.unlockAccount')
  @Mutation(() => Boolean, { description: 'ロックを解除 (管理者・システム管理者)' })
  async unlockAccount(@Arg('input', () => StaffIdInput) input: StaffIdInput, @Ctx() ctx: AppContext): Promise<boolean> {
    await ctx.services.identity.unlockAccount(input.staffId, ctx.meta);
    return true;
  }
}
