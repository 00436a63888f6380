import { GraphQLJSON } from 'graphql-scalars';
import { Arg, Args, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import type { AppContext } from '../../composition/context.js';
import { AppError, CommonErrorCode } from '../../shared/errors.js';
import { PageArgs } from '../../shared/paging.js';
import { createCheckpoint, verifyAuditTrail, type AuditCheckpoint } from './audit-verify.js';
import { AuditEntryConnection, AuditFilterInput, AuditVerificationResult } from './audit-trail.types.js';

@Resolver()
export class AuditTrailResolver {
  @Authorized('Query.auditEntries')
  @Query(() => AuditEntryConnection, { description: '監査証跡 (古い順)。after に前回の endCursor を渡すと続きを取得' })
  async auditEntries(
    @Arg('filter', () => AuditFilterInput, { nullable: true }) filter: AuditFilterInput | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: AppContext,
  ): Promise<AuditEntryConnection> {
    const { nodes, hasNextPage, endCursor } = await ctx.services.audit.list(filter ?? {}, page);
    return { nodes, hasNextPage, endCursor, pageInfo: { endCursor, hasNextPage } };
  }

  @Authorized('Query.auditVerification')
  @Query(() => AuditVerificationResult, { description: 'ハッシュチェーンを検証。checkpoint を渡すとそれとも照合' })
  auditVerification(
    @Arg('checkpoint', () => GraphQLJSON, { nullable: true }) checkpoint: AuditCheckpoint | null,
    @Ctx() ctx: AppContext,
  ): Promise<AuditVerificationResult> {
    const wellFormed = (cp: AuditCheckpoint) =>
      typeof cp.createdAt === 'string' &&
      typeof cp.signature === 'string' &&
      typeof cp.publicKey === 'string' &&
      Array.isArray(cp.heads) &&
      cp.heads.every(
        (h) => typeof h?.stream === 'string' && Number.isInteger(h?.seq) && /^[0-9a-f]{64}$/.test(h?.hash),
      );
    if (checkpoint && (typeof checkpoint !== 'object' || !wellFormed(checkpoint))) {
      throw new AppError(CommonErrorCode.BAD_USER_INPUT, 'checkpoint の形式が正しくありません (malformed checkpoint)');
    }
    const { auditChainKey, auditPublicKey } = ctx.services.secrets;
    return verifyAuditTrail(ctx.services.dataSource, {
      chainKey: auditChainKey,
      checkpoint: checkpoint ?? undefined,
      trustedKey: auditPublicKey,
    });
  }

  @Authorized('Query.auditCheckpoint')
  @Query(() => GraphQLJSON, { description: '各チェーンの先頭に Ed25519 で署名したチェックポイント (外部に保管する)' })
  auditCheckpoint(@Ctx() ctx: AppContext): Promise<AuditCheckpoint> {
    const s = ctx.services.secrets;
    return createCheckpoint(ctx.services.dataSource, s.auditSigningKey, s.auditPublicKey);
  }
}
