import type { Database } from '../../platform/db.js';
import type { Scope } from '../../platform/scope.js';
import { linkedInScope } from '../customers/customers.repository.js';

// The export's reads, in keyset pages: the car maker's whole network, or the customers and vehicles
// the dealers in the scope have a relationship with.
export function createTransferRepository(db: Database) {
  return {
    /** The next page of customers after `afterId`, by id (UUIDv7, so oldest first). */
    customersPage(scope: Scope, afterId: string | null, limit: number) {
      return db
        .selectFrom('customers as c')
        .selectAll('c')
        .where('c.network_id', '=', scope.networkId)
        .where(linkedInScope(scope, 'dealer_customers', 'c.id'))
        .$if(afterId !== null, (q) => q.where('c.id', '>', afterId!))
        .orderBy('c.id')
        .limit(limit)
        .execute();
    },

    /** The vehicles these customers own that the dealer (or the car maker) sees, with what the export shows. */
    vehiclesOwnedBy(scope: Scope, ownerIds: string[]) {
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
        .where('v.network_id', '=', scope.networkId)
        .where('v.owner_id', 'in', ownerIds)
        .where(linkedInScope(scope, 'dealer_vehicles', 'v.id'))
        .orderBy('v.owner_id')
        .orderBy('v.id')
        .execute();
    },
  };
}
