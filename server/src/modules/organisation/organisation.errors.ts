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
  /** the chief, the deputy chief and the manager are proposed and confirmed by a second person */
  SECOND_PERSON_REQUIRED = 'SECOND_PERSON_REQUIRED',
  PROPOSAL_NOT_FOUND = 'PROPOSAL_NOT_FOUND',
  /** a pending proposal of the same kind already covers that role on some day of the period */
  ALREADY_PROPOSED = 'ALREADY_PROPOSED',
  /** already confirmed or rejected */
  PROPOSAL_NOT_PENDING = 'PROPOSAL_NOT_PENDING',
  /** the chief confirms; the deputy chief only when the chief is the subject or the proposer (or there is none) */
  NOT_THE_CONFIRMER = 'NOT_THE_CONFIRMER',
}

export class OrganisationError extends AppError {
  constructor(code: OrganisationErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
  }
}
