import DataLoader from 'dataloader';
import type { AccessEvent, Room, RoomAuthorisation } from '../access/index.js';
import type { WorkOrderReadService } from './work-order-reading.service.js';

const grouped = <T>(load: (ids: readonly string[]) => Promise<Map<string, T[]>>) =>
  new DataLoader<string, T[]>(async (ids) => {
    const groups = await load(ids);
    return ids.map((id) => groups.get(id) ?? []);
  });

/** Per-request batch loaders of work orders: one statement however many orders ask (A26). */
export function createMaintenanceLoaders(reading: WorkOrderReadService) {
  return {
    entriesByOrder: grouped<AccessEvent>((ids) => reading.entriesOf(ids)),
    roomsByOrder: grouped<Room>((ids) => reading.roomsOf(ids)),
    authorisationsByOrder: grouped<RoomAuthorisation>((ids) => reading.authorisationsOf(ids)),
  };
}
