// A register as an Excel workbook, written by ExcelJS's streaming writer while rows are read.
// Dates are real date cells (Excel can sort, filter and compute with them) shown in 令和 by the
// Japanese-era number format; instants are written as Asia/Tokyo wall-clock time, since a cell
// has no time zone. Text cells are text: a value starting with = is not a formula in xlsx, so it
// is written unchanged (no apostrophe, unlike CSV). Header row bold and frozen, with a filter.
import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type ExcelJS from 'exceljs';
import { calendarDate, TOKYO_OFFSET_MS, type ColumnKind, type ExportColumn } from './columns.js';

// [$-411] selects Japanese, ggge the era and its year: 令和8年10月5日 10:00
export const XLSX_DATETIME_FORMAT = '[$-411]ggge"年"m"月"d"日" hh:mm';
export const XLSX_DATE_FORMAT = '[$-411]ggge"年"m"月"d"日"';
const WIDTH: Record<ColumnKind, number> = { text: 16, datetime: 22, date: 16, number: 10 };
/** rows written between looks at the reader: the zip writer buffers what it has not yet sent */
const BATCH = 200;

function cellValue<T>(col: ExportColumn<T>, row: T): ExcelJS.CellValue {
  const v = col.value(row);
  if (v === null || v === undefined) return null;
  switch (col.kind) {
    case 'datetime':
      return new Date((v as Date).getTime() + TOKYO_OFFSET_MS);
    case 'date':
      return calendarDate(v as string | Date);
    case 'number':
      return v as number;
    case 'text':
      return String(v);
  }
}

const columnLetter = (n: number): string =>
  n <= 26 ? String.fromCharCode(64 + n) : columnLetter(Math.floor((n - 1) / 26)) + columnLetter(((n - 1) % 26) + 1);

/** Resolves once the reader has taken what is buffered, or has gone away. */
async function readerReady(out: PassThrough): Promise<void> {
  await nextTurn(); // let the zip writer and deflate move what was written
  while (out.writableNeedDrain && !out.destroyed) {
    await Promise.race([once(out, 'drain'), once(out, 'close')]);
  }
}

/**
 * ExcelJS is loaded at the first export, not at start-up: it is one of the largest libraries the server
 * has, and only exports (and imports) use it.
 */
export const loadExcelJS = async (): Promise<typeof ExcelJS> => (await import('exceljs')).default;

export function xlsxStream<T>(cols: ExportColumn<T>[], rows: AsyncIterable<T>, sheetName: string): Readable {
  const out = new PassThrough();
  const write = async () => {
    const { stream } = await loadExcelJS();
    const workbook = new stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    workbook.creator = '住基ネット セキュリティ管理';
    workbook.created = new Date();
    const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = cols.map((c) => ({ width: c.width ?? WIDTH[c.kind] }));
    sheet.autoFilter = `A1:${columnLetter(cols.length)}1`;
    const header = sheet.addRow(cols.map((c) => c.header));
    header.font = { bold: true };
    header.commit();
    let n = 0;
    for await (const row of rows) {
      if (out.destroyed) return; // the reader went away; the for-await ends the source
      const line = sheet.addRow(cols.map((c) => cellValue(c, row)));
      cols.forEach((c, i) => {
        if (c.kind === 'datetime') line.getCell(i + 1).numFmt = XLSX_DATETIME_FORMAT;
        else if (c.kind === 'date') line.getCell(i + 1).numFmt = XLSX_DATE_FORMAT;
      });
      line.commit();
      if (++n % BATCH === 0) await readerReady(out);
    }
    sheet.commit();
    await workbook.commit();
  };
  // an error mid-way destroys the stream: the reader gets a broken stream, not a short workbook
  write().catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
  return out;
}
