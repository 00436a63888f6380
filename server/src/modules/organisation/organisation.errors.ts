import { AppError } from '../../shared/errors.js';

export enum OrganisationErrorCode {
  /** a single-holder role (or a section's operations manager) already has a holder in that period */
  ROLE_ALREADY_HELD = 'ROLE_ALREADY_HELD',
  /** someone already acts for that role in that period */
  ACTING_ALREADY_ASSIGNED = 'ACTING_ALREADY_ASSIGNED',
  /** dates, section or reason do not fit the role */
  INVALID_ASSIGNMENT = 'INVALID_ASSIGNMENT',
  STAFF_NOT_FOUND = 'STAFF_NOT_FOUND',
  SECTION_NOT_FOUND = 'SECTION_NOT_FOUND',
  STAFF_NUMBER_TAKEN = 'STAFF_NUMBER_TAKEN',
  ASSIGNMENT_NOT_FOUND = 'ASSIGNMENT_NOT_FOUND',
}

export class OrganisationError extends AppError {
  constructor(code: OrganisationErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
  }
}
