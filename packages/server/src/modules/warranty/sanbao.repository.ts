import type { SanbaoFlag } from '@servicebay/contracts';
import { type Insertable, sql, type Updateable } from 'kysely';
import type { Database } from '../../platform/db.js';
import type { SanbaoCasesTable } from '../../platform/db.schema.js';
import { inScope, type Scope } from '../../platform/scope.js';

export function createSanbaoRepository(db: Database) {
  const cases = () =>
    db
      .selectFrom('sanbao_cases as sc')
      .innerJoin('dealers as d', 'd.id', 'sc.dealer_id')
      .leftJoin('users as u', 'u.id', 'sc.decided_by')
      .selectAll('sc')
      .select(['d.name as dealer_name', 'u.display_name as decided_by_name']);

  return {
    /** What the 三包 counts are made of: the car's sale, its warranty repairs anywhere in the network, its claims. */
    async facts(vehicleId: string) {
      const [vehicle, km, repairs, claims] = await Promise.all([
        db
          .selectFrom('vehicles')
          .select(['id', 'network_id', 'delivered_on', 'owner_id'])
          .where('id', '=', vehicleId)
          .executeTakeFirstOrThrow(),
        db
          .selectFrom('mileage_readings')
          .select('km')
          .where('vehicle_id', '=', vehicleId)
          .orderBy('read_on', 'desc')
          .orderBy('created_at', 'desc')
          .limit(1)
          .executeTakeFirst(),
        db
          .selectFrom('repair_orders as ro')
          .innerJoin('visits as vi', (j) => j.onRef('vi.dealer_id', '=', 'ro.dealer_id').onRef('vi.id', '=', 'ro.visit_id'))
          .select(['vi.arrived_at', sql<Date | null>`coalesce(ro.delivered_at, ro.ready_at)`.as('done_at')])
          .where('ro.vehicle_id', '=', vehicleId)
          .where('ro.status', '!=', 'cancelled')
          .where(({ exists, selectFrom }) =>
            exists(
              selectFrom('ro_lines as l')
                .select('l.id')
                .whereRef('l.dealer_id', '=', 'ro.dealer_id')
                .whereRef('l.repair_order_id', '=', 'ro.id')
                .where('l.pay_type', '=', 'warranty'),
            ),
          )
          .execute(),
        db
          .selectFrom('warranty_claims as wc')
          .innerJoin('repair_orders as ro', (j) => j.onRef('ro.dealer_id', '=', 'wc.dealer_id').onRef('ro.id', '=', 'wc.repair_order_id'))
          .innerJoin('visits as vi', (j) => j.onRef('vi.dealer_id', '=', 'ro.dealer_id').onRef('vi.id', '=', 'ro.visit_id'))
          .select(['wc.causal_part_code', 'wc.term', 'vi.arrived_at', 'wc.repaired_at', 'ro.odometer_km'])
          .where('wc.vehicle_id', '=', vehicleId)
          .where('wc.kind', '=', 'warranty')
          .where('wc.status', '!=', 'rejected')
          .execute(),
      ]);
      return { vehicle, km: km?.km ?? null, repairs, claims };
    },

    /** The car's open case, else its latest decided one. */
    caseOf(vehicleId: string) {
      return cases()
        .where('sc.vehicle_id', '=', vehicleId)
        .orderBy(sql`case when sc.status = 'open' then 0 else 1 end`)
        .orderBy('sc.opened_at', 'desc')
        .limit(1)
        .executeTakeFirst();
    },

    lockOpenCase(vehicleId: string) {
      return db
        .selectFrom('sanbao_cases')
        .selectAll()
        .where('vehicle_id', '=', vehicleId)
        .where('status', '=', 'open')
        .forUpdate()
        .executeTakeFirst();
    },

    insertCase(row: Insertable<SanbaoCasesTable>) {
      return db
        .insertInto('sanbao_cases')
        .values(row)
        .onConflict((oc) => oc.column('vehicle_id').where('status', '=', 'open').doNothing())
        .execute();
    },

    updateCase(id: string, changes: Updateable<SanbaoCasesTable>) {
      return db.updateTable('sanbao_cases').set(changes).where('id', '=', id).execute();
    },

    /** The service managers of a dealer, who are warned. */
    managers(dealerId: string) {
      return db
        .selectFrom('users')
        .select('id')
        .where('dealer_id', '=', dealerId)
        .where('disabled_at', 'is', null)
        .where(sql<boolean>`roles && array['service_manager', 'general_manager']::text[]`)
        .execute();
    },

    async insertWarning(row: {
      dealer_id: string;
      id: string;
      assignee_user_id: string;
      customer_id: string;
      due_at: Date;
      dedupe_key: string;
      created_at: Date;
    }) {
      await db
        .insertInto('tasks')
        .values({ ...row, kind: 'sanbao_watch' })
        .onConflict((oc) => oc.columns(['dealer_id', 'dedupe_key']).doNothing())
        .execute();
    },

    /** The cases of a scope: open ones first, oldest first; then the latest decided. */
    watch(scope: Scope, limit: number) {
      return cases()
        .innerJoin('vehicles as v', 'v.id', 'sc.vehicle_id')
        .leftJoin('vehicle_models as m', 'm.id', 'v.model_id')
        .select(['v.vin', 'v.plate_key', 'm.name as model_name'])
        .where('sc.network_id', '=', scope.networkId)
        .where(inScope(scope, 'sc.dealer_id'))
        .orderBy(sql`case when sc.status = 'open' then 0 else 1 end`)
        .orderBy(sql`case when sc.status = 'open' then sc.opened_at end`)
        .orderBy('sc.decided_at', 'desc')
        .limit(limit)
        .execute();
    },
  };
}

export type SanbaoCaseRow = NonNullable<Awaited<ReturnType<ReturnType<typeof createSanbaoRepository>['caseOf']>>>;
export type { SanbaoFlag };
