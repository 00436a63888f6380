// Reading disaster mode (A29.2, A30): the checklist and the damage reports of an incident of
// A28–A30. Every staff member reads them (in a disaster whoever is on the spot is sent to switch
// things off; the page names equipment, rooms and who confirmed, nothing about residents), auditors
// too. Another type's incident reads as absent to whoever may not see it.
import { In, IsNull, Not, type DataSource } from 'typeorm';
import { IncidentDamageReport } from './damage-report.entity.js';
import { notDisasterType } from './disaster-mode.service.js';
import {
  DisasterChecklist,
  DisasterChecklistItem,
  DisasterItemOutcome,
  IncidentDisasterMode,
} from './disaster-checklist.entity.js';
import { notFound } from './incident-person.js';
import type { IncidentReadService, Reader } from './incident-reading.service.js';
import { INCIDENT_TYPES } from './incident-types.js';
import { Incident, IncidentState } from './incident.entity.js';

/** How many incidents in disaster mode the phone's entry page lists (there is rarely more than one). */
const OPEN_LIMIT = 20;

export function checklistOf(
  incident: Incident,
  mode: IncidentDisasterMode | null,
  items: DisasterChecklistItem[],
): DisasterChecklist {
  const n = (o: DisasterItemOutcome) => items.filter((i) => i.outcome === o).length;
  return {
    incidentId: incident.id,
    incidentType: incident.type,
    incidentState: incident.state,
    summary: incident.summary,
    occurredAt: incident.occurredAt,
    declaredAt: mode?.declaredAt ?? null,
    declaredById: mode?.declaredById ?? null,
    automatic: mode?.automatic ?? false,
    declarable: !mode && !!INCIDENT_TYPES[incident.type].disasterMode && incident.state !== IncidentState.CLOSED,
    items: [...items].sort((a, b) => a.position - b.position),
    total: items.length,
    settled: items.filter((i) => i.outcome !== null).length,
    done: n(DisasterItemOutcome.DONE),
    cannot: n(DisasterItemOutcome.CANNOT),
    damaged: n(DisasterItemOutcome.DAMAGED),
    waived: n(DisasterItemOutcome.WAIVED),
  };
}

export class DisasterReadService {
  constructor(
    private readonly ds: DataSource,
    private readonly reading: IncidentReadService,
  ) {}

  /** The disaster page of one incident of A28–A30 (NOT_A_DISASTER_TYPE for another type the reader sees). */
  async checklist(incidentId: string, reader: Reader): Promise<DisasterChecklist> {
    const incident = await this.ds.getRepository(Incident).findOneBy({ id: incidentId });
    if (!incident) throw notFound();
    if (!INCIDENT_TYPES[incident.type].disasterMode) {
      await this.reading.one(incidentId, reader); // out of reach: INCIDENT_NOT_FOUND
      throw notDisasterType();
    }
    const [mode, items] = await Promise.all([
      this.ds.getRepository(IncidentDisasterMode).findOneBy({ incidentId }),
      this.ds.getRepository(DisasterChecklistItem).findBy({ incidentId }),
    ]);
    return checklistOf(incident, mode, items);
  }

  /** Open incidents in disaster mode, the latest declared first: where a phone goes in a disaster. */
  async open(): Promise<DisasterChecklist[]> {
    const modes = await this.ds.getRepository(IncidentDisasterMode).find({
      where: { incident: { state: Not(IncidentState.CLOSED) } },
      relations: { incident: true },
      order: { declaredAt: 'DESC' },
      take: OPEN_LIMIT,
    });
    const items = await this.itemsOf(modes.map((m) => m.incidentId));
    return modes.map((m) =>
      checklistOf(
        m.incident!,
        m,
        items.filter((i) => i.incidentId === m.incidentId),
      ),
    );
  }

  modesOf(incidentIds: readonly string[]): Promise<IncidentDisasterMode[]> {
    return this.ds.getRepository(IncidentDisasterMode).findBy({ incidentId: In([...incidentIds]) });
  }

  itemsOf(incidentIds: readonly string[]): Promise<DisasterChecklistItem[]> {
    if (!incidentIds.length) return Promise.resolve([]);
    return this.ds.getRepository(DisasterChecklistItem).find({
      where: { incidentId: In([...incidentIds]) },
      order: { position: 'ASC' },
    });
  }

  damageOf(incidentIds: readonly string[]): Promise<IncidentDamageReport[]> {
    return this.ds.getRepository(IncidentDamageReport).find({
      where: { incidentId: In([...incidentIds]) },
      order: { seq: 'ASC' },
    });
  }

  /** Rows not yet confirmed, of open incidents (the manager's to-do). */
  openRows(): Promise<number> {
    return this.ds
      .getRepository(DisasterChecklistItem)
      .count({ where: { outcome: IsNull(), incident: { state: Not(IncidentState.CLOSED) } } });
  }
}
