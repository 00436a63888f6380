import { describe, expect, it } from 'vitest';
import { dateIn } from './dates.js';

describe('dateIn', () => {
  it('gives the Tokyo calendar date, which is already tomorrow after 15:00 UTC', () => {
    expect(dateIn('Asia/Tokyo', new Date('2026-03-31T14:59:59Z'))).toBe('2026-03-31');
    expect(dateIn('Asia/Tokyo', new Date('2026-03-31T15:00:00Z'))).toBe('2026-04-01');
  });
  it('Hardening §7: the answer kept for a minute is of that minute and zone (midnight in either zone, one after the other)', () => {
    const intl = (tz: string, at: Date) =>
      new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
    const instants = [
      '2026-03-31T14:59:59.999Z',
      '2026-03-31T15:00:00.000Z',
      '2026-03-31T23:59:59Z',
      '2026-04-01T00:00:00Z',
    ];
    for (const tz of ['Asia/Tokyo', 'UTC', 'Asia/Tokyo'])
      for (const at of instants) expect(dateIn(tz, new Date(at)), `${tz} ${at}`).toBe(intl(tz, new Date(at)));
    // before 2000 some zones' offsets had seconds (Amsterdam +00:19:32 in 1930): not kept by the minute
    for (const at of ['1930-06-30T23:40:27Z', '1930-06-30T23:40:28Z'])
      expect(dateIn('Europe/Amsterdam', new Date(at)), at).toBe(intl('Europe/Amsterdam', new Date(at)));
  });
});
