import { type Kysely, sql } from 'kysely';

// Rows the nightly care run derives reference what they are derived from once. A foreign-key check
// takes `FOR KEY SHARE` on the row it points to, which rewrites that row's header: a first night's
// million predictions rewrote every vehicle, and each win-back case locked its customer, vehicle and
// dealer (bench/README.md, `follow-up`: 20 s of a 63 s first night).
//
// - A maintenance prediction is computed from its vehicle by `predictionQuery` and recomputed from it
//   every night; vehicles, networks and dealers are never deleted. It keeps no foreign keys.
// - A win-back case is opened from its lost-customer task (the only way one is made) and points to it;
//   the task holds the foreign keys to the customer, the vehicle and the dealer.
const statements = [
  'alter table maintenance_predictions drop constraint maintenance_predictions_vehicle_id_fkey',
  'alter table maintenance_predictions drop constraint maintenance_predictions_network_id_fkey',
  'alter table maintenance_predictions drop constraint maintenance_predictions_dealer_id_fkey',
  'alter table win_back_cases drop constraint win_back_cases_customer_id_fkey',
  'alter table win_back_cases drop constraint win_back_cases_vehicle_id_fkey',
  'alter table win_back_cases drop constraint win_back_cases_dealer_id_fkey',
  `alter table win_back_cases add constraint win_back_cases_task_fkey
    foreign key (dealer_id, task_id) references follow_up_tasks (dealer_id, id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
