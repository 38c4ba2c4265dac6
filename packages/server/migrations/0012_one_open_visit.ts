import { type Kysely, sql } from 'kysely';

// The service drive's state (issue 12 §5): one open visit per vehicle at a dealer, and a visit
// opened by mistake can be cancelled with its reason (not counted in 进厂台次).
const statements = [
  `alter table visits add column cancel_reason text`,
  `alter table visits add column cancelled_at timestamptz`,
  `alter table visits add column cancelled_by uuid references users(id)`,
  `alter table visits add constraint visits_cancel_reason check (status <> 'cancelled' or cancel_reason is not null)`,
  // Before the rule, a car could be checked in twice: keep its latest open visit open, close the others.
  `update visits v set status = 'closed'
     where v.status = 'open' and exists (
       select 1 from visits w
       where w.dealer_id = v.dealer_id and w.vehicle_id = v.vehicle_id and w.status = 'open' and (w.arrived_at, w.id) > (v.arrived_at, v.id))`,
  // Concurrent check-ins of the same car cannot both win, whatever the application does.
  `create unique index visits_one_open_per_vehicle on visits (dealer_id, vehicle_id) where status = 'open'`,
  // "Delivered today" on the drive.
  `create index if not exists repair_orders_delivered_idx on repair_orders (dealer_id, delivered_at) where delivered_at is not null`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
