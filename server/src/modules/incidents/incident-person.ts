// The person acting on an incident, and the small look-ups every use case starts with.
import type { EntityManager } from 'typeorm';
import { OrgRole, type Authority } from '../../shared/authority.js';
import { Incident, IncidentState } from './incident.entity.js';
import { IncidentError, IncidentErrorCode } from './incidents.errors.js';

export interface Person {
  staffId: string;
  /** their authorities today, acting assignments included (A9.7) */
  authorities: ReadonlySet<Authority>;
}

/** The roles of A3–A6 a person holds today (acting ones included). */
export const rolesOf = (p: Person): OrgRole[] =>
  Object.values(OrgRole).filter((r) => p.authorities.has(r as unknown as Authority));

export const notFound = () =>
  new IncidentError(IncidentErrorCode.INCIDENT_NOT_FOUND, 'インシデントが見つかりません (incident not found)');

export const closed = () =>
  new IncidentError(IncidentErrorCode.INCIDENT_CLOSED, 'このインシデントは終了しています (the incident is closed)');

/** The incident, locked for this transaction: two people acting at once are applied one after the other. */
export async function lockIncident(em: EntityManager, id: string): Promise<Incident> {
  const incident = await em.getRepository(Incident).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  if (!incident) throw notFound();
  return incident;
}

/** Throws INCIDENT_CLOSED for a closed incident. */
export function assertOpen(incident: Incident): void {
  if (incident.state === IncidentState.CLOSED) throw closed();
}

/** Text a person typed: trimmed, 1 to `max` characters, else INVALID_INCIDENT_INPUT naming `what`. */
export function textOf(value: string | null | undefined, max: number, what: string): string {
  const t = (value ?? '').trim();
  if (!t || t.length > max)
    throw new IncidentError(IncidentErrorCode.INVALID_INCIDENT_INPUT, `${what}を1〜${max}文字で入力してください`);
  return t;
}
