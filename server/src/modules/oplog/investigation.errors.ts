import { AppError } from '../../shared/errors.js';

/** Refusals of investigations (A21). */
export enum InvestigationErrorCode {
  /** no such investigation (or not one the caller may see) */
  INVESTIGATION_NOT_FOUND = 'INVESTIGATION_NOT_FOUND',
  /** the subject or the person asked to cooperate is not an active staff member */
  INVESTIGATION_BAD_STAFF = 'INVESTIGATION_BAD_STAFF',
  /** the subject's section has no operations manager: name the person to ask */
  INVESTIGATION_NO_COOPERATOR = 'INVESTIGATION_NO_COOPERATOR',
  /** the period is backwards, or the scope empty */
  INVESTIGATION_BAD_INPUT = 'INVESTIGATION_BAD_INPUT',
  /** the linked record does not exist (an operation record by its key, an entry, an incident) */
  INVESTIGATION_BAD_LINK = 'INVESTIGATION_BAD_LINK',
  /** the investigation is closed: nothing more is added */
  INVESTIGATION_CLOSED = 'INVESTIGATION_CLOSED',
}

export class InvestigationError extends AppError {
  constructor(code: InvestigationErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
  }
}
