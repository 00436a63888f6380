// The vocabulary of one line of an operation-log batch (oplog-parse.ts reads the batch): the
// fields and their header names, the results, the codes a line is refused with, and the line's
// timestamp, month and CSV fields. Pure functions: nothing here reads a stream or the database.
export type BatchFormat = 'csv' | 'ndjson';

/** Why a line was refused (docs/oplog.md lists them). */
export type LineRefusal =
  | 'LINE_TOO_LONG'
  | 'BAD_ENCODING'
  | 'BAD_CSV'
  | 'BAD_JSON'
  | 'BAD_FIELD_COUNT'
  | 'BAD_AT'
  | 'AT_OUT_OF_RANGE'
  | 'BAD_TERMINAL'
  | 'BAD_OPERATOR'
  | 'UNKNOWN_TYPE'
  | 'BAD_RESULT'
  | 'BAD_TARGET';

export interface RefusedLine {
  line: number;
  code: LineRefusal;
}

/** The fields of a record, by their CSV header names (English or Japanese) and NDJSON keys. */
export const FIELDS = {
  at: ['at', '日時'],
  terminal: ['terminal', '端末'],
  operator: ['operator', '操作者ID', '識別番号'],
  type: ['type', '操作種別'],
  result: ['result', '結果'],
  target: ['target', '対象'],
} as const;
export type FieldName = keyof typeof FIELDS;
export const REQUIRED: FieldName[] = ['at', 'terminal', 'operator', 'type', 'result'];

export const RESULTS: Record<string, 'SUCCESS' | 'FAILURE'> = {
  SUCCESS: 'SUCCESS',
  FAILURE: 'FAILURE',
  OK: 'SUCCESS',
  NG: 'FAILURE',
  正常: 'SUCCESS',
  異常: 'FAILURE',
  成功: 'SUCCESS',
  失敗: 'FAILURE',
};

export const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const AT = /^(\d{4})[-/](\d{2})[-/](\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(Z|[+-]\d{2}:?\d{2})?$/;
/** bytes of one line at most; a longer one is refused and skipped to its end */
export const MAX_LINE_BYTES = 8192;
export const MAX_TARGET_CHARS = 256;
/** refused lines named in the answer at most (all are counted) */
export const MAX_REFUSED_LISTED = 1000;
export const DAY = 86_400_000;
export const TOKYO = 9 * 3_600_000;

/** When a record may be: not before 10 years ago (older than kept), not after tomorrow (a clock wrong). */
export function acceptedPeriod(now: Date): { from: Date; to: Date } {
  const from = new Date(now);
  from.setUTCFullYear(from.getUTCFullYear() - 10);
  return { from, to: new Date(now.getTime() + DAY) };
}

/** A timestamp of a log: ISO 8601 with an offset, or a wall-clock time taken in Tokyo (2026/11/04 09:15:02). */
export function parseAt(text: string): Date | null {
  const m = AT.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number);
  const ms = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return null;
  if (d > new Date(Date.UTC(y, mo, 0)).getUTCDate()) return null;
  let offset = TOKYO;
  if (m[8] === 'Z') offset = 0;
  else if (m[8]) {
    const z = m[8].replace(':', '');
    const sign = z[0] === '-' ? -1 : 1;
    const oh = Number(z.slice(1, 3));
    const om = Number(z.slice(3, 5));
    if (oh > 14 || om > 59) return null;
    offset = sign * (oh * 60 + om) * 60_000;
  }
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms) - offset);
}

/** The first day of the record's month in Tokyo, 'YYYY-MM-01': the partition it goes to. */
export function monthOf(at: Date): string {
  return `${new Date(at.getTime() + TOKYO).toISOString().slice(0, 7)}-01`;
}

/** One CSV line into fields ("" escapes a quote inside a quoted field); null when a quote is left open. */
export function splitCsv(line: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let v = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q === -1) return null;
        v += line.slice(i, q);
        if (line[q + 1] === '"') {
          v += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      if (i < line.length && line[i] !== ',') return null;
      out.push(v);
    } else {
      const c = line.indexOf(',', i);
      out.push(c === -1 ? line.slice(i) : line.slice(i, c));
      i = c === -1 ? line.length : c;
    }
    if (i >= line.length) return out;
    i++; // the comma
  }
}

/** One operator's records of one Tokyo day in a batch, as operation_day keeps them (times in ms). */
export interface OperatorDay {
  /** Tokyo day, days since 1970-01-01 */
  day: number;
  operatorId: string;
  records: number;
  firstAt: number;
  lastAt: number;
  /** bit h: a record in Tokyo clock hour h */
  hours: number;
}

/** A field as text, trimmed; null when it is not text (NDJSON) or absent. */
export function str(v: unknown): string | null {
  return typeof v === 'string' ? v.trim() : null;
}
