// Where the browser tests look for Chromium, so `npm test` works where users have it.
import { describe, expect, it } from 'vitest';
import { findChromium } from '../helpers/browser.js';

describe('finding Chromium for the browser tests', () => {
  it('takes CHROMIUM_PATH when it names a file, and says none when it names nothing', () => {
    expect(findChromium({ CHROMIUM_PATH: process.execPath })).toBe(process.execPath);
    expect(findChromium({ CHROMIUM_PATH: '/no/such/chromium' })).toBeNull();
  });

  it('finds a browser on this machine without a setting (Debian’s /usr/bin/chromium or one on PATH)', () => {
    expect(findChromium({})).toMatch(/chrom/);
  });
});
