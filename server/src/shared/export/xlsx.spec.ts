import { describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import { XLSX_DATE_FORMAT, XLSX_DATETIME_FORMAT, xlsxStream } from './xlsx.js';
import { COLS, failing, list, readAll, type Row } from './fixture.spec-support.js';

describe('export kit: xlsx', () => {
  it('round trip: headers bold and frozen, Japanese text, 令和-formatted date cells in Tokyo time, numbers', async () => {
    const buf = await readAll(
      xlsxStream(
        COLS,
        list<Row>([
          { name: '山田 太郎', at: new Date('2026-10-05T01:00:00Z'), day: '2026-10-05', count: 3 },
          { name: '=HYPERLINK("http://x")', at: null, day: null, count: null },
        ]),
        '入退室管理簿',
      ),
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('入退室管理簿')!;
    expect(ws.getRow(1).values).toEqual([undefined, '氏名', '入室日時', '日付', '件数']);
    expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getColumn(1).width).toBe(18);
    expect(ws.getColumn(2).width).toBeGreaterThanOrEqual(20);
    const r = ws.getRow(2);
    expect(r.getCell(1).value).toBe('山田 太郎');
    // 10:00 in Tokyo, as the wall-clock time Excel shows (a cell has no time zone)
    expect(r.getCell(2).value).toEqual(new Date(Date.UTC(2026, 9, 5, 10, 0)));
    expect(r.getCell(2).numFmt).toBe(XLSX_DATETIME_FORMAT);
    expect(r.getCell(3).value).toEqual(new Date(Date.UTC(2026, 9, 5)));
    expect(r.getCell(3).numFmt).toBe(XLSX_DATE_FORMAT);
    expect(r.getCell(4).value).toBe(3);
    // text stays text: in xlsx a leading = is not a formula, so nothing is prefixed
    expect(ws.getRow(3).getCell(1).value).toBe('=HYPERLINK("http://x")');
    expect(ws.getRow(3).getCell(1).formula).toBeUndefined();
    expect(ws.getRow(3).getCell(2).value).toBeNull();
    expect(ws.rowCount).toBe(3);
  });

  it('pulls rows only as fast as the reader takes the bytes', async () => {
    const seen = { n: 0 };
    async function* rows(): AsyncGenerator<Row> {
      for (; seen.n < 1_000_000;) {
        seen.n++;
        yield {
          name: `職員 ${seen.n} 番`,
          at: new Date(1_790_000_000_000 + seen.n * 60_000),
          day: null,
          count: seen.n,
        };
      }
    }
    const stream = xlsxStream(COLS, rows(), 'x');
    const it = stream[Symbol.asyncIterator]();
    await it.next(); // one chunk, then the reader stops
    // the writer fills the zip's buffers and then waits for the reader: the count settles
    let before = -1;
    for (let i = 0; i < 40 && seen.n !== before; i++) {
      before = seen.n;
      await sleep(250);
    }
    expect(seen.n).toBe(before);
    expect(seen.n).toBeLessThan(50_000);
    stream.destroy();
  });

  it('destroys the stream, rather than finishing a short workbook, when the source fails', async () => {
    await expect(readAll(xlsxStream(COLS, failing(), 'x'))).rejects.toThrow('database went away');
  });
});
