import { type Kysely, sql } from 'kysely';

// The dealer's own walk-around checklist (环车检查项目); null = the default list.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table dealer_settings add column walkaround_items jsonb`.execute(db);
}
