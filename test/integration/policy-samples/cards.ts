// Policy samples of the cards module: one call per action (authorization-policy.test.ts).
import { type SamplesOf } from './sample.js';

export const cardsSamples: SamplesOf<'cards'> = {
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
