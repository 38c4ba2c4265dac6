import { type Kysely, sql } from 'kysely';

// An appointment's people-facing number comes from its slot: AP-<day>-<HHMM>-<nn>, where nn is the
// slot's count of seats ever handed out. The seat claim already locks the slot's row and returns the
// count, so a booking no longer takes the dealer's per-day counter row (dealer_sequences 'AP'), which
// serialised every booking of a dealer's day. `issued` never goes down (a cancellation frees a seat
// but not its number), so numbers stay unique per dealer and day.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table slot_bookings add column issued int not null default 0`.execute(db);
  await sql`update slot_bookings set issued = booked`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table slot_bookings drop column issued`.execute(db);
}
