import { type Kysely, sql } from 'kysely';

// The technician's tablet (issue 12 §6): a labour line is finished by the technician who did it, and
// what they find — words and measurements, per line or for the order — is kept with the order.
const statements = [
  `alter table ro_lines add column finished_at timestamptz`,
  `alter table ro_lines add column finished_by uuid references users(id)`,
  `create table job_findings (
    dealer_id uuid not null,
    id uuid not null,
    repair_order_id uuid not null,
    line_id uuid,
    technician_id uuid not null references users(id),
    text text not null,
    measurements jsonb not null default '[]',
    created_at timestamptz not null,
    primary key (dealer_id, id),
    foreign key (dealer_id, repair_order_id) references repair_orders (dealer_id, id)
  )`,
  `create index job_findings_order_idx on job_findings (dealer_id, repair_order_id, created_at)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
