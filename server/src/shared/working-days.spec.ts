import { describe, expect, it } from 'vitest';
import { addWorkingDays, endOfDay, isPublicHoliday, isWorkingDay } from './working-days.js';

describe('working days (issue 15 §6: limits skip weekends, public holidays and 12/29–1/3)', () => {
  it('Golden Week 2026: 昭和の日, 憲法記念日 on a Sunday and its substitute holiday are not working days', () => {
    expect(isWorkingDay('2026-04-28')).toBe(true); // Tuesday
    expect(isWorkingDay('2026-04-29')).toBe(false); // 昭和の日 (Wednesday)
    expect(isWorkingDay('2026-05-01')).toBe(true); // Friday
    for (const d of ['2026-05-02', '2026-05-03', '2026-05-04', '2026-05-05', '2026-05-06'])
      expect(isWorkingDay(d), d).toBe(false);
    expect(isPublicHoliday('2026-05-06')).toBe(true); // 振替休日
    expect(addWorkingDays('2026-04-28', 1)).toBe('2026-04-30');
    expect(addWorkingDays('2026-04-28', 3)).toBe('2026-05-07');
    expect(addWorkingDays('2026-04-28', 5)).toBe('2026-05-11');
  });

  it('New Year: 12/29–1/3 are closed (only 1/1 is a public holiday), and 成人の日 2027 is skipped', () => {
    expect(isPublicHoliday('2026-12-30')).toBe(false);
    expect(isWorkingDay('2026-12-30')).toBe(false);
    expect(isWorkingDay('2026-12-28')).toBe(true);
    expect(addWorkingDays('2026-12-28', 1)).toBe('2027-01-04');
    expect(addWorkingDays('2026-12-28', 5)).toBe('2027-01-08');
    expect(addWorkingDays('2026-12-28', 6)).toBe('2027-01-12'); // 1/11 成人の日
  });

  it('a weekend start counts from the next working day; n = 0 is that day', () => {
    expect(addWorkingDays('2026-06-06', 0)).toBe('2026-06-08'); // Saturday → Monday
    expect(addWorkingDays('2026-06-06', 1)).toBe('2026-06-09');
    expect(addWorkingDays('2026-06-08', 0)).toBe('2026-06-08');
  });

  it('an instant is read in Tokyo: 15:00 UTC on a Friday is already Saturday', () => {
    expect(isWorkingDay(new Date('2026-06-05T14:59:59Z'))).toBe(true);
    expect(isWorkingDay(new Date('2026-06-05T15:00:00Z'))).toBe(false);
    expect(addWorkingDays(new Date('2026-06-05T15:00:00Z'), 1)).toBe('2026-06-09');
    expect(endOfDay('2026-06-08').toISOString()).toBe('2026-06-08T15:00:00.000Z');
  });

  it('refuses what is not a day or a whole number', () => {
    expect(() => addWorkingDays('2026-6-8', 1)).toThrow();
    expect(() => addWorkingDays('2026-06-08', -1)).toThrow();
  });
});
