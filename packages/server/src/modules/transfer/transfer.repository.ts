import type { Database } from '../../platform/db.js';

// The export's reads, in keyset pages. dealerId null means the car maker, who sees the whole network;
// a dealer sees the customers and vehicles it has a relationship with.
export function createTransferRepository(db: Database) {
  return {
    /** The next page of customers after `afterId`, by id (UUIDv7, so oldest first). */
    customersPage(networkId: string, dealerId: string | null, afterId: string | null, limit: number) {
      if (dealerId) {
        return db
          .selectFrom('dealer_customers as dc')
          .innerJoin('customers as c', 'c.id', 'dc.customer_id')
          .selectAll('c')
          .where('dc.dealer_id', '=', dealerId)
          .where('c.network_id', '=', networkId)
          .$if(afterId !== null, (q) => q.where('dc.customer_id', '>', afterId!))
          .orderBy('dc.customer_id')
          .limit(limit)
          .execute();
      }
      return db
        .selectFrom('customers as c')
        .selectAll('c')
        .where('c.network_id', '=', networkId)
        .$if(afterId !== null, (q) => q.where('c.id', '>', afterId!))
        .orderBy('c.id')
        .limit(limit)
        .execute();
    },

    /** The vehicles these customers own that the dealer (or the car maker) sees, with what the export shows. */
    vehiclesOwnedBy(networkId: string, dealerId: string | null, ownerIds: string[]) {
      if (ownerIds.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('vehicles as v')
        .leftJoin('vehicle_models as m', 'm.id', 'v.model_id')
        .leftJoin('customers as u', 'u.id', 'v.user_id')
        .leftJoinLateral(
          (eb) =>
            eb
              .selectFrom('mileage_readings as r')
              .select(['r.km', 'r.read_on'])
              .whereRef('r.vehicle_id', '=', 'v.id')
              .orderBy('r.read_on', 'desc')
              .orderBy('r.created_at', 'desc')
              .limit(1)
              .as('last'),
          (join) => join.onTrue(),
        )
        .select([
          'v.id',
          'v.owner_id',
          'v.vin',
          'v.plate_key',
          'm.code as model_code',
          'v.model_year',
          'v.color',
          'v.fuel_type',
          'v.delivered_on',
          'v.insurance_expires_on',
          'v.inspection_due_on',
          'u.mobile as user_mobile',
          'last.km as last_km',
          'last.read_on as last_km_on',
        ])
        .where('v.network_id', '=', networkId)
        .where('v.owner_id', 'in', ownerIds)
        .$if(dealerId !== null, (q) =>
          q.where((eb) =>
            eb.exists(
              eb
                .selectFrom('dealer_vehicles as dv')
                .select('dv.vehicle_id')
                .whereRef('dv.vehicle_id', '=', 'v.id')
                .where('dv.dealer_id', '=', dealerId!),
            ),
          ),
        )
        .orderBy('v.owner_id')
        .orderBy('v.id')
        .execute();
    },
  };
}
