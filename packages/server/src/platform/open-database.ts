import type { Config } from '../config.js';
import { type DatabaseHandle, openPglite, openPostgres } from './db.js';
import { migrateToLatest } from './migrate.js';

/** PostgreSQL when DATABASE_URL is set, otherwise PGlite in the data directory; migrated to the latest. */
export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir' | 'dbPoolSize'>,
  options: { migrate?: boolean } = {},
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
  return handle;
}
