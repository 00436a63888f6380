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

export interface InsidePerson {
  key: string;
  name: string;
  enteredAt: string;
  purpose: string;
  staffId: string | null;
  contractorAuthorisationId: string | null;
}

const subject = (x: { staffId: string | null; contractorAuthorisationId: string | null }) =>
  x.staffId ?? `c:${x.contractorAuthorisationId}`;

/**
 * People inside a room now: the server's list when last asked, changed by this tablet's events
 * the server had not yet answered at that time (still waiting, or accepted after it).
 */
export function insideNow(roomId: string): InsidePerson[] {
  const byPerson = new Map<string, InsidePerson>();
  for (const e of door.lists.inside?.entries ?? [])
    if (e.roomId === roomId) byPerson.set(subject(e), { ...e, key: subject(e) });
  const askedAt = door.lists.inside?.askedAt ?? '';
  const mine = door.journal
    .filter((j) => j.roomId === roomId && !(j.acceptedAt && j.acceptedAt <= askedAt))
    .sort((a, b) => a.at.localeCompare(b.at));
  for (const j of mine) {
    if (j.direction === 'ENTER') byPerson.set(subject(j), { ...j, key: subject(j), enteredAt: j.at });
    else byPerson.delete(subject(j));
  }
  return [...byPerson.values()].sort((a, b) => a.enteredAt.localeCompare(b.enteredAt));
}

/** The people authorised for a room now or later today, one line per person (latest end first). */
export function authorisedFor(roomId: string, now: Date): AuthorisedPerson[] {
  const at = now.toISOString();
  const seen = new Map<string, AuthorisedPerson>();
  for (const p of door.lists.authorised?.people ?? []) {
    if (!p.roomIds.includes(roomId) || p.validTo <= at) continue;
    const key = p.staff?.id ?? p.authorisationId;
    const other = seen.get(key);
    const better = !other || (p.validFrom <= at && (other.validFrom > at || p.validTo > other.validTo));
    if (better) seen.set(key, p);
  }
  return [...seen.values()].sort((a, b) =>
    (a.staff ? `${a.staff.familyNameKana}${a.staff.givenNameKana}` : `ん${a.name}`).localeCompare(
      b.staff ? `${b.staff.familyNameKana}${b.staff.givenNameKana}` : `ん${b.name}`,
      'ja',
    ),
  );
}
