import { type Kysely, sql } from 'kysely';

// Appointments (domain.md §3) and the platform pieces they bring: per-dealer sequences, call tasks,
// arrivals, a minimal parts list for quotes and pre-picking, one-time codes, and the message outbox.
const statements = [
  `create table dealer_settings (
    dealer_id uuid primary key references dealers(id),
    slot_minutes int not null default 30 check (slot_minutes between 10 and 240),
    capacity_ratio numeric(3,2) not null default 0.70 check (capacity_ratio > 0 and capacity_ratio <= 1),
    on_time_window_minutes int not null default 15 check (on_time_window_minutes between 0 and 120),
    no_show_grace_minutes int not null default 30 check (no_show_grace_minutes between 5 and 480),
    confirmation_sms_at time not null default '10:00',
    assignment_deadline time not null default '17:00',
    sa_call_lead_minutes int not null default 60 check (sa_call_lead_minutes between 10 and 480),
    quiet_hours_start time not null default '21:00',
    quiet_hours_end time not null default '08:00',
    updated_at timestamptz not null default now()
  )`,

  `create table staff_absences (
    dealer_id uuid not null references dealers(id),
    work_date date not null,
    user_id uuid not null references users(id),
    created_at timestamptz not null default now(),
    primary key (dealer_id, work_date, user_id)
  )`,

  `create table bays (
    dealer_id uuid not null references dealers(id),
    id uuid not null,
    name text not null,
    kind text not null default 'general',
    active boolean not null default true,
    primary key (dealer_id, id),
    unique (dealer_id, name)
  )`,

  `create table parts (
    dealer_id uuid not null references dealers(id),
    id uuid not null,
    part_number text not null,
    name text not null,
    price_fen int not null check (price_fen >= 0),
    stock_quantity numeric(10,2) not null default 0,
    primary key (dealer_id, id),
    unique (dealer_id, part_number)
  )`,

  `create table dealer_sequences (
    dealer_id uuid not null references dealers(id),
    name text not null,
    day date not null,
    value int not null,
    primary key (dealer_id, name, day)
  )`,

  `create table appointments (
    dealer_id uuid not null references dealers(id),
    id uuid not null,
    number text not null,
    customer_id uuid not null references customers(id),
    -- null when a customer booked online with a plate the network does not know yet (staff review)
    vehicle_id uuid references vehicles(id),
    plate_key text not null,
    starts_at timestamptz not null,
    duration_minutes int not null check (duration_minutes > 0),
    status text not null check (status in ('booked','confirmed','arrived','no_show','cancelled')),
    channel text not null check (channel in ('phone','web','walk_in_desk','proactive_call','online')),
    requested_work jsonb not null default '[]',
    customer_words text,
    preferred_sa_id uuid references users(id),
    assigned_sa_id uuid references users(id),
    booked_by uuid references users(id),
    needs_staff_review boolean not null default false,
    parts_quote_fen int not null default 0,
    arrived_at timestamptz,
    arrival_status text check (arrival_status in ('early','on_time','late')),
    cancel_reason text,
    manage_token_hash text unique,
    version int not null default 1,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (dealer_id, id),
    unique (dealer_id, number)
  )`,
  `create index appointments_day_idx on appointments (dealer_id, starts_at)`,
  `create index appointments_vehicle_idx on appointments (vehicle_id)`,

  `create table appointment_events (
    dealer_id uuid not null,
    id uuid not null,
    appointment_id uuid not null,
    kind text not null,
    data jsonb not null default '{}',
    actor_user_id uuid references users(id),
    at timestamptz not null default now(),
    primary key (dealer_id, id),
    foreign key (dealer_id, appointment_id) references appointments (dealer_id, id)
  )`,
  `create index appointment_events_appointment_idx on appointment_events (dealer_id, appointment_id, at)`,

  `create table slot_bookings (
    dealer_id uuid not null references dealers(id),
    starts_at timestamptz not null,
    booked int not null check (booked >= 0),
    primary key (dealer_id, starts_at)
  )`,

  `create table confirmation_attempts (
    dealer_id uuid not null,
    id uuid not null,
    appointment_id uuid not null,
    step text not null check (step in ('day_before','hour_before')),
    channel text not null check (channel in ('sms','phone')),
    result text not null check (result in ('sent','confirmed','reschedule','cancel','no_answer')),
    note text,
    by_user_id uuid references users(id),
    at timestamptz not null,
    primary key (dealer_id, id),
    foreign key (dealer_id, appointment_id) references appointments (dealer_id, id)
  )`,
  `create index confirmation_attempts_appointment_idx on confirmation_attempts (dealer_id, appointment_id)`,

  `create table prepick_items (
    dealer_id uuid not null,
    id uuid not null,
    appointment_id uuid not null,
    part_id uuid,
    part_number text not null,
    name text not null,
    quantity numeric(10,2) not null check (quantity > 0),
    unit_price_fen int not null check (unit_price_fen >= 0),
    in_stock boolean not null,
    status text not null default 'requested' check (status in ('requested','picked','shortage','cancelled')),
    updated_by uuid references users(id),
    updated_at timestamptz not null default now(),
    primary key (dealer_id, id),
    foreign key (dealer_id, appointment_id) references appointments (dealer_id, id)
  )`,
  `create index prepick_items_appointment_idx on prepick_items (dealer_id, appointment_id)`,

  `create table workshop_reservations (
    dealer_id uuid not null,
    id uuid not null,
    appointment_id uuid not null,
    bay_id uuid,
    starts_at timestamptz not null,
    ends_at timestamptz not null check (ends_at > starts_at),
    primary key (dealer_id, id),
    unique (dealer_id, appointment_id),
    foreign key (dealer_id, appointment_id) references appointments (dealer_id, id),
    foreign key (dealer_id, bay_id) references bays (dealer_id, id),
    exclude using gist (dealer_id with =, bay_id with =, tstzrange(starts_at, ends_at) with &&) where (bay_id is not null)
  )`,
  `create index workshop_reservations_day_idx on workshop_reservations (dealer_id, starts_at)`,

  `create table tasks (
    dealer_id uuid not null references dealers(id),
    id uuid not null,
    kind text not null,
    assignee_user_id uuid references users(id),
    appointment_id uuid,
    customer_id uuid references customers(id),
    due_at timestamptz not null,
    status text not null default 'open' check (status in ('open','done','cancelled')),
    result text,
    dedupe_key text not null,
    created_at timestamptz not null default now(),
    done_at timestamptz,
    primary key (dealer_id, id),
    unique (dealer_id, dedupe_key)
  )`,
  `create index tasks_open_idx on tasks (dealer_id, status, due_at)`,

  `create table arrivals (
    dealer_id uuid not null references dealers(id),
    id uuid not null,
    arrived_at timestamptz not null,
    appointment_id uuid,
    customer_id uuid references customers(id),
    vehicle_id uuid references vehicles(id),
    recorded_by uuid references users(id),
    primary key (dealer_id, id)
  )`,
  `create index arrivals_time_idx on arrivals (dealer_id, arrived_at)`,

  `create table otp_codes (
    id uuid primary key,
    dealer_id uuid not null references dealers(id),
    mobile text not null,
    code_hash text not null,
    expires_at timestamptz not null,
    attempts int not null default 0,
    used_at timestamptz,
    ip text,
    created_at timestamptz not null default now()
  )`,
  `create index otp_codes_mobile_idx on otp_codes (mobile, created_at)`,
  `create index otp_codes_ip_idx on otp_codes (ip, created_at)`,

  `create table outbox_messages (
    id uuid primary key,
    network_id uuid not null references networks(id),
    dealer_id uuid references dealers(id),
    customer_id uuid references customers(id),
    channel text not null check (channel in ('sms','email')),
    recipient text not null,
    template text not null,
    locale text not null,
    subject text,
    body text not null,
    dedupe_key text not null unique,
    not_before timestamptz not null,
    status text not null default 'pending' check (status in ('pending','sending','sent','skipped','failed')),
    skip_reason text,
    attempts int not null default 0,
    last_error text,
    provider_ref text,
    created_at timestamptz not null default now(),
    sent_at timestamptz
  )`,
  `create index outbox_messages_dealer_idx on outbox_messages (dealer_id, created_at)`,
  `create index outbox_messages_recipient_idx on outbox_messages (recipient, created_at)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
