import type { Database } from '../platform/db.js';

// The reads the demo history needs between use-cases: who works where, what the catalogue and the
// cars are, and what a delivery set off (the survey message, the follow-up call, a complaint).
// Ordered by natural keys (ids carry random bits), so the same seed makes the same history.

export function createDemoHistoryRepository(db: Database) {
  return {
    dealers() {
      return db.selectFrom('dealers').select(['id', 'network_id', 'code', 'grade', 'time_zone', 'opens_at']).orderBy('code').execute();
    },

    staff(dealerId: string) {
      return db.selectFrom('users').select(['id', 'login', 'roles']).where('dealer_id', '=', dealerId).orderBy('login').execute();
    },

    /** The car maker's staff of a network (no dealer). */
    networkStaff(networkId: string) {
      return db
        .selectFrom('users')
        .select(['id', 'login', 'roles'])
        .where('network_id', '=', networkId)
        .where('dealer_id', 'is', null)
        .orderBy('login')
        .execute();
    },

    models(networkId: string) {
      return db
        .selectFrom('vehicle_models')
        .select(['id', 'code', 'fuel_type'])
        .where('network_id', '=', networkId)
        .orderBy('code')
        .execute();
    },

    parts(dealerId: string) {
      return db.selectFrom('parts').select(['id', 'part_number']).where('dealer_id', '=', dealerId).execute();
    },

    vehicles(dealerId: string) {
      return db
        .selectFrom('vehicles as v')
        .innerJoin('dealer_vehicles as dv', 'dv.vehicle_id', 'v.id')
        .leftJoin('vehicle_models as m', 'm.id', 'v.model_id')
        .select(['v.id', 'v.delivered_on', 'v.fuel_type', 'm.service_interval_km as intervalKm'])
        .where('dv.dealer_id', '=', dealerId)
        .orderBy('v.vin')
        .execute();
    },

    readings(vehicleIds: string[]) {
      if (vehicleIds.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('mileage_readings')
        .select(['vehicle_id', 'read_on', 'km'])
        .where('vehicle_id', 'in', vehicleIds)
        .orderBy('read_on')
        .orderBy('km')
        .execute();
    },

    surveyMessage(repairOrderId: string) {
      return db
        .selectFrom('outbox_messages')
        .select(['body', 'status', 'sent_at'])
        .where('dedupe_key', '=', `survey:${repairOrderId}`)
        .executeTakeFirst();
    },

    postServiceTask(dealerId: string, repairOrderId: string) {
      return db
        .selectFrom('follow_up_tasks')
        .select(['id', 'owner_id', 'due_from', 'version'])
        .where('dealer_id', '=', dealerId)
        .where('period_key', '=', `ro:${repairOrderId}`)
        .executeTakeFirst();
    },

    complaintOfOrder(dealerId: string, repairOrderId: string) {
      return db
        .selectFrom('complaints')
        .select('id')
        .where('dealer_id', '=', dealerId)
        .where('repair_order_id', '=', repairOrderId)
        .executeTakeFirst();
    },

    /** The dealer's complaints still open that were received before `before`, oldest first. */
    openComplaintsBefore(dealerId: string, before: Date) {
      return db
        .selectFrom('complaints')
        .select(['id', 'received_at', 'owner_id'])
        .where('dealer_id', '=', dealerId)
        .where('status', '!=', 'closed')
        .where('received_at', '<', before)
        .orderBy('received_at')
        .execute();
    },
  };
}

export type DemoHistoryRepository = ReturnType<typeof createDemoHistoryRepository>;
