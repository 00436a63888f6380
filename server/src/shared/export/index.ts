// The export kit: one column definition gives a register as streamed CSV and xlsx.
export * from './columns.js';
export { csvStream } from './csv.js';
export { xlsxStream, XLSX_DATE_FORMAT, XLSX_DATETIME_FORMAT } from './xlsx.js';
export * from './send.js';
export { inSnapshot } from './snapshot.js';
export { allPages, badExportQuery, registerExport, type ExportRoute } from './route.js';
