// When a sender of work kept on this device (the door kiosk's events, a phone's outbox) tries
// again: pure, apart from timers, IndexedDB and the network, so that it is specified on its own
// (sync-rules.spec.ts).

/**
 * What one run of a sender came to: everything went (ok), nothing to do (idle), the server could
 * not be reached (offline), the server no longer takes this device or person (revoked), the server
 * answered with an error that may pass (error), another tab holds the sender (busy).
 */
export type SyncOutcome = 'ok' | 'idle' | 'offline' | 'revoked' | 'error' | 'busy';

export const REFRESH_MS = 60_000;
export const BUSY_RETRY_MS = 5_000;
export const MAX_BACKOFF_MS = 5 * 60_000;

/** Failed runs in a row: a run that reached the server (or had nothing to do) starts again at 0. */
export function failuresAfter(outcome: SyncOutcome, failures: number): number {
  if (outcome === 'ok' || outcome === 'idle') return 0;
  return outcome === 'busy' ? failures : failures + 1;
}

/**
 * When to try again: the refresh interval after a good run, soon when another tab holds the
 * sender, else 2 s doubling per failure up to 5 min, jittered to between half and all of it
 * (`random` in [0, 1)) so that devices back online together do not knock at once.
 */
export function retryDelay(outcome: SyncOutcome, failures: number, random: number): number {
  if (outcome === 'ok' || outcome === 'idle') return REFRESH_MS;
  if (outcome === 'busy') return BUSY_RETRY_MS;
  return Math.min(MAX_BACKOFF_MS, 2_000 * 2 ** Math.min(failures, 10)) * (0.5 + random / 2);
}

/** While work waits and the server cannot be reached: how often to ask /healthz (cheap), jittered. */
export const PROBE_MIN_MS = 5_000;
export const PROBE_MAX_MS = 10_000;

/**
 * Whether to watch for the server's return with cheap probes, so that waiting work goes within
 * seconds of it and not after the back-off: only when the server could not be reached (an error it
 * answered with keeps the back-off) and something waits.
 */
export const probeWhileWaiting = (outcome: SyncOutcome, waiting: number) => outcome === 'offline' && waiting > 0;

/** The next probe: between 5 and 10 s (`random` in [0, 1)) so that devices do not knock at once. */
export const probeDelay = (random: number) => PROBE_MIN_MS + (PROBE_MAX_MS - PROBE_MIN_MS) * random;
