// The phone's outbox in IndexedDB (its own database: the door kiosk keeps its events in its own).
import type { DBSchema } from 'idb';
import { lazyDb } from '../idb-open.js';
import type { OutboxItem, OutboxStore } from './outbox-types.js';

interface OutboxSchema extends DBSchema {
  items: { key: string; value: OutboxItem; indexes: { byCreated: string } };
}

const outboxDb = lazyDb<OutboxSchema>('jukinet-outbox', 1, (d, oldVersion) => {
  if (oldVersion < 1) d.createObjectStore('items', { keyPath: 'clientId' }).createIndex('byCreated', 'createdAt');
});

export const idbOutboxStore: OutboxStore = {
  async add(item) {
    const tx = (await outboxDb()).transaction('items', 'readwrite');
    // looked at and added in one transaction: two tabs cannot both add the same client id
    const kept = await tx.store.get(item.clientId);
    if (!kept) await tx.store.add(item);
    await tx.done;
    return !kept;
  },
  all: async () => (await outboxDb()).getAllFromIndex('items', 'byCreated'),
  get: async (clientId) => (await outboxDb()).get('items', clientId),
  put: async (item) => void (await (await outboxDb()).put('items', item)),
  delete: async (clientId) => (await outboxDb()).delete('items', clientId),
};
