// From a sheet's header row to fields: each column the importer knows by a header (Japanese by
// default, the caller's own header name when it gives one), then each data row checked by the
// importer's function, which reports every problem of the row rather than the first.
import type { Sheet } from './read-sheet.js';
import { ImportError, ImportErrorCode } from './import.errors.js';

export interface ImportColumn<F extends string> {
  field: F;
  /** the header this column has in the city's sheet (and in our export) */
  header: string;
  /** other headers accepted for it (older sheets) */
  aliases?: readonly string[];
  required?: boolean;
}

/** One problem of one row: answered to the person who uploaded, with the row Excel shows. */
export interface SheetIssue {
  row: number;
  /** the header of the column as it is in the sheet */
  column?: string;
  code: string;
  message: string;
}

export interface MappedRow<F extends string> {
  row: number;
  /** each known field's cell text, '' when empty or the column is absent */
  values: Record<F, string>;
}

export interface MappedSheet<F extends string> {
  headerRow: number;
  /** field → the header found for it in the sheet */
  headers: Partial<Record<F, string>>;
  rows: MappedRow<F>[];
}

/** Header text compared without spaces (full- or half-width) and case. */
const norm = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

/**
 * Finds each column in the sheet's first row. `mapping` (field → header) overrides the default
 * header of a field. Refuses with IMPORT_COLUMNS_MISSING when a required column is not there, or
 * IMPORT_TOO_MANY_ROWS over `maxRows` data rows.
 */
export function mapColumns<F extends string>(
  sheet: Sheet,
  columns: readonly ImportColumn<F>[],
  options: { mapping?: Partial<Record<F, string>>; maxRows?: number } = {},
): MappedSheet<F> {
  const [head, ...data] = sheet.rows;
  const missing = (names: string[]) =>
    new ImportError(
      ImportErrorCode.IMPORT_COLUMNS_MISSING,
      `見出しの行に必要な列がありません: ${names.join('、')} (required columns missing)`,
      { missing: names, headerRow: head?.row ?? null },
    );
  if (!head) throw missing(columns.filter((c) => c.required).map((c) => c.header));
  const at = new Map<string, number>();
  head.cells.forEach((h, i) => {
    if (h && !at.has(norm(h))) at.set(norm(h), i);
  });
  const index = new Map<F, number>();
  const headers: Partial<Record<F, string>> = {};
  const absent: string[] = [];
  for (const c of columns) {
    const given = options.mapping?.[c.field]?.trim();
    const names = given ? [given] : [c.header, ...(c.aliases ?? [])];
    const i = names.map((n) => at.get(norm(n))).find((x) => x !== undefined);
    if (i === undefined) {
      if (c.required) absent.push(names[0]);
      continue;
    }
    index.set(c.field, i);
    headers[c.field] = head.cells[i];
  }
  if (absent.length) throw missing(absent);
  if (options.maxRows !== undefined && data.length > options.maxRows)
    throw new ImportError(ImportErrorCode.IMPORT_TOO_MANY_ROWS, `行が多すぎます (${options.maxRows} 行まで)`, {
      maxRows: options.maxRows,
      rows: data.length,
    });
  const rows = data.map((r) => ({
    row: r.row,
    values: Object.fromEntries(columns.map((c) => [c.field, r.cells[index.get(c.field) ?? -1] ?? ''])) as Record<
      F,
      string
    >,
  }));
  return { headerRow: head.row, headers, rows };
}

/** Reports a problem of the row being checked: the column by its field, shown by its header. */
export type ReportIssue<F extends string> = (field: F | null, code: string, message: string) => void;

/**
 * Checks every row with `check`, which returns the row's value or reports its problems (as many as
 * it finds). Returns the values of good rows and the issues of all rows, in row order.
 */
export function validateRows<F extends string, T>(
  sheet: MappedSheet<F>,
  check: (row: MappedRow<F>, report: ReportIssue<F>) => T | undefined,
): { valid: { row: number; value: T }[]; issues: SheetIssue[] } {
  const valid: { row: number; value: T }[] = [];
  const issues: SheetIssue[] = [];
  for (const r of sheet.rows) {
    let bad = false;
    const value = check(r, (field, code, message) => {
      bad = true;
      const column = field === null ? undefined : (sheet.headers[field] ?? field);
      issues.push({ row: r.row, ...(column ? { column } : {}), code, message });
    });
    if (!bad && value !== undefined) valid.push({ row: r.row, value });
  }
  return { valid, issues };
}
