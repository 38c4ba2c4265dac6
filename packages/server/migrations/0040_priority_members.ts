import { type Kysely, sql } from 'kysely';

// A club member whose level gives priority booking (issue 17) is marked on the appointment when it
// is booked, so the board, the lobby and the desk show it without working out the member's level
// for every row they list.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table appointments add column priority_member boolean not null default false`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table appointments drop column priority_member`.execute(db);
}
