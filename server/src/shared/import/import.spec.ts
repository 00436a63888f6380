import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  ImportErrorCode,
  mapColumns,
  parseSheetBoolean,
  parseSheetDate,
  readSheet,
  validateRows,
  type ImportColumn,
} from './index.js';

const LIMIT = { maxBytes: 10_000 };

async function xlsx(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('様式第1号');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// Shift_JIS of 名称,数量\r\n東京,3 (Excel's 「CSV (コンマ区切り)」 in Japan)
const SJIS = Buffer.from([
  0x96, 0xbc, 0x8f, 0xcc, 0x2c, 0x90, 0x94, 0x97, 0xca, 0x0d, 0x0a, 0x93, 0x8c, 0x8b, 0x9e, 0x2c, 0x33, 0x0d, 0x0a,
]);

describe('import kit: readSheet', () => {
  it('CSV in UTF-8 with and without BOM gives the same rows, numbered as Excel shows them (blank rows skipped)', async () => {
    const text = '名称,数量\r\n"サーバ, 1号機",3\r\n\r\n"複数\n行",4\r\n';
    const plain = await readSheet(Buffer.from(text), LIMIT);
    const bom = await readSheet(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), LIMIT);
    expect(plain).toEqual(bom);
    expect(plain.format).toBe('csv');
    expect(plain.rows).toEqual([
      { row: 1, cells: ['名称', '数量'] },
      { row: 2, cells: ['サーバ, 1号機', '3'] },
      // a quoted line break stays in its cell: the record is row 4, after the blank row 3
      { row: 4, cells: ['複数\n行', '4'] },
    ]);
  });

  it('CSV in Shift_JIS is read', async () => {
    const sheet = await readSheet(SJIS, LIMIT);
    expect(sheet.rows).toEqual([
      { row: 1, cells: ['名称', '数量'] },
      { row: 2, cells: ['東京', '3'] },
    ]);
  });

  it('xlsx: the first sheet, dates as YYYY-MM-DD, numbers and rich text as text, empty rows skipped', async () => {
    const b = await xlsx([
      ['登録番号', '使用開始日', '数'],
      ['K-001', new Date(Date.UTC(2026, 3, 1)), 12],
      [],
      [' K-002 ', null, 1.5],
    ]);
    const sheet = await readSheet(b, { maxBytes: 1_000_000 });
    expect(sheet.format).toBe('xlsx');
    expect(sheet.rows).toEqual([
      { row: 1, cells: ['登録番号', '使用開始日', '数'] },
      { row: 2, cells: ['K-001', '2026-04-01', '12'] },
      { row: 4, cells: ['K-002', '', '1.5'] },
    ]);
  });

  it('refuses a file over the limit with IMPORT_FILE_TOO_LARGE', async () => {
    await expect(readSheet(Buffer.alloc(11, 0x41), { maxBytes: 10 })).rejects.toMatchObject({
      code: ImportErrorCode.IMPORT_FILE_TOO_LARGE,
      details: { maxBytes: 10 },
    });
  });

  it('refuses binary, an empty file, a broken zip and a non-xlsx zip with NOT_A_SPREADSHEET', async () => {
    const pdf = Buffer.from('%PDF-1.7\n\u0000\u0001binary');
    const brokenXlsx = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('[Content_Types].xml junk')]);
    for (const b of [pdf, Buffer.alloc(0), brokenXlsx, Buffer.from([0xff, 0xfe, 0x00, 0x41])])
      await expect(readSheet(b, LIMIT)).rejects.toMatchObject({ code: ImportErrorCode.NOT_A_SPREADSHEET });
  });

  it('refuses CSV that does not parse (an unclosed quote) with NOT_A_SPREADSHEET', async () => {
    await expect(readSheet(Buffer.from('a,b\n"open,1\n'), LIMIT)).rejects.toMatchObject({
      code: ImportErrorCode.NOT_A_SPREADSHEET,
    });
  });
});

type F = 'number' | 'name' | 'count';
const COLS: ImportColumn<F>[] = [
  { field: 'number', header: '登録番号', required: true },
  { field: 'name', header: '名称', aliases: ['品名'], required: true },
  { field: 'count', header: '数量' },
];

describe('import kit: mapColumns and validateRows', () => {
  it('finds columns by Japanese header (spaces and width ignored), by alias, or by the caller’s mapping', async () => {
    const sheet = await readSheet(Buffer.from('備考,品名,登録 番号\nx,サーバ,Ｋ1\n'), LIMIT);
    const mapped = mapColumns(sheet, COLS);
    expect(mapped.headers).toEqual({ number: '登録 番号', name: '品名' });
    expect(mapped.rows).toEqual([{ row: 2, values: { number: 'Ｋ1', name: 'サーバ', count: '' } }]);
    const own = mapColumns(await readSheet(Buffer.from('No,Item\n1,a\n'), LIMIT), COLS, {
      mapping: { number: 'No', name: 'Item' },
    });
    expect(own.rows[0].values).toMatchObject({ number: '1', name: 'a' });
  });

  it('refuses missing required columns (all named) and too many rows, with codes', async () => {
    const sheet = await readSheet(Buffer.from('数量\n1\n2\n'), LIMIT);
    expect(() => mapColumns(sheet, COLS)).toThrow(
      expect.objectContaining({
        code: 'IMPORT_COLUMNS_MISSING',
        details: { missing: ['登録番号', '名称'], headerRow: 1 },
      }),
    );
    const ok = await readSheet(Buffer.from('登録番号,名称\n1,a\n2,b\n'), LIMIT);
    expect(() => mapColumns(ok, COLS, { maxRows: 1 })).toThrow(
      expect.objectContaining({ code: 'IMPORT_TOO_MANY_ROWS' }),
    );
    expect(mapColumns(ok, COLS, { maxRows: 2 }).rows).toHaveLength(2);
  });

  it('answers every problem of every row with its row number and the column as the sheet names it', async () => {
    const sheet = mapColumns(await readSheet(Buffer.from('登録番号,名称,数量\n1,a,2\n,b,x\n3,c,4\n'), LIMIT), COLS);
    const { valid, issues } = validateRows(sheet, (r, report) => {
      if (!r.values.number) report('number', 'REQUIRED', '登録番号は必須です');
      const n = Number(r.values.count);
      if (!Number.isInteger(n)) report('count', 'INVALID_VALUE', '数量は整数です');
      if (r.values.name === 'c') report(null, 'DUPLICATE', '重複');
      return { number: r.values.number, count: n };
    });
    expect(valid).toEqual([{ row: 2, value: { number: '1', count: 2 } }]);
    expect(issues).toEqual([
      { row: 3, column: '登録番号', code: 'REQUIRED', message: '登録番号は必須です' },
      { row: 3, column: '数量', code: 'INVALID_VALUE', message: '数量は整数です' },
      { row: 4, code: 'DUPLICATE', message: '重複' },
    ]);
  });
});

describe('import kit: values', () => {
  it('reads dates as an office writes them, and refuses days that do not exist', () => {
    expect(parseSheetDate('2026-04-01')).toBe('2026-04-01');
    expect(parseSheetDate('2026/4/1')).toBe('2026-04-01');
    expect(parseSheetDate('2026年4月1日')).toBe('2026-04-01');
    expect(parseSheetDate('令和8年4月1日')).toBe('2026-04-01');
    expect(parseSheetDate('令和元年5月1日')).toBe('2019-05-01');
    expect(parseSheetDate('R8.4.1')).toBe('2026-04-01');
    expect(parseSheetDate('平成31年4月30日')).toBe('2019-04-30');
    expect(parseSheetDate('２０２６／４／１')).toBe('2026-04-01');
    expect(parseSheetDate('2026-02-30')).toBeNull();
    expect(parseSheetDate('来月')).toBeNull();
  });

  it('reads yes/no marks; blank is null and anything else undefined', () => {
    expect(['はい', '有', '○', 'TRUE'].map(parseSheetBoolean)).toEqual([true, true, true, true]);
    expect(['いいえ', '無', '×', 'false'].map(parseSheetBoolean)).toEqual([false, false, false, false]);
    expect(parseSheetBoolean(' ')).toBeNull();
    expect(parseSheetBoolean('たぶん')).toBeUndefined();
  });
});
