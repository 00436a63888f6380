// The incidents of a period for Excel and for the council (A19, A22, A27–A30, A12.2), through the
// export kit (shared/export): CSV (UTF-8 with a BOM, CRLF, every field quoted, 令和 dates,
// formula-safe) or xlsx (date cells in 令和), streamed from one database snapshot. One line per
// incident, its steps summed up in words. Same caller rules as GraphQL: the policy action
// Export.incidents (those who read every incident), a token needs the READ_INCIDENTS scope.
import type { DataSource, EntityManager } from 'typeorm';
import { In } from 'typeorm';
import type { AuditTrail } from '../../shared/audit.js';
import { AuditedWrites } from '../../shared/audited.js';
import { personOf } from '../../shared/current-staff.js';
import { badExportQuery, columns, registerExport } from '../../shared/export/index.js';
import type { HttpKit } from '../../shared/module.js';
import { Room } from '../access/index.js';
import { Section, Staff } from '../organisation/index.js';
import type { IncidentFilter, IncidentReadService } from './incident-reading.service.js';
import type { IncidentStep } from './incident-step.entity.js';
import { INCIDENT_TYPES, IncidentType } from './incident-types.js';
import { IncidentState, type Incident } from './incident.entity.js';
import type { IncidentsAuditAction } from './incidents.policy.js';

const DAY = /^(2\d{3})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
/** A period longer than this is refused: ten years of incidents is already more than a council reads. */
const MAX_DAYS = 3660;
const PAGE = 500;

const STATE_JA: Record<IncidentState, string> = {
  REPORTED: '未確認',
  ACKNOWLEDGED: '対応中',
  CLOSED: '終了',
};

/** One line of the export: the incident, its steps, and the names it refers to. */
export interface IncidentLine {
  incident: Incident;
  steps: IncidentStep[];
  name(staffId: string | null): string;
  section: string;
  room: string;
}

const stepList = (steps: IncidentStep[], pick: (s: IncidentStep) => string | null): string =>
  steps
    .map((s) => [s, pick(s)] as const)
    .filter(([, text]) => text !== null)
    .map(([s, text]) => (text ? `${s.label} (${text})` : s.label))
    .join('・');

/** The columns, in the order a council paper reads them. */
export const INCIDENT_COLUMNS = columns<IncidentLine>(
  { header: '種類', kind: 'text', value: (l) => INCIDENT_TYPES[l.incident.type].label, width: 18 },
  { header: '発生日時', kind: 'datetime', value: (l) => l.incident.occurredAt },
  { header: '報告日時', kind: 'datetime', value: (l) => l.incident.reportedAt },
  {
    header: '報告者',
    kind: 'text',
    value: (l) => (l.incident.reportedById ? l.name(l.incident.reportedById) : 'システム (入退室管理簿等)'),
    width: 16,
  },
  { header: '関係する課', kind: 'text', value: (l) => l.section, width: 16 },
  { header: '電算室等', kind: 'text', value: (l) => l.room, width: 14 },
  { header: '概要', kind: 'text', value: (l) => l.incident.summary, width: 40 },
  { header: '入手元', kind: 'text', value: (l) => l.incident.origin ?? '', width: 16 },
  { header: '状態', kind: 'text', value: (l) => STATE_JA[l.incident.state], width: 8 },
  { header: '確認日時', kind: 'datetime', value: (l) => l.incident.acknowledgedAt },
  { header: '確認者', kind: 'text', value: (l) => l.name(l.incident.acknowledgedById), width: 16 },
  { header: '上位への報告', kind: 'number', value: (l) => l.incident.escalations, width: 10 },
  {
    header: '手順',
    kind: 'text',
    value: (l) => {
      const done = l.steps.filter((s) => s.doneAt).length;
      const waived = l.steps.filter((s) => s.waivedAt).length;
      return `全${l.steps.length}件 (実施${done}・省略${waived}・未了${l.steps.length - done - waived})`;
    },
    width: 26,
  },
  {
    header: '未了の手順',
    kind: 'text',
    value: (l) => stepList(l.steps, (s) => (s.doneAt || s.waivedAt ? null : '')),
    width: 30,
  },
  { header: '省略した手順と理由', kind: 'text', value: (l) => stepList(l.steps, (s) => s.waiveReason), width: 30 },
  {
    header: '順序の逸脱',
    kind: 'text',
    value: (l) => stepList(l.steps, (s) => (s.outOfOrder ? '' : null)),
    width: 20,
  },
  { header: '終了日時', kind: 'datetime', value: (l) => l.incident.closedAt },
  { header: '終了者', kind: 'text', value: (l) => l.name(l.incident.closedById), width: 16 },
  { header: '所見', kind: 'text', value: (l) => l.incident.closingNote ?? '', width: 30 },
  { header: 'ID', kind: 'text', value: (l) => l.incident.id, width: 38 },
);

interface ExportServices {
  ds: DataSource;
  audit: AuditTrail;
  incidentReading: IncidentReadService;
}

/** 'YYYY-MM-DD' in Tokyo → the instant its day starts. */
const startOf = (day: string): Date => new Date(`${day}T00:00:00+09:00`);
/** A real calendar day (2026-02-30 is not: Date would roll it over to March). */
const validDay = (v: unknown): v is string =>
  typeof v === 'string' && DAY.test(v) && new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v;

/** The lines of one page of incidents: their steps and names, read in the export's snapshot. */
async function linesOf(em: EntityManager, reading: IncidentReadService, incidents: Incident[]) {
  const ids = incidents.map((i) => i.id);
  const steps = await reading.stepsOf(ids, em);
  const staffIds = [
    ...new Set(
      incidents.flatMap((i) => [i.reportedById, i.acknowledgedById, i.closedById]).filter((x): x is string => !!x),
    ),
  ];
  const staff = staffIds.length ? await em.getRepository(Staff).findBy({ id: In(staffIds) }) : [];
  const sectionIds = [...new Set(incidents.map((i) => i.sectionId).filter((x): x is string => !!x))];
  const sections = sectionIds.length ? await em.getRepository(Section).findBy({ id: In(sectionIds) }) : [];
  const roomIds = [...new Set(incidents.map((i) => i.roomId).filter((x): x is string => !!x))];
  const rooms = roomIds.length ? await em.getRepository(Room).findBy({ id: In(roomIds) }) : [];
  const names = new Map(staff.map((s) => [s.id, s.fullName]));
  return incidents.map((incident): IncidentLine => ({
    incident,
    steps: steps.filter((s) => s.incidentId === incident.id),
    name: (id) => (id ? (names.get(id) ?? '') : ''),
    section: sections.find((s) => s.id === incident.sectionId)?.name ?? '',
    room: ((r) => (r ? `${r.code} ${r.name}` : ''))(rooms.find((r) => r.id === incident.roomId)),
  }));
}

export function registerIncidentsExport(services: ExportServices, kit: HttpKit): void {
  const types = Object.values(IncidentType) as string[];
  const states = Object.values(IncidentState) as string[];
  registerExport(services.ds, kit, {
    path: '/exports/incidents.:format',
    action: 'Export.incidents',
    audited: new AuditedWrites<IncidentsAuditAction>(services.ds, services.audit),
    query: ({ from, to, type, state }) => {
      const days = validDay(from) && validDay(to) ? (startOf(to).getTime() - startOf(from).getTime()) / 86_400_000 : -1;
      const known = (v: unknown, list: string[]) => v === undefined || v === '' || list.includes(String(v));
      if (days < 0 || days > MAX_DAYS || !known(type, types) || !known(state, states))
        throw badExportQuery(`from=YYYY-MM-DD&to=YYYY-MM-DD (from ≦ to、${MAX_DAYS}日まで。type・state は任意)`);
      return {
        from: from as string,
        to: to as string,
        type: (type || null) as IncidentType | null,
        state: (state || null) as IncidentState | null,
      };
    },
    describe: ({ from, to, type, state }) => ({
      filename: `incidents-${from}-${to}`,
      title: `インシデント ${from}〜${to}`,
      target: { type: 'IncidentList', id: `${from}..${to}` },
      facts: { from, to, type, state },
    }),
    columns: INCIDENT_COLUMNS,
    // one snapshot for every page: an incident acknowledged meanwhile cannot shift rows between pages
    rows: async function* (em, { from, to, type, state }, ctx) {
      const filter: IncidentFilter = {
        from: startOf(from),
        to: new Date(startOf(to).getTime() + 86_400_000),
        type,
        state,
      };
      const p = personOf(ctx.principal);
      const reader = { staffId: p.staffId, authorities: p.authorities, today: ctx.today };
      for (let after: string | null = null; ;) {
        const page = await services.incidentReading.page(filter, { first: PAGE, after }, reader, { em, max: PAGE });
        yield* await linesOf(em, services.incidentReading, page.nodes);
        if (!page.hasNextPage) break;
        after = page.endCursor;
      }
    },
  });
}
