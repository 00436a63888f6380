import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { AccessEvent } from './access-event.entity.js';
import { RoomAuthorisation } from './room-authorisation.entity.js';
import { Room } from './room.entity.js';

const byId = <T extends { id: string }>(load: (ids: string[]) => Promise<T[]>) =>
  new DataLoader<string, T | null>(async (ids) => {
    const rows = new Map((await load([...ids])).map((r) => [r.id, r]));
    return ids.map((id) => rows.get(id) ?? null);
  });

/** Per-request batch loaders of the access module: one statement however many rows ask. */
export function createAccessLoaders(ds: DataSource, managersOn: (on: string) => Promise<string[]>) {
  return {
    /** who holds the manager's authority on a day (Hardening §1: who may decide which request) */
    managersOn: new DataLoader<string, string[]>((days) => Promise.all(days.map(managersOn))),
    roomById: byId((ids) => ds.getRepository(Room).findBy({ id: In(ids) })),
    authorisationById: byId((ids) => ds.getRepository(RoomAuthorisation).findBy({ id: In(ids) })),
    eventById: byId((ids) => ds.getRepository(AccessEvent).findBy({ id: In(ids) })),
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
