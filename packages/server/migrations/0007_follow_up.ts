import { type Kysely, sql } from 'kysely';

// Follow-up and proactive care (domain.md §5, §10): the care timers' tasks and their call attempts,
// the nightly maintenance due prediction, win-back cases and work plans.
const statements = [
  // UUIDv7 made in SQL, for rows that set-based statements create (the app makes its own in ids.ts).
  `create or replace function uuid_generate_v7() returns uuid as $$
    select encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) placing substring(int8send(floor(extract(epoch from clock_timestamp()) * 1000)::bigint) from 3) from 1 for 6), 52, 1), 53, 1), 'hex')::uuid
  $$ language sql volatile`,
  `alter table customers add column licence_expires_on date`,

  `create table follow_up_settings (
    dealer_id uuid primary key references dealers(id),
    rules jsonb not null default '{}',
    max_attempts int not null default 3 check (max_attempts between 1 and 10),
    reminder_channel text not null default 'call' check (reminder_channel in ('call','sms','both')),
    updated_at timestamptz not null default now()
  )`,

  // One row per vehicle, recomputed nightly for the whole network (set-based) and on demand.
  `create table maintenance_predictions (
    vehicle_id uuid primary key references vehicles(id),
    network_id uuid not null references networks(id),
    dealer_id uuid references dealers(id),
    last_service_on date not null,
    last_service_km int,
    daily_km numeric(8,1),
    readings_used int not null,
    confidence text not null check (confidence in ('low','medium','high')),
    basis text not null check (basis in ('time_only','time','distance')),
    due_on date not null,
    due_km int,
    computed_at timestamptz not null
  )`,
  `create index maintenance_predictions_due_idx on maintenance_predictions (dealer_id, due_on)`,

  `create table follow_up_tasks (
    dealer_id uuid not null references dealers(id),
    id uuid not null,
    rule text not null check (rule in ('new_car','first_maintenance','post_service','periodic_maintenance','lost_customer','birthday','insurance_expiry','annual_inspection','licence_expiry')),
    period_key text not null,
    customer_id uuid not null references customers(id),
    vehicle_id uuid references vehicles(id),
    repair_order_id uuid,
    anchor_on date not null,
    due_from date not null,
    due_until date not null,
    owner_id uuid references users(id),
    status text not null default 'open' check (status in ('open','done','unreachable','cancelled')),
    attempts int not null default 0,
    call_back_at timestamptz,
    outcome text,
    appointment_id uuid,
    reminder_sent_at timestamptz,
    version int not null default 1,
    created_at timestamptz not null default now(),
    closed_at timestamptz,
    primary key (dealer_id, id)
  )`,
  // Task generation is idempotent: one task per customer/vehicle, rule and period.
  `create unique index follow_up_tasks_once on follow_up_tasks (dealer_id, rule, customer_id, (coalesce(vehicle_id, '00000000-0000-0000-0000-000000000000'::uuid)), period_key)`,
  `create index follow_up_tasks_queue_idx on follow_up_tasks (dealer_id, status, owner_id, due_from)`,
  `create index follow_up_tasks_customer_idx on follow_up_tasks (dealer_id, customer_id)`,

  `create table follow_up_attempts (
    dealer_id uuid not null references dealers(id),
    id uuid not null,
    task_id uuid not null,
    agent_id uuid references users(id),
    at timestamptz not null,
    result text not null check (result in ('reached','not_owner','call_back','no_answer','wrong_number')),
    user_name text,
    user_mobile text,
    call_back_at timestamptz,
    reported_km int,
    serviced_elsewhere text,
    satisfaction text check (satisfaction in ('very_satisfied','satisfied','neutral','dissatisfied','very_dissatisfied')),
    dissatisfaction_category text,
    dissatisfaction text,
    notes text,
    appointment_id uuid,
    primary key (dealer_id, id),
    foreign key (dealer_id, task_id) references follow_up_tasks (dealer_id, id)
  )`,
  `create index follow_up_attempts_task_idx on follow_up_attempts (dealer_id, task_id, at)`,

  `create table win_back_cases (
    dealer_id uuid not null references dealers(id),
    id uuid not null,
    customer_id uuid not null references customers(id),
    vehicle_id uuid references vehicles(id),
    task_id uuid,
    period_key text not null,
    last_visit_on date,
    due_on date,
    reason text,
    reason_suspected boolean not null default true,
    action text,
    cost_fen int not null default 0 check (cost_fen >= 0),
    result text not null default 'pending' check (result in ('pending','won_back','lost')),
    result_on date,
    version int not null default 1,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (dealer_id, id),
    unique (dealer_id, customer_id, vehicle_id, period_key)
  )`,

  `create table work_plans (
    dealer_id uuid not null references dealers(id),
    id uuid not null,
    kind text not null check (kind in ('follow_up','activity','service')),
    title text not null,
    period_from date not null,
    period_to date not null check (period_to >= period_from),
    method text,
    content text,
    purpose text,
    target_count int not null check (target_count > 0),
    minimum_count int not null check (minimum_count >= 0 and minimum_count <= target_count),
    metric text not null check (metric in ('follow_up_calls','appointments','service_visits','manual')),
    rule text,
    manual_actual int not null default 0,
    created_by uuid references users(id),
    version int not null default 1,
    created_at timestamptz not null default now(),
    primary key (dealer_id, id)
  )`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
