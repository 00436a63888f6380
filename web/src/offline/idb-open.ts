// One IndexedDB database of this app, opened on first use and kept open (idb). Each release's
// upgrade adds to what the one before made, so what an older release left waiting is kept as it is.
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';

export type Upgrade<S extends DBSchema> = (
  db: IDBPDatabase<S>,
  oldVersion: number,
  tx: IDBPTransaction<S, StoreNames<S>[], 'versionchange'>,
) => void;

/** A getter of the open database: opened on first call, again after the browser closed it. */
export function lazyDb<S extends DBSchema>(name: string, version: number, upgrade: Upgrade<S>) {
  let db: Promise<IDBPDatabase<S>> | null = null;
  return (): Promise<IDBPDatabase<S>> => {
    db ??= openDB<S>(name, version, {
      upgrade: (d, oldVersion, _newVersion, tx) => upgrade(d, oldVersion, tx),
      // a newer release in another tab needs the database: this tab's code is old, so reload into the new one
      blocking() {
        void db?.then((x) => x.close());
        db = null;
        location.reload();
      },
      // the browser closed the connection (storage cleared, crash): open again on next use
      terminated() {
        db = null;
      },
    });
    return db;
  };
}
