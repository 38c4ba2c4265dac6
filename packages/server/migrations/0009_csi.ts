import { type Kysely, sql } from 'kysely';

// Satisfaction surveys and CSI (domain.md §7): versioned questionnaires (a dealer's or the car
// maker's), the survey settings, the invitations sent after delivery, the responses with their
// scores and integrity flags, and the factor scores the dashboards aggregate.
const statements = [
  `create table questionnaires (
    id uuid primary key,
    network_id uuid not null references networks(id),
    dealer_id uuid references dealers(id),
    name text not null,
    active boolean not null default false,
    current_version int not null default 1,
    version int not null default 1,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,
  // One active questionnaire per dealer, and one for the network.
  `create unique index questionnaires_active_idx on questionnaires (network_id, (coalesce(dealer_id, '00000000-0000-0000-0000-000000000000'::uuid))) where active`,
  `create table questionnaire_versions (
    questionnaire_id uuid not null references questionnaires(id),
    version int not null,
    definition jsonb not null,
    created_by uuid references users(id),
    created_at timestamptz not null default now(),
    primary key (questionnaire_id, version)
  )`,

  `create table survey_settings (
    dealer_id uuid primary key references dealers(id),
    enabled boolean not null default true,
    delay_hours numeric(6,2) not null default 2,
    expiry_days int not null default 7,
    min_days_between int not null default 30,
    updated_at timestamptz not null default now()
  )`,

  `create table survey_invitations (
    dealer_id uuid not null references dealers(id),
    id uuid not null,
    network_id uuid not null references networks(id),
    token_hash text not null unique,
    questionnaire_id uuid not null references questionnaires(id),
    questionnaire_version int not null,
    customer_id uuid not null references customers(id),
    vehicle_id uuid references vehicles(id),
    repair_order_id uuid not null,
    sa_id uuid references users(id),
    delivered_at timestamptz,
    send_at timestamptz not null,
    expires_at timestamptz not null,
    answered_at timestamptz,
    created_at timestamptz not null default now(),
    primary key (dealer_id, id),
    unique (dealer_id, repair_order_id)
  )`,
  `create index survey_invitations_customer_idx on survey_invitations (dealer_id, customer_id, created_at)`,
  `create index survey_invitations_created_idx on survey_invitations (dealer_id, created_at)`,

  `create table survey_responses (
    dealer_id uuid not null references dealers(id),
    id uuid not null,
    network_id uuid not null references networks(id),
    invitation_id uuid,
    questionnaire_id uuid not null references questionnaires(id),
    questionnaire_version int not null,
    customer_id uuid not null references customers(id),
    vehicle_id uuid references vehicles(id),
    repair_order_id uuid,
    sa_id uuid references users(id),
    source text not null check (source in ('link','call')),
    recorded_by uuid references users(id),
    submitted_at timestamptz not null,
    csi numeric(5,2),
    factor_scores jsonb not null default '{}',
    answers jsonb not null,
    low_items text[] not null default '{}',
    low boolean not null default false,
    flags text[] not null default '{}',
    complaint_id uuid,
    ip text,
    user_agent text,
    primary key (dealer_id, id),
    unique (dealer_id, invitation_id)
  )`,
  `create index survey_responses_time_idx on survey_responses (dealer_id, submitted_at)`,
  `create index survey_responses_network_idx on survey_responses (network_id, submitted_at)`,
  `create index survey_responses_sa_idx on survey_responses (dealer_id, sa_id, submitted_at)`,

  `create table survey_factor_scores (
    dealer_id uuid not null,
    response_id uuid not null,
    factor text not null,
    score numeric(5,2) not null,
    submitted_at timestamptz not null,
    sa_id uuid,
    primary key (dealer_id, response_id, factor),
    foreign key (dealer_id, response_id) references survey_responses (dealer_id, id)
  )`,
  `create index survey_factor_scores_time_idx on survey_factor_scores (dealer_id, submitted_at)`,

  // Daily figures per dealer, kept in the transaction of each invitation and response: the network
  // dashboards read these instead of scanning every response (bench/csi.ts).
  `create table csi_daily (
    dealer_id uuid not null references dealers(id),
    day date not null,
    invitations int not null default 0,
    responses int not null default 0,
    csi_sum numeric(14,2) not null default 0,
    csi_count int not null default 0,
    low int not null default 0,
    primary key (dealer_id, day)
  )`,
  `create table csi_daily_factors (
    dealer_id uuid not null references dealers(id),
    day date not null,
    factor text not null,
    score_sum numeric(14,2) not null default 0,
    answers int not null default 0,
    primary key (dealer_id, day, factor)
  )`,
  `create index survey_responses_flagged_idx on survey_responses (dealer_id, submitted_at) where cardinality(flags) > 0`,

  // Where staff log in from: a survey answered from there is flagged.
  `alter table sessions add column ip text`,
  `create index sessions_ip_idx on sessions (ip, created_at) where ip is not null`,
  `alter table tasks add column survey_response_id uuid`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
