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
  // files: documents (A7.2, A14.6, A22, A27) and firewall setting backups (A14.8)
  /** larger than CONFIGURATION_FILE_MAX_BYTES (details.maxBytes) */
  CONFIGURATION_FILE_TOO_LARGE = 'CONFIGURATION_FILE_TOO_LARGE',
  /** the bytes are not a kind accepted here, or the name's extension does not match them (details.accepted) */
  CONFIGURATION_FILE_TYPE_REFUSED = 'CONFIGURATION_FILE_TYPE_REFUSED',
  CONFIGURATION_FILE_NOT_FOUND = 'CONFIGURATION_FILE_NOT_FOUND',
  /** the stored bytes no longer match their SHA-256: the file was changed outside the application */
  CONFIGURATION_FILE_TAMPERED = 'CONFIGURATION_FILE_TAMPERED',
  CONFIGURATION_DOCUMENT_NOT_FOUND = 'CONFIGURATION_DOCUMENT_NOT_FOUND',
  /** the fields do not make a valid document or version (details.field names the first bad one) */
  INVALID_CONFIGURATION_DOCUMENT = 'INVALID_CONFIGURATION_DOCUMENT',
  /** a document of this type is kept by another role (details.ownerRole): PIN rules by the PIN administrator */
  NOT_DOCUMENT_OWNER = 'NOT_DOCUMENT_OWNER',
  /** the document already has a version with that label */
  DOCUMENT_VERSION_LABEL_TAKEN = 'DOCUMENT_VERSION_LABEL_TAKEN',
  /** the version is approved already (details.approvedAt) */
  DOCUMENT_VERSION_ALREADY_APPROVED = 'DOCUMENT_VERSION_ALREADY_APPROVED',
  /** A14.7–8: the item is not a firewall (equipment or program) */
  NOT_A_FIREWALL = 'NOT_A_FIREWALL',
  /** the fields do not make a valid version check, backup or restore drill (details.field) */
  INVALID_FIREWALL_RECORD = 'INVALID_FIREWALL_RECORD',
  /** the clientId was sent before with another request: a new request takes a new id */
  CLIENT_ID_REUSED = 'CLIENT_ID_REUSED',
}

export class ConfigurationError extends AppError {
  constructor(code: ConfigurationErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
  }
}
