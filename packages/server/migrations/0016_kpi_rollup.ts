import { type Kysely, sql } from 'kysely';

// The network cockpit reads a monthly rollup per dealer (issue 13 §2, §3): counts only, never
// rates, so that any set of dealers and months adds up (sum of numerators over sum of
// denominators). `refreshKpis` recomputes a range of months set-based; `kpi_refreshes` says when.
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

const statements = [
  `create table kpi_dealer_months (
    dealer_id uuid not null references dealers (id),
    month date not null,
    ${COUNT_COLUMNS.map((c) => `${c} bigint not null default 0`).join(',\n    ')},
    csi_sum numeric not null default 0,
    primary key (dealer_id, month),
    check (extract(day from month) = 1)
  )`,
  `create index kpi_dealer_months_month_idx on kpi_dealer_months (month)`,
  `create table kpi_refreshes (
    network_id uuid primary key references networks (id),
    refreshed_at timestamptz not null,
    from_month date not null,
    to_month date not null
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
