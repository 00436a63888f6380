import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { Room } from './room.entity.js';

/** Per-request batch loaders of the access module: one statement however many rows ask. */
export function createAccessLoaders(ds: DataSource) {
  return {
    roomsByAuthorisation: new DataLoader<string, Room[]>(async (ids) => {
      const rows = (await ds.query(
        `SELECT ar."authorisationId", r.id, r.code, r.name, r.kind, r.location, r.active, r."createdAt"
         FROM room_authorisation_room ar JOIN room r ON r.id = ar."roomId"
         WHERE ar."authorisationId" = ANY($1::uuid[]) ORDER BY r.code`,
        [[...ids]],
      )) as (Room & { authorisationId: string })[];
      const groups = new Map<string, Room[]>(ids.map((id) => [id, []]));
      for (const { authorisationId, ...room } of rows) {
        groups.get(authorisationId)?.push(ds.getRepository(Room).create(room));
      }
      return ids.map((id) => groups.get(id) ?? []);
    }),
  };
}
