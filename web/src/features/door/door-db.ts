// The door tablet's own storage (IndexedDB through idb): the pairing, the outbox of events not yet
// accepted by the server, the events the server refused or flagged (kept until staff have seen
// them), a short journal of recent events (who is inside), and cached lists with their time.
// An event is written here before anything else happens with it; it leaves the outbox only on the
// server's per-event answer.
import type { DBSchema } from 'idb';
import { lazyDb } from '../../offline/idb-open.js';
import type {
  PairedDevice,
  EventInput,
  EventDisplay,
  OutboxItem,
  Problem,
  JournalItem,
  CachedLists,
  SyncState,
} from './door-types.js';
import { expiredJournal, renumbered, settle } from './door-rules.js';

// the shapes live in door-types.ts; importers of door-db get them from here too
export type * from './door-types.js';

interface DoorSchema extends DBSchema {
  device: { key: 'self'; value: PairedDevice };
  outbox: { key: string; value: OutboxItem; indexes: { bySeq: number } };
  problems: { key: string; value: Problem };
  journal: { key: string; value: JournalItem };
  cache: { key: string; value: unknown };
}

/** The kiosk's database (the opening and its upgrades: offline/idb-open.ts). */
export const doorDb = lazyDb<DoorSchema>('jukinet-door', 1, (d, oldVersion) => {
  if (oldVersion < 1) {
    d.createObjectStore('device');
    d.createObjectStore('outbox', { keyPath: 'event.clientEventId' }).createIndex('bySeq', 'event.deviceSeq');
    d.createObjectStore('problems', { keyPath: 'event.clientEventId' });
    d.createObjectStore('journal', { keyPath: 'clientEventId' });
    d.createObjectStore('cache');
  }
});

export async function loadDevice(): Promise<PairedDevice | null> {
  return (await (await doorDb()).get('device', 'self')) ?? null;
}

/**
 * Stores a new pairing. Events still waiting were numbered for the old device and never stored
 * under it: they are numbered again for the new one, in the order they were recorded.
 */
export async function savePairing(p: Omit<PairedDevice, 'nextSeq' | 'revoked'>): Promise<void> {
  const tx = (await doorDb()).transaction(['device', 'outbox'], 'readwrite');
  const previous = await tx.objectStore('device').get('self');
  const waiting = await tx.objectStore('outbox').index('bySeq').getAll();
  const { items, nextSeq } = renumbered(waiting, previous, p.deviceId);
  for (const item of items) await tx.objectStore('outbox').put(item);
  await tx.objectStore('device').put({ ...p, nextSeq, revoked: false }, 'self');
  await tx.done;
}

export async function markRevoked(): Promise<void> {
  const tx = (await doorDb()).transaction('device', 'readwrite');
  const d = await tx.store.get('self');
  if (d) await tx.store.put({ ...d, revoked: true }, 'self');
  await tx.done;
}

/**
 * Saves a new event: takes the device's next sequence number and writes the event to the outbox
 * and the journal in one transaction (two tabs cannot take the same number).
 */
export async function saveEvent(
  event: Omit<EventInput, 'deviceSeq'>,
  display: EventDisplay,
  journal: Pick<
    JournalItem,
    'staffId' | 'contractorAuthorisationId' | 'name' | 'serverAt' | 'nameKana' | 'staffNumber'
  >,
): Promise<EventInput> {
  const tx = (await doorDb()).transaction(['device', 'outbox', 'journal'], 'readwrite');
  const device = await tx.objectStore('device').get('self');
  if (!device) throw new Error('not paired');
  const full: EventInput = { ...event, deviceSeq: device.nextSeq };
  await tx.objectStore('device').put({ ...device, nextSeq: device.nextSeq + 1 }, 'self');
  await tx.objectStore('outbox').add({ event: full, display });
  await tx.objectStore('journal').put({
    clientEventId: full.clientEventId,
    roomId: full.roomId,
    direction: full.direction,
    purpose: full.purpose,
    at: full.deviceTime,
    acceptedAt: null,
    deviceSeq: full.deviceSeq,
    ...journal,
  });
  await tx.done;
  return full;
}

export async function outboxBatch(limit: number): Promise<OutboxItem[]> {
  return (await doorDb()).getAllFromIndex('outbox', 'bySeq', undefined, limit);
}

export async function outboxCount(): Promise<number> {
  return (await doorDb()).count('outbox');
}

export interface EventAnswer {
  clientEventId: string;
  outcome: 'ACCEPTED' | 'DUPLICATE' | 'REFUSED';
  code: string | null;
  message: string | null;
  anomalies: string[];
  /** the time the server stored (null when refused) */
  occurredAt?: string | null;
}

/**
 * Applies the server's answers in one transaction: accepted or already stored → out of the outbox
 * (with its anomalies kept for staff to see); refused → out of the outbox into the visible list.
 * Events the answer does not mention stay where they are.
 */
export async function applyAnswers(answers: EventAnswer[], at: string): Promise<void> {
  const tx = (await doorDb()).transaction(['outbox', 'problems', 'journal'], 'readwrite');
  for (const a of answers) {
    const item = await tx.objectStore('outbox').get(a.clientEventId);
    if (!item) continue;
    const settled = settle(item, a, at);
    if (settled.problem) await tx.objectStore('problems').put(settled.problem);
    const journal = await tx.objectStore('journal').get(a.clientEventId);
    if (journal && settled.journal === 'delete') await tx.objectStore('journal').delete(a.clientEventId);
    else if (journal)
      await tx.objectStore('journal').put({ ...journal, acceptedAt: at, serverAt: a.occurredAt ?? journal.serverAt });
    // the PIN's cipher goes with the event: nothing of it stays on the tablet once answered
    await tx.objectStore('outbox').delete(a.clientEventId);
  }
  await tx.done;
}

export async function problems(): Promise<Problem[]> {
  const all = await (await doorDb()).getAll('problems');
  return all.filter((p) => !p.acknowledgedAt).sort((a, b) => b.event.deviceTime.localeCompare(a.event.deviceTime));
}

export async function acknowledgeProblem(clientEventId: string, at: string): Promise<void> {
  const tx = (await doorDb()).transaction('problems', 'readwrite');
  const p = await tx.store.get(clientEventId);
  if (p) await tx.store.put({ ...p, acknowledgedAt: at });
  await tx.done;
}

export async function journal(): Promise<JournalItem[]> {
  return (await doorDb()).getAll('journal');
}

/** Forgets answered journal entries older than a day (the server's list covers them). */
export async function pruneJournal(now: Date): Promise<void> {
  const tx = (await doorDb()).transaction('journal', 'readwrite');
  for (const id of expiredJournal(await tx.store.getAll(), now)) await tx.store.delete(id);
  await tx.done;
}

export async function readCache(): Promise<CachedLists> {
  const d = await doorDb();
  const [authorised, inside, pinKey] = await Promise.all([
    d.get('cache', 'authorised'),
    d.get('cache', 'inside'),
    d.get('cache', 'pinKey'),
  ]);
  return {
    authorised: (authorised as CachedLists['authorised']) ?? null,
    inside: (inside as CachedLists['inside']) ?? null,
    pinKey: (pinKey as JsonWebKey | undefined) ?? null,
  };
}

export async function writeCache<K extends keyof CachedLists>(key: K, value: CachedLists[K]): Promise<void> {
  await (await doorDb()).put('cache', value, key);
}

/**
 * Keeps the server's inside list and marks the journal entries it covers (accepted before it was
 * asked), in one transaction: the kiosk applies only the others on top of it (door-rules insideFrom).
 */
export async function saveInside(inside: NonNullable<CachedLists['inside']>, covered: string[]): Promise<void> {
  const tx = (await doorDb()).transaction(['cache', 'journal'], 'readwrite');
  await tx.objectStore('cache').put(inside, 'inside');
  for (const id of covered) {
    const j = await tx.objectStore('journal').get(id);
    if (j && !j.listed) await tx.objectStore('journal').put({ ...j, listed: true });
  }
  await tx.done;
}

export async function readSyncState(): Promise<SyncState> {
  return (
    ((await (await doorDb()).get('cache', 'sync')) as SyncState | undefined) ?? {
      lastSuccessAt: null,
      clockSkewSeconds: 0,
      clockSkewed: false,
      sequenceGaps: [],
    }
  );
}

export async function writeSyncState(s: SyncState): Promise<void> {
  await (await doorDb()).put('cache', s, 'sync');
}
