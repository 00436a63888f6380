// Policy samples of the incidents module: one call per action (authorization-policy.test.ts).
import { randomUUID } from 'node:crypto';
import { type SamplesOf } from './sample.js';

export const incidentsSamples: SamplesOf<'incidents'> = {
  'Query.incidentTypes': { query: `{ incidentTypes { type } }` },
  'Query.incidents': { query: `{ incidents(first: 1) { nodes { id } } }` },
  'Export.incidents': { query: '', httpGet: '/exports/incidents.csv?from=2026-11-01&to=2026-11-30' },
  'Query.incident': {
    query: `query($id: ID!) { incident(id: $id) { id } }`,
    variables: () => ({ id: '00000000-0000-4000-8000-000000000000' }),
  },
  'Query.mediaScans': { query: `{ mediaScans(first: 1) { nodes { id } } }` },
  'Mutation.reportIncident': {
    query: `mutation($i: ReportIncidentInput!) { reportIncident(input: $i) { id } }`,
    variables: () => ({
      i: { clientId: randomUUID(), type: 'FIRE', occurredAt: new Date().toISOString(), summary: 'policy test' },
    }),
  },
  'Mutation.recordMediaScan': {
    query: `mutation($i: RecordMediaScanInput!) { recordMediaScan(input: $i) { id } }`,
    variables: () => ({
      i: {
        clientId: randomUUID(),
        medium: 'USBメモリ',
        direction: 'RECEIVED',
        software: 'policy test AV',
        definitionVersion: '1',
        result: 'CLEAN',
      },
    }),
  },
  'Mutation.acknowledgeIncident': {
    query: `mutation($i: IncidentIdInput!) { acknowledgeIncident(input: $i) { id } }`,
    variables: () => ({ i: { id: '00000000-0000-4000-8000-000000000000' } }),
  },
  'Mutation.instructIncident': {
    query: `mutation($i: InstructIncidentInput!) { instructIncident(input: $i) { id } }`,
    variables: () => ({ i: { id: '00000000-0000-4000-8000-000000000000', instruction: 'policy test' } }),
  },
  'Mutation.completeIncidentStep': {
    query: `mutation($i: CompleteIncidentStepInput!) { completeIncidentStep(input: $i) { id } }`,
    variables: () => ({ i: { stepId: '00000000-0000-4000-8000-000000000000' } }),
  },
  'Mutation.addIncidentStep': {
    query: `mutation($i: AddIncidentStepInput!) { addIncidentStep(input: $i) { id } }`,
    variables: () => ({ i: { incidentId: '00000000-0000-4000-8000-000000000000', label: 'policy test' } }),
  },
  'Mutation.waiveIncidentStep': {
    query: `mutation($i: WaiveIncidentStepInput!) { waiveIncidentStep(input: $i) { id } }`,
    variables: () => ({ i: { stepId: '00000000-0000-4000-8000-000000000000', reason: 'policy test' } }),
  },
  'Mutation.closeIncident': {
    query: `mutation($i: CloseIncidentInput!) { closeIncident(input: $i) { id } }`,
    variables: () => ({ i: { id: '00000000-0000-4000-8000-000000000000' } }),
  },
  // disaster mode (A29.2, A30)
  'Query.disasterChecklist': {
    query: `query($id: ID!) { disasterChecklist(incidentId: $id) { incidentId } }`,
    variables: () => ({ id: '00000000-0000-4000-8000-000000000000' }),
  },
  'Query.openDisasterChecklists': { query: `{ openDisasterChecklists { incidentId } }` },
  'Mutation.declareDisasterMode': {
    query: `mutation($i: DeclareDisasterModeInput!) { declareDisasterMode(input: $i) { incidentId } }`,
    variables: () => ({ i: { incidentId: '00000000-0000-4000-8000-000000000000' } }),
  },
  'Mutation.addDisasterChecklistItem': {
    query: `mutation($i: AddDisasterChecklistItemInput!) { addDisasterChecklistItem(input: $i) { id } }`,
    variables: () => ({ i: { incidentId: '00000000-0000-4000-8000-000000000000', kind: 'OTHER', label: 'x' } }),
  },
  'Mutation.confirmDisasterChecklistItem': {
    query: `mutation($i: ConfirmDisasterChecklistItemInput!) { confirmDisasterChecklistItem(input: $i) { id } }`,
    variables: () => ({ i: { itemId: '00000000-0000-4000-8000-000000000000', outcome: 'DONE' } }),
  },
  'Mutation.waiveDisasterChecklistItem': {
    query: `mutation($i: WaiveDisasterChecklistItemInput!) { waiveDisasterChecklistItem(input: $i) { id } }`,
    variables: () => ({ i: { itemId: '00000000-0000-4000-8000-000000000000', reason: 'x' } }),
  },
  'Mutation.reportIncidentDamage': {
    query: `mutation($i: ReportIncidentDamageInput!) { reportIncidentDamage(input: $i) { id } }`,
    variables: () => ({
      i: {
        clientId: '00000000-0000-4000-8000-000000000001',
        incidentId: '00000000-0000-4000-8000-000000000000',
        location: 'x',
        severity: 'NONE',
        damaged: '',
      },
    }),
  },
};
