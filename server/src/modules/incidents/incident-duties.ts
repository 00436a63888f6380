// Which open steps are a person's to do: those for a city-wide role they hold today (acting
// included), an operations manager's steps of their own sections (A6), and the "anyone on the spot"
// steps of what they reported. One rule for the 対応が必要 count (incidents.todos.ts) and for the
// list that count opens (/incidents?steps=mine, the filter mySteps), so both always agree.
import { Authority, OrgRole } from '../../shared/authority.js';
import type { OrganisationService } from '../organisation/index.js';

export interface Duty {
  staffId: string;
  /** the city-wide roles (manager, deputy chief, chief) held today */
  roles: OrgRole[];
  /** the sections whose operations manager this person is today */
  sections: string[];
}

/** The city-wide roles whose steps a person does: those they hold today (acting included). */
const CITY_ROLES = [OrgRole.MANAGER, OrgRole.DEPUTY_CHIEF, OrgRole.CHIEF];

export async function dutyOf(
  organisation: OrganisationService,
  p: { staffId: string; authorities: ReadonlySet<Authority>; today: string },
): Promise<Duty> {
  const roles = CITY_ROLES.filter((r) => p.authorities.has(r as unknown as Authority));
  const sections = p.authorities.has(Authority.OPERATIONS_MANAGER)
    ? (await organisation.assignmentsOfStaff([p.staffId], p.today))
        .filter((a) => a.role === OrgRole.OPERATIONS_MANAGER && a.sectionId)
        .map((a) => a.sectionId!)
    : [];
  return { staffId: p.staffId, roles, sections };
}

/** How the caller's SQL names the duty's three values (positional `$1` or named `:me`, with casts). */
export interface DutyParams {
  staffId: string;
  /** a text[] */
  roles: string;
  /** a uuid[] */
  sections: string;
}

/**
 * SQL: step `s` of incident `i` is open, on an incident still open, and this person's to do.
 * The aliases and parameter names are the caller's.
 */
export function openDutySql(s: string, i: string, p: DutyParams): string {
  return `${i}.state <> 'CLOSED' AND ${s}."doneAt" IS NULL AND ${s}."waivedAt" IS NULL
    AND ((${s}.role IS NULL AND ${i}."reportedById" = ${p.staffId})
      OR ${s}.role::text = ANY(${p.roles})
      OR (${s}.role = 'OPERATIONS_MANAGER' AND ${i}."sectionId" = ANY(${p.sections})))`;
}
