// Policy samples of the cardStock module: one call per action (authorization-policy.test.ts).
import { type SamplesOf } from './sample.js';

export const cardStockSamples: SamplesOf<'cardStock'> = {
  // resident-card stock (A18): inputs the rules refuse, so the policy test changes no stock
  'Query.residentCardStock': { query: `{ residentCardStock { onHand } }` },
  'Query.residentCardMovements': { query: `{ residentCardMovements(first: 1) { nodes { id } hasNextPage } }` },
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
};
