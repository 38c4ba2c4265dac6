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

    /** Cars a dealer knows with no open visit anywhere, one per owner (the club's demo members). */
    async quietCarsAt(dealerId: string, limit: number) {
      const rows = await db
        .selectFrom('vehicles as v')
        .innerJoin('dealer_vehicles as dv', 'dv.vehicle_id', 'v.id')
        .select(['v.id as vehicleId', 'v.vin', 'v.owner_id as customerId'])
        .where('dv.dealer_id', '=', dealerId)
        .where(({ not, exists, selectFrom }) =>
          not(exists(selectFrom('visits as vi').select('vi.id').whereRef('vi.vehicle_id', '=', 'v.id').where('vi.status', '=', 'open'))),
        )
        .orderBy('v.id')
        .limit(limit * 3)
        .execute();
      const owners = new Set<string>();
      return rows.filter((r) => !owners.has(r.customerId) && owners.add(r.customerId)).slice(0, limit);
    },

    /** A car's odometer readings and delivery day, to read its mileage on a day. */
    async carHistory(vehicleId: string) {
      const readings = await db.selectFrom('mileage_readings').select(['read_on', 'km']).where('vehicle_id', '=', vehicleId).execute();
      const car = await db.selectFrom('vehicles').select('delivered_on').where('id', '=', vehicleId).executeTakeFirst();
      return { readings: readings.map((r) => ({ readOn: r.read_on, km: r.km })), deliveredOn: car?.delivered_on ?? null };
    },

    /** The network's first user of a car-maker role login (`oem.admin`). */
    networkUser(login: string) {
      return db.selectFrom('users').select(['id', 'network_id', 'roles']).where('login', '=', login).executeTakeFirst();
    },

    partNumbers(dealerId: string) {
      return db.selectFrom('parts').select(['id', 'part_number']).where('dealer_id', '=', dealerId).execute();
    },

    async labourOperationId(dealerId: string, code: string): Promise<string | undefined> {
      const row = await db
        .selectFrom('labour_operations')
        .select('id')
        .where('dealer_id', '=', dealerId)
        .where('code', '=', code)
        .executeTakeFirst();
      return row?.id;
    },

    /** Customers of the dealer who paid an invoice there in `from`..`until` (the demo activity's attendees). */
    async payersAt(dealerId: string, from: Date, until: Date, limit: number): Promise<string[]> {
      const rows = await db
        .selectFrom('invoices as i')
        .innerJoin('repair_orders as ro', (j) => j.onRef('ro.dealer_id', '=', 'i.dealer_id').onRef('ro.id', '=', 'i.repair_order_id'))
        .select('ro.customer_id')
        .distinct()
        .where('i.dealer_id', '=', dealerId)
        .where('i.paid_at', '>=', from)
        .where('i.paid_at', '<', until)
        .orderBy('ro.customer_id')
        .limit(limit)
        .execute();
      return rows.map((r) => r.customer_id);
    },

    /** The first customers linked to a dealer. */
    async customersAt(dealerId: string, limit: number): Promise<string[]> {
      const rows = await db
        .selectFrom('dealer_customers')
        .select('customer_id')
        .where('dealer_id', '=', dealerId)
        .orderBy('customer_id')
        .limit(limit)
        .execute();
      return rows.map((r) => r.customer_id);
    },

    /** The SMS each invited customer of an activity was sent (its sign-up link is in the text). */
    invitationTexts(dealerId: string, activityId: string) {
      return db
        .selectFrom('activity_invitations as i')
        .innerJoin('outbox_messages as m', (j) => j.onRef('m.dealer_id', '=', 'i.dealer_id').onRef('m.id', '=', 'i.message_id'))
        .select(['i.id', 'i.customer_id', 'm.body'])
        .where('i.dealer_id', '=', dealerId)
        .where('i.activity_id', '=', activityId)
        .orderBy('i.customer_id')
        .execute();
    },
  };
}
