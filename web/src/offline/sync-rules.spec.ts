import { describe, expect, it } from 'vitest';
import {
  BUSY_RETRY_MS,
  failuresAfter,
  MAX_BACKOFF_MS,
  PROBE_MAX_MS,
  probeDelay,
  probeWhileWaiting,
  REFRESH_MS,
  retryDelay,
  type SyncOutcome,
} from './sync-rules.js';

describe('the sender’s retry schedule (the door kiosk and every outbox)', () => {
  it('counts failed runs in a row; a run that reached the server or had nothing to do starts again', () => {
    expect(failuresAfter('ok', 7)).toBe(0);
    expect(failuresAfter('idle', 7)).toBe(0);
    for (const o of ['offline', 'error', 'revoked'] as SyncOutcome[]) expect([o, failuresAfter(o, 2)]).toEqual([o, 3]);
    expect(failuresAfter('busy', 2)).toBe(2); // another tab sends: not a failure
  });

  it('refreshes every minute after a good run, and comes back soon when another tab holds the sender', () => {
    expect(retryDelay('ok', 0, 0.99)).toBe(REFRESH_MS);
    expect(retryDelay('idle', 5, 0)).toBe(REFRESH_MS);
    expect(retryDelay('busy', 5, 0)).toBe(BUSY_RETRY_MS);
    expect(REFRESH_MS).toBe(60_000);
  });

  it('backs off from 2 s doubling per failure, never above 5 minutes', () => {
    const full = (failures: number) => retryDelay('offline', failures, 1);
    expect([1, 2, 3, 4, 5, 6, 7].map(full)).toEqual([4_000, 8_000, 16_000, 32_000, 64_000, 128_000, 256_000]);
    expect(full(8)).toBe(MAX_BACKOFF_MS);
    expect(full(1000)).toBe(MAX_BACKOFF_MS);
    expect(MAX_BACKOFF_MS).toBe(300_000);
    expect(retryDelay('error', 1, 1)).toBe(retryDelay('offline', 1, 1));
  });

  it('jitters each wait to between half and all of it, so tablets back online together do not knock at once', () => {
    expect(retryDelay('offline', 3, 0)).toBe(8_000);
    expect(retryDelay('offline', 3, 0.5)).toBe(12_000);
    expect(retryDelay('offline', 8, 0)).toBe(MAX_BACKOFF_MS / 2);
  });

  it('Hardening §6: while events wait for a server that cannot be reached, it is probed every 5–10 s', () => {
    expect(probeWhileWaiting('offline', 5)).toBe(true);
    expect(probeWhileWaiting('offline', 0)).toBe(false); // nothing waits
    expect(probeWhileWaiting('error', 5)).toBe(false); // the server answered: its error keeps the back-off
    expect(probeWhileWaiting('ok', 5)).toBe(false);
    expect(probeDelay(0)).toBe(5_000);
    expect(probeDelay(0.999)).toBeLessThan(PROBE_MAX_MS + 1);
    expect(PROBE_MAX_MS).toBeLessThanOrEqual(10_000); // with the send, well within 30 s of the server's return
  });
});
