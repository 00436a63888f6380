// The tablet's clocks. Its wall clock can be changed at any time (by staff, by a network time
// update, by a reset battery); performance.now() only moves forward within one page session. Each
// event carries the offset to the server's clock as known when it was recorded, its monotonic
// reading and the session, so that the server dates it without the skew measured when it is sent.
import type { ClockMeasurement, SyncState } from './door-types.js';

/** This page session: performance.now() counts from its start. */
export const BOOT_ID = typeof crypto !== 'undefined' && crypto.randomUUID ? crypto.randomUUID() : `${Math.random()}`;

export const monotonicNow = () => performance.now();

/** A reading of the server's clock (its time when it answered) against this session's monotonic clock. */
export const measurement = (serverTime: Date | string, monotonicMs = monotonicNow()): ClockMeasurement => ({
  bootId: BOOT_ID,
  monotonicMs,
  serverMs: new Date(serverTime).getTime(),
});

/**
 * Server − device clock (s) now: the server's time carried forward from its last reading by the
 * monotonic clock when that reading was in this session (a wall clock changed since then does not
 * fool it); else the skew last measured.
 */
export function offsetSeconds(
  sync: Pick<SyncState, 'clockSkewSeconds' | 'measured'>,
  wallMs: number,
  monotonicMs: number,
  bootId: string,
): number {
  const m = sync.measured;
  if (m && m.bootId === bootId && monotonicMs >= m.monotonicMs)
    return Math.round((m.serverMs + (monotonicMs - m.monotonicMs) - wallMs) / 1000);
  return sync.clockSkewSeconds;
}

/** What an event carries about the clocks when it is recorded. */
export function clockReading(sync: Pick<SyncState, 'clockSkewSeconds' | 'measured'>) {
  const monotonicMs = monotonicNow();
  const wallMs = Date.now();
  const clockOffsetSeconds = offsetSeconds(sync, wallMs, monotonicMs, BOOT_ID);
  return {
    deviceTime: new Date(wallMs).toISOString(),
    clockOffsetSeconds,
    monotonicMs,
    bootId: BOOT_ID,
    /** the server's time, as the tablet reckons it */
    serverAt: new Date(wallMs + clockOffsetSeconds * 1000).toISOString(),
  };
}
