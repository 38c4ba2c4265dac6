import type { Insertable, Updateable } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../../platform/db.js';
import type { PickupJobsTable, PickupSettingsTable } from '../../platform/db.schema.js';
import { type LinkDealers, ofLinkDealers } from '../../platform/public-links.js';
import { inScope, type Scope } from '../../platform/scope.js';

export function createPickupRepository(db: Database) {
  const jobs = () =>
    db
      .selectFrom('pickup_jobs as j')
      .innerJoin('customers as c', 'c.id', 'j.customer_id')
      .innerJoin('vehicles as v', 'v.id', 'j.vehicle_id')
      .leftJoin('vehicle_models as m', 'm.id', 'v.model_id')
      .leftJoin('users as dr', 'dr.id', 'j.driver_id')
      .selectAll('j')
      .select(['c.name as customer_name', 'v.plate_key', 'm.name as model_name', 'dr.display_name as driver_name']);

  return {
    settings(dealerId: string) {
      return db.selectFrom('pickup_settings').selectAll().where('dealer_id', '=', dealerId).executeTakeFirst();
    },

    /** The first settings of a dealer; false when someone saved them first. */
    async insertSettings(row: Insertable<PickupSettingsTable>) {
      const result = await db
        .insertInto('pickup_settings')
        .values(row)
        .onConflict((oc) => oc.column('dealer_id').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
    },

    /** Replaces the settings at the version read; false when someone changed them meanwhile. */
    async updateSettings(dealerId: string, version: number, changes: Updateable<PickupSettingsTable>) {
      const result = await db
        .updateTable('pickup_settings')
        .set({ ...changes, version: version + 1 })
        .where('dealer_id', '=', dealerId)
        .where('version', '=', version)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** The jobs in scope whose window starts in [from, until), by window. */
    day(scope: Scope, from: Date, until: Date) {
      return jobs()
        .where(inScope(scope, 'j.dealer_id'))
        .where('j.window_start', '>=', from)
        .where('j.window_start', '<', until)
        .orderBy('j.window_start')
        .orderBy('j.number')
        .execute();
    },

    find(scope: Scope, id: string) {
      return jobs().where(inScope(scope, 'j.dealer_id')).where('j.id', '=', id).executeTakeFirst();
    },

    /** The appointment's pick-up to the dealer that is not cancelled (the newest), locked when asked. */
    liveOfAppointment(dealerId: string, appointmentId: string, forUpdate = false) {
      const query = db
        .selectFrom('pickup_jobs')
        .selectAll()
        .where('dealer_id', '=', dealerId)
        .where('appointment_id', '=', appointmentId)
        .where('kind', '=', 'pickup')
        .where('status', '<>', 'cancelled')
        .orderBy('created_at', 'desc')
        .limit(1);
      return (forUpdate ? query.forUpdate() : query).executeTakeFirst();
    },

    lock(dealerId: string, id: string) {
      return db.selectFrom('pickup_jobs').selectAll().where('dealer_id', '=', dealerId).where('id', '=', id).forUpdate().executeTakeFirst();
    },

    /** The job a driver's link opens, while the link is valid (locked for a step when asked). */
    async byToken(dealers: LinkDealers, tokenHash: string, now: Date, forUpdate = false) {
      let query = db
        .selectFrom('pickup_jobs')
        .select(['dealer_id', 'id'])
        .where(ofLinkDealers('dealer_id', dealers))
        .where('driver_token_hash', '=', tokenHash)
        .where('driver_token_expires_at', '>', now);
      if (forUpdate) query = query.forUpdate();
      return query.executeTakeFirst();
    },

    /** The driver's own jobs from `from` on that are not finished, by window. */
    driverJobs(dealerId: string, driverId: string, from: Date) {
      return jobs()
        .where('j.dealer_id', '=', dealerId)
        .where('j.driver_id', '=', driverId)
        .where('j.window_end', '>=', from)
        .where('j.status', 'in', ['assigned', 'en_route', 'picked_up'])
        .orderBy('j.window_start')
        .execute();
    },

    insert(row: Insertable<PickupJobsTable>) {
      return db.insertInto('pickup_jobs').values(row).execute();
    },

    /** Changes a job at the version read; false when someone changed it meanwhile. */
    async update(dealerId: string, id: string, version: number, changes: Updateable<PickupJobsTable>) {
      const result = await db
        .updateTable('pickup_jobs')
        .set({ ...changes, version: version + 1 })
        .where('dealer_id', '=', dealerId)
        .where('id', '=', id)
        .where('version', '=', version)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** The active drivers of a dealer, by name. */
    drivers(dealerId: string) {
      return db
        .selectFrom('users')
        .select(['id', 'display_name'])
        .where('dealer_id', '=', dealerId)
        .where('disabled_at', 'is', null)
        .where(sql<boolean>`'driver' = any(roles)`)
        .orderBy('display_name')
        .execute();
    },

    /**
     * An active driver of the dealer, locked until the transaction ends: assignments to one driver take
     * turns, so the second of two overlapping ones meets the first's committed row in the exclusion
     * constraint instead of waiting on it in a deadlock.
     */
    lockDriver(dealerId: string, driverId: string) {
      return db
        .selectFrom('users')
        .select('id')
        .where('id', '=', driverId)
        .where('dealer_id', '=', dealerId)
        .where('disabled_at', 'is', null)
        .where(sql<boolean>`'driver' = any(roles)`)
        .forNoKeyUpdate()
        .executeTakeFirst();
    },

    customer(id: string) {
      return db.selectFrom('customers').select(['id', 'name', 'mobile', 'consent']).where('id', '=', id).executeTakeFirstOrThrow();
    },

    appointment(dealerId: string, id: string) {
      return db
        .selectFrom('appointments')
        .select(['id', 'vehicle_id', 'status'])
        .where('dealer_id', '=', dealerId)
        .where('id', '=', id)
        .executeTakeFirst();
    },
  };
}

export type PickupRepository = ReturnType<typeof createPickupRepository>;
export type PickupJobRow = NonNullable<Awaited<ReturnType<PickupRepository['find']>>>;
