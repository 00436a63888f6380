// A register as CSV that Excel opens correctly: UTF-8 with a BOM, CRLF, every field quoted, 令和
// dates, and text that Excel would run as a formula prefixed with an apostrophe. Quoting is
// csv-stringify's; rows are pulled from the source only as fast as the reader takes the bytes.
import { pipeline, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { cellText, type ExportColumn } from './columns.js';

export function csvStream<T>(cols: ExportColumn<T>[], rows: AsyncIterable<T>): Readable {
  async function* records() {
    yield cols.map((c) => c.header);
    for await (const row of rows) yield cols.map((c) => cellText(c, row));
  }
  const source = Readable.from(records(), { highWaterMark: 64 });
  const out = stringify({ bom: true, quoted: true, quoted_empty: true, record_delimiter: 'windows', eof: true });
  // an error on either side destroys both: the reader sees a broken stream (out emits the error),
  // never a clean end; a reader that goes away ends the source (its finally blocks run)
  return pipeline(source, out, () => {});
}
