// Who may call what of investigations (A21): the manager opens and keeps them; the manager, the
// chief and auditors read them (not the deputy chief: A21 names who reads an investigation). The
// person asked to cooperate (an operations manager, or anyone the manager named) sees the request
// only, never the investigation: the service narrows that list to the caller's own.
import { Authority } from '../../shared/authority.js';
import type { PolicyTable } from '../../shared/policy.js';

const { AUDITOR, CHIEF, MANAGER, OPERATOR } = Authority;

/** who reads an investigation and each of its fields */
export const INVESTIGATION_READERS = [MANAGER, CHIEF, AUDITOR] as const;

export const investigationPolicy = {
  'Query.investigations': INVESTIGATION_READERS,
  'Query.investigation': INVESTIGATION_READERS,
  // field-level: an investigation reached any other way still shows these only to its readers
  'Investigation.subject': INVESTIGATION_READERS,
  'Investigation.findings': INVESTIGATION_READERS,
  'Investigation.links': INVESTIGATION_READERS,
  'Mutation.openInvestigation': [MANAGER],
  'Mutation.recordInvestigationFindings': [MANAGER],
  'Mutation.linkInvestigationRecord': [MANAGER],
  // the person asked to cooperate: any staff member may be asked
  'Query.investigationCooperationRequests': [OPERATOR],
  'Mutation.acknowledgeInvestigationCooperation': [OPERATOR],
} as const satisfies PolicyTable;

export type InvestigationAction = keyof typeof investigationPolicy;
