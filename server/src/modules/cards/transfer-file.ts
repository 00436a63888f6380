// Issue 15 §3: the April personnel file (CSV or xlsx) read into rows, on the shared import kit
// (shared/import: xlsx or CSV in UTF-8 ± BOM or Shift_JIS, Japanese headers in any order, row
// numbers as Excel shows them). Headers: 職員番号, 異動前所属 (現所属), 異動後所属 (新所属), 発令日
// (異動日), and optionally 識別番号 for a new operator. Nothing here knows the database: the import
// service checks each row against it.
import { mapColumns, parseSheetDate, readSheet, type ImportColumn } from '../../shared/import/index.js';

export interface TransferFileRow {
  /** the row number as the person sees it in Excel (the header is row 1) */
  row: number;
  staffNumber: string;
  from: string;
  to: string;
  /** as written; the service reads it as a date */
  effectiveDate: string;
  operatorCode: string;
}

export type TransferColumn = 'staffNumber' | 'from' | 'to' | 'effectiveDate' | 'operatorCode';

export const TRANSFER_COLUMNS: readonly ImportColumn<TransferColumn>[] = [
  { field: 'staffNumber', header: '職員番号', aliases: ['職員コード'], required: true },
  { field: 'from', header: '異動前所属', aliases: ['現所属', '旧所属', '異動元'], required: true },
  { field: 'to', header: '異動後所属', aliases: ['新所属', '異動先'], required: true },
  { field: 'effectiveDate', header: '発令日', aliases: ['異動日', '発令年月日', '異動年月日'], required: true },
  { field: 'operatorCode', header: '識別番号', aliases: ['新識別番号', '操作者識別番号'] },
];

export const MAX_TRANSFER_ROWS = 5000;
/** the largest file read (5,000 rows of CSV or xlsx fit well below it) */
export const MAX_TRANSFER_BYTES = 700_000;

/** Reads the file's bytes into rows; a file the kit refuses throws its ImportError (the service names it). */
export async function readTransferFile(bytes: Buffer): Promise<TransferFileRow[]> {
  const sheet = mapColumns(await readSheet(bytes, { maxBytes: MAX_TRANSFER_BYTES }), TRANSFER_COLUMNS, {
    maxRows: MAX_TRANSFER_ROWS,
  });
  return sheet.rows.map(({ row, values }) => ({ row, ...values }));
}

/** A date as people write it (2027-04-01, 2027/4/1, 令和9年4月1日, R9.4.1); null when it is no calendar date. */
export const readDate = parseSheetDate;

/** Strict base64 (what a browser's FileReader makes); anything else is an empty file, refused as such. */
export function decodeTransferBase64(s: string): Buffer {
  const clean = s.replace(/\s+/g, '');
  if (clean.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) return Buffer.alloc(0);
  return Buffer.from(clean, 'base64');
}
