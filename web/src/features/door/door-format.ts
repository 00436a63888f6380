// Times on the kiosk: the tablet's own clock, Tokyo time, hours and minutes.
const hm = new Intl.DateTimeFormat('ja-JP', { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Tokyo' });
const mdhm = new Intl.DateTimeFormat('ja-JP', {
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Asia/Tokyo',
});

export const clockTime = (iso: string) => hm.format(new Date(iso));
export const dayTime = (iso: string) => mdhm.format(new Date(iso));

/** Whole minutes since `iso` (null when never). */
export const ageMinutes = (iso: string | null, now = new Date()) =>
  iso ? Math.max(0, Math.floor((now.getTime() - new Date(iso).getTime()) / 60_000)) : null;
