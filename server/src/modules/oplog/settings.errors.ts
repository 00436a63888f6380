import { AppError } from '../../shared/errors.js';

/**
 * The codes of the review settings (A20.1): the role→operation table, the terminal→room table and
 * the city's operation types. Folded into ErrorCode beside OplogErrorCode.
 */
export enum OplogSettingsErrorCode {
  /** no operation type with that code (operation_type) */
  OPLOG_UNKNOWN_OPERATION_TYPE = 'OPLOG_UNKNOWN_OPERATION_TYPE',
  /** a role is OPERATOR or one of the standard's roles (OrgRole) */
  OPLOG_UNKNOWN_ROLE = 'OPLOG_UNKNOWN_ROLE',
  /** the row is in the table already (a type with the same role; a terminal placed in a room) */
  OPLOG_SETTING_EXISTS = 'OPLOG_SETTING_EXISTS',
  /** no such row to remove */
  OPLOG_SETTING_NOT_FOUND = 'OPLOG_SETTING_NOT_FOUND',
  /** a terminal code: 1–64 letters, digits, '.', '_' or '-' (as the records name it) */
  OPLOG_BAD_TERMINAL = 'OPLOG_BAD_TERMINAL',
  /** the configuration register lists terminals, and none has that register number */
  OPLOG_UNKNOWN_TERMINAL = 'OPLOG_UNKNOWN_TERMINAL',
  /** no active 電算室等 with that id */
  OPLOG_UNKNOWN_ROOM = 'OPLOG_UNKNOWN_ROOM',
  /** the room is a storage room: the saved query looks at server rooms only */
  OPLOG_NOT_A_SERVER_ROOM = 'OPLOG_NOT_A_SERVER_ROOM',
  /** a new operation type's code (A–Z, 0–9, _; a letter first; at most 32) or its names (1–100 characters) */
  OPLOG_BAD_OPERATION_TYPE = 'OPLOG_BAD_OPERATION_TYPE',
  /** an operation type with that code exists */
  OPLOG_OPERATION_TYPE_EXISTS = 'OPLOG_OPERATION_TYPE_EXISTS',
}

export class OplogSettingsError extends AppError {
  constructor(code: OplogSettingsErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
  }
}
