import { type Kysely, sql } from 'kysely';

// Process spot-checks (流程点检, domain.md §10): the dealer's own standard of each process step as a
// checklist (items the system judges from what was recorded, and items that need a person's eye), the
// dealer's targets, the spot-checks customer relations and supervisors make of sampled visits with the
// result of each manual item, and the drills and training sessions with who took part and the result.
// A failed item becomes a coaching task for the advisor's supervisor (tasks.spot_check_id).
const STEPS = `('reception','walkaround','repair_order','delivery','follow_up')`;

const statements = [
  `create table process_check_items (
    dealer_id uuid not null references dealers(id),
    id uuid not null,
    step text not null check (step in ${STEPS}),
    code text not null check (code ~ '^[a-z][a-z0-9_]{1,39}$'),
    kind text not null check (kind in ('auto','manual')),
    label text,
    active boolean not null default true,
    sort int not null default 0,
    primary key (dealer_id, id),
    unique (dealer_id, code)
  )`,

  `create table process_check_targets (
    dealer_id uuid not null references dealers(id) primary key,
    execution_rate numeric(4,3) not null default 0.9 check (execution_rate between 0 and 1),
    coverage_rate numeric(4,3) not null default 0.5 check (coverage_rate between 0 and 1),
    drill_pass_rate numeric(4,3) not null default 1 check (drill_pass_rate between 0 and 1),
    updated_at timestamptz not null default now()
  )`,

  `create table spot_checks (
    dealer_id uuid not null,
    id uuid not null,
    visit_id uuid not null,
    sa_id uuid references users(id),
    checker_id uuid not null references users(id),
    status text not null default 'draft' check (status in ('draft','submitted')),
    failed_count int not null default 0,
    created_at timestamptz not null,
    submitted_at timestamptz,
    primary key (dealer_id, id),
    unique (dealer_id, visit_id),
    foreign key (dealer_id, visit_id) references visits (dealer_id, id)
  )`,

  `create table spot_check_results (
    dealer_id uuid not null,
    spot_check_id uuid not null,
    item_code text not null,
    step text not null check (step in ${STEPS}),
    label text,
    result text not null check (result in ('pass','fail','na')),
    note text,
    photo_key text,
    primary key (dealer_id, spot_check_id, item_code),
    foreign key (dealer_id, spot_check_id) references spot_checks (dealer_id, id)
  )`,

  `create table drills (
    dealer_id uuid not null references dealers(id),
    id uuid not null,
    kind text not null check (kind in ('drill','training')),
    title text not null,
    held_on date not null,
    recorded_by uuid not null references users(id),
    created_at timestamptz not null,
    primary key (dealer_id, id)
  )`,
  `create index drills_day_idx on drills (dealer_id, held_on)`,

  `create table drill_participants (
    dealer_id uuid not null,
    drill_id uuid not null,
    user_id uuid not null references users(id),
    result text not null check (result in ('pass','fail')),
    primary key (dealer_id, drill_id, user_id),
    foreign key (dealer_id, drill_id) references drills (dealer_id, id)
  )`,

  `alter table tasks add column spot_check_id uuid`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table tasks drop column spot_check_id`.execute(db);
  for (const table of ['drill_participants', 'drills', 'spot_check_results', 'spot_checks', 'process_check_targets', 'process_check_items'])
    await sql.raw(`drop table ${table}`).execute(db);
}
