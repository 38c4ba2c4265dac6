import { type Kysely, sql } from 'kysely';

// Ready for Citus (issue 18 §4b, docs/SCALING.md): every dealer-owned table distributes by dealer_id,
// so each key, unique index and foreign key between dealer-owned tables includes dealer_id and
// dealer_id is never null or changed. Tables that are not dealer-owned are declared network-level in
// src/platform/tables.ts (reference tables); test/schema-distribution.test.ts holds the schema to this.
//
// The car maker's own audit and timeline rows (no dealer) move to network-level tables of their own;
// every message in the outbox is sent for a dealer.
const statements = [
  // Complaints: a case moves by copy and delete (a distribution key cannot change), so the id alone is
  // no longer unique across dealers, and its history no longer follows by ON UPDATE CASCADE.
  `drop index complaints_id_idx`,
  `alter table complaint_events drop constraint complaint_events_dealer_id_complaint_id_fkey`,
  `alter table complaint_events add constraint complaint_events_dealer_id_complaint_id_fkey
    foreign key (dealer_id, complaint_id) references complaints (dealer_id, id)`,
  `alter table complaint_recoveries drop constraint complaint_recoveries_dealer_id_complaint_id_fkey`,
  `alter table complaint_recoveries add constraint complaint_recoveries_dealer_id_complaint_id_fkey
    foreign key (dealer_id, complaint_id) references complaints (dealer_id, id)`,

  // The facts of a case are keyed by its dealer too: during a move both copies exist for a moment.
  `alter table complaint_facts drop constraint complaint_facts_pkey`,
  `alter table complaint_facts add primary key (dealer_id, complaint_id)`,
  `create or replace view complaint_fact_chain as
    select complaint_id, customer_id, (row_number() over w)::int as nth, lag(received_at) over w as prev, lag(received_at, 2) over w as prev2,
      dealer_id
    from complaint_facts window w as (partition by customer_id order by received_at, complaint_id, dealer_id)`,
  `create or replace function complaint_facts_sync(ids uuid[]) returns void language sql as $$
    insert into complaint_facts as f (complaint_id, dealer_id, network_id, customer_id, repair_order_id, vehicle_id, received_at,
      category, sa_id, model_id, status, feedback_at, feedback_due_at, due_at, closed_at, was_overdue, preventable, recovery_cost_fen)
    select r.* from unnest(ids) i(id) join complaint_fact_rows r on r.complaint_id = i.id
    on conflict (dealer_id, complaint_id) do update set network_id = excluded.network_id,
      customer_id = excluded.customer_id, repair_order_id = excluded.repair_order_id, vehicle_id = excluded.vehicle_id,
      received_at = excluded.received_at, category = excluded.category, sa_id = excluded.sa_id, model_id = excluded.model_id,
      status = excluded.status, feedback_at = excluded.feedback_at, feedback_due_at = excluded.feedback_due_at,
      due_at = excluded.due_at, closed_at = excluded.closed_at, was_overdue = excluded.was_overdue,
      preventable = excluded.preventable, recovery_cost_fen = excluded.recovery_cost_fen;
    delete from complaint_facts f where f.complaint_id = any(ids)
      and not exists (select from complaints c where c.dealer_id = f.dealer_id and c.id = f.complaint_id);
  $$`,
  `create or replace function complaint_facts_chain(customer_ids uuid[]) returns void language plpgsql as $$
    begin
      if cardinality(customer_ids) = 0 then
        return;
      end if;
      perform from customers where id = any(customer_ids) order by id for no key update;
      update complaint_facts f set nth = p.nth, prev_received_at = p.prev, prev2_received_at = p.prev2
      from complaint_fact_chain p
      where p.customer_id = any(customer_ids) and f.dealer_id = p.dealer_id and f.complaint_id = p.complaint_id
        and (f.nth, f.prev_received_at, f.prev2_received_at) is distinct from (p.nth, p.prev, p.prev2);
    end $$`,
  `create or replace function complaint_facts_of_complaints() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        perform complaint_facts_sync(array(select id from new_rows));
        perform complaint_facts_chain(array(select distinct customer_id from new_rows));
      elsif tg_op = 'UPDATE' then
        perform complaint_facts_sync(array(select id from new_rows));
        perform complaint_facts_chain(array(
          select o.customer_id from old_rows o join new_rows n on n.dealer_id = o.dealer_id and n.id = o.id
          where (o.customer_id, o.received_at) is distinct from (n.customer_id, n.received_at)
          union select n.customer_id from old_rows o join new_rows n on n.dealer_id = o.dealer_id and n.id = o.id
          where (o.customer_id, o.received_at) is distinct from (n.customer_id, n.received_at)));
      else
        delete from complaint_facts f using old_rows o where f.dealer_id = o.dealer_id and f.complaint_id = o.id;
        perform complaint_facts_chain(array(select distinct customer_id from old_rows));
      end if;
      return null;
    end $$`,

  // One-time codes belong to the dealer whose booking page asked for them.
  `alter table otp_codes drop constraint otp_codes_pkey`,
  `alter table otp_codes add primary key (dealer_id, id)`,

  // The car maker's audit rows (an actor without a dealer) live in a network-level table.
  `create table network_audit_log (like audit_log including defaults)`,
  `alter table network_audit_log drop column dealer_id`,
  `alter table network_audit_log add primary key (id)`,
  `create index network_audit_log_entity_idx on network_audit_log (entity_type, entity_id, at)`,
  `create index network_audit_log_network_idx on network_audit_log (network_id, at)`,
  `insert into network_audit_log (id, network_id, actor_user_id, actor_token_id, action, entity_type, entity_id, before, after, request_id, at)
    select id, network_id, actor_user_id, actor_token_id, action, entity_type, entity_id, before, after, request_id, at
    from audit_log where dealer_id is null`,
  `delete from audit_log where dealer_id is null`,
  `alter table audit_log alter column dealer_id set not null`,
  `alter table audit_log drop constraint audit_log_pkey`,
  `alter table audit_log add primary key (dealer_id, id)`,

  // The same for the customer's timeline: what the car maker did there is the network's.
  `create table network_timeline_events (like timeline_events including defaults)`,
  `alter table network_timeline_events drop column dealer_id`,
  `alter table network_timeline_events add primary key (id)`,
  `alter table network_timeline_events add foreign key (network_id) references networks (id)`,
  `alter table network_timeline_events add foreign key (customer_id) references customers (id)`,
  `alter table network_timeline_events add foreign key (vehicle_id) references vehicles (id)`,
  `alter table network_timeline_events add foreign key (actor_user_id) references users (id)`,
  `create index network_timeline_events_customer_idx on network_timeline_events (customer_id, occurred_at desc)`,
  `insert into network_timeline_events (id, network_id, customer_id, vehicle_id, kind, data, actor_user_id, occurred_at)
    select id, network_id, customer_id, vehicle_id, kind, data, actor_user_id, occurred_at from timeline_events where dealer_id is null`,
  `delete from timeline_events where dealer_id is null`,
  `alter table timeline_events alter column dealer_id set not null`,
  `alter table timeline_events drop constraint timeline_events_pkey`,
  `alter table timeline_events add primary key (dealer_id, id)`,

  // Every message is sent for a dealer (its quiet hours, its name). No release queued one without a
  // dealer since the foundation's first days; any such row left is kept, as an audit entry, and leaves
  // the outbox.
  `insert into network_audit_log (id, network_id, action, entity_type, entity_id, before, at)
    select id, network_id, 'message.archived', 'message', id,
      jsonb_build_object('channel', channel, 'recipient', recipient, 'template', template, 'status', status, 'created_at', created_at),
      created_at
    from outbox_messages where dealer_id is null`,
  `delete from outbox_messages where dealer_id is null`,
  `alter table outbox_messages alter column dealer_id set not null`,
  `alter table outbox_messages drop constraint outbox_messages_pkey`,
  `alter table outbox_messages add primary key (dealer_id, id)`,
  `alter table outbox_messages drop constraint outbox_messages_dedupe_key_key`,
  `alter table outbox_messages add constraint outbox_messages_dealer_id_dedupe_key_key unique (dealer_id, dedupe_key)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
