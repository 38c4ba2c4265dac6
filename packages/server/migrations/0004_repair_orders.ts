import { type Kysely, sql } from 'kysely';

// Reception and the repair order (domain.md §4), first part: the catalogue (labour operations with
// flat-rate hours, a labour rate per dealer, maintenance packages by model and interval), the visit
// (arrival and greeting), the walk-around inspection, and the repair order with its job lines.
// Additional work, dispatch, clocking, quality check, invoices and payments come in later migrations.
const PAY_TYPES = `('customer','warranty','free_first_maintenance','goodwill','internal')`;
const RO_STATUSES = `('open','authorised','in_progress','quality_check','ready','invoiced','delivered','closed','cancelled')`;

const statements = [
  `alter table dealer_settings
     add column labour_rate_fen int not null default 18000 check (labour_rate_fen >= 0),
     add column timely_reception_minutes int not null default 2 check (timely_reception_minutes between 0 and 60)`,

  `create table labour_operations (
    dealer_id uuid not null references dealers(id),
    id uuid not null,
    code text not null,
    name text not null,
    flat_rate_hours numeric(6,2) not null check (flat_rate_hours > 0),
    active boolean not null default true,
    primary key (dealer_id, id),
    unique (dealer_id, code)
  )`,

  `create table maintenance_packages (
    dealer_id uuid not null references dealers(id),
    id uuid not null,
    code text not null,
    name text not null,
    model_id uuid references vehicle_models(id),
    interval_km int check (interval_km > 0),
    active boolean not null default true,
    primary key (dealer_id, id),
    unique (dealer_id, code)
  )`,

  `create table maintenance_package_items (
    dealer_id uuid not null,
    id uuid not null,
    package_id uuid not null,
    kind text not null check (kind in ('labour','parts')),
    labour_operation_id uuid,
    part_id uuid,
    quantity numeric(10,2) not null default 1 check (quantity > 0),
    primary key (dealer_id, id),
    foreign key (dealer_id, package_id) references maintenance_packages (dealer_id, id),
    foreign key (dealer_id, labour_operation_id) references labour_operations (dealer_id, id),
    foreign key (dealer_id, part_id) references parts (dealer_id, id),
    check ((kind = 'labour' and labour_operation_id is not null) or (kind = 'parts' and part_id is not null))
  )`,

  `create table visits (
    dealer_id uuid not null references dealers(id),
    id uuid not null,
    customer_id uuid not null references customers(id),
    vehicle_id uuid not null references vehicles(id),
    appointment_id uuid,
    sa_id uuid references users(id),
    arrived_at timestamptz not null,
    greeted_at timestamptz not null,
    status text not null default 'open' check (status in ('open','closed','cancelled')),
    created_at timestamptz not null default now(),
    primary key (dealer_id, id),
    unique (dealer_id, appointment_id),
    check (greeted_at >= arrived_at)
  )`,
  `create index visits_day_idx on visits (dealer_id, arrived_at)`,

  `create table inspections (
    dealer_id uuid not null,
    id uuid not null,
    visit_id uuid not null,
    checklist jsonb not null default '[]',
    damage jsonb not null default '[]',
    tyres jsonb not null default '{}',
    fuel_level int check (fuel_level between 0 and 100),
    odometer_km int check (odometer_km >= 0),
    valuables text,
    covers_applied boolean not null default false,
    photos jsonb not null default '[]',
    signature_png text,
    signed_content_hash text,
    signed_at timestamptz,
    created_by uuid references users(id),
    created_at timestamptz not null default now(),
    primary key (dealer_id, id),
    unique (dealer_id, visit_id),
    foreign key (dealer_id, visit_id) references visits (dealer_id, id)
  )`,

  `create table repair_orders (
    dealer_id uuid not null references dealers(id),
    id uuid not null,
    number text not null,
    visit_id uuid not null,
    customer_id uuid not null references customers(id),
    vehicle_id uuid not null references vehicles(id),
    sa_id uuid references users(id),
    concerns text not null,
    diagnosis text,
    promised_at timestamptz not null,
    odometer_km int check (odometer_km >= 0),
    status text not null default 'open' check (status in ${RO_STATUSES}),
    signature_png text,
    signed_content_hash text,
    signed_at timestamptz,
    rework_count int not null default 0,
    cancel_reason text,
    ready_at timestamptz,
    delivered_at timestamptz,
    next_due_on date,
    next_due_km int,
    version int not null default 1,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (dealer_id, id),
    unique (dealer_id, number),
    foreign key (dealer_id, visit_id) references visits (dealer_id, id)
  )`,
  `create index repair_orders_status_idx on repair_orders (dealer_id, status, promised_at)`,
  `create index repair_orders_vehicle_idx on repair_orders (vehicle_id, created_at)`,

  `create table ro_lines (
    dealer_id uuid not null,
    id uuid not null,
    repair_order_id uuid not null,
    position int not null,
    kind text not null check (kind in ('labour','parts')),
    code text,
    description text not null,
    pay_type text not null check (pay_type in ${PAY_TYPES}),
    hours numeric(6,2) check (hours > 0),
    hourly_rate_fen int check (hourly_rate_fen >= 0),
    quantity numeric(10,2) check (quantity > 0),
    unit_price_fen int check (unit_price_fen >= 0),
    discount_percent numeric(5,2) check (discount_percent between 0 and 100),
    discount_fen int check (discount_fen >= 0),
    labour_operation_id uuid,
    part_id uuid,
    package_id uuid,
    created_at timestamptz not null default now(),
    primary key (dealer_id, id),
    foreign key (dealer_id, repair_order_id) references repair_orders (dealer_id, id),
    check ((kind = 'labour' and hours is not null and hourly_rate_fen is not null) or (kind = 'parts' and quantity is not null and unit_price_fen is not null)),
    check (discount_percent is null or discount_fen is null)
  )`,
  `create index ro_lines_order_idx on ro_lines (dealer_id, repair_order_id, position)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
