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
  ROOM_NOT_FOUND = 'ROOM_NOT_FOUND',
  /** another room already has that code */
  ROOM_CODE_TAKEN = 'ROOM_CODE_TAKEN',
  /** a door PIN easy to watch or guess (repeats, runs, common patterns, the staff number) */
  WEAK_PIN = 'WEAK_PIN',
  /** a batch of events raced another with the same ids: send it again */
  TRY_AGAIN = 'TRY_AGAIN',
}

export class AccessError extends AppError {
  constructor(code: AccessErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
  }
}
