import type { Insertable } from 'kysely';
import type { Database } from '../platform/db.js';
import type { DB } from '../platform/db.schema.js';

/**
 * The demo's own reads and writes: the rows it lays down in bulk (the network, its dealers and staff,
 * catalogues, a quarter of bookings) and what the later steps look up. Demo data that has a use-case
 * is made through it; this is only what has none.
 */
export function createDemoRepository(db: Database) {
  return {
    async isSeeded() {
      return !!(await db.selectFrom('networks').select('id').limit(1).executeTakeFirst());
    },

    /** Rows into a table, `batchSize` to a statement. */
    async insert<T extends keyof DB & string>(table: T, rows: Insertable<DB[T]> | readonly Insertable<DB[T]>[], batchSize = 500) {
      const all = Array.isArray(rows) ? rows : [rows];
      for (let i = 0; i < all.length; i += batchSize)
        await db
          .insertInto(table)
          // biome-ignore lint/suspicious/noExplicitAny: Kysely cannot narrow the row type of a generic table
          .values(all.slice(i, i + batchSize) as any)
          .execute();
    },

    dealers() {
      return db.selectFrom('dealers').select(['id', 'network_id', 'code', 'grade', 'time_zone', 'city']).orderBy('code').execute();
    },

    /** A dealer's first demo user whose login starts with `prefix.` (`sa`, `manager`). */
    staffMember(dealerId: string, prefix: string) {
      return db
        .selectFrom('users')
        .select(['id', 'roles'])
        .where('dealer_id', '=', dealerId)
        .where('login', 'like', `${prefix}.%`)
        .executeTakeFirst();
    },

    /** The first vehicles a dealer knows, with their owners. */
    vehiclesAt(dealerId: string, limit: number) {
      return db
        .selectFrom('vehicles as v')
        .innerJoin('dealer_vehicles as dv', 'dv.vehicle_id', 'v.id')
        .select(['v.id as vehicleId', 'v.owner_id as customerId', 'v.plate_key as plateKey'])
        .where('dv.dealer_id', '=', dealerId)
        .orderBy('v.id')
        .limit(limit)
        .execute();
    },

    partNumbers(dealerId: string) {
      return db.selectFrom('parts').select(['id', 'part_number']).where('dealer_id', '=', dealerId).execute();
    },
  };
}
