// The city office's calendar (開庁日): limits counted in working days skip Saturdays, Sundays,
// Japanese public holidays (including substitute and citizens' holidays) and the year-end closure
// 12/29–1/3 of 行政機関の休日に関する法律 (a city hall keeps the same days by its own ordinance).
// Holidays come from @holiday-jp/holiday_jp: the community-kept list that the Cabinet Office's
// announcements feed (through 2050), with no dependencies and no network at run time.
import holidayJp from '@holiday-jp/holiday_jp';
import { dateIn } from './dates.js';

const TIME_ZONE = 'Asia/Tokyo';
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A day 'YYYY-MM-DD' as given, or the Tokyo day of an instant. */
const dayOf = (d: string | Date): string => {
  if (typeof d !== 'string') return dateIn(TIME_ZONE, d);
  if (!DAY.test(d)) throw new Error(`working-days: not a day 'YYYY-MM-DD': ${d}`);
  return d;
};

/** The calendar's day of week of 'YYYY-MM-DD' (0: Sunday), free of the process's time zone. */
const weekday = (day: string): number => new Date(`${day}T00:00:00Z`).getUTCDay();

const shift = (day: string, n: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** 12/29–1/3: the year-end and new-year closure of public offices. */
const yearEnd = (day: string): boolean => {
  const md = day.slice(5);
  return md >= '12-29' || md <= '01-03';
};

/** A public holiday of Japan (祝日・振替休日・国民の休日). */
export const isPublicHoliday = (d: string | Date): boolean => holidayJp.isHoliday(dayOf(d));

/** Whether the office is open on that day (Tokyo): not a weekend, a public holiday or 12/29–1/3. */
export function isWorkingDay(d: string | Date): boolean {
  const day = dayOf(d);
  const w = weekday(day);
  return w !== 0 && w !== 6 && !yearEnd(day) && !isPublicHoliday(day);
}

/**
 * The working day `n` working days after `d` (Tokyo), as 'YYYY-MM-DD': addWorkingDays(Fri, 1) is
 * the next Monday that is open. n = 0 gives the day itself when it is a working day, else the next
 * one. A limit "within 5 working days of the request" ends at the end of addWorkingDays(asked, 5).
 */
export function addWorkingDays(d: string | Date, n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new Error(`working-days: n must be a whole number ≥ 0: ${n}`);
  let day = dayOf(d);
  while (!isWorkingDay(day)) day = shift(day, 1);
  for (let left = n; left > 0;) {
    day = shift(day, 1);
    if (isWorkingDay(day)) left -= 1;
  }
  return day;
}

/** The first instant after the end of `day` in Tokyo (24:00 JST), for "overdue once the day is over". */
export const endOfDay = (day: string): Date => new Date(Date.parse(`${shift(day, 1)}T00:00:00+09:00`));
