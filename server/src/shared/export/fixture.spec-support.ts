// Rows, columns and stream readers shared by the CSV and xlsx specs (not part of the build:
// tsconfig.build.json leaves out *.spec-support.ts).
import { columns } from './columns.js';

export interface Row {
  name: string;
  at: Date | null;
  day: string | null;
  count: number | null;
}

/** One column of each kind the export kit knows. */
export const COLS = columns<Row>(
  { header: '氏名', kind: 'text', value: (r) => r.name, width: 18 },
  { header: '入室日時', kind: 'datetime', value: (r) => r.at },
  { header: '日付', kind: 'date', value: (r) => r.day },
  { header: '件数', kind: 'number', value: (r) => r.count },
);

export async function* list<T>(rows: T[]): AsyncGenerator<T> {
  yield* rows;
}

/** A source that yields one row, then fails as a database connection would mid-way. */
export async function* failing(): AsyncGenerator<Row> {
  yield { name: 'a', at: null, day: null, count: 1 };
  throw new Error('database went away');
}

/** Everything a stream gives, as one buffer. */
export async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks);
}
