// Who may call what in the incidents module (REQUIREMENTS §8), folded into the one policy table.
// Reading is open to every staff member at this level: the service narrows it (incident-scope.ts) to
// everything for the manager, the chief, the deputy chief and auditors, the own sections for an
// operations manager, and otherwise what the person reported or was told of.
import { Authority, TokenScope } from '../../shared/authority.js';
import type { PolicyTable } from '../../shared/policy.js';

const { AUDITOR, CHIEF, DEPUTY_CHIEF, MANAGER, OPERATOR } = Authority;

export const incidentsPolicy = {
  'Query.incidentTypes': [OPERATOR],
  'Query.incidents': [OPERATOR, AUDITOR],
  'Query.incident': [OPERATOR, AUDITOR],
  'Query.mediaScans': [OPERATOR, AUDITOR],
  // the period's incidents for Excel and the council (GET /exports/incidents.csv|xlsx): those who
  // read every incident; an operations manager reads their own sections' on the list, not in bulk
  'Export.incidents': [MANAGER, DEPUTY_CHIEF, CHIEF, AUDITOR],
  // anyone reports at once (A19.3, A22.3, A28, A29.2, A30.2), and records scans (A19.1–2)
  'Mutation.reportIncident': [OPERATOR],
  'Mutation.recordMediaScan': [OPERATOR],
  // the report goes to the manager and climbs to the deputy chief and the chief when unanswered
  'Mutation.acknowledgeIncident': [MANAGER, DEPUTY_CHIEF, CHIEF],
  // A28: the manager's instructions; the chief or deputy chief instruct when the report reached them
  'Mutation.instructIncident': [MANAGER, DEPUTY_CHIEF, CHIEF],
  // a step is done by its role (or one above it): the service checks which
  'Mutation.completeIncidentStep': [OPERATOR],
  // the manager adds steps, waives them with a reason, and closes the incident
  'Mutation.addIncidentStep': [MANAGER],
  'Mutation.waiveIncidentStep': [MANAGER],
  'Mutation.closeIncident': [MANAGER],
  // disaster mode (A29.2, A30): every staff member reads the checklist and confirms rows from a
  // phone, and reports damage; the manager (or the deputy chief, the chief) declares it, the
  // manager adds rows by hand and takes rows off the list with a reason
  'Query.disasterChecklist': [OPERATOR, AUDITOR],
  'Query.openDisasterChecklists': [OPERATOR, AUDITOR],
  'Mutation.declareDisasterMode': [MANAGER, DEPUTY_CHIEF, CHIEF],
  'Mutation.addDisasterChecklistItem': [MANAGER],
  'Mutation.confirmDisasterChecklistItem': [OPERATOR],
  'Mutation.waiveDisasterChecklistItem': [MANAGER],
  'Mutation.reportIncidentDamage': [OPERATOR],
} as const satisfies PolicyTable;

export type IncidentsAction = keyof typeof incidentsPolicy;

/** API clients read incidents with a token of scope READ_INCIDENTS; they never write. */
export const incidentsTokenScopes: Partial<Record<IncidentsAction, TokenScope>> = {
  'Query.incidentTypes': TokenScope.READ_INCIDENTS,
  'Query.incidents': TokenScope.READ_INCIDENTS,
  'Query.incident': TokenScope.READ_INCIDENTS,
  'Query.mediaScans': TokenScope.READ_INCIDENTS,
  'Query.disasterChecklist': TokenScope.READ_INCIDENTS,
  'Query.openDisasterChecklists': TokenScope.READ_INCIDENTS,
  'Export.incidents': TokenScope.READ_INCIDENTS,
};

/** What the module's audit entries name: its actions, and the escalation its timer runs. */
export type IncidentsAuditAction = IncidentsAction | 'System.incidentEscalation';
