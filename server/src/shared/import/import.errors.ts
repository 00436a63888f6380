import { AppError } from '../errors.js';

/**
 * Refusals of a whole uploaded spreadsheet (the import kit). A module that imports declares them in
 * its manifest's errorCodes (`{ ...MyErrorCode, ...ImportErrorCode }`); the fold keeps one of each.
 * Bad rows are not errors: they are answered as SheetIssue values, every one of them.
 */
export enum ImportErrorCode {
  /** larger than the caller's limit (details.maxBytes) */
  IMPORT_FILE_TOO_LARGE = 'IMPORT_FILE_TOO_LARGE',
  /** neither an xlsx workbook nor CSV text (UTF-8, with or without BOM, or Shift_JIS) */
  NOT_A_SPREADSHEET = 'NOT_A_SPREADSHEET',
  /** no header row, or required columns missing from it (details.missing: the headers looked for) */
  IMPORT_COLUMNS_MISSING = 'IMPORT_COLUMNS_MISSING',
  /** more data rows than the caller's limit (details.maxRows) */
  IMPORT_TOO_MANY_ROWS = 'IMPORT_TOO_MANY_ROWS',
}

export class ImportError extends AppError {
  constructor(code: ImportErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
  }
}
