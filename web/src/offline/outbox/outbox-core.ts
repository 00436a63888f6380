// The outbox of a phone, apart from Vue, timers and the browser's storage so that it is specified on
// its own (outbox-core.spec.ts): work is kept first (with a client id), then sent by its kind's
// sender, oldest first, and leaves only when the server has answered that it has it. An answer
// lost after the server committed leaves the item, and the resend under the same client id is
// answered with what is stored: nothing lost, nothing twice. When it runs is outbox.ts's
// (offline/sync-loop.ts, the schedule the door kiosk uses too).
import type { SyncOutcome } from '../sync-rules.js';
import { afterFailure, codeOf, sendableBy, verdictOf } from './outbox-rules.js';
import type { OutboxItem, OutboxOwner, OutboxSender, OutboxStore } from './outbox-types.js';
import { GraphQLRequestError } from '../../api/graphql-client.js';

export interface OutboxCoreOptions {
  store: OutboxStore;
  /**
   * Who is signed in, as the server says: a staff id, null (nobody: everything waits), undefined
   * (cannot tell now: the server is out of reach).
   */
  whoAmI: () => Promise<string | null | undefined>;
  now?: () => Date;
  newId?: () => string;
}

export interface NewItem {
  /** made here when not given (a kind whose payload carries it gives the same one) */
  clientId?: string;
  owner: OutboxOwner | null;
  display: OutboxItem['display'];
}

export interface SendRun {
  outcome: SyncOutcome;
  /** what went in this run, with the server's answer */
  sent: { clientId: string; kind: string; result: unknown }[];
}

export interface OutboxCore {
  /** The sender of a kind (one per kind; items of a kind without one wait for a release that has it). */
  define<P>(kind: string, sender: OutboxSender<P>): void;
  /** Keeps new work; the same client id again keeps nothing more and answers the item kept. */
  enqueue<P>(kind: string, payload: P, item: NewItem): Promise<OutboxItem<P>>;
  /** One run: sends what this session may send, oldest first; stops at the first failure that is not a refusal. */
  sendAll(): Promise<SendRun>;
  /** Forgets an item the server refused (the person has seen it); waiting items are never dropped. */
  dismiss(clientId: string): Promise<void>;
  items(): Promise<OutboxItem[]>;
}

export function createOutboxCore(o: OutboxCoreOptions): OutboxCore {
  const senders = new Map<string, OutboxSender>();
  const now = o.now ?? (() => new Date());
  const newId = o.newId ?? (() => crypto.randomUUID());

  async function enqueue<P>(kind: string, payload: P, n: NewItem): Promise<OutboxItem<P>> {
    // work kept without a person would be sent under whoever signs in next, in their name
    if (!n.owner)
      throw new GraphQLRequestError('UNAUTHENTICATED', 'サインインしてから記録してください (no one to record it for)');
    const item: OutboxItem<P> = {
      clientId: n.clientId ?? newId(),
      kind,
      payload,
      owner: n.owner,
      display: n.display,
      createdAt: now().toISOString(),
      attempts: 0,
      lastAttemptAt: null,
      lastError: null,
      refused: null,
    };
    if (await o.store.add(item)) return item;
    return (await o.store.get(item.clientId)) as OutboxItem<P>;
  }

  async function sendAll(): Promise<SendRun> {
    const sent: SendRun['sent'] = [];
    const waiting = (await o.store.all()).filter((i) => !i.refused);
    if (!waiting.length) return { outcome: 'idle', sent };
    const me = await o.whoAmI();
    if (me === undefined) return { outcome: 'offline', sent };
    if (me === null) return { outcome: 'idle', sent };
    for (const listed of waiting) {
      const send = senders.get(listed.kind);
      if (!send || !sendableBy(listed, me)) continue;
      // as it is now: another tab (a browser without Web Locks) may have sent it meanwhile
      const item = await o.store.get(listed.clientId);
      if (!item || item.refused) continue;
      try {
        const result = await send(item.payload, item);
        await o.store.delete(item.clientId);
        sent.push({ clientId: item.clientId, kind: item.kind, result });
      } catch (e) {
        const code = codeOf(e);
        const message = e instanceof Error ? e.message : String(e);
        await o.store.put(afterFailure(item, code, message, now().toISOString()));
        const verdict = verdictOf(code);
        if (verdict === 'offline') return { outcome: 'offline', sent };
        if (verdict === 'signedOut') return { outcome: 'revoked', sent };
        if (verdict === 'later') return { outcome: 'error', sent };
        // refused: this one stops here, the others go on
      }
    }
    return { outcome: 'ok', sent };
  }

  return {
    define(kind, sender) {
      senders.set(kind, sender as OutboxSender);
    },
    enqueue,
    sendAll,
    async dismiss(clientId) {
      const item = await o.store.get(clientId);
      if (item?.refused) await o.store.delete(clientId);
    },
    items: () => o.store.all(),
  };
}
