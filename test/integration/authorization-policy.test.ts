// Generated from the policy table (server/src/shared/policy.ts): every query and mutation × every
// kind of caller; the outcome must match the table, and every refused mutation is audited.
import { randomUUID } from 'node:crypto';
import { getMetadataStorage } from 'type-graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchema } from '../../server/src/composition/schema.js';
import { Authority } from '../../server/src/shared/authority.js';
import { DEVICE, PUBLIC, type Grantee } from '../../server/src/shared/policy.js';
import { POLICY, TOKEN_SCOPES, type Action } from '../../server/src/composition/policy.js';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../helpers/app.js';
import { gql, gqlBearer, signIn } from '../helpers/graphql.js';
import { DEMO } from '../helpers/people.js';
import { SAMPLED } from '../helpers/breadth.js';

/** Callers, each a demo staff member whose authorities are known (or nobody). */
const CALLERS: Record<string, { staffNumber: string | null; has: Grantee[]; token?: string[]; device?: boolean }> = {
  // a paired door tablet (paired through the manager's code)
  doorDevice: { staffNumber: null, has: [DEVICE], device: true },
  anonymous: { staffNumber: null, has: [PUBLIC] },
  operator: { staffNumber: DEMO.operator.staffNumber, has: [Authority.OPERATOR] },
  manager: { staffNumber: DEMO.manager.staffNumber, has: [Authority.OPERATOR, Authority.MANAGER] },
  chief: { staffNumber: DEMO.chief.staffNumber, has: [Authority.OPERATOR, Authority.CHIEF] },
  systemAdministrator: {
    staffNumber: DEMO.systemAdministrator.staffNumber,
    has: [Authority.OPERATOR, Authority.SYSTEM_ADMINISTRATOR],
  },
  auditor: { staffNumber: DEMO.auditor.staffNumber, has: [Authority.OPERATOR, Authority.AUDITOR] },
  // API clients: their owner's authority narrowed to the token's scopes
  tokenReadOfAuditor: {
    staffNumber: DEMO.auditor.staffNumber,
    has: [Authority.OPERATOR, Authority.AUDITOR],
    token: ['READ'],
  },
  tokenAuditOfAuditor: {
    staffNumber: DEMO.auditor.staffNumber,
    has: [Authority.OPERATOR, Authority.AUDITOR],
    token: ['READ_AUDIT'],
  },
  tokenAllOfSystemAdministrator: {
    staffNumber: DEMO.systemAdministrator.staffNumber,
    has: [Authority.OPERATOR, Authority.SYSTEM_ADMINISTRATOR],
    token: ['READ', 'READ_AUDIT', 'WRITE_OPLOG', 'READ_INCIDENTS'],
  },
  tokenIncidentsOfAuditor: {
    staffNumber: DEMO.auditor.staffNumber,
    has: [Authority.OPERATOR, Authority.AUDITOR],
    token: ['READ_INCIDENTS'],
  },
  pinAdministrator: {
    staffNumber: DEMO.pinAdministrator.staffNumber,
    has: [Authority.OPERATOR, Authority.PIN_ADMINISTRATOR, Authority.OPERATIONS_MANAGER],
  },
};

const TARGET = DEMO.welfareClerk.staffNumber;
/** One sample call per action. Adding a query or mutation without a sample fails the coverage test. */
const SAMPLES: Record<
  Action,
  {
    query: string;
    variables?: (targetId: string) => Record<string, unknown>;
    httpGet?: string;
    /** an HTTP write (the operation-history ingest): 200, or 401/403 with { code } */
    httpPost?: { url: string; contentType: string; body: string };
  }
> = {
  'Query.me': { query: `{ me { staff { id } } }` },
  'Mutation.signIn': {
    query: `mutation($i: SignInInput!) { signIn(input: $i) { staff { id } } }`,
    variables: () => ({ i: { staffNumber: '000000', password: 'nobody-has-this' } }),
  },
  'Mutation.signOut': { query: `mutation { signOut }` },
  'Mutation.signOutEverywhere': { query: `mutation { signOutEverywhere }` },
  'Mutation.changePassword': {
    query: `mutation($i: ChangePasswordInput!) { changePassword(input: $i) }`,
    variables: () => ({ i: { currentPassword: 'not-the-current', newPassword: 'whatever-long-enough' } }),
  },
  'Mutation.unlockAccount': {
    query: `mutation($i: StaffIdInput!) { unlockAccount(input: $i) }`,
    variables: (id) => ({ i: { staffId: id } }),
  },
  'Mutation.setStaffPassword': {
    query: `mutation($i: SetStaffPasswordInput!) { setStaffPassword(input: $i) }`,
    variables: (id) => ({ i: { staffId: id, password: DEMO_PASSWORD } }),
  },
  'Query.departments': { query: `{ departments { id } }` },
  'Query.staffMember': { query: `query($id: ID!) { staffMember(id: $id) { id } }`, variables: (id) => ({ id }) },
  'Query.roleHolders': { query: `{ roleHolders { role } }` },
  'Query.roleHistory': { query: `{ roleHistory(role: CHIEF) { id } }` },
  'Query.council': { query: `{ council { on } }` },
  'Query.staffDirectory': { query: `{ staffDirectory(first: 1) { nodes { id } } }` },
  // a field: reached through a query everyone who may see it may call
  'Staff.account': {
    query: `query($id: ID!) { staffMember(id: $id) { account { lockedAt } } }`,
    variables: (id) => ({ id }),
  },
  'Query.auditEntries': { query: `{ auditEntries(first: 1) { nodes { id } } }` },
  'Query.auditVerification': { query: `{ auditVerification { ok } }` },
  'Query.auditCheckpoint': { query: `{ auditCheckpoint }` },
  'Query.compliance': { query: `{ compliance { summary { ok } } }` },
  'Query.myTodos': { query: `{ myTodos { id count } }` },
  'Query.myApiTokens': { query: `{ myApiTokens { id } }` },
  'Query.myPasskeys': { query: `{ myPasskeys { id } }` },
  'Mutation.beginPasskeyRegistration': {
    query: `mutation($i: BeginPasskeyRegistrationInput!) { beginPasskeyRegistration(input: $i) }`,
    variables: () => ({ i: { currentPassword: 'not-the-current' } }),
  },
  'Mutation.finishPasskeyRegistration': {
    query: `mutation($i: FinishPasskeyRegistrationInput!) { finishPasskeyRegistration(input: $i) { id } }`,
    variables: () => ({ i: { name: 'policy test', response: { id: 'AAAA' } } }),
  },
  'Mutation.deletePasskey': {
    query: `mutation($i: PasskeyIdInput!) { deletePasskey(input: $i) { id } }`,
    variables: () => ({ i: { id: '00000000-0000-4000-8000-000000000000' } }),
  },
  'Mutation.beginPasskeySignIn': { query: `mutation { beginPasskeySignIn }` },
  'Mutation.beginPasskeyReauthentication': { query: `mutation { beginPasskeyReauthentication }` },
  'Mutation.signInWithPasskey': {
    query: `mutation($i: SignInWithPasskeyInput!) { signInWithPasskey(input: $i) { staff { id } } }`,
    variables: () => ({ i: { response: { id: 'AAAA' } } }),
  },
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
        roomIds: [roomId],
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
  'Query.doorDevices': { query: `{ doorDevices { id } }` },
  'Query.thisDevice': { query: `{ thisDevice { id } }` },
  'Mutation.createDevicePairing': {
    query: `mutation($i: CreateDevicePairingInput!) { createDevicePairing(input: $i) { expiresAt } }`,
    variables: () => ({ i: { name: 'policy test', roomIds: [roomId] } }),
  },
  'Mutation.pairDevice': {
    query: `mutation($i: PairDeviceInput!) { pairDevice(input: $i) { device { id } } }`,
    variables: () => ({ i: { code: 'AAAAA-AAAAA' } }),
  },
  'Mutation.revokeDevice': {
    query: `mutation($i: DeviceIdInput!) { revokeDevice(input: $i) { id } }`,
    variables: () => ({ i: { id: '00000000-0000-4000-8000-000000000000' } }),
  },
  'Mutation.createStaff': {
    query: `mutation($i: CreateStaffInput!) { createStaff(input: $i) { id } }`,
    variables: () => ({
      i: {
        staffNumber: `P${Math.random().toString().slice(2, 8)}`,
        familyName: '試験',
        givenName: '花子',
        familyNameKana: 'しけん',
        givenNameKana: 'はなこ',
        title: '主事',
        sectionId: sectionIdOfTarget,
      },
    }),
  },
  'Mutation.updateStaff': {
    query: `mutation($i: UpdateStaffInput!) { updateStaff(input: $i) { id } }`,
    variables: (id) => ({ i: { id, title: '主任' } }),
  },
  'Mutation.deactivateStaff': {
    query: `mutation($i: DeactivateStaffInput!) { deactivateStaff(input: $i) { id } }`,
    variables: () => ({ i: { id: '00000000-0000-4000-8000-000000000000', lastDay: '2026-12-31' } }),
  },
  'Mutation.assignRole': {
    query: `mutation($i: AssignRoleInput!) { assignRole(input: $i) { id } }`,
    variables: (id) => ({ i: { role: 'RESIDENT_INFORMATION_DIRECTOR', staffId: id, validFrom: '2099-01-01' } }),
  },
  'Mutation.endRoleAssignment': {
    query: `mutation($i: EndRoleAssignmentInput!) { endRoleAssignment(input: $i) { id } }`,
    variables: () => ({ i: { id: '00000000-0000-4000-8000-000000000000', lastDay: '2026-12-31' } }),
  },
  'Mutation.assignActing': {
    query: `mutation($i: AssignActingInput!) { assignActing(input: $i) { id } }`,
    variables: (id) => ({
      i: { role: 'CHIEF', actingStaffId: id, startsOn: '2030-01-06', endsOn: '2030-01-07', reason: '試験' },
    }),
  },
  'Query.assignmentProposals': { query: `{ assignmentProposals { id } }` },
  'Mutation.proposeRoleAssignment': {
    query: `mutation($i: AssignRoleInput!) { proposeRoleAssignment(input: $i) { id } }`,
    variables: (id) => ({ i: { role: 'MANAGER', staffId: id, validFrom: '2099-01-01' } }),
  },
  'Mutation.proposeActing': {
    query: `mutation($i: AssignActingInput!) { proposeActing(input: $i) { id } }`,
    variables: (id) => ({
      i: { role: 'CHIEF', actingStaffId: id, startsOn: '2099-01-06', endsOn: '2099-01-07', reason: '試験' },
    }),
  },
  'Mutation.confirmAssignmentProposal': {
    query: `mutation($i: AssignmentProposalIdInput!) { confirmAssignmentProposal(input: $i) { id } }`,
    variables: () => ({ i: { id: '00000000-0000-4000-8000-000000000000' } }),
  },
  'Mutation.rejectAssignmentProposal': {
    query: `mutation($i: RejectAssignmentProposalInput!) { rejectAssignmentProposal(input: $i) { id } }`,
    variables: () => ({ i: { id: '00000000-0000-4000-8000-000000000000', reason: '試験' } }),
  },
  'Mutation.createApiToken': {
    query: `mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { apiToken { id } } }`,
    variables: () => ({ i: { name: 'policy test', scopes: ['READ'], currentPassword: DEMO_PASSWORD } }),
  },
  'Mutation.revokeApiToken': {
    query: `mutation($i: RevokeApiTokenInput!) { revokeApiToken(input: $i) { id } }`,
    variables: () => ({ i: { id: '00000000-0000-4000-8000-000000000000' } }),
  },
  'Query.pushPublicKey': { query: `{ pushPublicKey }` },
  'Query.myPushSubscriptions': { query: `{ myPushSubscriptions { id } }` },
  'Query.pushDeliveryProblems': { query: `{ pushDeliveryProblems { id } }` },
  'Mutation.subscribePush': {
    query: `mutation($i: SubscribePushInput!) { subscribePush(input: $i) { id } }`,
    variables: () => ({ i: { endpoint: 'http://nowhere.invalid/', p256dh: 'x', auth: 'y', label: 'policy' } }),
  },
  'Mutation.unsubscribePush': {
    query: `mutation($i: PushSubscriptionIdInput!) { unsubscribePush(input: $i) { id } }`,
    variables: () => ({ i: { id: '00000000-0000-4000-8000-000000000000' } }),
  },
  'Query.incidentTypes': { query: `{ incidentTypes { type } }` },
  'Query.incidents': { query: `{ incidents(first: 1) { nodes { id } } }` },
  'Export.incidents': { query: '', httpGet: '/exports/incidents.csv?from=2026-11-01&to=2026-11-30' },
  'Ingest.operationRecords': {
    query: '',
    httpPost: {
      url: '/api/oplog/batches/policy-test',
      contentType: 'text/csv',
      body: '日時,端末,操作者ID,操作種別,結果\n2026-11-20 09:00:00,T-1,OP1,SIGN_IN,SUCCESS\n',
    },
  },
  'Query.operationRecords': {
    query: `{ operationRecords(from: "2026-11-01T00:00:00Z", to: "2026-12-01T00:00:00Z", first: 1) { nodes { line } } }`,
  },
  'Query.operationTypes': { query: `{ operationTypes { code labelJa } }` },
  // A20.1: reviews of the operation history and their saved queries (an impossible month, unknown ids: refused by the rules)
  'Query.oplogReviews': { query: `{ oplogReviews { id } }` },
  'Query.oplogReviewsDue': { query: `{ oplogReviewsDue }` },
  'Query.oplogReview': {
    query: `query($id: ID!) { oplogReview(id: $id) { id } }`,
    variables: () => ({ id: '00000000-0000-4000-8000-000000000000' }),
  },
  'Mutation.createOplogReview': { query: `mutation { createOplogReview(month: "2026-13") { id } }` },
  'Mutation.recordOplogReviewFindings': {
    query: `mutation { recordOplogReviewFindings(id: "00000000-0000-4000-8000-000000000000", findings: "x") { id } }`,
  },
  'Mutation.markOperationRecord': {
    query: `mutation($i: MarkOperationRecordInput!) { markOperationRecord(input: $i) { line } }`,
    variables: () => ({
      i: { at: '2026-11-20T00:00:00Z', sourceId: 'none', line: 1, verdict: 'EXPLAINED', note: '確認済み' },
    }),
  },
  'Mutation.signOffOplogReview': {
    query: `mutation($i: SignOffOplogReviewInput!) { signOffOplogReview(input: $i) { id } }`,
    variables: () => ({ i: { id: '00000000-0000-4000-8000-000000000000' } }),
  },
  'Query.oplogFlaggedRecords': {
    query: `{ oplogFlaggedRecords(query: OUTSIDE_HOURS, from: "2026-11-01", until: "2026-11-30", first: 1) { nodes { line } } }`,
  },
  'Query.oplogOperatorDays': {
    query: `{ oplogOperatorDays(query: ALL_DAY, from: "2026-11-01", until: "2026-11-30", first: 1) { nodes { day } } }`,
  },
  'Export.oplogSavedQuery': { query: '', httpGet: '/exports/oplog/outside-hours.csv?from=2026-11-01&until=2026-11-30' },
  'Query.operationRecordMonths': { query: `{ operationRecordMonths { month pastRetention held } }` },
  'Query.oplogLegalHolds': { query: `{ oplogLegalHolds { id reason } }` },
  'Query.oplogArchives': { query: `{ oplogArchives { month sha256 } }` },
  'Query.investigations': { query: `{ investigations(first: 1) { nodes { id } } }` },
  'Query.investigation': {
    query: `query($id: ID!) { investigation(id: $id) { id } }`,
    variables: () => ({ id: '00000000-0000-4000-8000-000000000000' }),
  },
  // fields: reached through the list, whose readers are theirs
  'Investigation.subject': { query: `{ investigations(first: 1) { nodes { subject { id } } } }` },
  'Investigation.findings': { query: `{ investigations(first: 1) { nodes { findings } } }` },
  'Investigation.links': { query: `{ investigations(first: 1) { nodes { links { id } } } }` },
  'Mutation.openInvestigation': {
    query: `mutation($i: OpenInvestigationInput!) { openInvestigation(input: $i) { id } }`,
    variables: (targetId) => ({
      i: {
        subjectId: targetId,
        scope: '権限の確認',
        from: '2026-01-01T00:00:00Z',
        to: '2026-02-01T00:00:00Z',
        cooperationMessage: '権限の確認',
      },
    }),
  },
  'Mutation.recordInvestigationFindings': {
    query: `mutation { recordInvestigationFindings(input: { id: "00000000-0000-4000-8000-000000000000", findings: "x" }) { id } }`,
  },
  'Mutation.linkInvestigationRecord': {
    query: `mutation { linkInvestigationRecord(input: { investigationId: "00000000-0000-4000-8000-000000000000", kind: INCIDENT, incidentId: "00000000-0000-4000-8000-000000000000" }) { id } }`,
  },
  'Query.investigationCooperationRequests': { query: `{ investigationCooperationRequests { id } }` },
  'Mutation.acknowledgeInvestigationCooperation': {
    query: `mutation { acknowledgeInvestigationCooperation(id: "00000000-0000-4000-8000-000000000000") { id } }`,
  },
  'Mutation.archiveOperationRecordMonth': {
    query: `mutation { archiveOperationRecordMonth(input: { month: "2001-01" }) { month } }`,
  },
  'Mutation.setOplogLegalHold': {
    query: `mutation { setOplogLegalHold(input: { reason: "権限の確認", from: "2001-01-01T00:00:00Z", to: "2001-02-01T00:00:00Z" }) { id } }`,
  },
  'Mutation.liftOplogLegalHold': {
    query: `mutation { liftOplogLegalHold(input: { id: "00000000-0000-4000-8000-000000000000", reason: "権限の確認" }) { id } }`,
  },
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
  'Query.configurationItems': { query: `{ configurationItems(first: 1) { nodes { id } } }` },
  'Query.configurationItem': {
    query: `query($id: ID!) { configurationItem(id: $id) { id } }`,
    variables: () => ({ id: '00000000-0000-4000-8000-000000000000' }),
  },
  'Query.configurationChanges': { query: `{ configurationChanges(first: 1) { nodes { id } } }` },
  'Query.configurationChangeRequests': { query: `{ configurationChangeRequests(first: 1) { nodes { id } } }` },
  'Query.configurationChangeRequest': {
    query: `query($id: ID!) { configurationChangeRequest(id: $id) { id } }`,
    variables: () => ({ id: '00000000-0000-4000-8000-000000000000' }),
  },
  'Query.configurationDocuments': { query: `{ configurationDocuments { id } }` },
  'Query.configurationDocument': {
    query: `query($id: ID!) { configurationDocument(id: $id) { id } }`,
    variables: () => ({ id: '00000000-0000-4000-8000-000000000000' }),
  },
  'Mutation.createConfigurationDocument': {
    query: `mutation($i: CreateConfigurationDocumentInput!) { createConfigurationDocument(input: $i) { id } }`,
    variables: () => ({ i: { type: 'OTHER', title: 'policy test' } }),
  },
  'Mutation.approveConfigurationDocumentVersion': {
    query: `mutation($i: ApproveConfigurationDocumentVersionInput!) { approveConfigurationDocumentVersion(input: $i) { id } }`,
    variables: () => ({ i: { versionId: '00000000-0000-4000-8000-000000000000' } }),
  },
  'Mutation.reviewConfigurationDocumentVersion': {
    query: `mutation($i: ReviewConfigurationDocumentVersionInput!) { reviewConfigurationDocumentVersion(input: $i) { id } }`,
    variables: () => ({ i: { versionId: '00000000-0000-4000-8000-000000000000', nextReviewOn: '2030-01-01' } }),
  },
  'Mutation.addConfigurationDocumentVersion': {
    query: `mutation($i: AddConfigurationDocumentVersionInput!) { addConfigurationDocumentVersion(input: $i) { id } }`,
    variables: () => ({
      i: {
        documentId: '00000000-0000-4000-8000-000000000000',
        versionLabel: 'policy test',
        effectiveOn: '2026-11-01',
        file: { fileName: 'a.txt', contentBase64: 'YQ==' },
      },
    }),
  },
  'Query.firewallSettingBackups': {
    query: `query($id: ID!) { firewallSettingBackups(itemId: $id) { id } }`,
    variables: () => ({ id: '00000000-0000-4000-8000-000000000000' }),
  },
  'Mutation.recordFirewallVersionCheck': {
    query: `mutation($i: RecordFirewallVersionCheckInput!) { recordFirewallVersionCheck(input: $i) { id } }`,
    variables: () => ({
      i: { itemId: '00000000-0000-4000-8000-000000000000', latestKnownVersion: '1.0', checkedOn: '2026-11-01' },
    }),
  },
  'Mutation.storeFirewallSettingBackup': {
    query: `mutation($i: StoreFirewallSettingBackupInput!) { storeFirewallSettingBackup(input: $i) { id } }`,
    variables: () => ({
      i: {
        itemId: '00000000-0000-4000-8000-000000000000',
        takenAt: '2026-11-01T00:00:00Z',
        copyKeptAt: 'policy test',
        file: { fileName: 'a.txt', contentBase64: 'YQ==' },
      },
    }),
  },
  'Mutation.recordFirewallRestoreDrill': {
    query: `mutation($i: RecordFirewallRestoreDrillInput!) { recordFirewallRestoreDrill(input: $i) { id } }`,
    variables: () => ({
      i: { itemId: '00000000-0000-4000-8000-000000000000', drilledOn: '2026-11-01', result: 'SUCCEEDED' },
    }),
  },
  'Mutation.requestConfigurationChange': {
    query: `mutation($i: RequestConfigurationChangeInput!) { requestConfigurationChange(input: $i) { id } }`,
    variables: () => ({
      i: {
        kind: 'CHANGE',
        itemId: '00000000-0000-4000-8000-000000000000',
        summary: 'policy test',
        reason: 'policy test',
      },
    }),
  },
  'Mutation.withdrawConfigurationChange': {
    query: `mutation($i: ConfigurationChangeDecisionInput!) { withdrawConfigurationChange(input: $i) { id } }`,
    variables: () => ({ i: { id: '00000000-0000-4000-8000-000000000000' } }),
  },
  'Mutation.approveConfigurationChange': {
    query: `mutation($i: ConfigurationChangeDecisionInput!) { approveConfigurationChange(input: $i) { id } }`,
    variables: () => ({ i: { id: '00000000-0000-4000-8000-000000000000' } }),
  },
  'Mutation.refuseConfigurationChange': {
    query: `mutation($i: ConfigurationChangeDecisionInput!) { refuseConfigurationChange(input: $i) { id } }`,
    variables: () => ({ i: { id: '00000000-0000-4000-8000-000000000000', note: 'policy test' } }),
  },
  'Mutation.carryOutConfigurationChange': {
    query: `mutation($i: ConfigurationChangeRequestIdInput!) { carryOutConfigurationChange(input: $i) { id } }`,
    variables: () => ({ i: { id: '00000000-0000-4000-8000-000000000000' } }),
  },
  'Mutation.confirmConfigurationChange': {
    query: `mutation($i: ConfigurationChangeDecisionInput!) { confirmConfigurationChange(input: $i) { id } }`,
    variables: () => ({ i: { id: '00000000-0000-4000-8000-000000000000' } }),
  },
  'Mutation.recordUnapprovedConfigurationChange': {
    query: `mutation($i: RecordUnapprovedConfigurationChangeInput!) { recordUnapprovedConfigurationChange(input: $i) { id } }`,
    variables: () => ({
      i: {
        kind: 'CHANGE',
        itemId: '00000000-0000-4000-8000-000000000000',
        summary: 'policy test',
        reason: 'policy test',
      },
    }),
  },
  'Mutation.reviewUnapprovedConfigurationChange': {
    query: `mutation($i: ReviewUnapprovedConfigurationChangeInput!) { reviewUnapprovedConfigurationChange(input: $i) { id } }`,
    variables: () => ({ i: { id: '00000000-0000-4000-8000-000000000000', note: 'policy test' } }),
  },
  'Mutation.recordConfigurationMedium': {
    query: `mutation($i: RecordConfigurationMediumInput!) { recordConfigurationMedium(input: $i) { id } }`,
    variables: () => ({
      i: { id: '00000000-0000-4000-8000-000000000000', item: { name: 'policy' }, reason: 'policy test' },
    }),
  },
  // a sheet with no usable columns: refused with IMPORT_COLUMNS_MISSING after the policy, nothing stored
  'Mutation.importConfigurationRegister': {
    query: `mutation($i: ImportConfigurationRegisterInput!) { importConfigurationRegister(input: $i) { imported } }`,
    variables: () => ({
      i: { file: { fileName: 'policy.csv', contentBase64: Buffer.from('policy\n').toString('base64') } },
    }),
  },
  'Export.configurationRegister': { query: '', httpGet: '/exports/configuration-register.csv' },
  'Mutation.setConnectionMeasures': {
    query: `mutation($i: SetConnectionMeasuresInput!) { setConnectionMeasures(input: $i) { id } }`,
    variables: () => ({
      i: { connectionId: '00000000-0000-4000-8000-000000000000', measures: 'policy test', reason: 'policy test' },
    }),
  },
  // maintenance work orders (A26)
  'Query.maintenanceWorkOrders': { query: `{ maintenanceWorkOrders { nodes { id } } }` },
  'Query.maintenanceWorkOrder': {
    query: `query($id: ID!) { maintenanceWorkOrder(id: $id) { id } }`,
    variables: () => ({ id: '00000000-0000-4000-8000-000000000000' }),
  },
  'Mutation.instructMaintenanceWork': {
    query: `mutation($i: InstructMaintenanceWorkInput!) { instructMaintenanceWork(input: $i) { id } }`,
    variables: () => ({
      i: {
        contractorCompany: '保守会社',
        people: ['保守 太郎'],
        work: '点検',
        startsAt: '2000-01-01T00:00:00Z',
        endsAt: '2000-01-01T01:00:00Z',
        roomIds: ['00000000-0000-4000-8000-000000000000'],
      },
    }),
  },
  'Mutation.completeMaintenanceWork': {
    query: `mutation($i: CompleteMaintenanceWorkInput!) { completeMaintenanceWork(input: $i) { id } }`,
    variables: () => ({ i: { id: '00000000-0000-4000-8000-000000000000', result: '完了' } }),
  },
  'Mutation.cancelMaintenanceWork': {
    query: `mutation($i: CancelMaintenanceWorkInput!) { cancelMaintenanceWork(input: $i) { id } }`,
    variables: () => ({ i: { id: '00000000-0000-4000-8000-000000000000', reason: '中止' } }),
  },
  'Query.uncoveredContractorEntries': { query: `{ uncoveredContractorEntries { id } }` },
  'Mutation.reviewUncoveredEntry': {
    query: `mutation($i: ReviewUncoveredEntryInput!) { reviewUncoveredEntry(input: $i) { id } }`,
    variables: () => ({ i: { eventId: '00000000-0000-4000-8000-000000000000', note: '納品の立会い' } }),
  },
  // operator ID cards and requests to the PIN administrator (A16)
  'Query.cardOperators': { query: `{ cardOperators { nodes { id } } }` },
  'Query.cardOperator': {
    query: `query($id: ID!) { cardOperator(id: $id) { id } }`,
    variables: () => ({ id: '00000000-0000-4000-8000-000000000000' }),
  },
  'Query.operatorCards': { query: `{ operatorCards { nodes { id } } }` },
  'Query.operatorCard': {
    query: `query($id: ID!) { operatorCard(id: $id) { id } }`,
    variables: () => ({ id: '00000000-0000-4000-8000-000000000000' }),
  },
  'Mutation.registerCardOperator': {
    query: `mutation($i: RegisterCardOperatorInput!) { registerCardOperator(input: $i) { id } }`,
    variables: () => ({
      i: { staffId: '00000000-0000-4000-8000-000000000000', operatorCode: 'OP-POLICY', since: '2026-04-01' },
    }),
  },
  'Mutation.endCardOperator': {
    query: `mutation($i: EndCardOperatorInput!) { endCardOperator(input: $i) { id } }`,
    variables: () => ({ i: { id: '00000000-0000-4000-8000-000000000000', until: '2026-04-01' } }),
  },
  'Mutation.receiveOperatorCard': {
    query: `mutation($i: ReceiveOperatorCardInput!) { receiveOperatorCard(input: $i) { id } }`,
    variables: () => ({ i: { cardNumber: 'C-POLICY' } }),
  },
  'Mutation.issueOperatorCard': {
    query: `mutation($i: IssueOperatorCardInput!) { issueOperatorCard(input: $i) { id } }`,
    variables: () => ({
      i: { cardId: '00000000-0000-4000-8000-000000000000', operatorId: '00000000-0000-4000-8000-000000000000' },
    }),
  },
  'Mutation.returnOperatorCard': {
    query: `mutation($i: ReturnOperatorCardInput!) { returnOperatorCard(input: $i) { id } }`,
    variables: () => ({
      i: {
        cardId: '00000000-0000-4000-8000-000000000000',
        operatorId: '00000000-0000-4000-8000-000000000000',
        storagePlace: '金庫',
        storageLocked: true,
      },
    }),
  },
  'Mutation.reportOperatorCardLost': {
    query: `mutation($i: ReportOperatorCardLostInput!) { reportOperatorCardLost(input: $i) { id } }`,
    variables: () => ({ i: { cardId: '00000000-0000-4000-8000-000000000000' } }),
  },
  'Mutation.revokeOperatorCard': {
    query: `mutation($i: RevokeOperatorCardInput!) { revokeOperatorCard(input: $i) { id } }`,
    variables: () => ({ i: { cardId: '00000000-0000-4000-8000-000000000000' } }),
  },
  'Mutation.destroyOperatorCard': {
    query: `mutation($i: DestroyOperatorCardInput!) { destroyOperatorCard(input: $i) { id } }`,
    variables: () => ({ i: { cardId: '00000000-0000-4000-8000-000000000000', method: '裁断' } }),
  },
  'Query.cardRequests': { query: `{ cardRequests { nodes { id } } }` },
  'Mutation.requestCardChange': {
    query: `mutation($i: RequestCardChangeInput!) { requestCardChange(input: $i) { id } }`,
    variables: () => ({ i: { kind: 'PIN_SET', operatorId: '00000000-0000-4000-8000-000000000000' } }),
  },
  'Mutation.acceptCardRequest': {
    query: `mutation($i: CardRequestIdInput!) { acceptCardRequest(input: $i) { id } }`,
    variables: () => ({ i: { id: '00000000-0000-4000-8000-000000000000' } }),
  },
  'Mutation.completeCardRequest': {
    query: `mutation($i: CompleteCardRequestInput!) { completeCardRequest(input: $i) { id } }`,
    variables: () => ({ i: { id: '00000000-0000-4000-8000-000000000000' } }),
  },
  'Mutation.refuseCardRequest': {
    query: `mutation($i: RefuseCardRequestInput!) { refuseCardRequest(input: $i) { id } }`,
    variables: () => ({ i: { id: '00000000-0000-4000-8000-000000000000', reason: '不要' } }),
  },
  // resident-card stock (A18): inputs the rules refuse, so the policy test changes no stock
  'Query.residentCardStock': { query: `{ residentCardStock { onHand } }` },
  'Query.residentCardStockSheet': { query: `{ residentCardStockSheet(month: "2026-11") { month closing } }` },
  'Export.residentCardStockSheet': { query: '', httpGet: '/exports/resident-card-stock-sheet.csv?month=2026-11' },
  'Mutation.receiveResidentCards': {
    query: `mutation($i: ReceiveResidentCardsInput!) { receiveResidentCards(input: $i) { id } }`,
    variables: () => ({ i: { lotNumber: 'POLICY', count: 1, on: '2026-11-02', storagePlace: null } }),
  },
  'Mutation.issueResidentCards': {
    query: `mutation($i: IssueResidentCardsInput!) { issueResidentCards(input: $i) { id } }`,
    variables: () => ({ i: { count: 1, on: '2026-11-02', issuedTo: '' } }),
  },
  'Mutation.destroyResidentCards': {
    query: `mutation($i: DestroyResidentCardsInput!) { destroyResidentCards(input: $i) { id } }`,
    variables: () => ({ i: { firstNumber: '1', on: '2026-11-02', method: '裁断', witnessId: null } }),
  },
  'Mutation.countResidentCards': {
    query: `mutation($i: CountResidentCardsInput!) { countResidentCards(input: $i) { id } }`,
    variables: () => ({ i: { counted: -1 } }),
  },
  'Mutation.reviewResidentCardMonth': {
    query: `mutation($i: ReviewResidentCardMonthInput!) { reviewResidentCardMonth(input: $i) { month } }`,
    variables: () => ({ i: { month: '2000-01' } }),
  },
  'Export.operatorCards': { query: '', httpGet: '/exports/operator-cards.csv' },
  'Query.myPinRules': { query: `{ myPinRules { asked } }` },
  'Query.pinRulesOverview': { query: `{ pinRulesOverview { operators } }` },
  'Mutation.acknowledgePinRules': {
    query: `mutation($v: ID!) { acknowledgePinRules(versionId: $v) { id } }`,
    variables: () => ({ v: '00000000-0000-4000-8000-000000000000' }),
  },
  'Query.cardTransferRounds': { query: `{ cardTransferRounds { id } }` },
  'Query.cardTransferRound': {
    query: `query($id: ID!) { cardTransferRound(id: $id) { moves } }`,
    variables: () => ({ id: '00000000-0000-4000-8000-000000000000' }),
  },
  'Query.cardTransferMoves': {
    query: `query($f: TransferMoveFilterInput!) { cardTransferMoves(filter: $f) { hasNextPage } }`,
    variables: () => ({ f: { roundId: '00000000-0000-4000-8000-000000000000' } }),
  },
  'Mutation.importCardTransfers': {
    query: `mutation($i: ImportCardTransfersInput!) { importCardTransfers(input: $i) { added } }`,
    variables: () => ({ i: { roundName: '権限の確認', contentBase64: '' } }),
  },
};

/**
 * Headers of a caller: a session cookie, their token as Authorization: Bearer, or the tablet's
 * credential. Each is made once for the whole walk and made again only after a case ended it (a
 * signOut, signOutEverywhere or changePassword of the caller's): a sign-in per case spent most of
 * this file's time in argon2, and the outcome of a case does not depend on how new the session is.
 */
async function credentialsOf(caller: (typeof CALLERS)[string]): Promise<Record<string, string>> {
  if (caller.device) {
    const live = async (credential: string) =>
      !!(await gqlBearer<any>(t.app.http, credential, `{ thisDevice { id } }`)).data?.thisDevice;
    if (!deviceCredential || !(await live(deviceCredential))) {
      const manager = await sessionOf(DEMO.manager.staffNumber);
      const created = await gql(
        t.app.http,
        `mutation($i: CreateDevicePairingInput!) { createDevicePairing(input: $i) { code } }`,
        { i: { name: 'policy test tablet', roomIds: [roomId] } },
        manager,
      );
      const paired = await gql(t.app.http, `mutation($i: PairDeviceInput!) { pairDevice(input: $i) { credential } }`, {
        i: { code: created.data!.createDevicePairing.code },
      });
      deviceCredential = paired.data!.pairDevice.credential as string;
    }
    return { authorization: `Bearer ${deviceCredential}` };
  }
  if (!caller.staffNumber) return {};
  const cookie = await sessionOf(caller.staffNumber);
  if (!caller.token) return { cookie };
  // one token per caller for the whole walk (a person may hold at most 20 live tokens), made again
  // after the person's signOutEverywhere or changePassword revoked it (Hardening §4)
  const key = caller.token.join(',') + caller.staffNumber;
  const revoked = async (token: string) => {
    const res = await gqlBearer<any>(t.app.http, token, `{ me { staff { id } } }`);
    return !res.errors && res.data?.me === null; // a revoked token is anonymous (a live one may lack READ)
  };
  if (!tokensOfCallers[key] || (await revoked(tokensOfCallers[key]))) {
    tokensOfCallers[key] = await createTokenFor(cookie, caller.token);
  }
  return { authorization: `Bearer ${tokensOfCallers[key]}` };
}

const tokensOfCallers: Record<string, string> = {};
let deviceCredential: string | undefined;

/** The person's session for the walk; signed in again when a case ended it. */
const sessions: Record<string, string> = {};
async function sessionOf(staffNumber: string): Promise<string> {
  const cookie = sessions[staffNumber];
  if (cookie && (await gql(t.app.http, `{ me { staff { id } } }`, {}, cookie)).data?.me) return cookie;
  return (sessions[staffNumber] = await signIn(t.app.http, staffNumber, DEMO_PASSWORD));
}
async function createTokenFor(cookie: string, scopes: string[]): Promise<string> {
  const res = await gql(
    t.app.http,
    `mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { token } }`,
    { i: { name: 'policy test', scopes, currentPassword: DEMO_PASSWORD } },
    cookie,
  );
  return res.data!.createApiToken.token;
}

let t: TestApp;
let targetId: string;
let sectionIdOfTarget: string;
let roomId: string;
beforeAll(async () => {
  // every refused mutation must leave its own entry here; anonymous refusals beyond 30 per address
  // and minute go into a summary entry instead (hardening §3, tested in audit-hardening), and this
  // table sends more than that in a minute on a fast machine
  t = await startTestApp({ env: { AUDIT_ANONYMOUS_REFUSALS_PER_MINUTE: '100000' } });
  [{ id: targetId, sectionId: sectionIdOfTarget }] = await t.db.dataSource.query(
    `SELECT id, "sectionId" FROM staff WHERE "staffNumber" = $1`,
    [TARGET],
  );
  [{ id: roomId }] = await t.db.dataSource.query(`SELECT id FROM room WHERE code = 'R01'`);
});
afterAll(() => t.close());

describe('policy table (REQUIREMENTS §8)', () => {
  it('names every query and mutation of the schema, each with @Authorized, and has a sample for each', async () => {
    const schema = await createSchema();
    const roots = [schema.getQueryType()!, schema.getMutationType()!].flatMap((type) =>
      Object.keys(type.getFields()).map((f) => `${type.name}.${f}`),
    );
    expect(roots.filter((r) => !(r in POLICY))).toEqual([]);
    const authorized = new Set(getMetadataStorage().authorizedFields.map((f) => `${f.target.name}.${f.fieldName}`));
    // every other entry is a sensitive field of an object type, guarded by its own @Authorized
    const fieldActions = Object.keys(POLICY).filter((a) => !roots.includes(a) && !/^(Export|Ingest)\./.test(a));
    expect(fieldActions.filter((a) => /^(Query|Mutation)\./.test(a))).toEqual([]);
    const fieldChecks = getMetadataStorage()
      .fieldResolvers.filter((f) =>
        getMetadataStorage().authorizedFields.some((a) => a.target === f.target && a.fieldName === f.methodName),
      )
      .map((f) => `${(f.getObjectType?.() as { name: string } | undefined)?.name}.${f.schemaName}`);
    expect(fieldActions.sort()).toEqual(fieldChecks.sort());
    const resolverMethods = getMetadataStorage().queries.concat(getMetadataStorage().mutations);
    expect(
      resolverMethods.filter((m) => !authorized.has(`${m.target.name}.${m.methodName}`)).map((m) => m.methodName),
    ).toEqual([]);
    expect(Object.keys(SAMPLES).sort()).toEqual(Object.keys(POLICY).sort());
  });

  for (const [action, grantees] of Object.entries(POLICY) as [Action, readonly Grantee[]][]) {
    const cases = Object.entries(CALLERS).map(([caller, c]) => {
      const ownerAllowed = c.has.some((g) => grantees.includes(g));
      const scope = TOKEN_SCOPES[action];
      const allowed = c.device
        ? grantees.includes(DEVICE)
        : c.token
          ? !!scope && c.token.includes(scope) && (ownerAllowed || grantees.includes(PUBLIC))
          : ownerAllowed || grantees.includes(PUBLIC);
      return { caller, c, allowed };
    });
    // sampled (CI's second pass, test/helpers/breadth.ts): one caller allowed and one refused per action
    const chosen = SAMPLED
      ? [cases.find((k) => k.allowed), cases.find((k) => !k.allowed)].filter((k) => k !== undefined)
      : cases;
    for (const { caller, c, allowed } of chosen) {
      const { staffNumber } = c;
      it(`${action} as ${caller}: ${allowed ? 'allowed' : 'refused'}`, async () => {
        const headers = await credentialsOf(c);
        const sample = SAMPLES[action];
        const before = await t.db.dataSource.query(
          `SELECT count(*)::int AS n FROM audit_entry WHERE action = $1 AND outcome = 'REFUSED'`,
          [action],
        );
        if (sample.httpGet || sample.httpPost) {
          // an HTTP export or write: 200, or 401/403 with { code }
          const post = sample.httpPost;
          const reply = post
            ? await t.app.http.inject({
                method: 'POST',
                url: post.url,
                headers: { ...headers, 'content-type': post.contentType },
                payload: post.body,
              })
            : await t.app.http.inject({ method: 'GET', url: sample.httpGet!, headers });
          if (allowed) expect(reply.statusCode).toBe(200);
          else {
            expect(reply.statusCode).toBe(staffNumber || c.device ? 403 : 401);
            expect(reply.json().code).toBe(staffNumber || c.device ? 'FORBIDDEN' : 'UNAUTHENTICATED');
            // a refused route (export, download, ingest) is audited like a refused mutation
            const after = await t.db.dataSource.query(
              `SELECT count(*)::int AS n FROM audit_entry WHERE action = $1 AND outcome = 'REFUSED'`,
              [action],
            );
            expect(after[0].n).toBe(before[0].n + 1);
          }
          return;
        }
        const reply = await t.app.http.inject({
          method: 'POST',
          url: '/graphql',
          headers: { 'content-type': 'application/json', ...headers },
          payload: { query: sample.query, variables: sample.variables?.(targetId) },
        });
        const res = reply.json() as { errors?: { extensions?: { code?: string } }[] };
        const code = res.errors?.[0]?.extensions?.code;
        if (allowed) {
          expect(['UNAUTHENTICATED', 'FORBIDDEN']).not.toContain(code);
        } else {
          expect(code).toBe(staffNumber || c.device ? 'FORBIDDEN' : 'UNAUTHENTICATED');
          if (action.startsWith('Mutation.')) {
            const after = await t.db.dataSource.query(
              `SELECT count(*)::int AS n FROM audit_entry WHERE action = $1 AND outcome = 'REFUSED'`,
              [action],
            );
            expect(after[0].n).toBe(before[0].n + 1);
          }
        }
      });
    }
  }
});
