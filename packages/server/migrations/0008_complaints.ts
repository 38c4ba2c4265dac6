import { type Kysely, sql } from 'kysely';

// Complaints (domain.md §6): the case with its SLA clock and escalation level, its timeline, its
// service recovery; the dealer's complaint settings; the complaint follow-up call as a care rule.
const statements = [
  `create table complaint_settings (
    dealer_id uuid primary key references dealers(id),
    settings jsonb not null default '{}',
    updated_at timestamptz not null default now()
  )`,

  `create table complaints (
    dealer_id uuid not null references dealers(id),
    id uuid not null,
    network_id uuid not null references networks(id),
    number text not null,
    status text not null check (status in ('open','acknowledged','feedback_given','solution_agreed','closed')),
    channel text not null,
    source_ref text,
    customer_id uuid not null references customers(id),
    vehicle_id uuid references vehicles(id),
    repair_order_id uuid,
    customer_words text not null,
    demand text,
    background text,
    category text,
    subcategory text,
    cause_class text check (cause_class in ('defect','dissatisfaction','customer_fault')),
    severity text not null check (severity in ('grumble','complaint','escalated')),
    escalated_to text check (escalated_to in ('car_maker','authority','media')),
    first_responder_id uuid references users(id),
    owner_id uuid references users(id),
    handler_id uuid references users(id),
    handler_role text,
    level int not null default 0 check (level between 0 and 3),
    car_maker_involved boolean not null default false,
    received_at timestamptz not null,
    acknowledged_at timestamptz,
    feedback_due_at timestamptz not null,
    feedback_at timestamptz,
    due_step text check (due_step in ('acknowledge','feedback','resolve')),
    due_at timestamptz,
    was_overdue boolean not null default false,
    car_maker_deadline_at timestamptz,
    verification text,
    root_cause text,
    solution_plan text,
    customer_accepted_at timestamptz,
    appointment_id uuid,
    final_satisfaction text,
    preventable boolean,
    prevention_measure text,
    closed_at timestamptz,
    follow_up_task_id uuid,
    version int not null default 1,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (dealer_id, id)
  )`,
  // The SLA job and the car maker find a case by id alone: it may move to another dealer.
  `create unique index complaints_id_idx on complaints (id)`,
  `create index complaints_inbox_idx on complaints (dealer_id, status, due_at)`,
  `create index complaints_received_idx on complaints (dealer_id, received_at)`,
  `create index complaints_network_idx on complaints (network_id, car_maker_involved, received_at)`,
  `create index complaints_customer_idx on complaints (customer_id)`,
  // A dissatisfied follow-up call or survey answer raises one case, however often it is retried.
  `create unique index complaints_source_idx on complaints (dealer_id, source_ref) where source_ref is not null`,

  `create table complaint_events (
    dealer_id uuid not null,
    id uuid not null,
    complaint_id uuid not null,
    kind text not null,
    data jsonb not null default '{}',
    actor_user_id uuid references users(id),
    at timestamptz not null,
    primary key (dealer_id, id),
    foreign key (dealer_id, complaint_id) references complaints (dealer_id, id) on update cascade
  )`,
  `create index complaint_events_case_idx on complaint_events (dealer_id, complaint_id, at)`,

  `create table complaint_recoveries (
    dealer_id uuid not null,
    id uuid not null,
    complaint_id uuid not null,
    kind text not null check (kind in ('free_repair','free_wash','loaner_car','labour_discount','gift','free_maintenance')),
    description text,
    cost_fen int not null check (cost_fen >= 0),
    status text not null check (status in ('pending','approved','rejected')),
    requested_by uuid references users(id),
    decided_by uuid references users(id),
    decided_at timestamptz,
    note text,
    created_at timestamptz not null,
    primary key (dealer_id, id),
    foreign key (dealer_id, complaint_id) references complaints (dealer_id, id) on update cascade
  )`,
  `create index complaint_recoveries_case_idx on complaint_recoveries (dealer_id, complaint_id)`,

  // Staff notices (routing, escalation) link to their case.
  `alter table tasks add column complaint_id uuid`,

  // The complaint follow-up call joins the care rules.
  `alter table follow_up_tasks drop constraint follow_up_tasks_rule_check`,
  `alter table follow_up_tasks add constraint follow_up_tasks_rule_check check (rule in ('new_car','first_maintenance','post_service','periodic_maintenance','lost_customer','birthday','insurance_expiry','annual_inspection','licence_expiry','complaint_follow_up'))`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
