import { type Kysely, sql } from 'kysely';

// Customer value, second part: the key-customer pyramid's tier and the retention priority with the
// loyalty, satisfaction and contribution it is made of (customer-value.rules.ts). The rows are derived
// and replaced nightly; until the next computation the defaults below stand for "not computed yet".
const COLUMNS = [
  `tier text not null default 'general' check (tier in ('vip','key','regular','general'))`,
  'tenure_score smallint not null default 1 check (tenure_score between 1 and 5)',
  'loyalty smallint not null default 1 check (loyalty between 1 and 5)',
  'latest_csi numeric(5,2)',
  'complaints_12m int not null default 0',
  'open_complaints int not null default 0',
  'satisfaction smallint check (satisfaction between 1 and 5)',
  'priority smallint not null default 0 check (priority between 0 and 100)',
  `priority_level text not null default 'low' check (priority_level in ('high','medium','low'))`,
];

const statements = [
  `alter table customer_values ${COLUMNS.map((c) => `add column ${c}`).join(', ')}`,
  // Derived rows, replaced every night from visits that hold these keys: checking a million keys and
  // keeping two more indexes each night cost the computation a third of its time (bench/README.md,
  // customer-value). A dealer's lists read its rows by the primary key's dealer_id and sort a few
  // thousand rows; the car maker's read the whole table either way.
  `alter table customer_values drop constraint customer_values_customer_id_fkey, drop constraint customer_values_dealer_id_fkey`,
  `drop index customer_values_segment_idx`,
  `drop index customer_values_value_idx`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`create index customer_values_segment_idx on customer_values (dealer_id, segment, lifetime_value_fen desc)`.execute(db);
  await sql`create index customer_values_value_idx on customer_values (dealer_id, lifetime_value_fen desc)`.execute(db);
  await sql`alter table customer_values add foreign key (dealer_id) references dealers(id), add foreign key (customer_id) references customers(id)`.execute(
    db,
  );
  const names = COLUMNS.map((c) => c.split(' ')[0]);
  await sql.raw(`alter table customer_values ${names.map((n) => `drop column ${n}`).join(', ')}`).execute(db);
}
