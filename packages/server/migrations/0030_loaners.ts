import { type Kysely, sql } from 'kysely';

// Loaner cars (代步车, issue 17): the dealer's fleet, reservations of a loaner for a customer (with an
// appointment, a visit, or as the service recovery of a complaint) with the hand-over and the return
// recorded on the tablet, and the dealer's eligibility setting. Two reservations of one loaner never
// overlap: an exclusion constraint over the reserved period of every reservation not cancelled, as the
// workshop's bay reservations (0002). An overdue return becomes a task (tasks.loaner_reservation_id).
const statements = [
  `create table loaners (
    dealer_id uuid not null references dealers(id),
    id uuid not null,
    plate_key text not null,
    model text not null,
    vin text,
    state text not null default 'active' check (state in ('active','retired')),
    km int not null check (km between 0 and 3000000),
    fuel_level int not null check (fuel_level between 0 and 100),
    insurance_expires_on date,
    cost_per_day_fen int not null check (cost_per_day_fen between 0 and 1000000),
    version int not null default 1,
    created_at timestamptz not null,
    retired_at timestamptz,
    updated_at timestamptz not null,
    primary key (dealer_id, id),
    unique (dealer_id, plate_key)
  )`,

  `create table loaner_settings (
    dealer_id uuid primary key references dealers(id),
    warranty_repair_min_days int not null default 1 check (warranty_repair_min_days between 0 and 60),
    updated_at timestamptz not null
  )`,

  `create table loaner_reservations (
    dealer_id uuid not null,
    id uuid not null,
    loaner_id uuid not null,
    customer_id uuid not null references customers(id),
    vehicle_id uuid references vehicles(id),
    appointment_id uuid,
    visit_id uuid,
    complaint_id uuid,
    reason text not null check (reason in ('warranty_repair','sanbao','member','recovery','courtesy')),
    override_reason text,
    starts_at timestamptz not null,
    ends_at timestamptz not null check (ends_at > starts_at),
    status text not null default 'reserved' check (status in ('reserved','out','returned','cancelled')),
    reserved_by uuid not null references users(id),
    created_at timestamptz not null,
    handed_over_at timestamptz,
    handover jsonb,
    handover_signature_png text,
    returned_at timestamptz,
    return_record jsonb,
    return_signature_png text,
    days_out int check (days_out >= 0),
    cost_fen bigint check (cost_fen >= 0),
    cancelled_at timestamptz,
    cancel_reason text,
    primary key (dealer_id, id),
    foreign key (dealer_id, loaner_id) references loaners (dealer_id, id),
    foreign key (dealer_id, appointment_id) references appointments (dealer_id, id),
    foreign key (dealer_id, visit_id) references visits (dealer_id, id),
    foreign key (dealer_id, complaint_id) references complaints (dealer_id, id),
    exclude using gist (dealer_id with =, loaner_id with =, tstzrange(starts_at, ends_at) with &&) where (status <> 'cancelled')
  )`,
  `create index loaner_reservations_period_idx on loaner_reservations (dealer_id, starts_at)`,
  `create index loaner_reservations_out_idx on loaner_reservations (dealer_id, ends_at) where status = 'out'`,
  `create index loaner_reservations_returned_idx on loaner_reservations (dealer_id, returned_at) where status = 'returned'`,

  `alter table tasks add column loaner_reservation_id uuid`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table tasks drop column loaner_reservation_id`.execute(db);
  await sql`drop table loaner_reservations`.execute(db);
  await sql`drop table loaner_settings`.execute(db);
  await sql`drop table loaners`.execute(db);
}
