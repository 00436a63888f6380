// One column definition for every register export: the header Japanese readers see, how a row
// gives the value, and what kind of value it is. CSV (csv.ts) and xlsx (xlsx.ts) both read it.

export type ColumnKind = 'text' | 'datetime' | 'date' | 'number';

/** What a value function may return for each kind; null/undefined is an empty cell. */
export interface KindValue {
  text: string;
  /** an instant, shown in Asia/Tokyo */
  datetime: Date;
  /** a calendar date: 'YYYY-MM-DD' as the office sees it, or an instant (its date in Asia/Tokyo) */
  date: string | Date;
  number: number;
}

export type ExportColumn<T> = {
  [K in ColumnKind]: {
    header: string;
    kind: K;
    value: (row: T) => KindValue[K] | null | undefined;
    /** width in Excel's character units (full-width characters count two); a default per kind otherwise */
    width?: number;
  };
}[ColumnKind];

/** Columns of one row type, with `kind` checked against what `value` returns. */
export function columns<T>(...cols: ExportColumn<T>[]): ExportColumn<T>[] {
  return cols;
}

export const TOKYO_OFFSET_MS = 9 * 3_600_000; // Japan has no daylight saving time

// 令和8年10月5日 10:00 — the options the access register has always used
const warekiDateTime = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
  era: 'long',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Asia/Tokyo',
});
const warekiDate = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
  era: 'long',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  timeZone: 'Asia/Tokyo',
});

/** 'YYYY-MM-DD' or an instant → midnight UTC of that calendar date (the date as Excel and Intl see it). */
export function calendarDate(v: string | Date): Date {
  if (v instanceof Date) {
    const tokyo = new Date(v.getTime() + TOKYO_OFFSET_MS);
    return new Date(Date.UTC(tokyo.getUTCFullYear(), tokyo.getUTCMonth(), tokyo.getUTCDate()));
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) throw new RangeError(`not a calendar date: ${v}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

/** 令和 text of an instant, in Asia/Tokyo: 令和8年10月5日 10:00 */
export const formatWarekiDateTime = (at: Date): string => warekiDateTime.format(at);

/** 令和 text of a calendar date: 令和8年10月5日 */
export const formatWarekiDate = (d: string | Date): string =>
  // noon UTC of the date is the same date in Tokyo
  warekiDate.format(new Date(calendarDate(d).getTime() + 12 * 3_600_000));

/** A cell starting with = + - @ tab or CR would run as a formula in Excel: give it a leading apostrophe. */
export const neutraliseFormula = (s: string): string => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

/** The value of a column as CSV text (before quoting): 令和 dates, formula-safe text. */
export function cellText<T>(col: ExportColumn<T>, row: T): string {
  const v = col.value(row);
  if (v === null || v === undefined) return '';
  switch (col.kind) {
    case 'datetime':
      return formatWarekiDateTime(v as Date);
    case 'date':
      return formatWarekiDate(v as string | Date);
    case 'number':
      return String(v);
    case 'text':
      return neutraliseFormula(String(v));
  }
}
