// The import kit: an uploaded spreadsheet (xlsx or CSV) → mapped, checked rows with their row
// numbers; the importer decides what to store (see docs/architecture.md, "Importing a spreadsheet").
export {
  readSheet,
  decodeText,
  type Sheet,
  type SheetFormat,
  type SheetRow,
  type ReadSheetOptions,
} from './read-sheet.js';
export {
  mapColumns,
  validateRows,
  type ImportColumn,
  type MappedRow,
  type MappedSheet,
  type ReportIssue,
  type SheetIssue,
} from './columns.js';
export { parseSheetBoolean, parseSheetDate } from './values.js';
export { ImportError, ImportErrorCode } from './import.errors.js';
