import { type Kysely, sql } from 'kysely';

// 0016 got the index below after it had already run on some databases (the bench networks among
// them), so those have the rollup tables but not the index the KPI refresh and the advisor
// drill-down look a car's visits up by (the maintenance return rate). Create it where it is missing.
// Measured on the bench network of 10M repair orders (bench/README.md, "seed-ros and cockpit"): the
// set-based refresh needs no index on repair_orders (dealer_id, visit_id) or follow_up_tasks
// (dealer_id, repair_order_id); it joins those tables, it does not look them up per visit.
const statements = [`create index if not exists visits_vehicle_time_idx on visits (dealer_id, vehicle_id, arrived_at)`];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
