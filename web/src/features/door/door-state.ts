// What the kiosk shows, read from the tablet's storage (door-db) into one reactive object. Other
// tabs of the same tablet hear of changes through a BroadcastChannel and read again.
import { reactive } from 'vue';
import {
  journal,
  loadDevice,
  outboxCount,
  problems,
  readCache,
  readSyncState,
  type AuthorisedPerson,
  type CachedLists,
  type JournalItem,
  type PairedDevice,
  type Problem,
  type SyncState,
} from './door-db.js';
import { authorisedFrom, insideFrom, type InsidePerson } from './door-rules.js';

export const door = reactive({
  ready: false,
  device: null as PairedDevice | null,
  waiting: 0,
  problems: [] as Problem[],
  sync: { lastSuccessAt: null, clockSkewSeconds: 0, clockSkewed: false, sequenceGaps: [] } as SyncState,
  lists: { authorised: null, inside: null, pinKey: null } as CachedLists,
  journal: [] as JournalItem[],
  /** ticks every 15 s so ages and idle times on screen move */
  now: Date.now(),
  online: navigator.onLine,
  sending: false,
  lastError: null as string | null,
  /** navigator.storage.persist(): true when the browser promised not to evict the outbox */
  persisted: null as boolean | null,
});

const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('jukinet-door');
channel?.addEventListener('message', () => void refreshLocal());

export function notifyOtherTabs(): void {
  channel?.postMessage('changed');
}

export async function refreshLocal(): Promise<void> {
  const [device, waiting, open, sync, lists, recent] = await Promise.all([
    loadDevice(),
    outboxCount(),
    problems(),
    readSyncState(),
    readCache(),
    journal(),
  ]);
  Object.assign(door, { device, waiting, problems: open, sync, lists, journal: recent, ready: true });
}

export type { InsidePerson } from './door-rules.js';

/** People inside a room now (door-rules.ts insideFrom): the server's list and this tablet's unanswered events. */
export function insideNow(roomId: string): InsidePerson[] {
  return insideFrom(door.lists.inside, door.journal, roomId);
}

/** The people authorised for a room now or later today, one line per person (door-rules.ts authorisedFrom). */
export function authorisedFor(roomId: string, now: Date): AuthorisedPerson[] {
  return authorisedFrom(door.lists.authorised?.people ?? [], roomId, now);
}
