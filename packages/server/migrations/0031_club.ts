import { type Kysely, sql } from 'kysely';

// The brand's owners' club (issue 17). Network-level like customers: the settings are the network's,
// a member is a customer of the network (recognised at every dealer), and the points ledger is the
// network's, each entry naming the dealer where it happened. The ledger is append-only: a balance is
// the sum of its entries, never a stored number; a kind and its source make a unique key, so a
// retried or raced earning or redemption cannot be written twice.
const statements = [
  `create table club_settings (
    network_id uuid primary key references networks(id),
    levels jsonb not null,
    earn_labour_per_yuan int not null check (earn_labour_per_yuan between 0 and 100),
    earn_parts_per_yuan int not null check (earn_parts_per_yuan between 0 and 100),
    point_value_fen int not null check (point_value_fen between 1 and 100),
    max_redeem_percent int not null check (max_redeem_percent between 1 and 100),
    min_redeem_points int not null check (min_redeem_points >= 0),
    expiry_months int not null default 24 check (expiry_months between 1 and 120),
    cross_dealer_payer text not null check (cross_dealer_payer in ('earning_dealer','redeeming_dealer','car_maker')),
    version int not null default 1,
    updated_by uuid references users(id),
    updated_at timestamptz not null
  )`,

  `create table club_memberships (
    network_id uuid not null references networks(id),
    customer_id uuid not null references customers(id),
    joined_dealer_id uuid not null references dealers(id),
    joined_at timestamptz not null,
    fee_level text check (fee_level in ('silver','gold','platinum')),
    fee_paid_until date,
    primary key (network_id, customer_id),
    unique (customer_id)
  )`,
  `create index club_memberships_dealer_idx on club_memberships (network_id, joined_dealer_id, joined_at)`,

  `create table club_points (
    id uuid primary key,
    network_id uuid not null,
    customer_id uuid not null,
    dealer_id uuid not null references dealers(id),
    kind text not null check (kind in ('earn','redeem','reverse','expire','adjust')),
    points int not null check (points <> 0),
    -- earn: the money paid that earned the points (levels by spend read it); redeem: what the points paid.
    spend_fen int not null default 0 check (spend_fen >= 0),
    value_fen int not null default 0 check (value_fen >= 0),
    -- earn: the invoice; redeem: the payment; expire and reverse: the entry they undo.
    source_id uuid not null,
    expires_on date,
    idempotency_key text not null,
    at timestamptz not null,
    created_by uuid references users(id),
    foreign key (network_id, customer_id) references club_memberships (network_id, customer_id),
    unique (network_id, idempotency_key),
    check (kind <> 'earn' or (points > 0 and expires_on is not null)),
    check (kind not in ('redeem','expire') or points < 0)
  )`,
  `create index club_points_customer_idx on club_points (network_id, customer_id, at, id)`,
  `create index club_points_dealer_idx on club_points (network_id, dealer_id, at)`,
  `create index club_points_expiry_idx on club_points (network_id, expires_on) where kind = 'earn'`,
  `create function club_points_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'club_points is append-only: record a reversing entry instead';
    end $$`,
  `create trigger club_points_append_only before update or delete on club_points
    for each row execute function club_points_append_only()`,

  // Which dealer earned the points a redemption used (oldest first): the balance between dealers.
  `create table club_redemption_sources (
    network_id uuid not null,
    redeem_id uuid not null references club_points(id),
    earned_dealer_id uuid not null references dealers(id),
    points int not null check (points > 0),
    primary key (redeem_id, earned_dealer_id)
  )`,
  `create index club_redemption_sources_dealer_idx on club_redemption_sources (network_id, earned_dealer_id)`,

  // Points are a way to pay.
  `alter table payments drop constraint payments_method_check`,
  `alter table payments add constraint payments_method_check check (method in ('cash','card','wechat_pay','alipay','points'))`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table payments drop constraint payments_method_check`.execute(db);
  await sql`alter table payments add constraint payments_method_check check (method in ('cash','card','wechat_pay','alipay'))`.execute(db);
  await sql`drop table club_redemption_sources`.execute(db);
  await sql`drop table club_points`.execute(db);
  await sql`drop function club_points_append_only()`.execute(db);
  await sql`drop table club_memberships`.execute(db);
  await sql`drop table club_settings`.execute(db);
}
