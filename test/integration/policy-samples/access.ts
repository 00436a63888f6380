// Policy samples of the access module: one call per action (authorization-policy.test.ts).
import { ctx, type SamplesOf } from './sample.js';

export const accessSamples: SamplesOf<'access'> = {
  'Query.rooms': { query: `{ rooms { id } }` },
  'Mutation.createRoom': {
    query: `mutation($i: CreateRoomInput!) { createRoom(input: $i) { id } }`,
    variables: () => ({
      i: { code: `P${Math.random().toString().slice(2, 8)}`, name: '試験室', kind: 'STORAGE_ROOM', location: '別館' },
    }),
  },
  'Mutation.updateRoom': {
    query: `mutation($i: UpdateRoomInput!) { updateRoom(input: $i) { id } }`,
    variables: () => ({ i: { id: '00000000-0000-4000-8000-000000000000', location: '別館' } }),
  },
  'Query.roomAuthorisations': { query: `{ roomAuthorisations(first: 1) { nodes { id } } }` },
  'Query.myRoomAuthorisations': { query: `{ myRoomAuthorisations { nodes { id } } }` },
  'Mutation.requestRoomAuthorisation': {
    query: `mutation($i: RequestRoomAuthorisationInput!) { requestRoomAuthorisation(input: $i) { id } }`,
    variables: () => ({
      i: {
        subjectKind: 'STAFF',
        roomIds: [ctx.roomId],
        validFrom: '2026-12-01T00:00:00Z',
        validTo: '2026-12-01T08:00:00Z',
        purpose: 'policy test',
      },
    }),
  },
  'Mutation.approveRoomAuthorisation': {
    query: `mutation($i: AuthorisationIdInput!) { approveRoomAuthorisation(input: $i) { id } }`,
    variables: () => ({ i: { id: '00000000-0000-4000-8000-000000000000' } }),
  },
  'Mutation.refuseRoomAuthorisation': {
    query: `mutation($i: AuthorisationDecisionInput!) { refuseRoomAuthorisation(input: $i) { id } }`,
    variables: () => ({ i: { id: '00000000-0000-4000-8000-000000000000', reason: 'policy test' } }),
  },
  'Mutation.revokeRoomAuthorisation': {
    query: `mutation($i: AuthorisationDecisionInput!) { revokeRoomAuthorisation(input: $i) { id } }`,
    variables: () => ({ i: { id: '00000000-0000-4000-8000-000000000000', reason: 'policy test' } }),
  },
  'Mutation.recordAccessEvents': {
    query: `mutation($i: RecordAccessEventsInput!) { recordAccessEvents(input: $i) { clockSkewSeconds } }`,
    variables: () => ({ i: { deviceNow: new Date().toISOString(), events: [] } }),
  },
  'Query.doorAuthorisations': { query: `{ doorAuthorisations { version } }` },
  'Query.doorInside': { query: `{ doorInside { name } }` },
  'Query.accessEvents': { query: `{ accessEvents(first: 1) { nodes { id } } }` },
  'Query.accessAnomalies': { query: `{ accessAnomalies { id } }` },
  'Query.accessInside': { query: `{ accessInside { id } }` },
  'Query.doorPinKey': { query: `{ doorPinKey }` },
  'Mutation.checkDoorPin': {
    query: `mutation($i: CheckDoorPinInput!) { checkDoorPin(input: $i) { result } }`,
    variables: (id) => ({
      i: {
        staffId: id,
        clientEventId: '00000000-0000-4000-8000-000000000000',
        roomId: '00000000-0000-4000-8000-000000000001',
        direction: 'ENTER',
        deviceTime: new Date().toISOString(),
        pin: 'AAAAAAAAAAAAAAAAAAAA',
      },
    }),
  },
  'Mutation.setDoorPin': {
    query: `mutation($i: SetDoorPinInput!) { setDoorPin(input: $i) }`,
    variables: () => ({ i: { currentPassword: 'not-the-current', pin: '583920' } }),
  },
  'Mutation.unlockDoorPin': {
    query: `mutation($i: StaffIdInput!) { unlockDoorPin(input: $i) }`,
    variables: (id) => ({ i: { staffId: id } }),
  },
  'Mutation.resolveAccessAnomaly': {
    query: `mutation($i: ResolveAnomalyInput!) { resolveAccessAnomaly(input: $i) { id } }`,
    variables: () => ({ i: { id: '00000000-0000-4000-8000-000000000000', note: 'policy test' } }),
  },
  'Query.accessReport': { query: `{ accessReport(month: "2026-11") { month } }` },
  'Query.accessVisits': { query: `{ accessVisits(month: "2026-11", first: 1) { hasNextPage } }` },
  'Mutation.acknowledgeAccessReport': {
    query: `mutation($i: AcknowledgeAccessReportInput!) { acknowledgeAccessReport(input: $i) { id } }`,
    variables: () => ({ i: { month: '2026-10', followUp: 'NONE' } }),
  },
  'Export.accessRegister': { query: '', httpGet: '/exports/access-register.csv?month=2026-11' },
};
