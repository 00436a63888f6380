import { describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { formatWarekiDate, formatWarekiDateTime, neutraliseFormula } from './columns.js';
import { csvStream } from './csv.js';
import { COLS, failing, list, readAll, type Row } from './fixture.spec-support.js';

/** A million rows that count how far they were read. */
function counted() {
  const seen = { n: 0 };
  async function* rows(): AsyncGenerator<Row> {
    for (; seen.n < 1_000_000;) {
      seen.n++;
      yield { name: `職員${seen.n}`, at: new Date(), day: '2026-10-05', count: seen.n };
    }
  }
  return { seen, rows: rows() };
}

describe('export kit: CSV', () => {
  it('writes a BOM, CRLF after every line, every field quoted (quotes doubled), empty cells as ""', async () => {
    const buf = await readAll(
      csvStream(
        COLS,
        list<Row>([
          { name: '山田 "太郎", 改行\nあり', at: null, day: null, count: 3 },
          { name: '', at: null, day: null, count: null },
        ]),
      ),
    );
    expect(buf.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(buf.toString('utf8').slice(1)).toBe(
      '"氏名","入室日時","日付","件数"\r\n' + '"山田 ""太郎"", 改行\nあり","","","3"\r\n' + '"","","",""\r\n',
    );
  });

  it('writes the header alone for no rows', async () => {
    expect((await readAll(csvStream(COLS, list<Row>([])))).toString('utf8')).toBe(
      '\uFEFF"氏名","入室日時","日付","件数"\r\n',
    );
  });

  it('neutralises text that Excel would run as a formula: = + - @ tab CR get an apostrophe', async () => {
    for (const s of ['=1+1', '+81', '-2', '@SUM(A1)', '\tx', '\rx']) expect(neutraliseFormula(s)).toBe(`'${s}`);
    for (const s of ['山田', 'a=b', " '=x", '']) expect(neutraliseFormula(s)).toBe(s);
    const out = (
      await readAll(csvStream(COLS, list<Row>([{ name: '=HYPERLINK("http://x")', at: null, day: null, count: -1 }])))
    ).toString('utf8');
    expect(out).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(out).toContain(',"-1"\r\n'); // a number is a number, not text to neutralise
  });

  it('writes 令和 dates in Asia/Tokyo: instants with the time, calendar dates without', async () => {
    expect(formatWarekiDateTime(new Date('2026-10-05T01:00:00Z'))).toBe('令和8年10月5日 10:00');
    expect(formatWarekiDateTime(new Date('2026-10-07T15:30:00Z'))).toBe('令和8年10月8日 00:30'); // next day in Tokyo
    expect(formatWarekiDate('2019-05-01')).toMatch(/^令和(元|1)年5月1日$/);
    expect(formatWarekiDate('2019-04-30')).toBe('平成31年4月30日');
    const out = (
      await readAll(
        csvStream(COLS, list<Row>([{ name: 'a', at: new Date('2026-10-05T00:00:00Z'), day: '2026-10-05', count: 1 }])),
      )
    ).toString('utf8');
    expect(out.split('\r\n')[1]).toBe('"a","令和8年10月5日 09:00","令和8年10月5日","1"');
  });

  it('pulls rows only as fast as the reader takes the bytes', async () => {
    const { seen, rows } = counted();
    const stream = csvStream(COLS, rows);
    const it = stream[Symbol.asyncIterator]();
    await it.next(); // the reader takes one chunk, then stops reading
    await sleep(100);
    const after = seen.n;
    await sleep(100);
    expect(after).toBeLessThan(5_000);
    expect(seen.n).toBe(after);
    stream.destroy();
  });

  it('ends with an error, not a clean end, when the source fails mid-way', async () => {
    let finished = false;
    const stream = csvStream(COLS, failing());
    stream.on('end', () => (finished = true));
    await expect(readAll(stream)).rejects.toThrow('database went away');
    expect(finished).toBe(false);
  });
});
