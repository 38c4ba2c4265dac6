// `npm run bench -- seed --vehicles N [--dealers D]`: a SCALE-<n> network in BENCH_DATABASE_URL
// (created and migrated when missing). The same as `servicebay seed --vehicles N` with DATABASE_URL.
import { parseArgs } from 'node:util';
import { openPostgres } from '../packages/server/src/platform/db.js';
import { migrateToLatest } from '../packages/server/src/platform/migrate.js';
import { DEFAULT_BENCH_DATABASE_URL, ensureDatabase } from './lookup.js';
import { seedScale } from './seed-scale.js';

export async function runSeed(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { vehicles: { type: 'string', default: '1000000' }, dealers: { type: 'string' } } });
  const url = process.env.BENCH_DATABASE_URL ?? DEFAULT_BENCH_DATABASE_URL;
  await ensureDatabase(url);
  const handle = await openPostgres(url, { max: 2 });
  try {
    await migrateToLatest(handle.db);
    await seedScale(handle.db, { vehicles: Number(values.vehicles), dealers: values.dealers ? Number(values.dealers) : undefined });
  } finally {
    await handle.close();
  }
}
