import { AppError } from '../../shared/errors.js';

/** The codes of log reviews (A20.1) and saved queries; folded into ErrorCode beside OplogErrorCode. */
export enum OplogReviewErrorCode {
  /** no such review */
  OPLOG_REVIEW_NOT_FOUND = 'OPLOG_REVIEW_NOT_FOUND',
  /** the month is not YYYY-MM, or is still to come */
  OPLOG_REVIEW_BAD_MONTH = 'OPLOG_REVIEW_BAD_MONTH',
  /** the month has a review already: one review per month */
  OPLOG_REVIEW_EXISTS = 'OPLOG_REVIEW_EXISTS',
  /** the review is signed off: nothing more is recorded on it */
  OPLOG_REVIEW_SIGNED_OFF = 'OPLOG_REVIEW_SIGNED_OFF',
  /** a sign-off needs the month over and the reviewer's findings written */
  OPLOG_REVIEW_NOT_READY = 'OPLOG_REVIEW_NOT_READY',
  /** only the review's reviewer records its findings and marks */
  OPLOG_NOT_YOUR_REVIEW = 'OPLOG_NOT_YOUR_REVIEW',
  /** no operation record with that key, or not in the review's month */
  OPLOG_RECORD_NOT_FOUND = 'OPLOG_RECORD_NOT_FOUND',
  /** a note or findings text empty or too long */
  OPLOG_REVIEW_BAD_TEXT = 'OPLOG_REVIEW_BAD_TEXT',
  /** a saved query's period: from before to, at most 62 days */
  OPLOG_QUERY_BAD_PERIOD = 'OPLOG_QUERY_BAD_PERIOD',
}

export class OplogReviewError extends AppError {
  constructor(code: OplogReviewErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
  }
}
