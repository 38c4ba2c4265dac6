import { type Kysely, sql } from 'kysely';

// Webhooks (issue 18 §3): other systems hear every change. A dealer subscribes a URL to event types;
// every event writes one delivery per listening subscription in the transaction of the change, and a
// job posts it. Keys lead with dealer_id (the schema is being prepared for distribution by dealer).
// The car maker's own subscriptions (network-wide) are not held here: these tables are dealer-owned.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table webhook_subscriptions (
      dealer_id uuid not null references dealers(id),
      id uuid not null,
      url varchar(500) not null,
      events text[] not null,
      -- Needed to sign every delivery, so kept as it is; the API shows it once, at creation.
      secret text not null,
      active boolean not null default true,
      consecutive_failures integer not null default 0,
      disabled_at timestamptz,
      deleted_at timestamptz,
      created_by uuid not null,
      created_at timestamptz not null,
      primary key (dealer_id, id)
    )`.execute(db);
  await sql`
    create table webhook_deliveries (
      dealer_id uuid not null,
      id uuid not null,
      -- The order deliveries were made in (ids are random; two events of a change share a created_at).
      seq bigint generated always as identity,
      subscription_id uuid not null,
      event_id uuid not null,
      event_type varchar(60) not null,
      record_key varchar(120) not null,
      payload jsonb not null,
      attempts integer not null default 0,
      next_attempt_at timestamptz not null,
      first_attempt_at timestamptz,
      lease_until timestamptz,
      status varchar(12) not null default 'pending' check (status in ('pending', 'delivered', 'failed', 'gave_up')),
      last_status_code integer,
      last_error text,
      created_at timestamptz not null,
      delivered_at timestamptz,
      primary key (dealer_id, id),
      unique (dealer_id, subscription_id, event_id),
      foreign key (dealer_id, subscription_id) references webhook_subscriptions(dealer_id, id)
    )`.execute(db);
  // The log of a subscription, newest first; and the order check: earlier pending deliveries of a record.
  await sql`create index webhook_deliveries_log on webhook_deliveries (dealer_id, subscription_id, created_at desc)`.execute(db);
  await sql`create index webhook_deliveries_record on webhook_deliveries (dealer_id, subscription_id, record_key, seq) where status in ('pending', 'failed')`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table webhook_deliveries`.execute(db);
  await sql`drop table webhook_subscriptions`.execute(db);
}
