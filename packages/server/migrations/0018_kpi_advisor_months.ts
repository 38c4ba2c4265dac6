import { type Kysely, sql } from 'kysely';

// The advisor drill-down reads a monthly rollup per service advisor, filled by the same refresh and
// the same grouped query as kpi_dealer_months (so a dealer's advisor rows add up to its dealer row),
// instead of computing a dealer's period from the records on every click. `advisor_key` is the
// advisor's user id, or 'none' for what names no advisor (walk-ins, unassigned appointments, the
// retention stock). Both rollups also keep CSI by factor (domain §11): the sum and the count of the
// responses' factor scores, per J.D. Power factor of the default questionnaire.
const COUNT_COLUMNS = [
  'vehicles_in',
  'revenue_fen',
  'arrivals_all',
  'appt_arrived',
  'appt_due',
  'no_shows',
  'confirmed',
  'timely',
  'delivered',
  'delivered_on_time',
  'ftf_judged',
  'ftf_fixed',
  'repairs',
  'repeats',
  'reminder_targets',
  'reminder_returned',
  'tasks_due',
  'tasks_closed',
  'ros_opened',
  'complaints',
  'responded_in_time',
  'complaints_closed',
  'close_seconds',
  'csi_count',
  'retention_active',
  'retention_retained',
  'process_visits',
  'process_complete',
];
const FACTORS = ['initiation', 'advisor', 'facility', 'pickup', 'quality'];
const factorColumns = FACTORS.flatMap((f) => [`csi_${f}_sum numeric not null default 0`, `csi_${f}_count bigint not null default 0`]);

const statements = [
  `alter table kpi_dealer_months ${factorColumns.map((c) => `add column ${c}`).join(', ')}`,
  `create table kpi_advisor_months (
    dealer_id uuid not null references dealers (id),
    month date not null,
    advisor_key text not null,
    ${COUNT_COLUMNS.map((c) => `${c} bigint not null default 0`).join(',\n    ')},
    csi_sum numeric not null default 0,
    ${factorColumns.join(',\n    ')},
    primary key (dealer_id, month, advisor_key),
    check (extract(day from month) = 1)
  )`,
  `create index kpi_advisor_months_month_idx on kpi_advisor_months (month)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
