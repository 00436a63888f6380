// Who is told of an incident: the holders of the role asked on the day, acting holders included
// (A9.7: authority follows the acting holder), resolved by the organisation module. A vacant role
// is passed over at once, up the chain; every step of that is a line of the timeline.
import type { EntityManager } from 'typeorm';
import { OrgRole } from '../../shared/authority.js';
import type { OrganisationService } from '../organisation/index.js';
import { IncidentEvent, IncidentEventKind } from './incident-event.entity.js';
import type { Incident } from './incident.entity.js';
import { ESCALATION } from './incident-types.js';

export interface Holder {
  staffId: string;
  /** acting for the role's holder (A9.7) */
  acting: boolean;
}

/** The role holders of one day, read once per operation. */
export class HolderBook {
  private constructor(private readonly rows: Awaited<ReturnType<OrganisationService['roleHolders']>>) {}

  /** Read inside the caller's transaction (`em`): see OrganisationService.roleHolders. */
  static async of(organisation: OrganisationService, day: string, em: EntityManager): Promise<HolderBook> {
    return new HolderBook(await organisation.roleHolders(day, em));
  }

  /** Who holds `role` (for an operations manager: of `sectionId`); none when vacant. */
  holders(role: OrgRole, sectionId: string | null): Holder[] {
    const row = this.rows.find(
      (r) => r.role === role && (role !== OrgRole.OPERATIONS_MANAGER || (sectionId && r.section?.id === sectionId)),
    );
    const who = row?.effectiveHolder;
    return who ? [{ staffId: who.id, acting: !!row.acting && row.acting.actingStaffId === who.id }] : [];
  }
}

/**
 * Reaches people on their phones (Web Push, the push module), inside the caller's transaction: sent
 * only if it commits. Only a title and the incident's link travel, never what happened or who.
 */
export type Reach = (
  em: EntityManager,
  staffIds: readonly string[],
  message: { title: string; url: string },
) => Promise<number>;

/** What a push about an incident says. */
export const pushAbout = (incidentId: string, typeLabel: string, escalated = false) => ({
  title: escalated ? `未確認の報告 (${typeLabel}) の確認をお願いします` : `${typeLabel}の報告があります`,
  url: `/incidents/${incidentId}`,
});

export type TimelineLine = Partial<IncidentEvent> & Pick<IncidentEvent, 'kind'>;

/** Appends lines to an incident's timeline, in order, at `at`. */
export async function writeTimeline(
  em: EntityManager,
  incidentId: string,
  at: Date,
  lines: TimelineLine[],
): Promise<void> {
  if (!lines.length) return;
  // one statement; seq (a sequence) keeps the order of lines written at the same instant
  await em.insert(
    IncidentEvent,
    lines.map((l) => ({ ...l, incidentId, at })),
  );
}

export interface Asked {
  /** the role now asked to acknowledge, or null when the chain ran out */
  role: OrgRole | null;
  staffIds: string[];
}

/**
 * Asks the role at `rank` of the chain to acknowledge; while nobody holds it, records the vacancy
 * and asks the next one up. Answers whom it asked, and writes NOTIFIED / ROLE_VACANT lines (and
 * ESCALATION_EXHAUSTED when even the chief's place is empty).
 */
export async function ask(
  em: EntityManager,
  incident: Pick<Incident, 'id' | 'sectionId'>,
  rank: number,
  at: Date,
  book: HolderBook,
): Promise<Asked> {
  const lines: TimelineLine[] = [];
  let asked: Asked = { role: null, staffIds: [] };
  for (let r = rank; r < ESCALATION.length; r++) {
    const role = ESCALATION[r];
    const holders = book.holders(role, incident.sectionId);
    if (!holders.length) {
      lines.push({ kind: IncidentEventKind.ROLE_VACANT, role, text: '在任者がいないため上位の役割へ' });
      continue;
    }
    for (const h of holders)
      lines.push({ kind: IncidentEventKind.NOTIFIED, role, staffId: h.staffId, acting: h.acting });
    asked = { role, staffIds: holders.map((h) => h.staffId) };
    break;
  }
  if (!asked.role)
    lines.push({ kind: IncidentEventKind.ESCALATION_EXHAUSTED, text: '確認を求める役割が残っていません' });
  await writeTimeline(em, incident.id, at, lines);
  return asked;
}
