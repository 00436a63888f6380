// What a phone keeps until the server has it: one item per report, confirmed step, scan … (a
// "kind" each), in one IndexedDB store, sent by the kind's sender (outbox.ts).

export interface OutboxOwner {
  staffId: string;
  /** shown while the item waits for its owner to sign in again on this phone */
  name: string;
}

export interface OutboxRefusal {
  /** the server's error code (ErrorCode), or one this app made */
  code: string;
  /** the server's own words */
  message: string;
  at: string;
}

export interface OutboxItem<P = unknown> {
  /**
   * Made on the phone when the person acts; the key of the item here and, for kinds whose mutation
   * takes one, the server's: a resend of the same id is stored once (a response lost after the
   * server committed is safe to send again).
   */
  clientId: string;
  kind: string;
  /** exactly what the sender sends (JSON: dates as ISO strings) */
  payload: P;
  /** who acted (sent only under their session); null: not known on this phone when it was kept */
  owner: OutboxOwner | null;
  /** what the waiting list shows, in the person's language when it was kept */
  display: { title: string; detail?: string | null };
  createdAt: string;
  attempts: number;
  lastAttemptAt: string | null;
  /** the last failure that keeps it waiting (NETWORK_ERROR, INTERNAL_SERVER_ERROR …) */
  lastError: string | null;
  /** the server refused it for good: kept for the person to see, never sent again */
  refused: OutboxRefusal | null;
}

/**
 * Sends one item's payload: resolves when the server has it (stored now, or already stored under
 * the same client id), with what the server answered (an id to link to); throws otherwise (a
 * GraphQLRequestError: its code decides what happens, outbox-rules.ts).
 */
export type OutboxSender<P = any> = (payload: P, item: OutboxItem<P>) => Promise<unknown>;

/** Where items are kept (IndexedDB on the phone, outbox-store.ts; memory in the unit tests). */
export interface OutboxStore {
  /** Keeps a new item; false when an item with its client id is already kept (nothing changes). */
  add(item: OutboxItem): Promise<boolean>;
  /** every item, oldest first */
  all(): Promise<OutboxItem[]>;
  get(clientId: string): Promise<OutboxItem | undefined>;
  put(item: OutboxItem): Promise<void>;
  delete(clientId: string): Promise<void>;
}
