import { AppError } from '../../shared/errors.js';

export enum MaintenanceErrorCode {
  /** no such work order, or not one the caller may see */
  WORK_ORDER_NOT_FOUND = 'WORK_ORDER_NOT_FOUND',
  /** company, work, people or rooms missing or too many */
  INVALID_WORK_ORDER = 'INVALID_WORK_ORDER',
  /** the window: the end not after the start, already over, or longer than allowed */
  INVALID_WORK_PERIOD = 'INVALID_WORK_PERIOD',
  /** a room given is not a registered 電算室等 in use (the same code as incidents') */
  UNKNOWN_ROOM = 'UNKNOWN_ROOM',
  /**
   * an authorisation to link is not an outside person's, is refused, revoked or unknown, or does
   * not cover the order's rooms and window
   */
  WORK_AUTHORISATION_UNUSABLE = 'WORK_AUTHORISATION_UNUSABLE',
  /** the order is done or cancelled: nothing more is recorded on it */
  WORK_ORDER_CLOSED = 'WORK_ORDER_CLOSED',
  /** the result is confirmed once someone of the order has entered (the register shows the work) */
  WORK_NOT_STARTED = 'WORK_NOT_STARTED',
  /** only the manager or a staff member who escorted the order's people confirms the result */
  NOT_YOUR_WORK_ORDER = 'NOT_YOUR_WORK_ORDER',
  /** the entry is not an outside person's entry without a work order, or is already looked at */
  ENTRY_NOT_UNCOVERED = 'ENTRY_NOT_UNCOVERED',
  /** the clientId was sent before with another instruction: a new instruction takes a new id */
  CLIENT_ID_REUSED = 'CLIENT_ID_REUSED',
}

export class MaintenanceError extends AppError {
  constructor(code: MaintenanceErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
  }
}
