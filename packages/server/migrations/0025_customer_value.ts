import { type Kysely, sql } from 'kysely';

// Customer value (domain.md §9): each dealer's settings of the computation, and each customer's
// figures at each dealer as the nightly care run last computed them (RFM, segment, lifetime value,
// trend), with the dealer's retention of that night beside them.
const RULES = `'new_car','first_maintenance','post_service','periodic_maintenance','lost_customer','birthday','insurance_expiry','annual_inspection','licence_expiry','complaint_follow_up','campaign_invitation'`;
const RULES_WITH_VALUE = `(${RULES},'value_care')`;
const SEGMENTS = `('champions','loyal','potential','new','at_risk','hibernating','lost')`;

const statements = [
  `create table customer_value_settings (
    dealer_id uuid primary key references dealers(id),
    window_months int not null default 24 check (window_months between 6 and 60),
    margin_share numeric(4,3) not null default 0.35 check (margin_share > 0 and margin_share <= 1),
    discount_rate numeric(4,3) not null default 0.10 check (discount_rate >= 0 and discount_rate < 1),
    horizon_years int not null default 5 check (horizon_years between 1 and 15),
    updated_by uuid references users(id),
    updated_at timestamptz not null
  )`,
  `create table customer_values (
    dealer_id uuid not null references dealers(id),
    customer_id uuid not null references customers(id),
    computed_on date not null,
    first_visit_on date not null,
    last_visit_on date not null,
    recency_days int not null,
    visits int not null,
    revenue_fen bigint not null,
    vehicles int not null,
    r smallint not null check (r between 1 and 5),
    f smallint not null check (f between 1 and 5),
    m smallint not null check (m between 1 and 5),
    segment text not null check (segment in ${SEGMENTS}),
    visits_per_year numeric(8,2) not null,
    revenue_per_vehicle_fen bigint not null,
    lifetime_value_fen bigint not null,
    recent_visits int not null,
    prior_visits int not null,
    recent_fen bigint not null,
    prior_fen bigint not null,
    trend text not null check (trend in ('rising','steady','declining','new')),
    primary key (dealer_id, customer_id)
  )`,
  `create index customer_values_segment_idx on customer_values (dealer_id, segment, lifetime_value_fen desc)`,
  `create index customer_values_value_idx on customer_values (dealer_id, lifetime_value_fen desc)`,
  `create table customer_value_runs (
    dealer_id uuid primary key references dealers(id),
    computed_on date not null,
    customers int not null,
    prior_year_customers int not null,
    returned int not null,
    retention double precision not null,
    -- The settings the night computed with, shown beside its figures.
    window_months int not null,
    margin_share double precision not null,
    discount_rate double precision not null,
    horizon_years int not null,
    computed_at timestamptz not null
  )`,
  // A segment made into a call list joins the care rules.
  `alter table follow_up_tasks drop constraint follow_up_tasks_rule_check`,
  `alter table follow_up_tasks add constraint follow_up_tasks_rule_check check (rule in ${RULES_WITH_VALUE})`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table follow_up_tasks drop constraint follow_up_tasks_rule_check`.execute(db);
  await sql`delete from follow_up_tasks where rule = 'value_care'`.execute(db);
  await sql.raw(`alter table follow_up_tasks add constraint follow_up_tasks_rule_check check (rule in (${RULES}))`).execute(db);
  for (const table of ['customer_value_runs', 'customer_values', 'customer_value_settings'])
    await sql.raw(`drop table ${table}`).execute(db);
}
