import { Arg, Args, Authorized, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { AppContext } from '../../composition/context.js';
import { personOf } from '../../shared/current-staff.js';
import { ID } from '../../shared/ids.js';
import { PageArgs } from '../../shared/paging.js';
import { Room } from '../access/index.js';
import { DocumentLink, DocumentType } from '../configuration/index.js';
import { Section, Staff } from '../organisation/index.js';
import { IncidentEvent } from './incident-event.entity.js';
import { ackMinutesOf, stepMinutesOf } from './incident-opening.js';
import { isOverdue, type Reader } from './incident-reading.service.js';
import { rolesOf } from './incident-person.js';
import { IncidentStep, isOpen } from './incident-step.entity.js';
import { INCIDENT_TYPES, IncidentType, mayStandIn } from './incident-types.js';
import { Incident } from './incident.entity.js';
import { IncidentFilterInput, IncidentPage, IncidentTypeInfo } from './incidents.inputs.js';

/** The reader: a staff member in a session, or an API client acting for one (token scope READ_INCIDENTS). */
export function readerOf(ctx: AppContext): Reader {
  const p = personOf(ctx.principal);
  return { staffId: p.staffId, authorities: p.authorities, today: ctx.today };
}

const staff = (ctx: AppContext, id: string | null) => (id ? ctx.loaders.organisation.staffById.load(id) : null);

/** Reading incidents (A12.2, A19, A22, A27–A30). Thin: rules live in the services. */
@Resolver(() => Incident)
export class IncidentResolver {
  @Authorized('Query.incidentTypes')
  @Query(() => [IncidentTypeInfo], { description: 'インシデントの種類ごとの報告先・確認の期限・手順' })
  incidentTypes(@Ctx() ctx: AppContext): IncidentTypeInfo[] {
    const settings = ctx.services.config.incidents;
    return Object.values(INCIDENT_TYPES).map((def) => ({
      type: def.type,
      label: def.label,
      articles: def.articles,
      reportTo: def.reportTo,
      ackMinutes: ackMinutesOf(def, settings),
      reportable: def.type !== IncidentType.ACCESS_ANOMALY,
      steps: def.steps.map((s) => ({
        key: s.key,
        label: s.label,
        role: s.role,
        article: s.article,
        dueMinutes: stepMinutesOf(s.due, settings),
      })),
    }));
  }

  @Authorized('Query.incidents')
  @Query(() => IncidentPage, {
    description:
      'インシデント (新しい順)。管理者・統括者・副統括者・監査者はすべて、運用管理者は自分の課、ほかは自分が報告・通知を受けたもの',
  })
  incidents(
    @Ctx() ctx: AppContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => IncidentFilterInput, { nullable: true }) filter?: IncidentFilterInput,
  ): Promise<IncidentPage> {
    return ctx.services.incidentReading.page(filter ?? {}, page, readerOf(ctx));
  }

  @Authorized('Query.incident')
  @Query(() => Incident, { description: 'インシデントとその手順・経過' })
  incident(@Arg('id', () => ID) id: string, @Ctx() ctx: AppContext): Promise<Incident> {
    return ctx.services.incidentReading.one(id, readerOf(ctx));
  }

  @FieldResolver(() => [IncidentStep], { description: '対応手順 (順番どおり)' })
  steps(@Root() i: Incident, @Ctx() ctx: AppContext): Promise<IncidentStep[]> {
    return ctx.loaders.incidents.stepsByIncident.load(i.id);
  }

  @FieldResolver(() => [IncidentEvent], { description: '経過 (報告・通知・上位への報告・確認・指示・手順・終了)' })
  timeline(@Root() i: Incident, @Ctx() ctx: AppContext): Promise<IncidentEvent[]> {
    return ctx.loaders.incidents.timelineByIncident.load(i.id);
  }

  @FieldResolver(() => Boolean, { description: '期限を過ぎている (未確認のまま、または手順が未了のまま)' })
  async overdue(@Root() i: Incident, @Ctx() ctx: AppContext): Promise<boolean> {
    return isOverdue(i, await ctx.loaders.incidents.stepsByIncident.load(i.id), ctx.services.now());
  }

  @FieldResolver(() => Staff, { nullable: true, description: '報告者 (null: 入退室管理簿など、システムが開いた)' })
  reportedBy(@Root() i: Incident, @Ctx() ctx: AppContext) {
    return staff(ctx, i.reportedById);
  }

  @FieldResolver(() => Staff, { nullable: true })
  acknowledgedBy(@Root() i: Incident, @Ctx() ctx: AppContext) {
    return staff(ctx, i.acknowledgedById);
  }

  @FieldResolver(() => Staff, { nullable: true })
  closedBy(@Root() i: Incident, @Ctx() ctx: AppContext) {
    return staff(ctx, i.closedById);
  }

  @FieldResolver(() => Section, { nullable: true, description: '関係する課' })
  section(@Root() i: Incident, @Ctx() ctx: AppContext) {
    return i.sectionId ? ctx.loaders.organisation.sectionById.load(i.sectionId) : null;
  }

  @FieldResolver(() => Room, { nullable: true, description: '電算室等' })
  room(@Root() i: Incident, @Ctx() ctx: AppContext) {
    return i.roomId ? ctx.loaders.access.roomById.load(i.roomId) : null;
  }

  @FieldResolver(() => DocumentLink, {
    nullable: true,
    description:
      '種類の対応マニュアル (A22.2, A27) の現行の版: 構成管理簿の文書から。なければ null (manualLink を参照)',
  })
  manual(@Root() i: Incident, @Ctx() ctx: AppContext): Promise<DocumentLink | null> {
    const manual = INCIDENT_TYPES[i.type].manual;
    return manual
      ? ctx.loaders.configuration.currentDocumentOfType.load(MANUAL_DOCUMENT[manual])
      : Promise.resolve(null);
  }
}

/** The configuration register's document type of each response manual. */
const MANUAL_DOCUMENT = {
  unauthorisedAccess: DocumentType.INTRUSION_RESPONSE_MANUAL,
  systemFailure: DocumentType.FAILURE_MANUAL,
} as const;

@Resolver(() => IncidentStep)
export class IncidentStepResolver {
  @FieldResolver(() => Staff, { nullable: true, description: '実施した職員' })
  doneBy(@Root() s: IncidentStep, @Ctx() ctx: AppContext) {
    return staff(ctx, s.doneById);
  }

  @FieldResolver(() => Staff, { nullable: true, description: '記録した職員' })
  recordedBy(@Root() s: IncidentStep, @Ctx() ctx: AppContext) {
    return staff(ctx, s.recordedById);
  }

  @FieldResolver(() => Staff, { nullable: true, description: '省略した職員 (管理者)' })
  waivedBy(@Root() s: IncidentStep, @Ctx() ctx: AppContext) {
    return staff(ctx, s.waivedById);
  }

  @FieldResolver(() => Boolean, {
    description:
      'サインインした職員がこの手順の実施を記録できる (未了で、担当の役割かその上位を持つ。APIトークンは false)',
  })
  mayComplete(@Root() s: IncidentStep, @Ctx() ctx: AppContext): boolean {
    const p = ctx.principal;
    return p.kind === 'staff' && isOpen(s) && mayStandIn(s.role, rolesOf(p));
  }
}

@Resolver(() => IncidentEvent)
export class IncidentEventResolver {
  @FieldResolver(() => Staff, { nullable: true, description: '行った職員 (null: システム)' })
  actor(@Root() e: IncidentEvent, @Ctx() ctx: AppContext) {
    return staff(ctx, e.actorId);
  }

  @FieldResolver(() => Staff, { nullable: true, description: '通知を受けた職員、または手順を実施した職員' })
  staff(@Root() e: IncidentEvent, @Ctx() ctx: AppContext) {
    return staff(ctx, e.staffId);
  }
}
