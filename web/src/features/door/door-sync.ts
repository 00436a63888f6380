// Sending the outbox and refreshing the tablet's lists. One sender at a time across tabs and
// windows (Web Locks); replayed at start, on `online`, after each new event, and on a timer that
// backs off while the server cannot be reached (Background Sync is not everywhere); while events
// wait for it, a cheap /healthz probe every few seconds sends them as soon as it is back.
import { GraphQLRequestError } from '../../api/graphql-client.js';
import { measurement, monotonicNow } from './door-clock.js';
import { fetchAuthorised, fetchInside, fetchPinKey, recordEvents } from './door-api.js';
import {
  applyAnswers,
  journal,
  loadDevice,
  markRevoked,
  outboxBatch,
  pruneJournal,
  readCache,
  readSyncState,
  saveInside,
  writeCache,
  writeSyncState,
} from './door-db.js';
import { serverHealthy } from '../../offline/server-reach.js';
import { failuresAfter, probeDelay, probeWhileWaiting, retryDelay, type SyncOutcome } from './door-rules.js';
import { refreshLocal, notifyOtherTabs, door } from './door-state.js';

export const BATCH = 500;

type Outcome = SyncOutcome;

let timer: ReturnType<typeof setTimeout> | undefined;
let failures = 0;
let started = false;
/** a run in this tab, and whether something asked for another while it ran */
let running: Promise<Outcome> | null = null;
let again = false;

/** Starts the sender for this tab: now, on `online`, and on the timer. */
export function startSync(): void {
  if (started) return;
  started = true;
  window.addEventListener('online', () => {
    door.online = true;
    void syncNow();
  });
  window.addEventListener('offline', () => (door.online = false));
  void syncNow();
}

/** Sends what waits and refreshes the lists; schedules the next attempt. */
export async function syncNow(): Promise<Outcome> {
  if (running) {
    again = true;
    return running;
  }
  clearTimeout(timer);
  clearTimeout(probeTimer);
  running = (async () => {
    let result: Outcome;
    do {
      again = false;
      result = await oneSenderAtATime(syncOnce);
    } while (again && result === 'ok');
    return result;
  })();
  let outcome: Outcome;
  try {
    outcome = await running;
  } finally {
    running = null;
  }
  failures = failuresAfter(outcome, failures);
  // what the server said is what counts: the browser's online flag only knows the network link
  if (outcome === 'ok') door.online = true;
  else if (outcome === 'offline') door.online = false;
  door.sending = false;
  await refreshLocal();
  timer = setTimeout(() => void syncNow(), retryDelay(outcome, failures, Math.random()));
  if (probeWhileWaiting(outcome, door.waiting)) watchForServer();
  return outcome;
}

let probeTimer: ReturnType<typeof setTimeout> | undefined;

/**
 * While events wait for a server that cannot be reached: a cheap /healthz probe every 5–10 s, and
 * a send as soon as it answers healthy, instead of waiting out the back-off (up to 5 minutes).
 */
function watchForServer(): void {
  clearTimeout(probeTimer);
  probeTimer = setTimeout(() => {
    void serverHealthy().then((healthy) => {
      if (healthy) void syncNow();
      else if (door.waiting > 0) watchForServer();
    });
  }, probeDelay(Math.random()));
}

async function oneSenderAtATime(fn: () => Promise<Outcome>): Promise<Outcome> {
  if (!navigator.locks) return fn();
  return navigator.locks.request('jukinet-door-sender', { ifAvailable: true }, (lock) =>
    lock ? fn() : ('busy' as const),
  );
}

async function syncOnce(): Promise<Outcome> {
  const device = await loadDevice();
  if (!device || device.revoked) return 'idle';
  door.sending = true;
  try {
    for (;;) {
      const batch = await outboxBatch(BATCH);
      if (!batch.length) break;
      // the server answers each event (a malformed one is refused alone), so one bad event holds nothing back
      const answer = await recordEvents(
        device.credential,
        batch.map((b) => b.event),
      );
      const at = new Date().toISOString();
      await applyAnswers(answer.results, at);
      await writeSyncState({
        ...(await readSyncState()),
        lastSuccessAt: at,
        clockSkewSeconds: answer.clockSkewSeconds,
        clockSkewed: answer.clockSkewed,
        sequenceGaps: answer.sequenceGaps,
      });
      notifyOtherTabs();
      await refreshLocal();
      // an answer that settled nothing would loop forever: try again later instead
      if (!answer.results.some((r) => batch.some((b) => b.event.clientEventId === r.clientEventId))) {
        door.lastError = 'NO_ANSWER';
        return 'error';
      }
    }
    await refreshLists(device.credential);
    door.lastError = null;
    return 'ok';
  } catch (e) {
    if (e instanceof GraphQLRequestError && e.code === 'UNAUTHENTICATED') {
      await markRevoked();
      notifyOtherTabs();
      return 'revoked';
    }
    if (e instanceof GraphQLRequestError && e.isNetwork) return 'offline';
    door.lastError = e instanceof GraphQLRequestError ? e.code : 'UNKNOWN';
    return 'error';
  }
}

/** The authorised list (only when changed), who is inside, the PIN key, and the clock. */
async function refreshLists(credential: string): Promise<void> {
  const cache = await readCache();
  const askedAt = new Date().toISOString();
  // what the server had accepted before the list is asked: the list includes it (known by the answers, not by clock)
  const covered = (await journal()).filter((j) => j.acceptedAt).map((j) => j.clientEventId);
  const [authorised, inside, pinKey] = await Promise.all([
    fetchAuthorised(credential, cache.authorised?.version ?? null),
    fetchInside(credential),
    fetchPinKey(credential),
  ]);
  const answeredAt = monotonicNow();
  const now = new Date();
  await writeCache('authorised', {
    version: authorised.version,
    people: authorised.unchanged && cache.authorised ? cache.authorised.people : authorised.people,
    fetchedAt: askedAt,
  });
  await saveInside({ entries: inside, askedAt }, covered);
  await writeCache('pinKey', pinKey);
  const skew = Math.round((new Date(authorised.serverTime).getTime() - now.getTime()) / 1000);
  const previous = await readSyncState();
  await writeSyncState({
    ...previous,
    lastSuccessAt: now.toISOString(),
    clockSkewSeconds: skew,
    clockSkewed: Math.abs(skew) > 300,
    measured: measurement(authorised.serverTime, answeredAt),
  });
  await pruneJournal(now);
  notifyOtherTabs();
}
