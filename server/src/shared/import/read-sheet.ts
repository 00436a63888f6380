// An uploaded spreadsheet as rows of text with their 1-based row numbers (the numbers Excel shows),
// judged from its bytes, not its name: xlsx (the first worksheet, read by exceljs) or CSV (UTF-8 with
// or without BOM, else Shift_JIS as Excel writes it in Japan; parsed by csv-parse). Anything else,
// or a file over the limit, is refused with a code before any row is read.
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { ImportError, ImportErrorCode } from './import.errors.js';

export type SheetFormat = 'csv' | 'xlsx';

export interface SheetRow {
  /** 1-based, as the spreadsheet numbers its rows */
  row: number;
  /** trimmed text of each cell, '' when empty; dates as 'YYYY-MM-DD' */
  cells: string[];
}

export interface Sheet {
  format: SheetFormat;
  /** the non-empty rows, in order; the first is taken as the header by mapColumns */
  rows: SheetRow[];
}

export interface ReadSheetOptions {
  maxBytes: number;
}

const notASpreadsheet = (why: string) =>
  new ImportError(
    ImportErrorCode.NOT_A_SPREADSHEET,
    `表計算のファイル (xlsx または CSV) ではありません: ${why} (not a spreadsheet)`,
  );

const isXlsx = (b: Buffer) =>
  b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04 && b.includes('[Content_Types].xml');

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/;

/** CSV text: UTF-8 (a BOM is dropped), else Shift_JIS; null when the bytes are not text. */
export function decodeText(b: Buffer): string | null {
  const bom = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;
  for (const encoding of ['utf-8', 'shift_jis']) {
    try {
      const s = new TextDecoder(encoding, { fatal: true }).decode(bom ? b.subarray(3) : b);
      if (!CONTROL.test(s)) return s;
    } catch {
      // not this encoding
    }
    if (bom) return null;
  }
  return null;
}

const pad = (n: number) => String(n).padStart(2, '0');

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  // exceljs gives a date cell as midnight UTC of the date Excel shows
  if (v instanceof Date) return `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())}`;
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('formula' in v || 'sharedFormula' in v) return cellText((v as { result?: ExcelJS.CellValue }).result ?? null);
    if ('text' in v) return String(v.text);
    if ('error' in v) return '';
    return '';
  }
  return String(v);
}

const blank = (cells: string[]) => cells.every((c) => c === '');

async function readXlsx(b: Buffer): Promise<SheetRow[]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(b as unknown as ArrayBuffer);
  } catch {
    throw notASpreadsheet('xlsx を読めません');
  }
  const ws = wb.worksheets[0];
  if (!ws) throw notASpreadsheet('シートがありません');
  const rows: SheetRow[] = [];
  ws.eachRow({ includeEmpty: false }, (r, row) => {
    const values = r.values as ExcelJS.CellValue[]; // 1-based: values[0] is empty
    const cells = Array.from({ length: Math.max(0, values.length - 1) }, (_, i) => cellText(values[i + 1]).trim());
    if (!blank(cells)) rows.push({ row, cells });
  });
  return rows;
}

function readCsv(text: string): SheetRow[] {
  let records: string[][];
  try {
    // a quoted cell may hold line breaks: a record, not a line, is a spreadsheet row
    records = parse(text, { relax_column_count: true, skip_empty_lines: false, trim: true });
  } catch (e) {
    throw notASpreadsheet(`CSV として読めません (${(e as Error).message.slice(0, 120)})`);
  }
  return records.map((cells, i) => ({ row: i + 1, cells })).filter((r) => !blank(r.cells));
}

/** Reads an uploaded spreadsheet: xlsx by its bytes, otherwise CSV text. */
export async function readSheet(bytes: Buffer, { maxBytes }: ReadSheetOptions): Promise<Sheet> {
  if (bytes.length > maxBytes)
    throw new ImportError(
      ImportErrorCode.IMPORT_FILE_TOO_LARGE,
      `ファイルが大きすぎます (${Math.floor(maxBytes / 1024)} KB まで)`,
      { maxBytes },
    );
  if (bytes.length === 0) throw notASpreadsheet('ファイルが空です');
  if (isXlsx(bytes)) return { format: 'xlsx', rows: await readXlsx(bytes) };
  const text = decodeText(bytes);
  if (text === null) throw notASpreadsheet('文字のファイルではありません');
  return { format: 'csv', rows: readCsv(text) };
}
