import { type Kysely, sql } from 'kysely';

// Staff scorecards (人员考核, issue 16): each dealer's weights and monthly targets per scored role.
// The scorecards themselves are computed when read, from the records of the period; only what a
// manager decided is stored. No row: the defaults of scorecards.rules.ts apply.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table scorecard_settings (
      dealer_id uuid not null references dealers(id),
      role text not null check (role in ('service_advisor','technician','appointment_agent','customer_relations')),
      metrics jsonb not null,
      version int not null default 1,
      updated_by uuid references users(id),
      updated_at timestamptz not null,
      primary key (dealer_id, role)
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table scorecard_settings`.execute(db);
}
