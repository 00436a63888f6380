import { In, type DataSource, type EntityManager, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { Authority, OrgRole } from '../../shared/authority.js';
import { instantThenId, type PageArgs, type PageResult } from '../../shared/paging.js';
import type { OrganisationService } from '../organisation/index.js';
import { dutyOf, openDutySql } from './incident-duties.js';
import { IncidentEvent } from './incident-event.entity.js';
import { notFound, type Person } from './incident-person.js';
import { IncidentStep, isOpen } from './incident-step.entity.js';
import type { IncidentType } from './incident-types.js';
import { Incident, IncidentState } from './incident.entity.js';
import { MediaScan, type ScanDirection, type ScanResult } from './media-scan.entity.js';

export interface Reader extends Person {
  /** 'YYYY-MM-DD' in Asia/Tokyo, for the role holders of today */
  today: string;
}

export interface IncidentFilter {
  type?: IncidentType | null;
  state?: IncidentState | null;
  /** only incidents past a limit: unacknowledged past its time, or a step open past its due time */
  overdue?: boolean | null;
  /** only incidents with an open step that is the reader's to do (incident-duties.ts) */
  mySteps?: boolean | null;
  /** reported at or after */
  from?: Date | null;
  /** reported before */
  to?: Date | null;
}

export interface ScanFilter {
  direction?: ScanDirection | null;
  result?: ScanResult | null;
  /** scanned at or after */
  from?: Date | null;
  /** scanned before */
  to?: Date | null;
}

/** How far a reader sees: everything, or their own sections' and what they reported or were told of. */
type Reach = { all: true } | { all: false; staffId: string; sections: string[] };

/** Those who read every incident and scan (REQUIREMENTS §8): the manager, the chief, the deputy chief, auditors. */
const READ_ALL = [Authority.MANAGER, Authority.CHIEF, Authority.DEPUTY_CHIEF, Authority.AUDITOR];

const NEWEST_FIRST = instantThenId<Incident>('incidents', 'DESC', 'i.reportedAt', (i) => i.reportedAt);
const NEWEST_SCAN_FIRST = instantThenId<MediaScan>('mediaScans', 'DESC', 's.scannedAt', (s) => s.scannedAt);

/** Whether the incident is past a limit at `now` (its steps as read). */
export function isOverdue(i: Incident, steps: readonly IncidentStep[], now: Date): boolean {
  if (i.state === IncidentState.CLOSED) return false;
  if (!i.acknowledgedAt && i.ackDueAt < now) return true;
  return steps.some((s) => isOpen(s) && s.dueAt !== null && s.dueAt < now);
}

/** Reading incidents, their steps and timelines, and the scan log (A19, A22, A27–A30, A12.2). */
export class IncidentReadService {
  constructor(
    private readonly ds: DataSource,
    private readonly organisation: OrganisationService,
    private readonly now: () => Date,
  ) {}

  /** A page, newest report first; `opts` for an export: its snapshot's manager and a larger page. */
  async page(
    filter: IncidentFilter,
    page: PageArgs,
    reader: Reader,
    opts: { em?: EntityManager; max?: number } = {},
  ): Promise<PageResult<Incident>> {
    const repository = (opts.em ?? this.ds.manager).getRepository(Incident);
    const qb = NEWEST_FIRST.apply(repository.createQueryBuilder('i'), page, opts.max);
    this.within(qb, await this.reach(reader), 'i');
    if (filter.type) qb.andWhere('i.type = :type', { type: filter.type });
    if (filter.state) qb.andWhere('i.state = :state', { state: filter.state });
    if (filter.from) qb.andWhere('i."reportedAt" >= :from', { from: filter.from });
    if (filter.to) qb.andWhere('i."reportedAt" < :to', { to: filter.to });
    if (filter.mySteps) {
      const duty = await dutyOf(this.organisation, reader);
      const mine = openDutySql('s', 'i', {
        staffId: ':dutyStaff',
        roles: 'CAST(:dutyRoles AS text[])',
        sections: 'CAST(:dutySections AS uuid[])',
      });
      qb.andWhere(`EXISTS (SELECT 1 FROM incident_step s WHERE s."incidentId" = i.id AND ${mine})`, {
        dutyStaff: duty.staffId,
        dutyRoles: duty.roles,
        dutySections: duty.sections,
      });
    }
    if (filter.overdue != null) {
      const overdue = `(i.state <> 'CLOSED' AND ((i."acknowledgedAt" IS NULL AND i."ackDueAt" < :now) OR EXISTS (
          SELECT 1 FROM incident_step s WHERE s."incidentId" = i.id AND s."doneAt" IS NULL AND s."waivedAt" IS NULL
            AND s."dueAt" < :now)))`;
      qb.andWhere(filter.overdue ? overdue : `NOT ${overdue}`, { now: this.now() });
    }
    return NEWEST_FIRST.page(await qb.getMany(), page);
  }

  /** One incident the reader may see; INCIDENT_NOT_FOUND otherwise (out of reach reads as absent). */
  async one(id: string, reader: Reader): Promise<Incident> {
    const qb = this.ds.getRepository(Incident).createQueryBuilder('i').where('i.id = :id', { id });
    this.within(qb, await this.reach(reader), 'i');
    const found = await qb.getOne();
    if (!found) throw notFound();
    return found;
  }

  async scans(filter: ScanFilter, page: PageArgs, reader: Reader): Promise<PageResult<MediaScan>> {
    const qb = NEWEST_SCAN_FIRST.apply(this.ds.getRepository(MediaScan).createQueryBuilder('s'), page);
    const reach = await this.reach(reader);
    if (!reach.all)
      qb.andWhere(`(s."scannedById" = :me OR s."sectionId" = ANY(CAST(:sections AS uuid[])))`, {
        me: reach.staffId,
        sections: reach.sections,
      });
    if (filter.direction) qb.andWhere('s.direction = :direction', { direction: filter.direction });
    if (filter.result) qb.andWhere('s.result = :result', { result: filter.result });
    if (filter.from) qb.andWhere('s."scannedAt" >= :from', { from: filter.from });
    if (filter.to) qb.andWhere('s."scannedAt" < :to', { to: filter.to });
    return NEWEST_SCAN_FIRST.page(await qb.getMany(), page);
  }

  stepsOf(incidentIds: readonly string[], em: EntityManager = this.ds.manager): Promise<IncidentStep[]> {
    return em.getRepository(IncidentStep).find({
      where: { incidentId: In([...incidentIds]) },
      order: { position: 'ASC' },
    });
  }

  timelineOf(incidentIds: readonly string[]): Promise<IncidentEvent[]> {
    return this.ds.getRepository(IncidentEvent).find({
      where: { incidentId: In([...incidentIds]) },
      order: { at: 'ASC', seq: 'ASC' },
    });
  }

  incidentsOfScans(scanIds: readonly string[]): Promise<Incident[]> {
    return this.ds.getRepository(Incident).findBy({ mediaScanId: In([...scanIds]) });
  }

  private async reach(reader: Reader): Promise<Reach> {
    if (READ_ALL.some((a) => reader.authorities.has(a))) return { all: true };
    const sections = reader.authorities.has(Authority.OPERATIONS_MANAGER)
      ? (await this.organisation.assignmentsOfStaff([reader.staffId], reader.today))
          .filter((a) => a.role === OrgRole.OPERATIONS_MANAGER && a.sectionId)
          .map((a) => a.sectionId!)
      : [];
    return { all: false, staffId: reader.staffId, sections };
  }

  /** Narrows to the reach: the own sections (A6), what the reader reported, and what they were told of. */
  private within<E extends ObjectLiteral>(qb: SelectQueryBuilder<E>, reach: Reach, alias: string): void {
    if (reach.all) return;
    qb.andWhere(
      `(${alias}."reportedById" = :me OR ${alias}."sectionId" = ANY(CAST(:sections AS uuid[])) OR EXISTS (
          SELECT 1 FROM incident_event ev WHERE ev."incidentId" = ${alias}.id AND ev."staffId" = :me
            AND ev.kind IN ('NOTIFIED', 'INFORMED')))`,
      { me: reach.staffId, sections: reach.sections },
    );
  }
}
