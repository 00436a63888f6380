import type { DataSource, EntityManager } from 'typeorm';
import type { ShutdownTarget } from '../../shared/hooks.js';
import { AppError, CommonErrorCode, sqlState } from '../../shared/errors.js';
import type { RequestMeta } from '../../shared/audit.js';
import type { AuditedWrites } from '../../shared/audited.js';
import type { AccessAuditAction } from './access.policy.js';
import { AccessError, AccessErrorCode } from './access.errors.js';
import { Room, type RoomKind } from './room.entity.js';

export interface RoomFields {
  code?: string;
  name?: string;
  kind?: RoomKind;
  location?: string;
  active?: boolean;
}

/** A12.1: the manager keeps the list of 電算室等 (server rooms and storage rooms). Rooms are never deleted. */
export class RoomService {
  constructor(
    private readonly ds: DataSource,
    private readonly audited: AuditedWrites<AccessAuditAction>,
  ) {}

  async save(id: string | null, fields: RoomFields, meta: RequestMeta): Promise<Room> {
    const action = id ? 'Mutation.updateRoom' : 'Mutation.createRoom';
    try {
      return await this.ds.transaction(async (em) => {
        const repo = em.getRepository(Room);
        const before = id ? await repo.findOneBy({ id }) : null;
        if (id && !before)
          throw new AccessError(AccessErrorCode.ROOM_NOT_FOUND, '電算室等が見つかりません (room not found)');
        const trimmed = Object.fromEntries(
          Object.entries(fields)
            .filter(([, v]) => v !== undefined && v !== null)
            .map(([k, v]) => [k, typeof v === 'string' ? v.trim() : v]),
        ) as RoomFields;
        if (Object.values(trimmed).some((v) => v === '')) {
          throw new AppError(CommonErrorCode.BAD_USER_INPUT, '空欄にはできません (fields may not be empty)');
        }
        const room = await repo.save(repo.create({ ...(before ?? {}), ...trimmed }));
        const changes = Object.fromEntries(
          Object.entries(trimmed)
            .filter(([k, v]) => !before || before[k as keyof Room] !== v)
            .map(([k, v]) => [k, [before ? before[k as keyof Room] : null, v]]),
        ) as Record<string, [unknown, unknown]>;
        await this.audited.record(em, meta, action, { type: 'Room', id: room.id }, changes);
        return room;
      });
    } catch (e) {
      if (sqlState(e) === '23505')
        throw new AccessError(AccessErrorCode.ROOM_CODE_TAKEN, 'このコードは使われています (code already used)');
      throw e;
    }
  }

  /**
   * A30: the rooms to check when an incident is put in disaster mode, every 電算室等 in use, in the
   * caller's transaction (the 'incidents.disasterDeclared' hook).
   */
  async shutdownTargets(em: EntityManager): Promise<ShutdownTarget[]> {
    const rooms = await em.getRepository(Room).find({ where: { active: true }, order: { code: 'ASC' } });
    return rooms.map((r) => ({
      kind: 'ROOM',
      label: `${r.name} (${r.location})`,
      roomId: r.id,
      source: 'access.room',
      sourceId: r.id,
    }));
  }
}
