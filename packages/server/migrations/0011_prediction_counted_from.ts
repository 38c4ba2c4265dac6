import { type Kysely, sql } from 'kysely';

// Due dates from the car's real odometer (issue 12 §2): a prediction says what it counts from —
// the last service in the network, the odometer readings (a car never serviced in the network), or
// the delivery as a new car (no reading at all). A prediction from readings has no last service.
const statements = [
  `alter table maintenance_predictions add column counted_from text not null default 'last_service' check (counted_from in ('last_service','readings','delivery'))`,
  `alter table maintenance_predictions alter column last_service_on drop not null`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
