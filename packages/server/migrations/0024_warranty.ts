import { type Kysely, sql } from 'kysely';

// Warranty (domain.md §8), first part: the car maker's warranty policies per model and model year
// (versioned; a vehicle is judged by the version in force at its sale), its claim settings and parts
// price list, the warranty clerk's eligibility check on a repair order, and the claim with its lines
// and timeline between the dealer's clerk and the car maker's reviewer, the return of replaced parts
// the car maker asks for (charged back when they do not arrive in time).
const EXCLUSIONS = `('no_policy','not_delivered','expired','not_serviced_on_schedule','non_authorised_repair','unapproved_parts','misuse','accident','not_fitted_here')`;

const statements = [
  // A change of use keeps the period of the use at sale, so the use at sale is kept apart from the
  // current one (null: unchanged since sale).
  `alter table vehicles add column use_type_at_sale text`,

  `create table warranty_settings (
    network_id uuid primary key references networks(id),
    labour_rate_fen int not null default 12000 check (labour_rate_fen between 0 and 10000000),
    submit_window_days int not null default 10 check (submit_window_days between 1 and 90),
    warn_days_before int not null default 3 check (warn_days_before between 0 and 30),
    part_return_days int not null default 30 check (part_return_days between 1 and 180),
    -- The 三包 thresholds; null: the national rules' values.
    sanbao jsonb,
    updated_at timestamptz not null default now()
  )`,

  `create table warranty_part_prices (
    network_id uuid not null references networks(id),
    part_number text not null,
    price_fen int not null check (price_fen between 0 and 100000000),
    primary key (network_id, part_number)
  )`,

  `create table warranty_policies (
    id uuid primary key,
    network_id uuid not null references networks(id),
    model_id uuid not null references vehicle_models(id),
    model_year int check (model_year between 1990 and 2100),
    version int not null check (version >= 1),
    effective_from date not null,
    terms jsonb not null,
    note text,
    created_by uuid references users(id),
    created_at timestamptz not null default now()
  )`,
  `create unique index warranty_policies_version_idx on warranty_policies (model_id, coalesce(model_year, 0), version)`,

  `create table warranty_checks (
    dealer_id uuid not null,
    id uuid not null,
    repair_order_id uuid not null,
    term text not null,
    eligible boolean not null,
    exclusion text check (exclusion in ${EXCLUSIONS}),
    policy_id uuid references warranty_policies(id),
    findings jsonb not null,
    customer_words text not null,
    technician_checks text,
    repair_report text,
    checked_by uuid not null references users(id),
    checked_at timestamptz not null,
    primary key (dealer_id, id),
    foreign key (dealer_id, repair_order_id) references repair_orders (dealer_id, id)
  )`,
  `create index warranty_checks_order_idx on warranty_checks (dealer_id, repair_order_id, checked_at)`,

  `create table warranty_claims (
    dealer_id uuid not null references dealers(id),
    id uuid not null,
    network_id uuid not null references networks(id),
    number text not null,
    repair_order_id uuid not null,
    vehicle_id uuid not null references vehicles(id),
    -- The vehicle's model, copied: the car maker's quality view groups claims by it.
    model_id uuid references vehicle_models(id),
    -- The clerk's eligibility check; a campaign's claim needs none (the car maker named the car).
    check_id uuid,
    campaign_id uuid,
    kind text not null check (kind in ('warranty','free_first_maintenance','campaign')),
    status text not null check (status in ('draft','submitted','returned','approved','rejected')),
    term text not null,
    causal_part_code text not null,
    failure_code text not null,
    cause_code text not null,
    customer_words text not null,
    technician_checks text,
    repair_report text,
    repaired_at timestamptz not null,
    submit_by timestamptz not null,
    submitted_at timestamptz,
    late boolean not null default false,
    claimed_fen int not null check (claimed_fen >= 0),
    approved_fen int check (approved_fen >= 0),
    reject_code text,
    decision_note text,
    reviewer_id uuid references users(id),
    decided_at timestamptz,
    return_status text check (return_status in ('requested','shipped','received','charged_back')),
    return_due_at timestamptz,
    return_waybill text,
    return_shipped_at timestamptz,
    return_received_at timestamptz,
    return_note text,
    charged_back_fen int not null default 0 check (charged_back_fen >= 0),
    charged_back_at timestamptz,
    created_by uuid not null references users(id),
    version int not null default 1,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    primary key (dealer_id, id),
    unique (dealer_id, number),
    foreign key (dealer_id, repair_order_id) references repair_orders (dealer_id, id),
    foreign key (dealer_id, check_id) references warranty_checks (dealer_id, id)
  )`,
  // One claim of a kind per order (one per campaign for campaign work).
  `create unique index warranty_claims_once_idx on warranty_claims (dealer_id, repair_order_id, kind, coalesce(campaign_id, '00000000-0000-0000-0000-000000000000'::uuid))`,
  // The reviewer's queue (a status, oldest first) and the network's list (newest first), by the time-ordered id.
  `create index warranty_claims_queue_idx on warranty_claims (network_id, status, id)`,
  `create index warranty_claims_network_idx on warranty_claims (network_id, id)`,
  `create index warranty_claims_dealer_idx on warranty_claims (dealer_id, status, submit_by)`,
  // The analysis reads the claims submitted in a period.
  `create index warranty_claims_submitted_idx on warranty_claims (network_id, submitted_at)`,
  // The monthly settlement reads the claims decided in a month.
  `create index warranty_claims_decided_idx on warranty_claims (network_id, decided_at) where status = 'approved'`,
  // The clerk's reminder that a claim's window is closing is a task about the claim.
  `alter table tasks add column claim_id uuid`,

  `create table warranty_claim_lines (
    dealer_id uuid not null,
    claim_id uuid not null,
    position int not null check (position >= 1),
    kind text not null check (kind in ('labour','parts','sublet')),
    code text,
    description text not null,
    hours numeric(6,2) check (hours > 0),
    rate_fen int check (rate_fen >= 0),
    quantity numeric(10,2) check (quantity > 0),
    unit_price_fen int check (unit_price_fen >= 0),
    amount_fen int not null check (amount_fen >= 0),
    approved_fen int check (approved_fen >= 0),
    adjust_reason text,
    return_required boolean not null default false,
    primary key (dealer_id, claim_id, position),
    foreign key (dealer_id, claim_id) references warranty_claims (dealer_id, id) on delete cascade
  )`,

  `create table warranty_claim_events (
    dealer_id uuid not null,
    id uuid not null,
    claim_id uuid not null,
    kind text not null,
    at timestamptz not null,
    actor_id uuid references users(id),
    note text,
    data jsonb not null default '{}',
    primary key (dealer_id, id),
    foreign key (dealer_id, claim_id) references warranty_claims (dealer_id, id)
  )`,
  `create index warranty_claim_events_claim_idx on warranty_claim_events (dealer_id, claim_id, at)`,

  // Recalls and service campaigns: the car maker's work on a list of VINs, done once per VIN anywhere in the network.
  `create table campaigns (
    id uuid primary key,
    network_id uuid not null references networks(id),
    code text not null,
    kind text not null check (kind in ('recall','service')),
    title text not null,
    description text,
    labour_code text,
    labour_hours numeric(6,2) not null check (labour_hours > 0),
    parts jsonb not null default '[]',
    valid_from date not null,
    valid_to date,
    rule jsonb,
    created_by uuid references users(id),
    created_at timestamptz not null,
    unique (network_id, code)
  )`,
  `create table campaign_vehicles (
    campaign_id uuid not null references campaigns(id),
    vehicle_id uuid not null references vehicles(id),
    -- The dealer that serves the car at launch: its open list and its invitation calls.
    dealer_id uuid references dealers(id),
    completed_at timestamptz,
    completed_dealer_id uuid references dealers(id),
    completed_order_id uuid,
    claim_id uuid,
    primary key (campaign_id, vehicle_id)
  )`,
  `create index campaign_vehicles_vehicle_idx on campaign_vehicles (vehicle_id)`,
  `create index campaign_vehicles_dealer_idx on campaign_vehicles (dealer_id, campaign_id)`,
  // 三包 (the national rules on household cars): a case per car near or at a threshold, and its decision.
  `create table sanbao_cases (
    id uuid primary key,
    network_id uuid not null references networks(id),
    vehicle_id uuid not null references vehicles(id),
    dealer_id uuid not null references dealers(id),
    status text not null check (status in ('open','decided')),
    flags jsonb not null,
    decision text check (decision in ('continue_repair','replacement','return')),
    note text,
    decided_by uuid references users(id),
    decided_at timestamptz,
    opened_at timestamptz not null,
    updated_at timestamptz not null
  )`,
  `create unique index sanbao_cases_open_idx on sanbao_cases (vehicle_id) where status = 'open'`,
  `create index sanbao_cases_network_idx on sanbao_cases (network_id, status, opened_at)`,
  // The invitation call joins the care rules.
  `alter table follow_up_tasks drop constraint follow_up_tasks_rule_check`,
  `alter table follow_up_tasks add constraint follow_up_tasks_rule_check check (rule in ('new_car','first_maintenance','post_service','periodic_maintenance','lost_customer','birthday','insurance_expiry','annual_inspection','licence_expiry','complaint_follow_up','campaign_invitation'))`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table follow_up_tasks drop constraint follow_up_tasks_rule_check`.execute(db);
  await sql`delete from follow_up_tasks where rule = 'campaign_invitation'`.execute(db);
  await sql`alter table follow_up_tasks add constraint follow_up_tasks_rule_check check (rule in ('new_car','first_maintenance','post_service','periodic_maintenance','lost_customer','birthday','insurance_expiry','annual_inspection','licence_expiry','complaint_follow_up'))`.execute(
    db,
  );
  for (const table of [
    'sanbao_cases',
    'campaign_vehicles',
    'campaigns',
    'warranty_claim_events',
    'warranty_claim_lines',
    'warranty_claims',
    'warranty_checks',
    'warranty_policies',
    'warranty_part_prices',
    'warranty_settings',
  ])
    await sql.raw(`drop table ${table}`).execute(db);
  await sql`alter table tasks drop column claim_id`.execute(db);
  await sql`alter table vehicles drop column use_type_at_sale`.execute(db);
}
