import { type Kysely, sql } from 'kysely';

// The search box (issue 14): every text a dealer's search can match, per dealer, so that a search is
// a few probes of one index instead of network-wide candidates checked against the dealer's links.
//
//   name, mobile, mobile_last4     a customer linked to the dealer (dealer_customers)
//   plate, plate_part, vin,        a vehicle linked to the dealer (dealer_vehicles), once for its owner
//   vin_last6                      and once for its user: the search finds both through the car
//
// `plate` is the whole plate key (matched from its start), `plate_part` each of its suffixes of three or
// more characters, the whole key included, so a fragment found anywhere in a plate is the start of
// one `plate_part` key: one kind per reading keeps each probe a single index range. `key` compares
// byte-wise (collate "C"): a prefix is a plain range that a prepared statement's generic plan can use.
//
// The table is kept by triggers, in the transaction of the write: a link inserted or deleted, a
// customer's name or mobile changed, a vehicle's plate, VIN, owner or user changed. Every writer
// (the use-cases, imports, the demo seed, the bench generators, tests inserting rows) is covered
// without having to call anything.
/**
 * The keys of the links there are, set-based, for the dealers matching `dealers` (an SQL condition on
 * `l.dealer_id`): the migration fills every dealer; a bulk load that skipped the triggers fills its own.
 */
export function fillStatements(dealers: string): string[] {
  return [
    `insert into customer_search_keys (dealer_id, kind, key, customer_id, vehicle_id)
      select l.dealer_id, k.kind, k.key, c.id, null
      from dealer_customers l join customers c on c.id = l.customer_id
      cross join lateral customer_search_key_texts(c.name, c.mobile) k
      where ${dealers}`,
    `insert into customer_search_keys (dealer_id, kind, key, customer_id, vehicle_id)
      select l.dealer_id, k.kind, k.key, p.customer_id, v.id
      from dealer_vehicles l join vehicles v on v.id = l.vehicle_id
      cross join lateral (values (v.owner_id), (nullif(v.user_id, v.owner_id))) p(customer_id)
      cross join lateral vehicle_search_key_texts(v.plate_key, v.vin) k
      where p.customer_id is not null and ${dealers}`,
  ];
}

const statements = [
  `create table customer_search_keys (
    dealer_id uuid not null,
    kind text not null check (kind in ('name','mobile','mobile_last4','plate','plate_part','vin','vin_last6')),
    key text collate "C" not null,
    customer_id uuid not null,
    vehicle_id uuid
  )`,

  `create function customer_search_key_texts(name text, mobile text) returns table (kind text, key text)
    language sql immutable parallel safe as $$
      select 'name', name union all select 'mobile', mobile union all select 'mobile_last4', right(mobile, 4)
    $$`,
  `create function vehicle_search_key_texts(plate_key text, vin text) returns table (kind text, key text)
    language sql immutable parallel safe as $$
      select 'plate', plate_key
      union all select 'plate_part', substr(plate_key, i) from generate_series(1, length(plate_key) - 2) i
      union all select 'vin', vin
      union all select 'vin_last6', right(vin, 6)
    $$`,

  // The fill, before the index.
  ...fillStatements('true'),
  `create index customer_search_keys_idx on customer_search_keys (dealer_id, kind, key) include (customer_id)`,
  'analyze customer_search_keys',

  // Links: statement-level, so a bulk insert of links (an import, a generator) is one set-based insert.
  // Every delete finds the keys through the search index, from the record's current texts. The linked
  // records are locked `for share` first: a concurrent change of a name, mobile, plate, owner or user
  // then waits for the link (or the link for it), and each side's next statement sees the other's
  // commit, so no key is computed from a text that is being replaced.
  `create function customer_search_keys_of_customer_links() returns trigger language plpgsql as $$
    begin
      if tg_op in ('DELETE', 'UPDATE') then
        perform from customers c where c.id in (select customer_id from old_links) for share;
        delete from customer_search_keys k
        using old_links l join customers c on c.id = l.customer_id cross join lateral customer_search_key_texts(c.name, c.mobile) o
        where k.dealer_id = l.dealer_id and k.kind = o.kind and k.key = o.key and k.customer_id = c.id and k.vehicle_id is null;
      end if;
      if tg_op in ('INSERT', 'UPDATE') then
        perform from customers c where c.id in (select customer_id from new_links) for share;
        insert into customer_search_keys (dealer_id, kind, key, customer_id, vehicle_id)
        select l.dealer_id, k.kind, k.key, c.id, null
        from new_links l join customers c on c.id = l.customer_id
        cross join lateral customer_search_key_texts(c.name, c.mobile) k;
      end if;
      return null;
    end $$`,
  `create trigger customer_search_keys_insert after insert on dealer_customers
    referencing new table as new_links for each statement execute function customer_search_keys_of_customer_links()`,
  `create trigger customer_search_keys_update after update on dealer_customers
    referencing old table as old_links new table as new_links for each statement execute function customer_search_keys_of_customer_links()`,
  `create trigger customer_search_keys_delete after delete on dealer_customers
    referencing old table as old_links for each statement execute function customer_search_keys_of_customer_links()`,

  `create function customer_search_keys_of_vehicle_links() returns trigger language plpgsql as $$
    begin
      if tg_op in ('DELETE', 'UPDATE') then
        perform from vehicles v where v.id in (select vehicle_id from old_links) for share;
        delete from customer_search_keys k
        using old_links l join vehicles v on v.id = l.vehicle_id cross join lateral vehicle_search_key_texts(v.plate_key, v.vin) o
        where k.dealer_id = l.dealer_id and k.kind = o.kind and k.key = o.key and k.vehicle_id = v.id;
      end if;
      if tg_op in ('INSERT', 'UPDATE') then
        perform from vehicles v where v.id in (select vehicle_id from new_links) for share;
        insert into customer_search_keys (dealer_id, kind, key, customer_id, vehicle_id)
        select l.dealer_id, k.kind, k.key, p.customer_id, v.id
        from new_links l join vehicles v on v.id = l.vehicle_id
        cross join lateral (values (v.owner_id), (nullif(v.user_id, v.owner_id))) p(customer_id)
        cross join lateral vehicle_search_key_texts(v.plate_key, v.vin) k
        where p.customer_id is not null;
      end if;
      return null;
    end $$`,
  `create trigger customer_search_keys_insert after insert on dealer_vehicles
    referencing new table as new_links for each statement execute function customer_search_keys_of_vehicle_links()`,
  `create trigger customer_search_keys_update after update on dealer_vehicles
    referencing old table as old_links new table as new_links for each statement execute function customer_search_keys_of_vehicle_links()`,
  `create trigger customer_search_keys_delete after delete on dealer_vehicles
    referencing old table as old_links for each statement execute function customer_search_keys_of_vehicle_links()`,

  // The records: per row, and only when a searched column changed (the WHEN clause costs nothing
  // otherwise). The old keys are found through the search index: the dealers come from the links,
  // the kind and text from the old row.
  `create function customer_search_keys_of_customer() returns trigger language plpgsql as $$
    begin
      delete from customer_search_keys k
      using dealer_customers l, customer_search_key_texts(old.name, old.mobile) o
      where l.customer_id = old.id and k.dealer_id = l.dealer_id and k.kind = o.kind and k.key = o.key
        and k.customer_id = old.id and k.vehicle_id is null;
      insert into customer_search_keys (dealer_id, kind, key, customer_id, vehicle_id)
      select l.dealer_id, k.kind, k.key, new.id, null
      from dealer_customers l cross join lateral customer_search_key_texts(new.name, new.mobile) k
      where l.customer_id = new.id;
      return null;
    end $$`,
  `create trigger customer_search_keys_update after update on customers for each row
    when (old.name is distinct from new.name or old.mobile is distinct from new.mobile)
    execute function customer_search_keys_of_customer()`,

  `create function customer_search_keys_of_vehicle() returns trigger language plpgsql as $$
    begin
      delete from customer_search_keys k
      using dealer_vehicles l, vehicle_search_key_texts(old.plate_key, old.vin) o
      where l.vehicle_id = old.id and k.dealer_id = l.dealer_id and k.kind = o.kind and k.key = o.key and k.vehicle_id = old.id;
      insert into customer_search_keys (dealer_id, kind, key, customer_id, vehicle_id)
      select l.dealer_id, k.kind, k.key, p.customer_id, new.id
      from dealer_vehicles l
      cross join lateral (values (new.owner_id), (nullif(new.user_id, new.owner_id))) p(customer_id)
      cross join lateral vehicle_search_key_texts(new.plate_key, new.vin) k
      where l.vehicle_id = new.id and p.customer_id is not null;
      return null;
    end $$`,
  `create trigger customer_search_keys_update after update on vehicles for each row
    when (old.plate_key is distinct from new.plate_key or old.vin is distinct from new.vin
      or old.owner_id is distinct from new.owner_id or old.user_id is distinct from new.user_id)
    execute function customer_search_keys_of_vehicle()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
