import { describe, expect, it } from 'vitest';
import { formatLocalDate, formatLocalMonth } from './format-date.js';

describe('dates as the office reads them (令和)', () => {
  it('writes a day and a month in the Japanese era, and in English for en', () => {
    expect(formatLocalDate('2026-11-26', 'ja')).toBe('令和8年11月26日');
    expect(formatLocalMonth('2026-11', 'ja')).toBe('令和8年11月');
    expect(formatLocalMonth('2019-05', 'ja')).toBe('令和元年5月');
    expect(formatLocalMonth('2019-04', 'ja')).toBe('平成31年4月');
    expect(formatLocalMonth('2026-11', 'en')).toBe('Nov 2026');
  });
});
