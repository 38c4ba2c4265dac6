import { type Insertable, type Selectable, sql } from 'kysely';
import type { Database } from '../../platform/db.js';
import type { MileageReadingsTable, VehiclesTable } from '../../platform/db.schema.js';
import type { Scope } from '../../platform/scope.js';
import { linkedInScope } from '../customers/customers.repository.js';

export type VehicleRow = Selectable<VehiclesTable>;

export function createVehiclesRepository(db: Database) {
  const withDetails = () =>
    db
      .selectFrom('vehicles as v')
      .leftJoin('vehicle_models as m', 'm.id', 'v.model_id')
      .leftJoin('customers as o', 'o.id', 'v.owner_id')
      .leftJoin('customers as u', 'u.id', 'v.user_id')
      .selectAll('v')
      .select([
        'm.name as model_name',
        'o.name as owner_name',
        'o.mobile as owner_mobile',
        'u.name as user_name',
        'u.mobile as user_mobile',
        'o.consent as owner_consent',
        'u.consent as user_consent',
        (eb) =>
          eb
            .selectFrom('mileage_readings as r')
            .select('r.km')
            .whereRef('r.vehicle_id', '=', 'v.id')
            .orderBy('r.read_on', 'desc')
            .orderBy('r.created_at', 'desc')
            .limit(1)
            .as('last_km'),
      ]);

  /**
   * Vehicles are the network's: the whole network reads every one of them; a dealer (or the network
   * narrowed to some dealers) reads those linked to a dealer in its scope.
   */
  const visibleTo = (scope: Scope) => (qb: ReturnType<typeof withDetails>) => qb.where(linkedInScope(scope, 'dealer_vehicles', 'v.id'));

  return {
    findById(scope: Scope, id: string) {
      return withDetails().where('v.id', '=', id).where('v.network_id', '=', scope.networkId).$call(visibleTo(scope)).executeTakeFirst();
    },

    /** Exact identity lookup across the whole network (the car is at this dealer's door). */
    findByIdentity(networkId: string, identity: { vin?: string; plateKey?: string }) {
      let query = withDetails().where('v.network_id', '=', networkId);
      if (identity.vin) query = query.where('v.vin', '=', identity.vin);
      else if (identity.plateKey) query = query.where('v.plate_key', '=', identity.plateKey);
      else return Promise.resolve(undefined);
      return query.executeTakeFirst();
    },

    findConflicts(networkId: string, vin: string | undefined, plateKey: string | undefined, exceptId: string | null) {
      return db
        .selectFrom('vehicles')
        .select(['id', 'vin', 'plate_key'])
        .where('network_id', '=', networkId)
        .where((eb) => eb.or([eb('vin', '=', vin ?? ''), eb('plate_key', '=', plateKey ?? '')]))
        .$if(exceptId !== null, (qb) => qb.where('id', '!=', exceptId!))
        .execute();
    },

    listForCustomers(customerIds: string[], scope: Scope) {
      if (customerIds.length === 0) return Promise.resolve([]);
      return withDetails()
        .where((eb) => eb.or([eb('v.owner_id', 'in', customerIds), eb('v.user_id', 'in', customerIds)]))
        .$call(visibleTo(scope))
        .orderBy('v.created_at')
        .execute();
    },

    insert(row: Omit<VehicleRow, 'version' | 'use_type_at_sale'>) {
      return db.insertInto('vehicles').values(row).returning('id').executeTakeFirstOrThrow();
    },

    update(id: string, version: number, changes: Partial<Omit<VehicleRow, 'id' | 'version' | 'created_at'>>) {
      return db
        .updateTable('vehicles')
        .set({ ...changes, version: sql`version + 1` })
        .where('id', '=', id)
        .where('version', '=', version)
        .returning('id')
        .executeTakeFirst();
    },

    async linkDealer(dealerId: string, vehicleId: string, source: string, at: Date) {
      const result = await db
        .insertInto('dealer_vehicles')
        .values({ dealer_id: dealerId, vehicle_id: vehicleId, source, created_at: at })
        .onConflict((oc) => oc.columns(['dealer_id', 'vehicle_id']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    listMileage(vehicleId: string) {
      return db
        .selectFrom('mileage_readings')
        .selectAll()
        .where('vehicle_id', '=', vehicleId)
        .orderBy('read_on', 'desc')
        .orderBy('created_at', 'desc')
        .execute();
    },

    /** Serialises concurrent readings of one vehicle so the sanity check sees every earlier one. */
    lockVehicle(id: string) {
      return db.selectFrom('vehicles').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
    },

    insertMileage(row: Insertable<MileageReadingsTable>) {
      return db.insertInto('mileage_readings').values(row).execute();
    },

    deleteMileage(vehicleId: string, id: string) {
      return db.deleteFrom('mileage_readings').where('vehicle_id', '=', vehicleId).where('id', '=', id).execute();
    },

    listModels(networkId: string) {
      return db.selectFrom('vehicle_models').selectAll().where('network_id', '=', networkId).orderBy('code').execute();
    },

    findModel(networkId: string, id: string) {
      return db.selectFrom('vehicle_models').selectAll().where('network_id', '=', networkId).where('id', '=', id).executeTakeFirst();
    },
  };
}

export type VehicleDetailsRow = NonNullable<Awaited<ReturnType<ReturnType<typeof createVehiclesRepository>['findById']>>>;
