// Sending the kiosk's outbox and refreshing the tablet's lists. When it runs is the schedule every
// outbox of this app shares (offline/sync-loop.ts): one sender across tabs, at start, on `online`,
// after each new event, on a backing-off timer, and within seconds of the server's return while
// events wait. What a run does (a batch of events, answered per event, then the lists) is the kiosk's.
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
import { createSyncLoop, type SyncOutcome } from '../../offline/sync-loop.js';
import { refreshLocal, notifyOtherTabs, door } from './door-state.js';

export const BATCH = 500;

type Outcome = SyncOutcome;

const loop = createSyncLoop({
  lockName: 'jukinet-door-sender',
  run: syncOnce,
  waiting: () => door.waiting,
  async settled(outcome) {
    // what the server said is what counts: the browser's online flag only knows the network link
    if (outcome === 'ok') door.online = true;
    else if (outcome === 'offline') door.online = false;
    door.sending = false;
    await refreshLocal();
  },
  onOnline: () => (door.online = true),
  onOffline: () => (door.online = false),
});

/** Starts the sender for this tab: now, on `online`, and on the timer. */
export const startSync = (): void => loop.start();

/** Sends what waits and refreshes the lists; schedules the next attempt. */
export const syncNow = (): Promise<Outcome> => loop.syncNow();

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
