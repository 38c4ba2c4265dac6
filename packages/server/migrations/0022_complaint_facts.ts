import { type Kysely, sql } from 'kysely';

// The complaint analysis reads a narrow copy of each case: what it groups by (dealer, category, the
// RO's service advisor, the vehicle's model, the customer), the figures it counts, and the approved
// recovery cost. Over a network's year of cases (1M) it is one scan of a small table instead of the
// cases joined with their ROs and vehicles (bench/complaints.ts).
//
// Each fact also carries the customer's chain of cases in the network: `nth` (this case's place among
// the customer's cases, by received_at) and the received_at of the one and two cases before it. A
// customer has two or more cases in [from, to) exactly when one of its cases in the period has its
// previous case in the period and the one before that outside it (its second case in the period): the
// network's repeat complainants are a count in the same scan. A customer with k cases in the period
// has a case in it with nth >= k, so the most frequent complainants are found from the few cases with
// a high nth.
//
// The counts by category, advisor and model are also kept per dealer and UTC month
// (`complaint_month_counts`, from the facts by trigger): a period reads its whole months there and
// only the cases of its partial months at either end.
//
// Kept by triggers in the transaction of the write: a case inserted, changed or deleted (statement-
// level, so a bulk insert is one set-based statement), a recovery decided, an RO's advisor or a
// vehicle's model changed. The customers whose chain is renumbered are locked first, so that two
// cases of one customer written at once are numbered one after the other.
const statements = [
  `create table complaint_facts (
    complaint_id uuid primary key,
    dealer_id uuid not null,
    network_id uuid not null,
    customer_id uuid not null,
    repair_order_id uuid,
    vehicle_id uuid,
    received_at timestamptz not null,
    category text,
    sa_id uuid,
    model_id uuid,
    status text not null,
    feedback_at timestamptz,
    feedback_due_at timestamptz not null,
    due_at timestamptz,
    closed_at timestamptz,
    was_overdue boolean not null,
    preventable boolean,
    recovery_cost_fen bigint not null default 0,
    nth int not null default 1,
    prev_received_at timestamptz,
    prev2_received_at timestamptz
  )`,
  `create index complaint_facts_received_idx on complaint_facts (dealer_id, received_at)`,
  // The partial months at the ends of a period, with what they are counted under, from the index alone.
  `create index complaint_facts_time_idx on complaint_facts (received_at) include (dealer_id, category, sa_id, model_id)`,
  `create index complaint_facts_customer_idx on complaint_facts (customer_id, received_at)`,
  `create index complaint_facts_frequent_idx on complaint_facts (nth, received_at) include (dealer_id, customer_id) where nth >= 3`,
  `create index complaint_facts_repair_order_idx on complaint_facts (repair_order_id) where repair_order_id is not null`,
  `create index complaint_facts_vehicle_idx on complaint_facts (vehicle_id) where vehicle_id is not null`,

  // What a case's fact is, and its place in its customer's chain: the triggers and the fill read these.
  `create view complaint_fact_rows as
    select c.id as complaint_id, c.dealer_id, c.network_id, c.customer_id, c.repair_order_id, c.vehicle_id, c.received_at,
      c.category, ro.sa_id, v.model_id, c.status, c.feedback_at, c.feedback_due_at, c.due_at, c.closed_at, c.was_overdue, c.preventable,
      coalesce((select sum(r.cost_fen) from complaint_recoveries r where r.dealer_id = c.dealer_id and r.complaint_id = c.id and r.status = 'approved'), 0)::bigint as recovery_cost_fen
    from complaints c
    left join repair_orders ro on ro.dealer_id = c.dealer_id and ro.id = c.repair_order_id
    left join vehicles v on v.id = c.vehicle_id`,
  `create view complaint_fact_chain as
    select complaint_id, customer_id, (row_number() over w)::int as nth, lag(received_at) over w as prev, lag(received_at, 2) over w as prev2
    from complaint_facts window w as (partition by customer_id order by received_at, complaint_id)`,
  `create function complaint_facts_sync(ids uuid[]) returns void language sql as $$
    insert into complaint_facts as f (complaint_id, dealer_id, network_id, customer_id, repair_order_id, vehicle_id, received_at,
      category, sa_id, model_id, status, feedback_at, feedback_due_at, due_at, closed_at, was_overdue, preventable, recovery_cost_fen)
    select r.* from unnest(ids) i(id) join complaint_fact_rows r on r.complaint_id = i.id
    on conflict (complaint_id) do update set dealer_id = excluded.dealer_id, network_id = excluded.network_id,
      customer_id = excluded.customer_id, repair_order_id = excluded.repair_order_id, vehicle_id = excluded.vehicle_id,
      received_at = excluded.received_at, category = excluded.category, sa_id = excluded.sa_id, model_id = excluded.model_id,
      status = excluded.status, feedback_at = excluded.feedback_at, feedback_due_at = excluded.feedback_due_at,
      due_at = excluded.due_at, closed_at = excluded.closed_at, was_overdue = excluded.was_overdue,
      preventable = excluded.preventable, recovery_cost_fen = excluded.recovery_cost_fen;
    delete from complaint_facts f where f.complaint_id = any(ids) and not exists (select from complaints c where c.id = f.complaint_id);
  $$`,
  `create function complaint_facts_chain(customer_ids uuid[]) returns void language plpgsql as $$
    begin
      -- Most changes of a case leave its customer and time as they were: nothing to renumber.
      if cardinality(customer_ids) = 0 then
        return;
      end if;
      perform from customers where id = any(customer_ids) order by id for no key update;
      update complaint_facts f set nth = p.nth, prev_received_at = p.prev, prev2_received_at = p.prev2
      from complaint_fact_chain p
      where p.customer_id = any(customer_ids) and f.complaint_id = p.complaint_id
        and (f.nth, f.prev_received_at, f.prev2_received_at) is distinct from (p.nth, p.prev, p.prev2);
    end $$`,

  // The dimensions a case is counted under: one row each, as the analysis keys them.
  `create function complaint_fact_dims(category text, sa_id uuid, model_id uuid) returns table (dim text, key text)
    language sql immutable parallel safe as $$
      select * from (values ('category', coalesce(category, 'uncategorised')), ('service_advisor', coalesce(sa_id::text, 'none')),
        ('model', coalesce(model_id::text, 'none'))) v(dim, key)
    $$`,
  `create table complaint_month_counts (
    dealer_id uuid not null,
    month timestamptz not null,
    dim text not null,
    key text not null,
    n int not null,
    primary key (dealer_id, month, dim, key)
  )`,
  // What a statement changed in the facts, as counts added (new rows) and taken away (old rows).
  `create function complaint_month_counts_of_facts() returns trigger language plpgsql as $$
    begin
      execute format($q$
        insert into complaint_month_counts as m (dealer_id, month, dim, key, n)
        select f.dealer_id, date_trunc('month', f.received_at, 'UTC'), k.dim, k.key, sum(f.d)::int
        from (%s) f cross join lateral complaint_fact_dims(f.category, f.sa_id, f.model_id) k
        group by 1, 2, 3, 4 having sum(f.d) <> 0
        on conflict (dealer_id, month, dim, key) do update set n = m.n + excluded.n
      $q$, case tg_op
        when 'INSERT' then 'select dealer_id, received_at, category, sa_id, model_id, 1 as d from new_rows'
        when 'DELETE' then 'select dealer_id, received_at, category, sa_id, model_id, -1 as d from old_rows'
        else 'select dealer_id, received_at, category, sa_id, model_id, 1 as d from new_rows
              union all select dealer_id, received_at, category, sa_id, model_id, -1 from old_rows' end);
      return null;
    end $$`,
  `create trigger complaint_month_counts_insert after insert on complaint_facts
    referencing new table as new_rows for each statement execute function complaint_month_counts_of_facts()`,
  `create trigger complaint_month_counts_update after update on complaint_facts
    referencing old table as old_rows new table as new_rows for each statement execute function complaint_month_counts_of_facts()`,
  `create trigger complaint_month_counts_delete after delete on complaint_facts
    referencing old table as old_rows for each statement execute function complaint_month_counts_of_facts()`,

  `create function complaint_facts_of_complaints() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        perform complaint_facts_sync(array(select id from new_rows));
        perform complaint_facts_chain(array(select distinct customer_id from new_rows));
      elsif tg_op = 'UPDATE' then
        perform complaint_facts_sync(array(select id from new_rows));
        perform complaint_facts_chain(array(
          select o.customer_id from old_rows o join new_rows n on n.id = o.id
          where (o.customer_id, o.received_at) is distinct from (n.customer_id, n.received_at)
          union select n.customer_id from old_rows o join new_rows n on n.id = o.id
          where (o.customer_id, o.received_at) is distinct from (n.customer_id, n.received_at)));
      else
        delete from complaint_facts where complaint_id in (select id from old_rows);
        perform complaint_facts_chain(array(select distinct customer_id from old_rows));
      end if;
      return null;
    end $$`,
  `create trigger complaint_facts_insert after insert on complaints
    referencing new table as new_rows for each statement execute function complaint_facts_of_complaints()`,
  `create trigger complaint_facts_update after update on complaints
    referencing old table as old_rows new table as new_rows for each statement execute function complaint_facts_of_complaints()`,
  `create trigger complaint_facts_delete after delete on complaints
    referencing old table as old_rows for each statement execute function complaint_facts_of_complaints()`,

  `create function complaint_facts_of_recoveries() returns trigger language plpgsql as $$
    begin
      if tg_op in ('UPDATE', 'DELETE') then
        perform complaint_facts_sync(array(select complaint_id from old_rows));
      end if;
      if tg_op in ('INSERT', 'UPDATE') then
        perform complaint_facts_sync(array(select complaint_id from new_rows));
      end if;
      return null;
    end $$`,
  `create trigger complaint_facts_insert after insert on complaint_recoveries
    referencing new table as new_rows for each statement execute function complaint_facts_of_recoveries()`,
  `create trigger complaint_facts_update after update on complaint_recoveries
    referencing old table as old_rows new table as new_rows for each statement execute function complaint_facts_of_recoveries()`,
  `create trigger complaint_facts_delete after delete on complaint_recoveries
    referencing old table as old_rows for each statement execute function complaint_facts_of_recoveries()`,

  `create function complaint_facts_of_repair_order() returns trigger language plpgsql as $$
    begin
      update complaint_facts set sa_id = new.sa_id where repair_order_id = new.id and dealer_id = new.dealer_id;
      return null;
    end $$`,
  `create trigger complaint_facts_update after update of sa_id on repair_orders for each row
    when (old.sa_id is distinct from new.sa_id) execute function complaint_facts_of_repair_order()`,
  `create function complaint_facts_of_vehicle() returns trigger language plpgsql as $$
    begin
      update complaint_facts set model_id = new.model_id where vehicle_id = new.id;
      return null;
    end $$`,
  `create trigger complaint_facts_update after update of model_id on vehicles for each row
    when (old.model_id is distinct from new.model_id) execute function complaint_facts_of_vehicle()`,
];

/** Filled from the cases there are, set-based (a bulk load without triggers runs them again; a test checks them against what the triggers kept). */
export const fillStatements = [
  `insert into complaint_facts (complaint_id, dealer_id, network_id, customer_id, repair_order_id, vehicle_id, received_at,
      category, sa_id, model_id, status, feedback_at, feedback_due_at, due_at, closed_at, was_overdue, preventable, recovery_cost_fen)
    select r.* from complaint_fact_rows r where not exists (select from complaint_facts f where f.complaint_id = r.complaint_id)`,
  `update complaint_facts f set nth = p.nth, prev_received_at = p.prev, prev2_received_at = p.prev2
    from complaint_fact_chain p
    where f.complaint_id = p.complaint_id and (f.nth, f.prev_received_at, f.prev2_received_at) is distinct from (p.nth, p.prev, p.prev2)`,
  `insert into complaint_month_counts (dealer_id, month, dim, key, n)
    select f.dealer_id, date_trunc('month', f.received_at, 'UTC'), k.dim, k.key, count(*)::int
    from complaint_facts f cross join lateral complaint_fact_dims(f.category, f.sa_id, f.model_id) k
    group by 1, 2, 3, 4
    on conflict (dealer_id, month, dim, key) do update set n = excluded.n`,
  'analyze complaint_facts',
  'analyze complaint_month_counts',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
  for (const statement of fillStatements) await sql.raw(statement).execute(db);
}
