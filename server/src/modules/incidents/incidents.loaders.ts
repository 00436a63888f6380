import DataLoader from 'dataloader';
import type { IncidentDamageReport } from './damage-report.entity.js';
import type { IncidentDisasterMode } from './disaster-checklist.entity.js';
import type { DisasterReadService } from './disaster-reading.service.js';
import type { IncidentEvent } from './incident-event.entity.js';
import type { IncidentReadService } from './incident-reading.service.js';
import type { IncidentStep } from './incident-step.entity.js';
import type { Incident } from './incident.entity.js';

const groupBy = <T>(load: (ids: readonly string[]) => Promise<T[]>, key: (row: T) => string | null) =>
  new DataLoader<string, T[]>(async (ids) => {
    const groups = new Map<string, T[]>(ids.map((id) => [id, []]));
    for (const row of await load(ids)) {
      const k = key(row);
      if (k) groups.get(k)?.push(row);
    }
    return ids.map((id) => groups.get(id) ?? []);
  });

/** Per-request batch loaders of the incidents module: one statement however many incidents ask. */
export function createIncidentLoaders(reading: IncidentReadService, disaster: DisasterReadService) {
  return {
    stepsByIncident: groupBy<IncidentStep>(
      (ids) => reading.stepsOf(ids),
      (s) => s.incidentId,
    ),
    timelineByIncident: groupBy<IncidentEvent>(
      (ids) => reading.timelineOf(ids),
      (e) => e.incidentId,
    ),
    incidentsByScan: groupBy<Incident>(
      (ids) => reading.incidentsOfScans(ids),
      (i) => i.mediaScanId,
    ),
    // disaster mode (A29.2, A30)
    disasterModeByIncident: new DataLoader<string, IncidentDisasterMode | null>(async (ids) => {
      const modes = await disaster.modesOf(ids);
      return ids.map((id) => modes.find((m) => m.incidentId === id) ?? null);
    }),
    damageByIncident: groupBy<IncidentDamageReport>(
      (ids) => disaster.damageOf(ids),
      (r) => r.incidentId,
    ),
  };
}
