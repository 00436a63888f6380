// Incidents and emergencies (A12.2, A19, A22, A27–A30): the standard's steps per type, reporting to
// the role it names, acknowledgement, escalation up the roles as durable jobs, the media scan log.
import { AuditedWrites } from '../../shared/audited.js';
import { defineModule } from '../../shared/module.js';
import type { OrganisationService } from '../organisation/index.js';
import type { PushService } from '../push/index.js';
import { IncidentDamageReport } from './damage-report.entity.js';
import { DamageReportService } from './damage-report.service.js';
import { DisasterChecklistItem, IncidentDisasterMode } from './disaster-checklist.entity.js';
import { DisasterModeService } from './disaster-mode.service.js';
import { DisasterReadService } from './disaster-reading.service.js';
import { disasterCompliance } from './disaster.compliance.js';
import {
  DisasterChecklistItemResolver,
  DisasterChecklistResolver,
  IncidentDamageReportResolver,
  IncidentDisasterFieldsResolver,
} from './disaster.resolver.js';
import { disasterTodos } from './disaster.todos.js';
import { IncidentActionsResolver } from './incident-actions.resolver.js';
import { IncidentEvent } from './incident-event.entity.js';
import { IncidentHandlingService } from './incident-handling.service.js';
import { IncidentReadService } from './incident-reading.service.js';
import { IncidentReportService } from './incident-report.service.js';
import type { Reach } from './incident-routing.js';
import { IncidentStep } from './incident-step.entity.js';
import { IncidentStepService } from './incident-steps.service.js';
import { Incident } from './incident.entity.js';
import { IncidentEventResolver, IncidentResolver, IncidentStepResolver } from './incident.resolver.js';
import { incidentsCompliance } from './incidents.compliance.js';
import { registerIncidentsExport } from './incidents-export.js';
import { IncidentErrorCode } from './incidents.errors.js';
import { incidentsJobs } from './incidents.jobs.js';
import { createIncidentLoaders } from './incidents.loaders.js';
import { incidentsPolicy, incidentsTokenScopes, type IncidentsAuditAction } from './incidents.policy.js';
import { incidentsTodos } from './incidents.todos.js';
import { MediaScan } from './media-scan.entity.js';
import { MediaScanResolver } from './media-scan.resolver.js';
import { MediaScanService } from './media-scan.service.js';

/** What incidents takes from modules listed before it: who holds which role on a day (A3–A6, A9.7). */
interface IncidentsNeeds {
  organisation: OrganisationService;
  push: PushService;
}

export const incidentsModule = defineModule<IncidentsNeeds>()({
  name: 'incidents',
  entities: [
    Incident,
    IncidentStep,
    IncidentEvent,
    MediaScan,
    IncidentDisasterMode,
    DisasterChecklistItem,
    IncidentDamageReport,
  ],
  resolvers: [
    IncidentResolver,
    IncidentStepResolver,
    IncidentEventResolver,
    IncidentActionsResolver,
    MediaScanResolver,
    DisasterChecklistResolver,
    DisasterChecklistItemResolver,
    IncidentDamageReportResolver,
    IncidentDisasterFieldsResolver,
  ],
  policy: incidentsPolicy,
  tokenScopes: incidentsTokenScopes,
  errorCodes: IncidentErrorCode,
  services: ({ ds, audit, config, now, hooks, organisation, push }) => {
    const audited = new AuditedWrites<IncidentsAuditAction>(ds, audit);
    const reach: Reach = (em, staffIds, message) => push.notify(em, staffIds, message);
    const opening = { organisation, reach, settings: config.incidents, timeZone: config.timeZone };
    // A30: disaster mode, its checklist listed by every module that keeps rooms or equipment (hook)
    const disasterMode = new DisasterModeService(ds, audited, hooks, organisation, reach, config.timeZone, now);
    const incidentReading = new IncidentReadService(ds, organisation, now);
    return {
      incidentReports: new IncidentReportService(ds, audited, opening, now, (em, incident, byId, at, meta) =>
        disasterMode.declareWithin(em, incident, byId, true, at, meta),
      ),
      incidentHandling: new IncidentHandlingService(
        ds,
        audited,
        organisation,
        config.incidents,
        config.timeZone,
        now,
        reach,
      ),
      incidentSteps: new IncidentStepService(ds, audited, now),
      incidentReading,
      mediaScans: new MediaScanService(ds, audited, opening, now),
      disasterMode,
      disasterReading: new DisasterReadService(ds, incidentReading),
      damageReports: new DamageReportService(ds, audited, organisation, reach, config.timeZone, now),
    };
  },
  loaders: (s) => createIncidentLoaders(s.incidentReading, s.disasterReading),
  // GET /exports/incidents.csv and .xlsx: a period's incidents for Excel and the council
  routes: (s, kit) => registerIncidentsExport(s, kit),
  // each incident's escalation timer, and the sweep that keeps one for every unacknowledged incident
  jobs: (s) => incidentsJobs(s),
  // on /compliance: A19.1–2 (scan log), A19.3–4, A22, A27–A30 (limits of acknowledgement and steps)
  compliance: (s) => [...incidentsCompliance(s), ...disasterCompliance(s)],
  // 対応が必要: reports to acknowledge, steps waiting on this person
  todos: (s) => [...incidentsTodos(s), ...disasterTodos(s)],
  hooks: (s) => ({
    // A12.2: an entry without a valid authorisation opens an incident for the manager, linked to its
    // line; more entries into that room within the hour join it
    'access.unauthorisedEntry': async (em, { entries }) => {
      const { opened, linked } = await s.incidentReports.openForUnauthorisedEntries(em, entries);
      if (!opened.length && !linked) return undefined;
      return {
        ...(opened.length ? { incidentsOpened: [null, opened] } : {}),
        ...(linked ? { incidentEntriesLinked: [null, linked] } : {}),
      };
    },
    // A12.2: resolving the entry's UNAUTHORISED anomaly confirms its facts and reason on the incident
    'access.anomalyResolved': async (em, { eventId, kind, staffId, note, at }) => {
      if (kind !== 'UNAUTHORISED') return undefined;
      const ticked = await s.incidentSteps.tickConfirmedEntry(em, { eventId, staffId, note, at });
      return ticked.length ? { incidentStepsDone: [null, ticked] } : undefined;
    },
    // A16: a lost operator ID card (revoked at once) opens an incident for the manager
    'cards.cardLost': async (em, lost) => {
      const opened = await s.incidentReports.openForLostCard(em, lost);
      return opened ? { incidentsOpened: [null, [opened]] } : undefined;
    },
    // A17: a change to equipment or programs that nobody approved opens an incident for the manager
    'configuration.unauthorisedChange': async (em, change) => {
      const opened = await s.incidentReports.openForUnauthorisedChange(em, change);
      return opened ? { incidentsOpened: [null, [opened]] } : undefined;
    },
  }),
});
