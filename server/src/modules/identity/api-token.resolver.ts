import { ArrayMinSize, IsUUID, Length, Max, Min } from 'class-validator';
import { Arg, Authorized, Ctx, Field, InputType, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { ID } from '../../shared/ids.js';
import type { AppContext } from '../../composition/context.js';
import { ApiToken } from './api-token.entity.js';
import { TokenScope } from '../../shared/authority.js';
import { MAX_TOKEN_DAYS } from './api-token.service.js';
import { Authority } from '../../shared/authority.js';
import { proofOf, ReauthenticationInput } from './reauthentication.input.js';

@InputType()
export class CreateApiTokenInput extends ReauthenticationInput {
  @Field(() => String)
  @Length(1, 100)
  name: string;

  @Field(() => [TokenScope])
  @ArrayMinSize(1)
  scopes: TokenScope[];

  @Field(() => Int, { defaultValue: 90, description: `有効日数 (1〜${MAX_TOKEN_DAYS})` })
  @Min(1)
  @Max(MAX_TOKEN_DAYS)
  expiresInDays: number;
}

@InputType()
export class RevokeApiTokenInput {
  @Field(() => ID)
  @IsUUID()
  id: string;
}

@ObjectType({ description: '作成したトークン: token はこの応答でだけ表示されます' })
export class CreatedApiToken {
  @Field(() => String, { description: 'Authorization: Bearer に使う値 (再表示不可)' })
  token: string;

  @Field(() => ApiToken)
  apiToken: ApiToken;
}

const staffIdOf = (ctx: AppContext): string => {
  if (ctx.principal.kind === 'anonymous' || ctx.principal.kind === 'device') {
    throw new Error('unreachable: policy requires OPERATOR');
  }
  return ctx.principal.staffId;
};

@Resolver()
export class ApiTokenResolver {
  @Authorized('Query.myApiTokens')
  @Query(() => [ApiToken], { description: '自分の APIトークン' })
  myApiTokens(@Ctx() ctx: AppContext): Promise<ApiToken[]> {
    return ctx.services.apiTokens.listOf(staffIdOf(ctx));
  }

  @Authorized('Mutation.createApiToken')
  @Mutation(() => CreatedApiToken, { description: 'APIトークンを作成 (権限は作成者の権限と範囲の両方に制限)' })
  async createApiToken(
    @Arg('input', () => CreateApiTokenInput) input: CreateApiTokenInput,
    @Ctx() ctx: AppContext,
  ): Promise<CreatedApiToken> {
    const { token, info } = await ctx.services.apiTokens.create(
      staffIdOf(ctx),
      input.name,
      input.scopes,
      input.expiresInDays,
      proofOf(input),
      ctx.meta,
    );
    return { token, apiToken: info };
  }

  @Authorized('Mutation.revokeApiToken')
  @Mutation(() => ApiToken, { description: 'APIトークンを失効 (本人またはシステム管理者)' })
  revokeApiToken(
    @Arg('input', () => RevokeApiTokenInput) input: RevokeApiTokenInput,
    @Ctx() ctx: AppContext,
  ): Promise<ApiToken> {
    const isAdmin = ctx.principal.kind === 'staff' && ctx.principal.authorities.has(Authority.SYSTEM_ADMINISTRATOR);
    return ctx.services.apiTokens.revoke(input.id, { staffId: staffIdOf(ctx), isAdmin }, ctx.meta);
  }
}
