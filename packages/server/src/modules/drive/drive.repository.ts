import { sql } from 'kysely';
import type { Database } from '../../platform/db.js';
import { inScope, type Scope } from '../../platform/scope.js';

export function createDriveRepository(db: Database) {
  /** Visits with the names the drive shows. */
  const visitDetails = () =>
    db
      .selectFrom('visits as vi')
      .innerJoin('customers as c', 'c.id', 'vi.customer_id')
      .innerJoin('vehicles as v', 'v.id', 'vi.vehicle_id')
      .leftJoin('vehicle_models as m', 'm.id', 'v.model_id')
      .leftJoin('users as sa', 'sa.id', 'vi.sa_id')
      .select([
        'vi.id',
        'vi.status',
        'vi.arrived_at',
        'vi.sa_id',
        'sa.display_name as sa_name',
        'c.name as customer_name',
        'v.plate_key',
        'm.name as model_name',
      ]);

  return {
    /**
     * Check-ins of one car at one dealer take turns (until the transaction ends), so that the
     * open-visit check below sees a concurrent check-in that committed first.
     */
    async lockVehicleCheckIn(dealerId: string, vehicleId: string) {
      await sql`select pg_advisory_xact_lock(hashtextextended(${`visit:${dealerId}:${vehicleId}`}, 0))`.execute(db);
    },

    findOpenVisit(dealerId: string, vehicleId: string) {
      return db
        .selectFrom('visits')
        .select('id')
        .where('dealer_id', '=', dealerId)
        .where('vehicle_id', '=', vehicleId)
        .where('status', '=', 'open')
        .executeTakeFirst();
    },

    /** The visit, locked for the change; another dealer's (or network's) visit is not found. */
    lockVisit(networkId: string, dealerId: string, id: string) {
      return db
        .selectFrom('visits as vi')
        .innerJoin('customers as c', 'c.id', 'vi.customer_id')
        .select(['vi.id', 'vi.status', 'vi.vehicle_id', 'vi.customer_id', 'vi.arrived_at'])
        .where('vi.dealer_id', '=', dealerId)
        .where('vi.id', '=', id)
        .where('c.network_id', '=', networkId)
        .forUpdate('vi')
        .executeTakeFirst();
    },

    ordersOfVisit(dealerId: string, visitId: string) {
      return db
        .selectFrom('repair_orders')
        .select(['id', 'number', 'status', 'version'])
        .where('dealer_id', '=', dealerId)
        .where('visit_id', '=', visitId)
        .forUpdate()
        .execute();
    },

    cancelVisit(dealerId: string, id: string, change: { reason: string; at: Date; by: string | null }) {
      return db
        .updateTable('visits')
        .set({ status: 'cancelled', cancel_reason: change.reason, cancelled_at: change.at, cancelled_by: change.by })
        .where('dealer_id', '=', dealerId)
        .where('id', '=', id)
        .where('status', '=', 'open')
        .returning('id')
        .executeTakeFirst();
    },

    /** The unsigned orders of a cancelled visit are cancelled with it. */
    cancelOpenOrders(dealerId: string, visitId: string, reason: string, at: Date) {
      return db
        .updateTable('repair_orders')
        .set({ status: 'cancelled', cancel_reason: reason, updated_at: at, version: sql`version + 1` })
        .where('dealer_id', '=', dealerId)
        .where('visit_id', '=', visitId)
        .where('status', '=', 'open')
        .returning(['id', 'number'])
        .execute();
    },

    /** Every car on the drive: the dealer's open visits, whatever day they arrived. */
    openVisits(scope: Scope) {
      return visitDetails().where(inScope(scope, 'vi.dealer_id')).where('vi.status', '=', 'open').orderBy('vi.arrived_at').execute();
    },

    /** Visits (not cancelled) with a repair order delivered in [from, to). */
    deliveredVisits(scope: Scope, from: Date, to: Date) {
      return visitDetails()
        .where(inScope(scope, 'vi.dealer_id'))
        .where('vi.status', '<>', 'cancelled')
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('repair_orders as ro')
              .select('ro.id')
              .whereRef('ro.dealer_id', '=', 'vi.dealer_id')
              .whereRef('ro.visit_id', '=', 'vi.id')
              .where('ro.delivered_at', '>=', from)
              .where('ro.delivered_at', '<', to),
          ),
        )
        .orderBy('vi.arrived_at')
        .execute();
    },

    ordersOfVisits(scope: Scope, visitIds: readonly string[]) {
      if (visitIds.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('repair_orders')
        .select(['id', 'visit_id', 'number', 'status', 'promised_at', 'delivered_at', 'created_at'])
        .where(inScope(scope, 'dealer_id'))
        .where('visit_id', 'in', [...visitIds])
        .execute();
    },
  };
}
