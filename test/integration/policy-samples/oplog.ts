// Policy samples of the oplog module: one call per action (authorization-policy.test.ts).
import { type SamplesOf } from './sample.js';

export const oplogSamples: SamplesOf<'oplog'> = {
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
  // A20.1: the review's settings (unknown types and codes: refused by the rules, after the policy)
  'Query.oplogRoleOperations': { query: `{ oplogRoleOperations { operationType role } }` },
  'Query.oplogTerminalRooms': { query: `{ oplogTerminalRooms { terminalCode roomId } }` },
  'Query.oplogTerminalCandidates': { query: `{ oplogTerminalCandidates { code name } }` },
  'Mutation.addOplogRoleOperation': {
    query: `mutation { addOplogRoleOperation(input: { operationType: "NO_SUCH_TYPE", role: "OPERATOR" }) { role } }`,
  },
  'Mutation.removeOplogRoleOperation': {
    query: `mutation { removeOplogRoleOperation(input: { operationType: "NO_SUCH_TYPE", role: "OPERATOR" }) }`,
  },
  'Mutation.addOplogTerminalRoom': {
    query: `mutation { addOplogTerminalRoom(input: { terminalCode: "T-POLICY", roomId: "00000000-0000-4000-8000-000000000000" }) { terminalCode } }`,
  },
  'Mutation.removeOplogTerminalRoom': { query: `mutation { removeOplogTerminalRoom(terminalCode: "T-POLICY") }` },
  'Mutation.addOperationType': {
    query: `mutation { addOperationType(input: { code: "bad code", labelJa: "x", labelEn: "x" }) { code } }`,
  },
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
};
