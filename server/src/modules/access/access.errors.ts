import { AppError } from '../../shared/errors.js';

export enum AccessErrorCode {
  /** rooms, period, purpose or subject do not make a valid request */
  INVALID_AUTHORISATION_REQUEST = 'INVALID_AUTHORISATION_REQUEST',
  AUTHORISATION_NOT_FOUND = 'AUTHORISATION_NOT_FOUND',
  /** approve/refuse need a pending request; revoke needs one not yet ended */
  AUTHORISATION_NOT_PENDING = 'AUTHORISATION_NOT_PENDING',
  /** the caller may not request for that person (own section only, contractors by managers) */
  OUTSIDE_YOUR_SCOPE = 'OUTSIDE_YOUR_SCOPE',
  ANOMALY_NOT_FOUND = 'ANOMALY_NOT_FOUND',
  ANOMALY_RESOLVED = 'ANOMALY_RESOLVED',
}

export class AccessError extends AppError {
  constructor(code: AccessErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
  }
}
