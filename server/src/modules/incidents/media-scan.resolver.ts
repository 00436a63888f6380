import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { AppContext } from '../../composition/context.js';
import { CurrentStaff } from '../../shared/current-staff.js';
import { PageArgs } from '../../shared/paging.js';
import type { StaffPrincipal } from '../../shared/principal.js';
import { Staff } from '../organisation/index.js';
import { readerOf } from './incident.resolver.js';
import { Incident } from './incident.entity.js';
import { MediaScanFilterInput, MediaScanPage, RecordMediaScanInput } from './incidents.inputs.js';
import { MediaScan } from './media-scan.entity.js';

/** The media scan log (A19.1–2). */
@Resolver(() => MediaScan)
export class MediaScanResolver {
  @Authorized('Mutation.recordMediaScan')
  @Mutation(() => MediaScan, {
    description: '媒体のウイルス検査を記録 (A19.1–2)。INFECTED ならウイルス感染のインシデントが直ちに開く (A19.3)',
  })
  recordMediaScan(
    @Arg('input', () => RecordMediaScanInput) input: RecordMediaScanInput,
    @CurrentStaff() by: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<MediaScan> {
    return ctx.services.mediaScans.record(input, by.staffId, ctx.meta);
  }

  @Authorized('Query.mediaScans')
  @Query(() => MediaScanPage, {
    description:
      '媒体の検査記録 (新しい順)。管理者・統括者・副統括者・監査者はすべて、運用管理者は自分の課、ほかは自分の記録',
  })
  async mediaScans(
    @Ctx() ctx: AppContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => MediaScanFilterInput, { nullable: true }) filter?: MediaScanFilterInput,
  ): Promise<MediaScanPage> {
    return ctx.services.incidentReading.scans(filter ?? {}, page, readerOf(ctx));
  }

  @FieldResolver(() => Staff, { nullable: true, description: '検査した職員' })
  scannedBy(@Root() s: MediaScan, @Ctx() ctx: AppContext) {
    return ctx.loaders.organisation.staffById.load(s.scannedById);
  }

  @FieldResolver(() => Incident, { nullable: true, description: 'ウイルスが見つかったときに開いたインシデント' })
  async incident(@Root() s: MediaScan, @Ctx() ctx: AppContext): Promise<Incident | null> {
    return (await ctx.loaders.incidents.incidentsByScan.load(s.id))[0] ?? null;
  }
}
