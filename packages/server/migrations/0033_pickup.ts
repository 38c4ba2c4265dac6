import { type Kysely, sql } from 'kysely';

// Pick-up and delivery (上门取送车) and designated driving (代驾), domain.md §5: the dealer's service
// area (named areas with their distance), distance limit and fee; the jobs of the day plan with their
// time window, driver, walk-around at the customer's door and the route's km. A driver cannot hold two
// jobs whose windows overlap: the exclusion constraint decides, as it does for the bays.
const statements = [
  `create table pickup_settings (
    dealer_id uuid not null references dealers(id) primary key,
    enabled boolean not null,
    max_distance_km numeric(6,1) not null check (max_distance_km > 0),
    free_km numeric(6,1) not null check (free_km >= 0),
    fee_per_km_fen int not null check (fee_per_km_fen >= 0),
    areas jsonb not null,
    version int not null default 1,
    updated_by uuid references users(id),
    updated_at timestamptz not null
  )`,

  `create table pickup_jobs (
    dealer_id uuid not null references dealers(id),
    id uuid not null,
    number text not null,
    kind text not null check (kind in ('pickup','delivery','designated_driving')),
    status text not null check (status in ('requested','assigned','en_route','picked_up','completed','cancelled')),
    version int not null default 1,
    customer_id uuid not null references customers(id),
    vehicle_id uuid not null references vehicles(id),
    appointment_id uuid,
    area text not null,
    address text not null,
    contact_mobile text not null,
    distance_km numeric(6,1) not null check (distance_km >= 0),
    fee_fen int not null check (fee_fen >= 0),
    window_start timestamptz not null,
    window_end timestamptz not null check (window_end > window_start),
    notes text,
    driver_id uuid references users(id),
    driver_token_hash text,
    driver_token_expires_at timestamptz,
    set_out_at timestamptz,
    picked_up_at timestamptz,
    completed_at timestamptz,
    start_km int check (start_km >= 0),
    end_km int check (end_km >= 0),
    fuel_level int check (fuel_level between 0 and 100),
    damage jsonb not null default '[]',
    photos jsonb not null default '[]',
    signature_key text,
    cancel_reason text,
    cancelled_at timestamptz,
    created_by uuid not null references users(id),
    created_at timestamptz not null,
    updated_at timestamptz not null,
    primary key (dealer_id, id),
    unique (dealer_id, number),
    unique (dealer_id, driver_token_hash),
    foreign key (dealer_id, appointment_id) references appointments (dealer_id, id),
    exclude using gist (dealer_id with =, driver_id with =, tstzrange(window_start, window_end) with &&)
      where (driver_id is not null and status <> 'cancelled')
  )`,
  `create index pickup_jobs_day_idx on pickup_jobs (dealer_id, window_start)`,
  `create index pickup_jobs_token_idx on pickup_jobs (driver_token_hash) where driver_token_hash is not null`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table pickup_jobs`.execute(db);
  await sql`drop table pickup_settings`.execute(db);
}
