// Issue 15 §3: the April personnel file (CSV or xlsx) read into rows. Japanese headers, in any
// order: 職員番号, 異動前所属 (現所属), 異動後所属 (新所属), 発令日 (異動日), and optionally 識別番号 for
// a new operator. A CSV may be UTF-8 (with or without a BOM) or Shift_JIS, as Excel saves it.
// Nothing here knows the database: the import service checks each row against it.
import ExcelJS from 'exceljs';

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

/** Header names accepted for each column (spaces and full-width spaces ignored). */
export const TRANSFER_HEADERS: Record<TransferColumn, readonly string[]> = {
  staffNumber: ['職員番号', '職員コード'],
  from: ['異動前所属', '現所属', '旧所属', '異動元'],
  to: ['異動後所属', '新所属', '異動先'],
  effectiveDate: ['発令日', '異動日', '発令年月日', '異動年月日'],
  operatorCode: ['識別番号', '新識別番号', '操作者識別番号'],
};
const REQUIRED: TransferColumn[] = ['staffNumber', 'from', 'to', 'effectiveDate'];

export const MAX_TRANSFER_ROWS = 5000;

export class TransferFileError extends Error {}

const norm = (h: string) => h.replace(/[\s\u3000]/g, '');

/** Reads the file's bytes (xlsx by its zip signature, else CSV) into rows; a file it cannot read throws TransferFileError. */
export async function readTransferFile(bytes: Buffer): Promise<TransferFileRow[]> {
  const table = isZip(bytes) ? await xlsxTable(bytes) : csvTable(decodeText(bytes));
  const nonEmpty = table.filter((r) => r.some((c) => c.trim() !== ''));
  if (nonEmpty.length === 0) throw new TransferFileError('ファイルが空です (the file is empty)');
  const header = table.findIndex((r) => r.some((c) => c.trim() !== ''));
  const names = table[header].map((h) => norm(h));
  const index = {} as Record<TransferColumn, number>;
  for (const [col, accepted] of Object.entries(TRANSFER_HEADERS) as [TransferColumn, readonly string[]][])
    index[col] = names.findIndex((n) => accepted.includes(n));
  const missing = REQUIRED.filter((c) => index[c] < 0);
  if (missing.length)
    throw new TransferFileError(
      `見出しがありません: ${missing.map((c) => TRANSFER_HEADERS[c][0]).join('、')} (missing headers)`,
    );
  const rows: TransferFileRow[] = [];
  for (let i = header + 1; i < table.length; i++) {
    const r = table[i];
    if (!r.some((c) => c.trim() !== '')) continue;
    const cell = (c: TransferColumn) => (index[c] >= 0 ? (r[index[c]] ?? '').trim() : '');
    rows.push({
      row: i + 1,
      staffNumber: cell('staffNumber'),
      from: cell('from'),
      to: cell('to'),
      effectiveDate: cell('effectiveDate'),
      operatorCode: cell('operatorCode'),
    });
  }
  if (rows.length > MAX_TRANSFER_ROWS)
    throw new TransferFileError(`一度に取込めるのは ${MAX_TRANSFER_ROWS} 行までです (too many rows)`);
  return rows;
}

const isZip = (b: Buffer) => b.length > 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

function decodeText(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('shift_jis').decode(bytes);
  }
}

/** RFC 4180: commas, quoted fields with "" inside, CRLF or LF. */
export function csvTable(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (quoted) throw new TransferFileError('引用符 (") が閉じていません (unterminated quote)');
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

async function xlsxTable(bytes: Buffer): Promise<string[][]> {
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new TransferFileError('Excel ファイルを読めません (cannot read the xlsx file)');
  }
  const sheet = book.worksheets[0];
  if (!sheet) throw new TransferFileError('シートがありません (no worksheet)');
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (r, n) => {
    const cells: string[] = [];
    for (let c = 1; c <= r.cellCount; c++) cells.push(cellText(r.getCell(c).value));
    rows[n - 1] = cells;
  });
  for (let i = 0; i < rows.length; i++) rows[i] ??= [];
  return rows;
}

/** A cell as text: a date cell as YYYY-MM-DD (Excel keeps the calendar date at UTC midnight). */
function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    return '';
  }
  return String(v);
}

/**
 * A date as written by people: 2027-04-01, 2027/4/1, 2027年4月1日, 令和9年4月1日 (R9.4.1). Null when
 * it is not a calendar date.
 */
export function readDate(text: string): string | null {
  const t = text.normalize('NFKC').trim();
  let y: number, m: number, d: number;
  let match = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(t);
  if (match) [y, m, d] = [+match[1], +match[2], +match[3]];
  else if ((match = /^(?:令和|R)(\d{1,2}|元)[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/i.exec(t)))
    [y, m, d] = [2018 + (match[1] === '元' ? 1 : +match[1]), +match[2], +match[3]];
  else return null;
  const iso = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const at = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 10) === iso ? iso : null;
}

/** Strict base64 (what a browser's FileReader makes); anything else is an empty file, refused as such. */
export function decodeTransferBase64(s: string): Buffer {
  const clean = s.replace(/\s+/g, '');
  if (clean.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) return Buffer.alloc(0);
  return Buffer.from(clean, 'base64');
}
