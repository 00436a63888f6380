// The sender's schedule for work kept on this device until the server has it (the door kiosk's
// events, a phone's outbox): one run at a time in a tab and across tabs and windows (Web Locks);
// run at start, on `online`, when asked (after new work), and on a timer that backs off while the
// server cannot be reached (Background Sync is not everywhere); while work waits for it, a cheap
// /healthz probe every few seconds sends it as soon as the server is back. What a run does is the
// caller's: this file only decides when.
import { serverHealthy } from './server-reach.js';
import { failuresAfter, probeDelay, probeWhileWaiting, retryDelay, type SyncOutcome } from './sync-rules.js';

export type { SyncOutcome } from './sync-rules.js';

export interface SyncLoopOptions {
  /** the Web Lock that keeps one sender across this device's tabs */
  lockName: string;
  /** one run: send what waits (under the lock) */
  run: () => Promise<SyncOutcome>;
  /** how much still waits after a run (probes run only while something does) */
  waiting: () => number | Promise<number>;
  /** after each run, before the next is scheduled (update what the page shows) */
  settled?: (outcome: SyncOutcome) => void | Promise<void>;
  /** the browser's own network events (the next run tells what the server says) */
  onOnline?: () => void;
  onOffline?: () => void;
}

export interface SyncLoop {
  /** Starts the sender for this tab (once): now, on `online`, and on the timer. */
  start(): void;
  /** Sends what waits now; a call during a run asks for one more run after it. */
  syncNow(): Promise<SyncOutcome>;
}

export function createSyncLoop(o: SyncLoopOptions): SyncLoop {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let probeTimer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  let started = false;
  /** a run in this tab, and whether something asked for another while it ran */
  let running: Promise<SyncOutcome> | null = null;
  let again = false;

  async function oneSenderAtATime(): Promise<SyncOutcome> {
    if (!navigator.locks) return o.run();
    return navigator.locks.request(o.lockName, { ifAvailable: true }, (lock) => (lock ? o.run() : ('busy' as const)));
  }

  /**
   * While work waits for a server that cannot be reached: a cheap /healthz probe every 5–10 s,
   * and a run as soon as it answers healthy, instead of waiting out the back-off (up to 5 minutes).
   */
  function watchForServer(): void {
    clearTimeout(probeTimer);
    probeTimer = setTimeout(() => {
      void serverHealthy().then(async (healthy) => {
        if (healthy) void syncNow();
        else if ((await o.waiting()) > 0) watchForServer();
      });
    }, probeDelay(Math.random()));
  }

  async function syncNow(): Promise<SyncOutcome> {
    if (running) {
      again = true;
      return running;
    }
    clearTimeout(timer);
    clearTimeout(probeTimer);
    running = (async () => {
      let result: SyncOutcome;
      do {
        again = false;
        result = await oneSenderAtATime();
      } while (again && result === 'ok');
      return result;
    })();
    let outcome: SyncOutcome;
    try {
      outcome = await running;
    } finally {
      running = null;
    }
    failures = failuresAfter(outcome, failures);
    await o.settled?.(outcome);
    timer = setTimeout(() => void syncNow(), retryDelay(outcome, failures, Math.random()));
    if (probeWhileWaiting(outcome, await o.waiting())) watchForServer();
    return outcome;
  }

  return {
    start() {
      if (started) return;
      started = true;
      window.addEventListener('online', () => {
        o.onOnline?.();
        void syncNow();
      });
      window.addEventListener('offline', () => o.onOffline?.());
      void syncNow();
    },
    syncNow,
  };
}
