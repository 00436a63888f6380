// A20.1: the settings of the review, kept by the manager. Two small tables the saved queries read
// (saved-queries.sql.ts): which roles may perform an operation type (oplog_role_operation, "beyond
// the role") and which terminal stands in which server room (oplog_terminal_room, "a terminal in a
// server room while nobody was inside"); and the city's own operation types (operation_type, a
// city-extensible list). Every change and refusal is audited.
import { In, type DataSource, type EntityManager } from 'typeorm';
import type { RequestMeta } from '../../shared/audit.js';
import { created, type AuditedWrites } from '../../shared/audited.js';
import { OrgRole } from '../../shared/authority.js';
import { isUuid } from '../../shared/ids.js';
import { Room, RoomKind } from '../access/index.js';
import { ConfigurationItem, ItemKind, ItemState } from '../configuration/index.js';
import { OperationType } from './operation-type.entity.js';
import { OplogRoleOperation, OplogTerminalRoom } from './saved-queries.entity.js';
import { OplogSettingsError, OplogSettingsErrorCode as C } from './settings.errors.js';
import type { OplogSettingsAction } from './settings.policy.js';
import type { AddOperationTypeInput, OplogTerminalCandidate } from './settings.types.js';

/** OPERATOR (every operator in the register) or a role of the standard (role_assignment). */
export const OPLOG_ROLES: readonly string[] = ['OPERATOR', ...Object.values(OrgRole)];
/** A terminal code as the records name it (oplog-parse.ts). */
const TERMINAL_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** operation_type's CHECK. */
const TYPE_CODE = /^[A-Z][A-Z0-9_]{0,31}$/;
const LABEL_MAX = 100;

const err = (code: C, message: string, details: Record<string, unknown> = {}) =>
  new OplogSettingsError(code, message, details);

export class OplogSettingsService {
  constructor(
    private readonly ds: DataSource,
    private readonly audited: AuditedWrites<OplogSettingsAction>,
  ) {}

  roleOperations(): Promise<OplogRoleOperation[]> {
    // a row per type and role: tens, so no paging
    return this.ds.getRepository(OplogRoleOperation).find({ order: { operationType: 'ASC', role: 'ASC' } });
  }

  terminalRooms(): Promise<OplogTerminalRoom[]> {
    return this.ds.getRepository(OplogTerminalRoom).find({ order: { terminalCode: 'ASC' } });
  }

  /** The configuration register's terminals still in the configuration (in use or stored), by register number. */
  async terminalCandidates(): Promise<OplogTerminalCandidate[]> {
    const items = await this.ds.getRepository(ConfigurationItem).find({
      where: { kind: ItemKind.TERMINAL, state: In([ItemState.IN_USE, ItemState.STORED]) },
      order: { registerNumber: 'ASC' },
      take: 1000,
    });
    return items.map((i) => ({ code: i.registerNumber, name: i.name, roomId: i.roomId }));
  }

  addRoleOperation(operationType: string, role: string, meta: RequestMeta): Promise<OplogRoleOperation> {
    const type = operationType.trim();
    const r = role.trim();
    const target = { type: 'OplogRoleOperation', id: `${type}:${r}` };
    return this.audited.write(meta, 'Mutation.addOplogRoleOperation', target, async (em) => {
      await this.knownType(em, type);
      if (!OPLOG_ROLES.includes(r))
        throw err(C.OPLOG_UNKNOWN_ROLE, `役割「${r}」はありません (OPERATOR or ${Object.values(OrgRole).join(', ')})`, {
          role: r,
        });
      const inserted = (await em.query(
        `INSERT INTO oplog_role_operation ("operationType", role) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1`,
        [type, r],
      )) as unknown[];
      if (inserted.length === 0)
        throw err(C.OPLOG_SETTING_EXISTS, `${type} には役割 ${r} がすでにあります (already in the table)`, {
          operationType: type,
          role: r,
        });
      const row = em.getRepository(OplogRoleOperation).create({ operationType: type, role: r });
      return { result: row, targetId: target.id, changes: created({ operationType: type, role: r }) };
    });
  }

  removeRoleOperation(operationType: string, role: string, meta: RequestMeta): Promise<boolean> {
    const target = { type: 'OplogRoleOperation', id: `${operationType}:${role}` };
    return this.audited.write(meta, 'Mutation.removeOplogRoleOperation', target, async (em) => {
      const [, count] = (await em.query(`DELETE FROM oplog_role_operation WHERE "operationType" = $1 AND role = $2`, [
        operationType,
        role,
      ])) as [unknown, number];
      if (!count) throw err(C.OPLOG_SETTING_NOT_FOUND, '該当する行がありません (no such row)', { operationType, role });
      return {
        result: true,
        targetId: target.id,
        changes: { operationType: [operationType, null], role: [role, null] },
      };
    });
  }

  addTerminalRoom(terminalCode: string, roomId: string, meta: RequestMeta): Promise<OplogTerminalRoom> {
    const code = terminalCode.trim();
    const target = { type: 'OplogTerminalRoom', id: code };
    return this.audited.write(meta, 'Mutation.addOplogTerminalRoom', target, async (em) => {
      if (!TERMINAL_CODE.test(code))
        throw err(C.OPLOG_BAD_TERMINAL, '端末のコードは英数字と . _ - の64文字までです (1–64 letters, digits, . _ -)', {
          terminalCode: code,
        });
      // once the configuration register lists terminals, a terminal is one of them (by register number)
      const terminals = em.getRepository(ConfigurationItem);
      if (
        (await terminals.existsBy({ kind: ItemKind.TERMINAL })) &&
        !(await terminals.existsBy({ kind: ItemKind.TERMINAL, registerNumber: code }))
      )
        throw err(
          C.OPLOG_UNKNOWN_TERMINAL,
          `構成管理簿に端末「${code}」がありません (no such terminal in the register)`,
          {
            terminalCode: code,
          },
        );
      const room = isUuid(roomId) ? await em.getRepository(Room).findOneBy({ id: roomId, active: true }) : null;
      if (!room) throw err(C.OPLOG_UNKNOWN_ROOM, '電算室等が見つかりません (no such room)', { roomId });
      if (room.kind !== RoomKind.SERVER_ROOM)
        throw err(C.OPLOG_NOT_A_SERVER_ROOM, `${room.name}はサーバー等の設置室ではありません (not a server room)`, {
          roomId,
        });
      const inserted = (await em.query(
        `INSERT INTO oplog_terminal_room ("terminalCode", "roomId") VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1`,
        [code, room.id],
      )) as unknown[];
      if (inserted.length === 0)
        throw err(C.OPLOG_SETTING_EXISTS, `端末「${code}」の設置場所はすでにあります (remove it first)`, {
          terminalCode: code,
        });
      const row = em.getRepository(OplogTerminalRoom).create({ terminalCode: code, roomId: room.id });
      return { result: row, targetId: code, changes: created({ terminalCode: code, roomId: room.id }) };
    });
  }

  removeTerminalRoom(terminalCode: string, meta: RequestMeta): Promise<boolean> {
    return this.audited.write(
      meta,
      'Mutation.removeOplogTerminalRoom',
      { type: 'OplogTerminalRoom', id: terminalCode },
      async (em) => {
        const rows = (await em.query(`DELETE FROM oplog_terminal_room WHERE "terminalCode" = $1 RETURNING "roomId"`, [
          terminalCode,
        ])) as [{ roomId: string }[], number];
        const gone = rows[0];
        if (!gone?.length)
          throw err(C.OPLOG_SETTING_NOT_FOUND, '該当する行がありません (no such row)', { terminalCode });
        return {
          result: true,
          targetId: terminalCode,
          changes: { terminalCode: [terminalCode, null], roomId: [gone[0].roomId, null] },
        };
      },
    );
  }

  addOperationType(input: AddOperationTypeInput, meta: RequestMeta): Promise<OperationType> {
    const code = input.code.trim();
    const labelJa = input.labelJa.trim();
    const labelEn = input.labelEn.trim();
    return this.audited.write(meta, 'Mutation.addOperationType', { type: 'OperationType', id: code }, async (em) => {
      if (!TYPE_CODE.test(code))
        throw err(
          C.OPLOG_BAD_OPERATION_TYPE,
          'コードは英大文字・数字・_ で、英字で始まる32文字までです (A–Z, 0–9, _; a letter first; at most 32)',
          { field: 'code' },
        );
      for (const [field, v] of [
        ['labelJa', labelJa],
        ['labelEn', labelEn],
      ] as const)
        if (!v || v.length > LABEL_MAX)
          throw err(
            C.OPLOG_BAD_OPERATION_TYPE,
            `名称を${LABEL_MAX}文字以内で入力してください (1–${LABEL_MAX} characters)`,
            {
              field,
            },
          );
      const inserted = (await em.query(
        `INSERT INTO operation_type (code, "labelJa", "labelEn") VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING code`,
        [code, labelJa, labelEn],
      )) as unknown[];
      if (inserted.length === 0)
        throw err(C.OPLOG_OPERATION_TYPE_EXISTS, `操作種別「${code}」はすでにあります (exists)`, {
          operationType: code,
        });
      const row = await em.getRepository(OperationType).findOneByOrFail({ code });
      return { result: row, targetId: code, changes: created({ code, labelJa, labelEn }) };
    });
  }

  private async knownType(em: EntityManager, code: string): Promise<void> {
    if (!TYPE_CODE.test(code) || !(await em.getRepository(OperationType).existsBy({ code })))
      throw err(C.OPLOG_UNKNOWN_OPERATION_TYPE, `操作種別「${code}」はありません (no such operation type)`, {
        operationType: code,
      });
  }
}
