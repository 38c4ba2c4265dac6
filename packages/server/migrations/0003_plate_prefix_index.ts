import { type Kysely, sql } from 'kysely';

// "京A" is too short for the trigram index; plates typed from the province are matched as a prefix.
// The unique (network_id, plate_key) index cannot serve LIKE under a non-C collation.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index vehicles_plate_prefix_idx on vehicles (network_id, plate_key text_pattern_ops)`.execute(db);
}
