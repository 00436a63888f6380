// Cell text as the values registers hold: calendar dates written the ways a Japanese office writes
// them, and yes/no marks. Pure; each returns null for a value it cannot read (the caller reports it).

const ERAS: Record<string, number> = { 令和: 2018, R: 2018, 平成: 1988, H: 1988, 昭和: 1925, S: 1925 };

const iso = (y: number, m: number, d: number): string | null => {
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
};

/**
 * A calendar date as 'YYYY-MM-DD': 2026-04-01, 2026/4/1, 2026年4月1日, 令和8年4月1日 (元年 too),
 * R8.4.1; null when it is none of these or no such day.
 */
export function parseSheetDate(text: string): string | null {
  const s = text.normalize('NFKC').replace(/\s+/g, '');
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s);
  if (m) return iso(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(令和|平成|昭和|R|H|S)(元|\d{1,2})[年.](\d{1,2})[月.](\d{1,2})日?$/i.exec(s);
  if (m) {
    const base = ERAS[m[1].toUpperCase()] ?? ERAS[m[1]];
    return iso(base + (m[2] === '元' ? 1 : Number(m[2])), Number(m[3]), Number(m[4]));
  }
  return null;
}

const YES = new Set(['はい', '有', 'あり', '○', '〇', '◯', 'yes', 'y', 'true', '1', '済']);
const NO = new Set(['いいえ', '無', 'なし', '×', '✕', '-', 'no', 'n', 'false', '0']);

/** はい/有/○/true … → true, いいえ/無/×/false … → false, '' → null, otherwise undefined (unreadable). */
export function parseSheetBoolean(text: string): boolean | null | undefined {
  const s = text.normalize('NFKC').trim().toLowerCase();
  if (s === '') return null;
  if (YES.has(s)) return true;
  if (NO.has(s)) return false;
  return undefined;
}
