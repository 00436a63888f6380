import { AppError } from '../../shared/errors.js';

export enum IncidentErrorCode {
  /** no such incident, or not one the caller may see */
  INCIDENT_NOT_FOUND = 'INCIDENT_NOT_FOUND',
  INCIDENT_STEP_NOT_FOUND = 'INCIDENT_STEP_NOT_FOUND',
  /** the room given is not a registered 電算室等 */
  UNKNOWN_ROOM = 'UNKNOWN_ROOM',
  /** the section given does not exist */
  UNKNOWN_SECTION = 'UNKNOWN_SECTION',
  /** the staff member given does not exist or is no longer employed */
  UNKNOWN_STAFF = 'UNKNOWN_STAFF',
  /** the report or scan is not well formed (empty summary, a time in the future …) */
  INVALID_INCIDENT_INPUT = 'INVALID_INCIDENT_INPUT',
  /** this clientId was used for a different report or scan: a new one needs a new id */
  CLIENT_ID_REUSED = 'CLIENT_ID_REUSED',
  /** only a holder of the role asked (or one above it) acknowledges */
  NOT_YOURS_TO_ACKNOWLEDGE = 'NOT_YOURS_TO_ACKNOWLEDGE',
  /** the step is for another role than the caller holds */
  NOT_YOUR_STEP = 'NOT_YOUR_STEP',
  /** the step is already done or waived */
  STEP_ALREADY_SETTLED = 'STEP_ALREADY_SETTLED',
  /** the incident is closed: nothing more is recorded on it */
  INCIDENT_CLOSED = 'INCIDENT_CLOSED',
  /** closing needs every step done or waived (details.openSteps) */
  STEPS_OPEN = 'STEPS_OPEN',
  /** closing needs the report acknowledged first */
  INCIDENT_NOT_ACKNOWLEDGED = 'INCIDENT_NOT_ACKNOWLEDGED',
  /** disaster mode and damage reports are for disasters, fires and earthquakes (A28–A30) */
  NOT_A_DISASTER_TYPE = 'NOT_A_DISASTER_TYPE',
  /** the incident is not in disaster mode: it has no shutdown checklist */
  DISASTER_MODE_OFF = 'DISASTER_MODE_OFF',
  CHECKLIST_ITEM_NOT_FOUND = 'CHECKLIST_ITEM_NOT_FOUND',
  /** the row was already confirmed: it can no longer be taken off the list */
  CHECKLIST_ITEM_SETTLED = 'CHECKLIST_ITEM_SETTLED',
}

export class IncidentError extends AppError {
  constructor(code: IncidentErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
  }
}
