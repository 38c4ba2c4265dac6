import { type Kysely, sql } from 'kysely';

// The car maker steers its network by region (大区) as well as by city and grade (issue 13 §2).
const statements = [
  `alter table dealers add column region text`,
  `create index dealers_network_region_idx on dealers (network_id, region)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
