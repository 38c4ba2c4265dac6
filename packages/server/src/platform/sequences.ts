import { sql } from 'kysely';
import type { Database } from './db.js';

/**
 * The next people-facing number of a dealer for a day (AP-20261122-0007, RO-20261122-0012).
 * The upsert locks the counter row, so concurrent bookings get distinct numbers.
 */
export async function nextDailyNumber(tx: Database, dealerId: string, prefix: string, day: string): Promise<string> {
  const row = await tx
    .insertInto('dealer_sequences')
    .values({ dealer_id: dealerId, name: prefix, day, value: 1 })
    .onConflict((oc) => oc.columns(['dealer_id', 'name', 'day']).doUpdateSet({ value: sql`dealer_sequences.value + 1` }))
    .returning('value')
    .executeTakeFirstOrThrow();
  return `${prefix}-${day.replaceAll('-', '')}-${String(row.value).padStart(4, '0')}`;
}
