import { type Kysely, sql } from 'kysely';

// Messages survive a crash exactly once (issue 12 §11): a claimed message holds a lease; a claim
// that outlives its process (the lease has passed) is claimed again and handed to the channel with
// the same idempotency key, so the gateway answers the first reference instead of sending twice.
const statements = [
  `alter table outbox_messages add column lease_until timestamptz`,
  // The sweep looks for messages not settled after their time.
  `create index outbox_messages_unsettled_idx on outbox_messages (not_before) where status in ('pending','sending')`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
