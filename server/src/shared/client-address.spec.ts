import { describe, expect, it } from 'vitest';
import { addressAllowed } from './client-address.js';

describe('addressAllowed (Deploy §1: demo accounts from loopback only)', () => {
  it('always allows loopback, IPv4-mapped included', () => {
    for (const a of ['127.0.0.1', '127.3.2.1', '::1', '::ffff:127.0.0.1'])
      expect([a, addressAllowed(a, [])]).toEqual([a, true]);
  });

  it('refuses other addresses unless listed or "any"', () => {
    expect(addressAllowed('192.168.1.20', [])).toBe(false);
    expect(addressAllowed('::ffff:192.168.1.20', [])).toBe(false);
    expect(addressAllowed(null, [])).toBe(false);
    expect(addressAllowed('192.168.1.20', ['192.168.1.0/24'])).toBe(true);
    expect(addressAllowed('192.168.2.20', ['192.168.1.0/24'])).toBe(false);
    expect(addressAllowed('10.0.0.5', ['10.0.0.5'])).toBe(true);
    expect(addressAllowed('fd00::5', ['fd00::/64'])).toBe(true);
    expect(addressAllowed('192.168.2.20', 'any')).toBe(true);
  });
});
