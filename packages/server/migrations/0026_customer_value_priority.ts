import { type Kysely, sql } from 'kysely';

// Customer value, second part: the key-customer pyramid's tier and the retention priority with the
// loyalty, satisfaction and contribution it is made of (customer-value.rules.ts). The rows are derived
// and replaced nightly; until the next computation the defaults below stand for "not computed yet".
const statements = [
  `alter table customer_values
    add column tier text not null default 'general' check (tier in ('vip','key','regular','general')),
    add column tenure_score smallint not null default 1 check (tenure_score between 1 and 5),
    add column loyalty smallint not null default 1 check (loyalty between 1 and 5),
    add column latest_csi numeric(5,2),
    add column complaints_12m int not null default 0,
    add column open_complaints int not null default 0,
    add column satisfaction smallint check (satisfaction between 1 and 5),
    add column priority smallint not null default 0 check (priority between 0 and 100),
    add column priority_level text not null default 'low' check (priority_level in ('high','medium','low'))`,
  `create index customer_values_priority_idx on customer_values (dealer_id, priority desc, lifetime_value_fen desc)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index customer_values_priority_idx`.execute(db);
  for (const column of [
    'tier',
    'tenure_score',
    'loyalty',
    'latest_csi',
    'complaints_12m',
    'open_complaints',
    'satisfaction',
    'priority',
    'priority_level',
  ])
    await sql.raw(`alter table customer_values drop column ${column}`).execute(db);
}
