// GraphQL of the maintenance pages (A26), typed from maintenance.graphql by `npm run codegen`.
import { request } from '../../api/graphql-client.js';
import {
  ApproveWorkAuthorisationDocument,
  CancelMaintenanceWorkDocument,
  CompleteMaintenanceWorkDocument,
  InstructMaintenanceWorkDocument,
  MaintenanceRoomsDocument,
  MaintenanceWorkOrderDocument,
  MaintenanceWorkOrdersDocument,
  ReviewUncoveredEntryDocument,
  UncoveredContractorEntriesDocument,
  type InstructMaintenanceWorkInput,
  type MaintenanceWorkOrderQuery,
  type MaintenanceWorkOrdersQuery,
  type UncoveredContractorEntriesQuery,
  type WorkOrderFilterInput,
  type WorkOrderState,
} from '../../generated/maintenance.js';

export type { WorkOrderState };
export const STATES: readonly WorkOrderState[] = ['INSTRUCTED', 'IN_PROGRESS', 'DONE', 'CANCELLED'];
export type OrderRow = MaintenanceWorkOrdersQuery['maintenanceWorkOrders']['nodes'][number];
export type Order = MaintenanceWorkOrderQuery['maintenanceWorkOrder'];
export type UncoveredEntry = UncoveredContractorEntriesQuery['uncoveredContractorEntries'][number];

export const loadRooms = async () => (await request(MaintenanceRoomsDocument)).rooms;

export async function ordersPage(filter: WorkOrderFilterInput, after: string | null) {
  return (await request(MaintenanceWorkOrdersDocument, { f: filter, after })).maintenanceWorkOrders;
}

export const loadOrder = async (id: string): Promise<Order> =>
  (await request(MaintenanceWorkOrderDocument, { id })).maintenanceWorkOrder;

export const instruct = async (input: InstructMaintenanceWorkInput): Promise<string> =>
  (await request(InstructMaintenanceWorkDocument, { i: input })).instructMaintenanceWork.id;

export const complete = (id: string, result: string) => request(CompleteMaintenanceWorkDocument, { i: { id, result } });
export const cancel = (id: string, reason: string) => request(CancelMaintenanceWorkDocument, { i: { id, reason } });
export const approve = (id: string) => request(ApproveWorkAuthorisationDocument, { i: { id } });

export const uncoveredEntries = async () =>
  (await request(UncoveredContractorEntriesDocument)).uncoveredContractorEntries;
export const review = (eventId: string, note: string) =>
  request(ReviewUncoveredEntryDocument, { i: { eventId, note } });

/** 'YYYY-MM-DDTHH:mm' in Tokyo for <input type=datetime-local>, and back to an instant. */
export const tokyoLocal = (d: Date) => new Date(d.getTime() + 9 * 3_600_000).toISOString().slice(0, 16);
export const fromTokyoLocal = (v: string) => new Date(`${v}:00+09:00`).toISOString();
