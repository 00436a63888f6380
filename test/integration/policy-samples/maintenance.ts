// Policy samples of the maintenance module: one call per action (authorization-policy.test.ts).
import { type SamplesOf } from './sample.js';

export const maintenanceSamples: SamplesOf<'maintenance'> = {
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
};
