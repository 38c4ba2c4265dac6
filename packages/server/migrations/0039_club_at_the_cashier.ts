import { type Kysely, sql } from 'kysely';

// The club at the cashier (issue 17). A member's free checks and washes are applied at settlement to
// the labour lines whose operation code the network names for them; each use is a row (one per RO
// line: an invoice made twice cannot use a benefit twice), counted over 12 months at every dealer.
// An annual fee is money taken at a dealer's cashier: each payment is a row with its method and the
// year it buys, and the membership's paid-until follows from it.
const statements = [
  `alter table club_settings add column benefit_codes jsonb not null default '{"check": [], "wash": []}'`,

  `create table club_benefit_uses (
    network_id uuid not null,
    dealer_id uuid not null,
    ro_line_id uuid not null,
    invoice_id uuid not null,
    customer_id uuid not null,
    kind text not null check (kind in ('check','wash')),
    value_fen int not null check (value_fen >= 0),
    at timestamptz not null,
    primary key (dealer_id, ro_line_id),
    foreign key (dealer_id, ro_line_id) references ro_lines (dealer_id, id),
    foreign key (dealer_id, invoice_id) references invoices (dealer_id, id),
    foreign key (network_id, customer_id) references club_memberships (network_id, customer_id)
  )`,
  `create index club_benefit_uses_customer_idx on club_benefit_uses (network_id, customer_id, kind, at)`,

  `create table club_fees (
    network_id uuid not null,
    id uuid not null,
    customer_id uuid not null,
    dealer_id uuid not null references dealers(id),
    level text not null check (level in ('silver','gold','platinum')),
    fee_fen int not null check (fee_fen > 0),
    method text not null check (method in ('cash','card','wechat_pay','alipay')),
    paid_from date not null,
    paid_until date not null,
    received_by uuid not null references users(id),
    at timestamptz not null,
    primary key (network_id, id),
    foreign key (network_id, customer_id) references club_memberships (network_id, customer_id),
    check (paid_until > paid_from)
  )`,
  `create index club_fees_dealer_idx on club_fees (network_id, dealer_id, at)`,
  `create index club_fees_customer_idx on club_fees (network_id, customer_id, at)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table club_fees`.execute(db);
  await sql`drop table club_benefit_uses`.execute(db);
  await sql`alter table club_settings drop column benefit_codes`.execute(db);
}
