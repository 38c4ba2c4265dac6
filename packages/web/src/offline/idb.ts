// A small key-value wrapper over IndexedDB: what the reception desk keeps on the device to work
// offline (the session, today's appointments, the walk-around checklist, the writes waiting to sync).

const DB_NAME = 'servicebay-offline';
export type StoreName = 'cache' | 'receptions';

let opening: Promise<IDBDatabase> | null = null;

function open(): Promise<IDBDatabase> {
  opening ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => {
      request.result.createObjectStore('cache');
      request.result.createObjectStore('receptions');
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => {
      opening = null;
      reject(request.error);
    };
  });
  return opening;
}

function run<T>(store: StoreName, mode: IDBTransactionMode, act: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return open().then(
    (db) =>
      new Promise<T>((resolve, reject) => {
        const tx = db.transaction(store, mode);
        const request = act(tx.objectStore(store));
        tx.oncomplete = () => resolve(request.result);
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error);
      }),
  );
}

export const hasIndexedDb = () => typeof indexedDB !== 'undefined';

export function idbGet<T>(store: StoreName, key: string): Promise<T | undefined> {
  if (!hasIndexedDb()) return Promise.resolve(undefined);
  return run<T | undefined>(store, 'readonly', (s) => s.get(key) as IDBRequest<T | undefined>);
}

export function idbPut(store: StoreName, key: string, value: unknown): Promise<void> {
  if (!hasIndexedDb()) return Promise.resolve();
  return run(store, 'readwrite', (s) => s.put(value, key)).then(() => undefined);
}

export function idbDelete(store: StoreName, key: string): Promise<void> {
  if (!hasIndexedDb()) return Promise.resolve();
  return run(store, 'readwrite', (s) => s.delete(key)).then(() => undefined);
}

export function idbAll<T>(store: StoreName): Promise<T[]> {
  if (!hasIndexedDb()) return Promise.resolve([]);
  return run<T[]>(store, 'readonly', (s) => s.getAll() as IDBRequest<T[]>);
}
