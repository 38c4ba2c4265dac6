import { type Kysely, sql } from 'kysely';

// Issue 18 §4b: a table distributed by dealer_id can only hold unique constraints that include
// dealer_id. The public links' token hashes become unique per dealer, and the links carry the
// dealer's code so that a lookup names the dealer. pickup_jobs and activity_invitations were made
// this way already.
//
// The plain index on the hash alone serves links issued before this change, which carry no dealer:
// that lookup fans out to every shard and is kept only for those links.
const tokens = [
  { table: 'repair_orders', column: 'progress_token_hash' },
  { table: 'appointments', column: 'manage_token_hash' },
  { table: 'additional_items', column: 'token_hash' },
  { table: 'survey_invitations', column: 'token_hash' },
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const { table, column } of tokens) {
    await sql.raw(`alter table ${table} drop constraint ${table}_${column}_key`).execute(db);
    await sql.raw(`alter table ${table} add constraint ${table}_${column}_key unique (dealer_id, ${column})`).execute(db);
    await sql.raw(`create index ${table}_${column}_idx on ${table} (${column}) where ${column} is not null`).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const { table, column } of tokens) {
    await sql.raw(`drop index ${table}_${column}_idx`).execute(db);
    await sql.raw(`alter table ${table} drop constraint ${table}_${column}_key`).execute(db);
    await sql.raw(`alter table ${table} add constraint ${table}_${column}_key unique (${column})`).execute(db);
  }
}
