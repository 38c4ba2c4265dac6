import { type Kysely, sql } from 'kysely';

// Roadside rescue (救援, issue 17): the dealer's rescue units (its own rescue vehicles and the partners
// it calls), its response target, and the rescue calls with the time of each step. A unit is on one
// open call at a time (the partial unique index); a call towed to the dealer may open a visit there.
const statements = [
  `create table rescue_units (
    dealer_id uuid not null references dealers(id),
    id uuid not null,
    name text not null check (length(name) between 1 and 60),
    kind text not null check (kind in ('own','partner')),
    phone text not null check (length(phone) between 5 and 20),
    active boolean not null default true,
    created_at timestamptz not null,
    primary key (dealer_id, id),
    unique (dealer_id, name)
  )`,

  `create table rescue_settings (
    dealer_id uuid not null references dealers(id) primary key,
    target_minutes int not null default 60 check (target_minutes between 10 and 480),
    updated_at timestamptz not null
  )`,

  `create table rescue_calls (
    dealer_id uuid not null references dealers(id),
    id uuid not null,
    number text not null,
    status text not null default 'received' check (status in ('received','dispatched','arrived','completed','cancelled')),
    received_at timestamptz not null,
    location text not null check (length(location) between 2 and 200),
    lat numeric(9,6) check (lat between -90 and 90),
    lng numeric(9,6) check (lng between -180 and 180),
    mobile text not null check (mobile ~ '^1[3-9][0-9]{9}$'),
    caller_name text,
    plate_key text,
    customer_id uuid references customers(id),
    vehicle_id uuid references vehicles(id),
    problem text not null check (problem in ('breakdown','flat_tyre','battery','accident','out_of_fuel','locked_out','other')),
    description text,
    unit_id uuid,
    dispatched_at timestamptz,
    arrived_at timestamptz,
    completed_at timestamptz,
    cancelled_at timestamptz,
    cancel_reason text,
    outcome text check (outcome in ('fixed_on_site','towed_to_dealer','towed_elsewhere')),
    note text,
    visit_id uuid,
    dispatch_message_id uuid,
    recorded_by uuid not null references users(id),
    created_at timestamptz not null,
    primary key (dealer_id, id),
    unique (dealer_id, number),
    foreign key (dealer_id, unit_id) references rescue_units (dealer_id, id),
    foreign key (dealer_id, visit_id) references visits (dealer_id, id),
    check ((lat is null) = (lng is null)),
    check (dispatched_at is null or dispatched_at >= received_at),
    check (arrived_at is null or arrived_at >= dispatched_at),
    check (completed_at is null or completed_at >= arrived_at),
    check ((status = 'completed') = (completed_at is not null and outcome is not null)),
    check ((status = 'cancelled') = (cancelled_at is not null and cancel_reason is not null))
  )`,
  `create unique index rescue_calls_one_open_per_unit on rescue_calls (dealer_id, unit_id) where status in ('dispatched','arrived')`,
  `create index rescue_calls_received_idx on rescue_calls (dealer_id, received_at)`,
  `create index rescue_calls_open_idx on rescue_calls (dealer_id) where status in ('received','dispatched','arrived')`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['rescue_calls', 'rescue_settings', 'rescue_units']) await sql.raw(`drop table ${table}`).execute(db);
}
