import { AppError } from '../../shared/errors.js';

/** Refusals of the retention step (A20.2): archiving a month of the history, legal holds. */
export enum OplogArchiveErrorCode {
  /** the month is not 'YYYY-MM', or has no partition (never made, or archived already) */
  OPLOG_NO_PARTITION = 'OPLOG_NO_PARTITION',
  /** the month ends less than 7 years ago: its records are kept (A20.2) */
  OPLOG_PARTITION_TOO_YOUNG = 'OPLOG_PARTITION_TOO_YOUNG',
  /** a legal hold in force covers the month: nothing of it is archived until the hold is lifted */
  OPLOG_LEGAL_HOLD = 'OPLOG_LEGAL_HOLD',
  /** records arrived in the month while it was being exported: export again */
  OPLOG_ARCHIVE_CHANGED = 'OPLOG_ARCHIVE_CHANGED',
  /** a hold's reason is empty, its period is backwards, or it was lifted already */
  OPLOG_BAD_LEGAL_HOLD = 'OPLOG_BAD_LEGAL_HOLD',
}

export class OplogArchiveError extends AppError {
  constructor(code: OplogArchiveErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
  }
}
