// The app's outbox: reports, confirmed steps and scans made on a phone with no connection are kept
// here (IndexedDB) and sent when the server is back, on the schedule the door kiosk uses
// (offline/sync-loop.ts): at start, on `online`, after new work, on a backing-off timer, and within
// seconds of the server's return while work waits. A feature defines its kinds
// (defineOutboxKind) and keeps work with `enqueue`; web/src/outboxes.ts starts it in the signed-in app.
import { reactive, shallowRef } from 'vue';
import { createSyncLoop, type SyncOutcome } from '../sync-loop.js';
import { createOutboxCore, type NewItem } from './outbox-core.js';
import { idbOutboxStore } from './outbox-store.js';
import type { OutboxItem, OutboxOwner, OutboxSender } from './outbox-types.js';

export type * from './outbox-types.js';

/** What the pages show: every item kept on this phone (waiting or refused), and what went. */
export const outboxState = reactive({
  ready: false,
  items: [] as OutboxItem[],
  sending: false,
  lastOutcome: null as SyncOutcome | null,
  /** the server's answer for items sent from this tab (by client id) */
  sent: {} as Record<string, unknown>,
});

/** How the signed-in app tells who is signed in (startOutbox): until then nothing is sent. */
export interface OutboxIdentity {
  /** as the server says: a staff id, null (nobody signed in), undefined (cannot tell now) */
  whoAmI: () => Promise<string | null | undefined>;
  /** the person acting on this phone now, also offline (null: not known here) */
  owner: () => OutboxOwner | null;
}

const identity = shallowRef<OutboxIdentity>({ whoAmI: async () => undefined, owner: () => null });

const core = createOutboxCore({ store: idbOutboxStore, whoAmI: () => identity.value.whoAmI() });

const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('jukinet-outbox');
channel?.addEventListener('message', () => void refreshOutbox());

export async function refreshOutbox(): Promise<void> {
  outboxState.items = await core.items();
  outboxState.ready = true;
}

async function changed(): Promise<void> {
  await refreshOutbox();
  channel?.postMessage('changed');
}

const loop = createSyncLoop({
  lockName: 'jukinet-outbox-sender',
  async run() {
    outboxState.sending = true;
    try {
      const { outcome, sent } = await core.sendAll();
      for (const s of sent) outboxState.sent[s.clientId] = s.result;
      return outcome;
    } catch {
      // the phone's storage failed (full, cleared while open): nothing left it; try again after a pause
      return 'error';
    }
  },
  waiting: () => outboxState.items.filter((i) => !i.refused).length,
  async settled(outcome) {
    outboxState.sending = false;
    outboxState.lastOutcome = outcome;
    await changed();
  },
});

export function defineOutboxKind<P>(kind: string, sender: OutboxSender<P>): void {
  core.define(kind, sender);
}

/** Starts sending for this tab (once). */
export function startOutbox(who: OutboxIdentity): void {
  identity.value = who;
  void refreshOutbox();
  loop.start();
}

/**
 * Keeps new work on the phone first (as the person acting now, unless `owner` is given), then
 * tries to send it at once.
 */
export async function enqueue<P>(
  kind: string,
  payload: P,
  item: Omit<NewItem, 'owner'> & { owner?: OutboxOwner | null },
): Promise<OutboxItem<P>> {
  const kept = await core.enqueue(kind, payload, { ...item, owner: item.owner ?? identity.value.owner() });
  await changed();
  void loop.syncNow();
  return kept;
}

/** The person acting on this phone now (reactive where the identity reads reactive state). */
export const ownerNow = (): OutboxOwner | null => identity.value.owner();

/** Sends what waits now (after signing in again, say). */
export const syncOutboxNow = (): Promise<SyncOutcome> => loop.syncNow();

/** Forgets an item the server refused, once the person has seen it. */
export async function dismissRefused(clientId: string): Promise<void> {
  await core.dismiss(clientId);
  await changed();
}

/** The items of these kinds (all kinds when none given): waiting and refused. */
export function outboxItems(kinds?: readonly string[]): { waiting: OutboxItem[]; refused: OutboxItem[] } {
  const mine = outboxState.items.filter((i) => !kinds || kinds.includes(i.kind));
  return { waiting: mine.filter((i) => !i.refused), refused: mine.filter((i) => i.refused) };
}
