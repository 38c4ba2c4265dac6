import { type Kysely, sql } from 'kysely';

// Network-level records (customers, vehicles, mileage) have no dealer_id: one record for the whole
// brand network (domain.md §1). A dealer reaches them through dealer_customers / dealer_vehicles,
// which are dealer-owned and keyed by dealer_id first, ready for Citus distribution.
const statements = [
  `create extension if not exists citext`,
  `create extension if not exists pg_trgm`,
  `create extension if not exists btree_gist`,

  `create table networks (
    id uuid primary key,
    code text not null unique,
    name text not null,
    created_at timestamptz not null default now()
  )`,

  `create table dealers (
    id uuid primary key,
    network_id uuid not null references networks(id),
    code text not null,
    name text not null,
    grade char(1) not null check (grade in ('A','B','C','D','E','F')),
    city text not null,
    time_zone text not null default 'Asia/Shanghai',
    opens_at time not null default '08:30',
    closes_at time not null default '20:00',
    created_at timestamptz not null default now(),
    unique (network_id, code)
  )`,

  `create table users (
    id uuid primary key,
    network_id uuid not null references networks(id),
    dealer_id uuid references dealers(id),
    login citext not null unique,
    display_name text not null,
    password_hash text not null,
    roles text[] not null check (cardinality(roles) > 0),
    locale text not null default 'zh-CN' check (locale in ('zh-CN','en')),
    failed_login_count int not null default 0,
    locked_until timestamptz,
    disabled_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,
  `create index users_dealer_idx on users (dealer_id)`,

  `create table sessions (
    token_hash text primary key,
    user_id uuid not null references users(id) on delete cascade,
    csrf_token text not null,
    created_at timestamptz not null default now(),
    expires_at timestamptz not null
  )`,
  `create index sessions_user_idx on sessions (user_id)`,

  `create table api_tokens (
    id uuid primary key,
    user_id uuid not null references users(id) on delete cascade,
    name text not null,
    token_hash text not null unique,
    created_at timestamptz not null default now(),
    last_used_at timestamptz,
    revoked_at timestamptz
  )`,

  `create table vehicle_models (
    id uuid primary key,
    network_id uuid not null references networks(id),
    code text not null,
    name text not null,
    fuel_type text not null,
    service_interval_km int not null default 5000,
    service_interval_months int not null default 3,
    unique (network_id, code)
  )`,

  `create table customers (
    id uuid primary key,
    network_id uuid not null references networks(id),
    name text not null,
    mobile text not null,
    kind text not null default 'individual' check (kind in ('individual','company')),
    gender text not null default 'unknown' check (gender in ('male','female','unknown')),
    birthday date,
    email text,
    city text,
    address text,
    notes text,
    consent jsonb not null,
    consent_updated_at timestamptz,
    version int not null default 1,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (network_id, mobile)
  )`,
  `create index customers_mobile_last4_idx on customers (network_id, right(mobile, 4))`,
  `create index customers_name_idx on customers (network_id, name text_pattern_ops)`,

  `create table dealer_customers (
    dealer_id uuid not null references dealers(id),
    customer_id uuid not null references customers(id),
    source text not null,
    created_at timestamptz not null default now(),
    primary key (dealer_id, customer_id)
  )`,
  `create index dealer_customers_customer_idx on dealer_customers (customer_id)`,

  `create table vehicles (
    id uuid primary key,
    network_id uuid not null references networks(id),
    vin text not null,
    plate_key text not null,
    model_id uuid references vehicle_models(id),
    model_year int,
    color text,
    fuel_type text not null default 'petrol',
    use_type text not null default 'private',
    delivered_on date,
    owner_id uuid not null references customers(id),
    user_id uuid references customers(id),
    insurance_expires_on date,
    inspection_due_on date,
    version int not null default 1,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (network_id, vin),
    unique (network_id, plate_key)
  )`,
  `create index vehicles_plate_trgm_idx on vehicles using gin (plate_key gin_trgm_ops)`,
  `create index vehicles_vin_last6_idx on vehicles (network_id, right(vin, 6))`,
  `create index vehicles_owner_idx on vehicles (owner_id)`,
  `create index vehicles_user_idx on vehicles (user_id) where user_id is not null`,

  `create table dealer_vehicles (
    dealer_id uuid not null references dealers(id),
    vehicle_id uuid not null references vehicles(id),
    source text not null,
    created_at timestamptz not null default now(),
    primary key (dealer_id, vehicle_id)
  )`,
  `create index dealer_vehicles_vehicle_idx on dealer_vehicles (vehicle_id)`,

  `create table mileage_readings (
    id uuid primary key,
    vehicle_id uuid not null references vehicles(id),
    read_on date not null,
    km int not null check (km >= 0),
    source text not null,
    odometer_replaced boolean not null default false,
    dealer_id uuid references dealers(id),
    recorded_by uuid references users(id),
    created_at timestamptz not null default now()
  )`,
  `create index mileage_readings_vehicle_idx on mileage_readings (vehicle_id, read_on, created_at)`,

  `create table timeline_events (
    id uuid primary key,
    network_id uuid not null references networks(id),
    customer_id uuid not null references customers(id),
    vehicle_id uuid references vehicles(id),
    dealer_id uuid references dealers(id),
    kind text not null,
    data jsonb not null default '{}',
    actor_user_id uuid references users(id),
    occurred_at timestamptz not null default now()
  )`,
  `create index timeline_events_customer_idx on timeline_events (customer_id, occurred_at desc)`,

  `create table audit_log (
    id uuid primary key,
    network_id uuid not null,
    dealer_id uuid,
    actor_user_id uuid,
    actor_token_id uuid,
    action text not null,
    entity_type text not null,
    entity_id uuid not null,
    before jsonb,
    after jsonb,
    request_id text,
    at timestamptz not null default now()
  )`,
  `create index audit_log_entity_idx on audit_log (entity_type, entity_id, at)`,
  `create index audit_log_dealer_idx on audit_log (dealer_id, at)`,

  `create table idempotency_keys (
    user_id uuid not null,
    key text not null,
    request_hash text not null,
    response_status int,
    response_body jsonb,
    created_at timestamptz not null default now(),
    primary key (user_id, key)
  )`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
