import { type Kysely, sql } from 'kysely';

// What booking is worth to the customer (domain.md §3, issue 17): the dealer's benefits for an
// appointment kept on time, the rule by which no-shows lose them, and the incentive its staff earn
// per kept appointment they booked. Typed columns of the dealer's booking settings; the defaults
// give nothing, so a dealer decides what it offers.
const statements = [
  `alter table dealer_settings
    add column kept_labour_discount_percent int not null default 0 check (kept_labour_discount_percent between 0 and 30),
    add column dedicated_lane boolean not null default false,
    add column apology_gift text not null default '' check (char_length(apology_gift) <= 40),
    add column no_show_forfeit_count int not null default 2 check (no_show_forfeit_count between 0 and 10),
    add column no_show_forfeit_months int not null default 12 check (no_show_forfeit_months between 1 and 24),
    add column booking_incentive_fen int not null default 0 check (booking_incentive_fen between 0 and 100000)`,
  // A customer's recent no-shows at the dealer are counted for every appointment shown on the board.
  `create index appointments_customer_idx on appointments (dealer_id, customer_id, starts_at)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index appointments_customer_idx`.execute(db);
  await sql`alter table dealer_settings
    drop column kept_labour_discount_percent, drop column dedicated_lane, drop column apology_gift,
    drop column no_show_forfeit_count, drop column no_show_forfeit_months, drop column booking_incentive_fen`.execute(db);
}
