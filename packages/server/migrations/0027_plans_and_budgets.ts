import { type Kysely, sql } from 'kysely';

// Work plans gain what the seeds' activity and service plans carry (participants and cost; a revenue
// target), and the dealer's service cost budgets per month and category (domain.md §10).
const statements = [
  `alter table work_plans
    add column participants text,
    add column planned_cost_fen bigint check (planned_cost_fen >= 0),
    add column actual_cost_fen bigint check (actual_cost_fen >= 0),
    add column revenue_target_fen bigint check (revenue_target_fen >= 0)`,
  `create table cost_budgets (
    dealer_id uuid not null references dealers(id),
    category text not null check (category in ('service_recovery','win_back','activities','value_added','goodwill')),
    month date not null check (extract(day from month) = 1),
    budget_fen bigint not null check (budget_fen >= 0),
    version int not null default 1,
    updated_by uuid references users(id),
    updated_at timestamptz not null,
    primary key (dealer_id, category, month)
  )`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table cost_budgets`.execute(db);
  await sql`alter table work_plans drop column participants, drop column planned_cost_fen, drop column actual_cost_fen, drop column revenue_target_fen`.execute(
    db,
  );
}
