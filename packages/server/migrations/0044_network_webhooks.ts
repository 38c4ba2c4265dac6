import { type Kysely, sql } from 'kysely';

// The car maker's own webhooks (issue 18 §3): a network subscription hears the events of every dealer
// of its network. The subscription is network-level; its deliveries stay dealer-owned (a row of
// webhook_deliveries under the event's dealer), naming either a dealer's subscription or the network's.
// No foreign key from a delivery to the network subscription: every key of the dealer-owned table
// leads with dealer_id. Subscriptions are only ever soft-deleted, so the reference cannot dangle.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table network_webhook_subscriptions (
      network_id uuid not null references networks(id),
      id uuid not null,
      url varchar(500) not null,
      events text[] not null,
      secret text not null,
      active boolean not null default true,
      consecutive_failures integer not null default 0,
      disabled_at timestamptz,
      deleted_at timestamptz,
      created_by uuid not null,
      created_at timestamptz not null,
      primary key (network_id, id)
    )`.execute(db);
  await sql`alter table webhook_deliveries alter column subscription_id drop not null`.execute(db);
  await sql`alter table webhook_deliveries add column network_subscription_id uuid`.execute(db);
  await sql`
    alter table webhook_deliveries add constraint webhook_deliveries_one_subscription
      check (num_nonnulls(subscription_id, network_subscription_id) = 1)`.execute(db);
  await sql`
    alter table webhook_deliveries add constraint webhook_deliveries_network_event
      unique (dealer_id, network_subscription_id, event_id)`.execute(db);
  await sql`create index webhook_deliveries_network_log on webhook_deliveries (dealer_id, network_subscription_id, created_at desc) where network_subscription_id is not null`.execute(
    db,
  );
  await sql`create index webhook_deliveries_network_record on webhook_deliveries (dealer_id, network_subscription_id, record_key, seq) where status in ('pending', 'failed') and network_subscription_id is not null`.execute(
    db,
  );
  // The sweep's look for deliveries whose job was lost.
  await sql`create index webhook_deliveries_unsettled on webhook_deliveries (next_attempt_at) where status in ('pending', 'failed')`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index webhook_deliveries_unsettled`.execute(db);
  await sql`delete from webhook_deliveries where network_subscription_id is not null`.execute(db);
  await sql`alter table webhook_deliveries drop constraint webhook_deliveries_network_event`.execute(db);
  await sql`alter table webhook_deliveries drop constraint webhook_deliveries_one_subscription`.execute(db);
  await sql`alter table webhook_deliveries drop column network_subscription_id`.execute(db);
  await sql`alter table webhook_deliveries alter column subscription_id set not null`.execute(db);
  await sql`drop table network_webhook_subscriptions`.execute(db);
}
