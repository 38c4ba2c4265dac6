import { type Kysely, sql } from 'kysely';

// The repair order's second part: additional work the customer approves (in person or by a one-use
// link), dispatch and technicians' clocking, the quality check, settlement (invoice, payments) and
// delivery, plus the link to the customer's progress page.
const statements = [
  `alter table repair_orders
     add column progress_token_hash text unique,
     add column delivery_checklist jsonb,
     add column bay_id uuid`,

  `create table additional_items (
    dealer_id uuid not null,
    id uuid not null,
    repair_order_id uuid not null,
    raised_by uuid references users(id),
    kind text not null check (kind in ('labour','parts')),
    code text,
    description text not null,
    reason text not null,
    hours numeric(6,2) check (hours > 0),
    hourly_rate_fen int check (hourly_rate_fen >= 0),
    quantity numeric(10,2) check (quantity > 0),
    unit_price_fen int check (unit_price_fen >= 0),
    labour_operation_id uuid,
    part_id uuid,
    pay_type text not null default 'customer' check (pay_type in ('customer','warranty','free_first_maintenance','goodwill','internal')),
    safety boolean not null default false,
    photos jsonb not null default '[]',
    status text not null default 'pending' check (status in ('pending','approved','declined')),
    token_hash text unique,
    token_expires_at timestamptz,
    token_used_at timestamptz,
    decided_at timestamptz,
    decided_via text check (decided_via in ('in_person','link')),
    hazard_wording text,
    customer_signature_png text,
    line_id uuid,
    created_at timestamptz not null default now(),
    primary key (dealer_id, id),
    foreign key (dealer_id, repair_order_id) references repair_orders (dealer_id, id),
    check ((kind = 'labour' and hours is not null and hourly_rate_fen is not null) or (kind = 'parts' and quantity is not null and unit_price_fen is not null))
  )`,
  `create index additional_items_order_idx on additional_items (dealer_id, repair_order_id)`,
  `create index additional_items_vehicle_declined_idx on additional_items (dealer_id, status) where status = 'declined'`,

  `create table job_assignments (
    dealer_id uuid not null,
    id uuid not null,
    repair_order_id uuid not null,
    technician_id uuid not null references users(id),
    assigned_by uuid references users(id),
    assigned_at timestamptz not null,
    primary key (dealer_id, id),
    unique (dealer_id, repair_order_id, technician_id),
    foreign key (dealer_id, repair_order_id) references repair_orders (dealer_id, id)
  )`,

  `create table clock_events (
    dealer_id uuid not null,
    id uuid not null,
    repair_order_id uuid not null,
    line_id uuid,
    technician_id uuid not null references users(id),
    started_at timestamptz not null,
    ended_at timestamptz,
    primary key (dealer_id, id),
    foreign key (dealer_id, repair_order_id) references repair_orders (dealer_id, id),
    check (ended_at is null or ended_at >= started_at)
  )`,
  // A technician is clocked on one job at a time.
  `create unique index clock_events_open_idx on clock_events (dealer_id, technician_id) where ended_at is null`,
  `create index clock_events_order_idx on clock_events (dealer_id, repair_order_id)`,

  `create table quality_checks (
    dealer_id uuid not null,
    id uuid not null,
    repair_order_id uuid not null,
    inspector_id uuid references users(id),
    passed boolean not null,
    checklist jsonb not null default '[]',
    road_test jsonb,
    reason text,
    at timestamptz not null,
    primary key (dealer_id, id),
    foreign key (dealer_id, repair_order_id) references repair_orders (dealer_id, id),
    check (passed or reason is not null)
  )`,

  `create table invoices (
    dealer_id uuid not null,
    id uuid not null,
    number text not null,
    repair_order_id uuid not null,
    totals jsonb not null,
    total_fen int not null check (total_fen >= 0),
    customer_payable_fen int not null check (customer_payable_fen >= 0),
    discount_fen int not null default 0 check (discount_fen >= 0),
    discount_approved_by uuid references users(id),
    ready_to_pay_at timestamptz not null,
    paid_at timestamptz,
    created_by uuid references users(id),
    created_at timestamptz not null default now(),
    primary key (dealer_id, id),
    unique (dealer_id, number),
    unique (dealer_id, repair_order_id),
    foreign key (dealer_id, repair_order_id) references repair_orders (dealer_id, id)
  )`,

  `create table payments (
    dealer_id uuid not null,
    id uuid not null,
    invoice_id uuid not null,
    method text not null check (method in ('cash','card','wechat_pay','alipay')),
    amount_fen int not null check (amount_fen > 0),
    reference text,
    received_by uuid references users(id),
    at timestamptz not null,
    primary key (dealer_id, id),
    foreign key (dealer_id, invoice_id) references invoices (dealer_id, id)
  )`,
  `create index payments_invoice_idx on payments (dealer_id, invoice_id)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
