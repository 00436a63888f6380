// Dates as the office reads them: Asia/Tokyo, Japanese era in Japanese (令和8年11月26日).

export function todayInTokyo(): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Tokyo',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
}

/** 'YYYY-MM-DD' → 令和8年11月26日 (ja) or 26 Nov 2026 (en). */
export function formatLocalDate(iso: string, locale: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d, 3));
  return locale === 'ja'
    ? new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
        era: 'long',
        year: 'numeric',
        month: 'long',
        day: 'numeric',
        timeZone: 'Asia/Tokyo',
      }).format(date)
    : new Intl.DateTimeFormat('en-GB', {
        year: 'numeric',
        month: 'short',
        day: 'numeric',
        timeZone: 'Asia/Tokyo',
      }).format(date);
}

/** 'YYYY-MM' → 令和8年11月 (ja) or Nov 2026 (en): a month of a register or a review. */
export function formatLocalMonth(month: string, locale: string): string {
  const [y, m] = month.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, 15));
  return locale === 'ja'
    ? new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
        era: 'long',
        year: 'numeric',
        month: 'long',
        timeZone: 'Asia/Tokyo',
      }).format(date)
    : new Intl.DateTimeFormat('en-GB', { year: 'numeric', month: 'short', timeZone: 'Asia/Tokyo' }).format(date);
}

/** An instant in Asia/Tokyo, to the minute. */
export function formatInstant(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale === 'ja' ? 'ja-JP' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Asia/Tokyo',
  }).format(new Date(iso));
}

/** 令和8年10月5日 10:00 — the register's printed dates (Asia/Tokyo). */
export function formatWarekiInstant(iso: string): string {
  return new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
    era: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Asia/Tokyo',
  }).format(new Date(iso));
}
