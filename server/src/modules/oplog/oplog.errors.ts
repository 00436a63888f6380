import { AppError } from '../../shared/errors.js';

export enum OplogErrorCode {
  /** the source id of a batch: 1–64 letters, digits, '.', '_' or '-' */
  OPLOG_BAD_SOURCE = 'OPLOG_BAD_SOURCE',
  /** a batch is text/csv or application/x-ndjson, in UTF-8 */
  OPLOG_UNSUPPORTED_MEDIA_TYPE = 'OPLOG_UNSUPPORTED_MEDIA_TYPE',
  /** the CSV header names a column twice, an unknown column, or lacks a required one */
  OPLOG_BAD_HEADER = 'OPLOG_BAD_HEADER',
  /** the batch is larger than OPLOG_BATCH_MAX_MB: nothing of it is stored */
  OPLOG_BATCH_TOO_LARGE = 'OPLOG_BATCH_TOO_LARGE',
  /** a period to read: from before to, both given */
  OPLOG_BAD_PERIOD = 'OPLOG_BAD_PERIOD',
}

export class OplogError extends AppError {
  constructor(code: OplogErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
  }
}
