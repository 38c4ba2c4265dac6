import type { Config } from '../config.js';
import { type DatabaseHandle, openPglite, openPostgres } from './db.js';
import { migrateToLatest } from './migrate.js';

/** How long a report waits for a connection to the replica before it is read on the primary. */
const REPLICA_CONNECT_TIMEOUT_MS = 2_000;

/**
 * PostgreSQL when DATABASE_URL is set, otherwise PGlite in the data directory; migrated to the latest.
 * With `replica` (the server) and DATABASE_READ_URL beside DATABASE_URL, the handle also holds a pool
 * on the read replica (`handle.replica`).
 */
export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir' | 'dbPoolSize'> & Partial<Pick<Config, 'databaseReadUrl'>>,
  options: { migrate?: boolean; replica?: boolean; log?: (line: string) => void } = {},
): Promise<DatabaseHandle> {
  const handle = config.databaseUrl ? await openPostgres(config.databaseUrl, { max: config.dbPoolSize }) : await openPglite(config.dataDir);
  if (options.migrate !== false) {
    try {
      await migrateToLatest(handle.db);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }
  if (!options.replica || !config.databaseReadUrl) return handle;
  const log = options.log ?? console.log;
  if (!config.databaseUrl) {
    log('DATABASE_READ_URL is ignored: it needs DATABASE_URL (the embedded PGlite has no replica), so every read is on PGlite.');
    return handle;
  }
  const replica = await openPostgres(config.databaseReadUrl, {
    max: config.dbPoolSize,
    connectionTimeoutMillis: REPLICA_CONNECT_TIMEOUT_MS,
    verify: false,
  });
  const where = new URL(config.databaseReadUrl);
  log(`Reports read from the replica at ${where.hostname}:${where.port || '5432'} when it has caught up (DATABASE_READ_URL).`);
  return {
    ...handle,
    replica,
    close: async () => {
      await replica.close();
      await handle.close();
    },
  };
}
