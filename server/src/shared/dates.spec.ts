import { describe, expect, it } from 'vitest';
import { dateIn } from './dates.js';

describe('dateIn', () => {
  it('gives the Tokyo calendar date, which is already tomorrow after 15:00 UTC', () => {
    expect(dateIn('Asia/Tokyo', new Date('2026-03-31T14:59:59Z'))).toBe('2026-03-31');
    expect(dateIn('Asia/Tokyo', new Date('2026-03-31T15:00:00Z'))).toBe('2026-04-01');
  });
});
