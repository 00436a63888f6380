// Whether the server answers, not only whether the browser has a network link. navigator.onLine is
// true on a phone whose Wi-Fi works while the server is down, and Chromium reports it true again
// after a reload served by the service worker. So the status shown is the last answer from the
// server: every GraphQL answer counts, and a light probe of /healthz runs while the page is open.
import { reactive } from 'vue';

const PROBE_EVERY_MS = 20_000;
const PROBE_TIMEOUT_MS = 5_000;

export const serverReach = reactive({
  /** the last request to the server got an answer (null: not known yet) */
  reachable: null as boolean | null,
  /** when the server last answered (ms since epoch) */
  lastAnswerAt: null as number | null,
});

/** Called by the GraphQL client and the probe: true when the server answered, false when it did not. */
export function reportServerAnswer(answered: boolean): void {
  serverReach.reachable = answered;
  if (answered) serverReach.lastAnswerAt = Date.now();
}

/** One probe of /healthz: any HTTP answer from our server counts as reachable (503 means a database problem). */
export async function probeServer(): Promise<boolean> {
  return (await probe()).answered;
}

/** One probe of /healthz: the server and its database answer (200), so work waiting for it can be sent now. */
export async function serverHealthy(): Promise<boolean> {
  return (await probe()).healthy;
}

async function probe(): Promise<{ answered: boolean; healthy: boolean }> {
  if (!navigator.onLine) {
    reportServerAnswer(false);
    return { answered: false, healthy: false };
  }
  try {
    const res = await fetch('/healthz', { cache: 'no-store', signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    const ours = (res.headers.get('content-type') ?? '').includes('application/json');
    reportServerAnswer(ours);
    return { answered: ours, healthy: ours && res.ok };
  } catch {
    reportServerAnswer(false);
    return { answered: false, healthy: false };
  }
}

let started = false;
/** Starts probing once per page: now, on the browser's online/offline events, on return to the tab, and on a timer. */
export function watchServerReach(): void {
  if (started) return;
  started = true;
  const probe = () => void probeServer();
  probe();
  window.addEventListener('online', probe);
  window.addEventListener('offline', () => reportServerAnswer(false));
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') probe();
  });
  setInterval(() => {
    if (document.visibilityState === 'visible') probe();
  }, PROBE_EVERY_MS);
}
