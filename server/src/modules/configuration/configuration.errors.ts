import { AppError } from '../../shared/errors.js';

export enum ConfigurationErrorCode {
  CONFIGURATION_ITEM_NOT_FOUND = 'CONFIGURATION_ITEM_NOT_FOUND',
  /** the fields do not make a valid item of its kind (details.field names the first bad one) */
  INVALID_CONFIGURATION_ITEM = 'INVALID_CONFIGURATION_ITEM',
  /** another item already has that register number */
  REGISTER_NUMBER_TAKEN = 'REGISTER_NUMBER_TAKEN',
  /** A11.2: a terminal is Juki-net only; marking it shared with another system is refused */
  TERMINAL_SHARED = 'TERMINAL_SHARED',
  /** A14.1–2, A17: equipment and programs change only through an approved change request */
  CHANGE_REQUEST_REQUIRED = 'CHANGE_REQUEST_REQUIRED',
  CHANGE_REQUEST_NOT_FOUND = 'CHANGE_REQUEST_NOT_FOUND',
  /** the request is not in the state this step needs (details.status: the state it is in) */
  CHANGE_REQUEST_NOT_PENDING = 'CHANGE_REQUEST_NOT_PENDING',
  /** the request is not well formed for its kind (no reason, nothing to change …) */
  INVALID_CHANGE_REQUEST = 'INVALID_CHANGE_REQUEST',
  /** only the requester (or the manager) carries out, only the requester withdraws */
  NOT_YOUR_CHANGE_REQUEST = 'NOT_YOUR_CHANGE_REQUEST',
  /** the chief and the deputy chief decide only the requests the manager cannot (their own) */
  OUTSIDE_YOUR_SCOPE = 'OUTSIDE_YOUR_SCOPE',
  CONNECTION_NOT_FOUND = 'CONNECTION_NOT_FOUND',
  CONFIGURATION_CHANGE_NOT_FOUND = 'CONFIGURATION_CHANGE_NOT_FOUND',
  /** the change was made with an approved request, or is already reviewed */
  CHANGE_NOT_TO_REVIEW = 'CHANGE_NOT_TO_REVIEW',
}

export class ConfigurationError extends AppError {
  constructor(code: ConfigurationErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
  }
}
