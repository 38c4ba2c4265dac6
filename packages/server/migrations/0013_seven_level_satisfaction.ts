import { type Kysely, sql } from 'kysely';

// A follow-up call records satisfaction on the 7-level scale of domain.md §7 (it was 5 levels). The
// five stored values keep their names and meaning on the 7-level scale (very satisfied, satisfied,
// neutral, dissatisfied, very dissatisfied), so nothing is mapped: the check only widens to take
// "fairly satisfied" and "not very satisfied". And the dealer's phone, printed on the repair order.
const statements = [
  `alter table follow_up_attempts drop constraint if exists follow_up_attempts_satisfaction_check`,
  `alter table follow_up_attempts add constraint follow_up_attempts_satisfaction_check check (satisfaction in ('very_satisfied','satisfied','fairly_satisfied','neutral','not_very_satisfied','dissatisfied','very_dissatisfied'))`,
  `alter table dealers add column phone text`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
