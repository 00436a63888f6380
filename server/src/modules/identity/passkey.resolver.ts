import { GraphQLJSONObject } from 'graphql-scalars';
import { Length, MaxLength, IsUUID } from 'class-validator';
import { Arg, Authorized, Ctx, Field, InputType, Mutation, Query, Resolver } from 'type-graphql';
import { ID } from '../../shared/ids.js';
import type { AppContext } from '../../composition/context.js';
import { Staff } from '../organisation/index.js';
import { Authority } from '../../shared/authority.js';
import { Me } from './identity.types.js';
import { Passkey } from './passkey.entity.js';
import { CurrentStaff } from '../../shared/current-staff.js';
import { proofOf, ReauthenticationInput } from './reauthentication.input.js';
import type { StaffPrincipal } from '../../shared/principal.js';

@InputType({ description: '本人確認: 現在のパスワード、またはすでに登録したパスキー (どちらか一方)' })
export class BeginPasskeyRegistrationInput extends ReauthenticationInput {}

@InputType()
export class FinishPasskeyRegistrationInput {
  @Field(() => GraphQLJSONObject, { description: 'navigator.credentials.create() の結果 (JSON)' })
  response: Record<string, unknown>;

  @Field(() => String, { description: '名前 (e.g. 業務用スマートフォン)' })
  @Length(1, 100)
  name: string;
}

@InputType()
export class SignInWithPasskeyInput {
  @Field(() => GraphQLJSONObject, { description: 'navigator.credentials.get() の結果 (JSON)' })
  response: Record<string, unknown>;
}

@InputType()
export class PasskeyIdInput {
  @Field(() => ID)
  @IsUUID()
  @MaxLength(36)
  id: string;
}

/** Passkeys: thin resolvers; the rules are in PasskeyService. */
@Resolver()
export class PasskeyResolver {
  @Authorized('Query.myPasskeys')
  @Query(() => [Passkey], { description: '自分のパスキー' })
  myPasskeys(@Ctx() ctx: AppContext): Promise<Passkey[]> {
    return ctx.principal.kind === 'staff' ? ctx.services.passkeys.listOf(ctx.principal.staffId) : Promise.resolve([]);
  }

  @Authorized('Mutation.beginPasskeyRegistration')
  @Mutation(() => GraphQLJSONObject, {
    description: 'パスキー登録の開始: navigator.credentials.create() に渡すオプション',
  })
  async beginPasskeyRegistration(
    @Arg('input', () => BeginPasskeyRegistrationInput) input: BeginPasskeyRegistrationInput,
    @CurrentStaff() staff: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<object> {
    return ctx.services.passkeys.beginRegistration(staff.staffId, proofOf(input), ctx.meta);
  }

  @Authorized('Mutation.finishPasskeyRegistration')
  @Mutation(() => Passkey, { description: 'パスキー登録の完了' })
  async finishPasskeyRegistration(
    @Arg('input', () => FinishPasskeyRegistrationInput) input: FinishPasskeyRegistrationInput,
    @CurrentStaff() staff: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<Passkey> {
    return ctx.services.passkeys.finishRegistration(staff.staffId, input.response, input.name, ctx.meta);
  }

  @Authorized('Mutation.deletePasskey')
  @Mutation(() => Passkey, { description: 'パスキーを削除 (本人またはシステム管理者)' })
  async deletePasskey(
    @Arg('input', () => PasskeyIdInput) input: PasskeyIdInput,
    @CurrentStaff() p: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<Passkey> {
    const isAdmin = p.authorities.has(Authority.SYSTEM_ADMINISTRATOR);
    return ctx.services.passkeys.remove(input.id, { staffId: p.staffId, isAdmin }, ctx.meta);
  }

  @Authorized('Mutation.beginPasskeyReauthentication')
  @Mutation(() => GraphQLJSONObject, {
    description:
      'パスキーでの再認証の開始 (APIトークンの作成、パスキーの追加、扉の暗証番号の設定): navigator.credentials.get() に渡すオプション (自分のパスキーのみ)',
  })
  beginPasskeyReauthentication(@CurrentStaff() staff: StaffPrincipal, @Ctx() ctx: AppContext): Promise<object> {
    return ctx.services.reauthentication.beginPasskey(staff.staffId, ctx.meta);
  }

  @Authorized('Mutation.beginPasskeySignIn')
  @Mutation(() => GraphQLJSONObject, {
    description: 'パスキーでのサインインの開始: navigator.credentials.get() に渡すオプション',
  })
  beginPasskeySignIn(@Ctx() ctx: AppContext): Promise<object> {
    return ctx.services.passkeys.beginSignIn(ctx.meta);
  }

  @Authorized('Mutation.signInWithPasskey')
  @Mutation(() => Me, { description: 'パスキーでサインイン (職員番号もパスワードも不要)' })
  async signInWithPasskey(
    @Arg('input', () => SignInWithPasskeyInput) input: SignInWithPasskeyInput,
    @Ctx() ctx: AppContext,
  ): Promise<Me> {
    const { token, session } = await ctx.services.passkeys.signIn(input.response, ctx.meta);
    ctx.cookies.setSession(token, session.expiresAt);
    const staff = (await ctx.loaders.organisation.staffById.load(session.staffId)) as Staff;
    const authorities = await ctx.services.authority.authoritiesOf(session.staffId, ctx.today);
    return { staff, authorities: [...authorities], sessionExpiresAt: session.expiresAt };
  }
}
