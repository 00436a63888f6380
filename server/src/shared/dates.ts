// Calendar dates as the office sees them (Asia/Tokyo), as ISO 'YYYY-MM-DD' strings.

const isoDate = new Map<string, Intl.DateTimeFormat>();

/** The calendar date of `at` in the given time zone, e.g. '2026-11-26'. */
export function dateIn(timeZone: string, at: Date = new Date()): string {
  let f = isoDate.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    isoDate.set(timeZone, f);
  }
  return f.format(at);
}
