import { GraphQLJSON } from 'graphql-scalars';
import { Arg, Args, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import type { AppContext } from '../../composition/context.js';
import { AppError, CommonErrorCode } from '../../shared/errors.js';
import { PageArgs } from '../../shared/paging.js';
import { latestCheckpoint } from './audit-checkpoints.js';
import { createCheckpoint, verifyAuditTrail, type AuditCheckpoint } from './audit-verify.js';
import { AuditEntryConnection, AuditFilterInput, AuditVerificationResult } from './audit-trail.types.js';

/** the requests (their contexts) that have asked for a verification already */
const verifying = new WeakSet<object>();

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
  @Query(() => AuditVerificationResult, {
    description:
      'ハッシュチェーンを検証 (監査担当のみ、1 リクエストに 1 回)。既定では最新のチェックポイント以降を検証。full で全件、checkpoint を渡すとそれとも照合',
  })
  async auditVerification(
    @Arg('checkpoint', () => GraphQLJSON, { nullable: true }) checkpoint: AuditCheckpoint | null,
    @Arg('full', () => Boolean, { defaultValue: false, description: '最新のチェックポイントからでなく全件を検証' })
    full: boolean,
    @Ctx() ctx: AppContext,
  ): Promise<AuditVerificationResult> {
    // one per request, however many aliases or fragments ask for it: it reads the whole trail
    if (verifying.has(ctx)) {
      throw new AppError(
        CommonErrorCode.BAD_USER_INPUT,
        '監査証跡の検証は 1 リクエストに 1 回までです (one audit verification per request)',
      );
    }
    verifying.add(ctx);
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
    // incremental from the latest checkpoint file unless asked for everything (or against a given checkpoint)
    const from =
      full || checkpoint ? undefined : (await latestCheckpoint(ctx.services.config.auditCheckpointDir))?.checkpoint;
    const report = await verifyAuditTrail(ctx.services.dataSource, {
      chainKey: auditChainKey,
      checkpoint: checkpoint ?? undefined,
      trustedKey: auditPublicKey,
      from,
    });
    return { ...report, since: report.since ?? null };
  }

  @Authorized('Query.auditCheckpoint')
  @Query(() => GraphQLJSON, { description: '各チェーンの先頭に Ed25519 で署名したチェックポイント (外部に保管する)' })
  auditCheckpoint(@Ctx() ctx: AppContext): Promise<AuditCheckpoint> {
    const s = ctx.services.secrets;
    return createCheckpoint(ctx.services.dataSource, s.auditSigningKey, s.auditPublicKey);
  }
}
