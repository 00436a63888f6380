// An example file of operation records in the documented layout (docs/oplog.md): a working day of
// a few terminals, repeated over days. Made up, deterministic (the same arguments give the same
// file), with targets that are not anybody's: for trying the import, tests and the bench.

export const EXAMPLE_HEADER = '日時,端末,操作者ID,操作種別,結果,対象';

const TYPES = ['INQUIRY', 'INQUIRY', 'INQUIRY', 'UPDATE', 'PROVISION', 'PRINT'];

/** `rows` records from `start` (Tokyo, 08:30 on), as CSV lines (header first), in chunks. */
export function* exampleCsv(rows: number, start = new Date('2026-11-02T00:00:00+09:00')): Generator<string> {
  yield `${EXAMPLE_HEADER}\n`;
  let seed = 20261102;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const pad = (n: number) => String(n).padStart(2, '0');
  let out: string[] = [];
  for (let i = 0; i < rows; i++) {
    const day = Math.floor(i / 400);
    const t = new Date(start.getTime() + day * 86_400_000 + (8.5 * 3600 + (i % 400) * 80 + rand(60)) * 1000);
    const w = new Date(t.getTime() + 9 * 3_600_000);
    const at = `${w.getUTCFullYear()}-${pad(w.getUTCMonth() + 1)}-${pad(w.getUTCDate())} ${pad(w.getUTCHours())}:${pad(w.getUTCMinutes())}:${pad(w.getUTCSeconds())}`;
    const terminal = `T-${String(1 + rand(8)).padStart(3, '0')}`;
    const operator = `OP${1000 + rand(40)}`;
    const type = i % 400 === 0 ? 'SIGN_IN' : i % 400 === 399 ? 'SIGN_OUT' : TYPES[rand(TYPES.length)];
    const result = rand(50) === 0 ? 'FAILURE' : 'SUCCESS';
    const target = type === 'SIGN_IN' || type === 'SIGN_OUT' ? '' : `例-${rand(100000)}`;
    out.push(`${at},${terminal},${operator},${type},${result},${target}\n`);
    if (out.length === 1000) {
      yield out.join('');
      out = [];
    }
  }
  if (out.length) yield out.join('');
}
