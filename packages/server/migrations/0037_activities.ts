import { type Kysely, sql } from 'kysely';

// Customer activities (客户活动, issue 17): free check days, clinics and joint promotions a dealer holds,
// the customers it invites (each with a sign-up link sent by SMS, kept only as its hash), who signed
// up, who came. Every key starts with the dealer. The cost counts in the 'activities' cost budget; an
// activity may name the follow-up activity plan it carries out (that plan's cost is then not counted twice).
const statements = [
  `create table activities (
    dealer_id uuid not null references dealers(id),
    id uuid not null,
    kind text not null check (kind in ('free_check','clinic','joint_promotion')),
    title text not null check (length(title) between 1 and 60),
    place text not null check (length(place) between 1 and 100),
    content text not null default '' check (length(content) <= 1000),
    starts_at timestamptz not null,
    ends_at timestamptz not null,
    capacity int not null check (capacity between 1 and 10000),
    cost_fen bigint not null default 0 check (cost_fen between 0 and 1000000000),
    state text not null default 'draft' check (state in ('draft','open','closed','cancelled')),
    work_plan_id uuid,
    cancel_reason text check (length(cancel_reason) <= 200),
    version int not null default 1,
    created_by uuid not null references users(id),
    created_at timestamptz not null,
    updated_at timestamptz not null,
    opened_at timestamptz,
    closed_at timestamptz,
    cancelled_at timestamptz,
    primary key (dealer_id, id),
    foreign key (dealer_id, work_plan_id) references work_plans (dealer_id, id),
    check (ends_at > starts_at),
    check ((state = 'cancelled') = (cancelled_at is not null)),
    check ((state = 'closed') = (closed_at is not null))
  )`,
  `create index activities_starts_idx on activities (dealer_id, starts_at)`,
  `create unique index activities_one_per_plan on activities (dealer_id, work_plan_id) where work_plan_id is not null and state <> 'cancelled'`,

  `create table activity_invitations (
    dealer_id uuid not null references dealers(id),
    id uuid not null,
    activity_id uuid not null,
    customer_id uuid not null references customers(id),
    vehicle_id uuid references vehicles(id),
    token_hash text not null check (length(token_hash) = 64),
    state text not null default 'invited' check (state in ('invited','signed_up','cancelled','attended','no_show')),
    invited_at timestamptz not null,
    invited_by uuid not null references users(id),
    signed_up_at timestamptz,
    cancelled_at timestamptz,
    attended_at timestamptz,
    attendance_marked_by uuid references users(id),
    message_id uuid,
    primary key (dealer_id, id),
    unique (dealer_id, token_hash),
    unique (dealer_id, activity_id, customer_id),
    foreign key (dealer_id, activity_id) references activities (dealer_id, id)
  )`,
  `create index activity_invitations_token_idx on activity_invitations (token_hash)`,
  `create index activity_invitations_customer_idx on activity_invitations (dealer_id, customer_id)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['activity_invitations', 'activities']) await sql.raw(`drop table ${table}`).execute(db);
}
