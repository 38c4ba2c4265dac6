import type { Insertable } from 'kysely';
import type { Database } from '../../platform/db.js';
import type { InspectionsTable } from '../../platform/db.schema.js';
import { inScope, type Scope } from '../../platform/scope.js';

export function createInspectionsRepository(db: Database) {
  return {
    /** The walk-around of a visit, if it is signed. */
    findByVisit(scope: Scope, visitId: string) {
      return db.selectFrom('inspections').selectAll().where(inScope(scope, 'dealer_id')).where('visit_id', '=', visitId).executeTakeFirst();
    },

    async isSigned(scope: Scope, visitId: string) {
      const row = await db
        .selectFrom('inspections')
        .select('id')
        .where(inScope(scope, 'dealer_id'))
        .where('visit_id', '=', visitId)
        .executeTakeFirst();
      return row !== undefined;
    },

    findById(scope: Scope, id: string) {
      return db.selectFrom('inspections').selectAll().where(inScope(scope, 'dealer_id')).where('id', '=', id).executeTakeFirst();
    },

    /** The odometer the customer signed at the walk-around of a visit (none when not signed yet). */
    async walkaroundOdometer(scope: Scope, visitId: string): Promise<number | null> {
      const row = await db
        .selectFrom('inspections')
        .select('odometer_km')
        .where(inScope(scope, 'dealer_id'))
        .where('visit_id', '=', visitId)
        .executeTakeFirst();
      return row?.odometer_km ?? null;
    },

    async insert(row: Insertable<InspectionsTable>) {
      await db.insertInto('inspections').values(row).execute();
    },

    /** The walk-around's odometer becomes the mileage-in of the visit's open repair order that has none yet. */
    async setMileageInOfOpenOrder(dealerId: string, visitId: string, odometerKm: number, now: Date) {
      await db
        .updateTable('repair_orders')
        .set({ odometer_km: odometerKm, updated_at: now })
        .where('dealer_id', '=', dealerId)
        .where('visit_id', '=', visitId)
        .where('odometer_km', 'is', null)
        .where('status', '=', 'open')
        .execute();
    },
  };
}
