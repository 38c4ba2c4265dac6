import type { Database } from './db.js';

/** One use-case, one transaction: joins the caller's transaction when there is one. */
export function inTransaction<T>(db: Database, fn: (tx: Database) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db);
  return db.transaction().execute(fn);
}
