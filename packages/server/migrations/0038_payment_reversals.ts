import { type Kysely, sql } from 'kysely';

// A payment taken back at the cashier (issue 17: points are "reversed with the payment they came
// from"). A payment row is never changed or deleted: its reversal is a row of its own, one per
// payment (the key makes a retried or raced reversal a no-op), with who took it back and why.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table payment_reversals (
    dealer_id uuid not null,
    payment_id uuid not null,
    invoice_id uuid not null,
    reason text not null check (char_length(reason) between 2 and 200),
    reversed_by uuid not null references users(id),
    at timestamptz not null,
    primary key (dealer_id, payment_id),
    foreign key (dealer_id, payment_id) references payments (dealer_id, id),
    foreign key (dealer_id, invoice_id) references invoices (dealer_id, id)
  )`.execute(db);
  await sql`create index payment_reversals_invoice_idx on payment_reversals (dealer_id, invoice_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table payment_reversals`.execute(db);
}
