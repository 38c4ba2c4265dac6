// The cockpit's arithmetic: each KPI as a numerator over a denominator of stored counts, the
// network average pooled over dealers and the top quartile by direction. Pure: the repository
// reads the counts (kpi_dealer_months, kpi_advisor_months), these decide.

import { CSI_FACTOR_KPIS, type CsiFactorKey, LOWER_IS_BETTER, NETWORK_KPIS, type NetworkKpi } from '@servicebay/contracts';

/** The CSI factors the rollup keeps a sum and a count of (the questionnaire's factor keys). */
export const CSI_FACTORS = Object.keys(CSI_FACTOR_KPIS) as CsiFactorKey[];
const factorSum = (factor: CsiFactorKey) => `csi_${factor}_sum` as const;
const factorCount = (factor: CsiFactorKey) => `csi_${factor}_count` as const;
export const CSI_FACTOR_COLUMNS = CSI_FACTORS.flatMap((f) => [factorSum(f), factorCount(f)]);

/**
 * The counts kept per dealer and month (columns of kpi_dealer_months, migration 0016; the CSI
 * factors from 0018) and per advisor of a dealer and month (kpi_advisor_months, 0018).
 */
export const COUNT_COLUMNS = [
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
  'csi_sum',
  ...CSI_FACTOR_COLUMNS,
] as const;
export type CountColumn = (typeof COUNT_COLUMNS)[number];
export type KpiCounts = Record<CountColumn, number>;
export type KpiValueMap = Record<NetworkKpi, number | null>;

/** Counts that describe a stock at a day (the active base), not a flow over the month: a period takes its last month. */
const STOCK_COLUMNS: readonly CountColumn[] = ['retention_active', 'retention_retained'];

export const emptyCounts = (): KpiCounts => Object.fromEntries(COUNT_COLUMNS.map((c) => [c, 0])) as KpiCounts;

/** A rate as percent with one decimal (the same rounding as the module KPI pages); null without a denominator. */
export const share = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10);
const oneDecimal = (value: number) => Math.round(value * 10) / 10;

type Formula =
  | { kind: 'count'; of: CountColumn }
  | { kind: 'percent'; part: CountColumn; whole: CountColumn }
  | { kind: 'mean'; sum: CountColumn; count: CountColumn; scale: number };

/** Every headline KPI as counts (domain §11). */
export const FORMULAS: Record<NetworkKpi, Formula> = {
  throughput: { kind: 'count', of: 'vehicles_in' },
  revenueFen: { kind: 'count', of: 'revenue_fen' },
  appointmentRate: { kind: 'percent', part: 'appt_arrived', whole: 'arrivals_all' },
  noShowRate: { kind: 'percent', part: 'no_shows', whole: 'appt_due' },
  confirmationRate: { kind: 'percent', part: 'confirmed', whole: 'appt_due' },
  timelyReceptionRate: { kind: 'percent', part: 'timely', whole: 'vehicles_in' },
  onTimeDeliveryRate: { kind: 'percent', part: 'delivered_on_time', whole: 'delivered' },
  firstTimeFixRate: { kind: 'percent', part: 'ftf_fixed', whole: 'ftf_judged' },
  repeatRepairRate: { kind: 'percent', part: 'repeats', whole: 'repairs' },
  maintenanceReturnRate: { kind: 'percent', part: 'reminder_returned', whole: 'reminder_targets' },
  followUpCompletionRate: { kind: 'percent', part: 'tasks_closed', whole: 'tasks_due' },
  complaintsPer100Ros: { kind: 'percent', part: 'complaints', whole: 'ros_opened' },
  complaintResponse24hRate: { kind: 'percent', part: 'responded_in_time', whole: 'complaints' },
  complaintCloseHours: { kind: 'mean', sum: 'close_seconds', count: 'complaints_closed', scale: 1 / 3600 },
  csiScore: { kind: 'mean', sum: 'csi_sum', count: 'csi_count', scale: 1 },
  // A factor's score: the mean of the responses' factor scores (each the weighted mean of its answered items, csi.rules.ts).
  csiInitiation: { kind: 'mean', sum: factorSum('initiation'), count: factorCount('initiation'), scale: 1 },
  csiAdvisor: { kind: 'mean', sum: factorSum('advisor'), count: factorCount('advisor'), scale: 1 },
  csiFacility: { kind: 'mean', sum: factorSum('facility'), count: factorCount('facility'), scale: 1 },
  csiPickup: { kind: 'mean', sum: factorSum('pickup'), count: factorCount('pickup'), scale: 1 },
  csiQuality: { kind: 'mean', sum: factorSum('quality'), count: factorCount('quality'), scale: 1 },
  retentionRate: { kind: 'percent', part: 'retention_retained', whole: 'retention_active' },
  processExecutionRate: { kind: 'percent', part: 'process_complete', whole: 'process_visits' },
};

/** The counts of several months of one dealer: flows add up, stocks are the last month's. */
export function sumMonths(months: readonly { month: string; counts: KpiCounts }[]): KpiCounts {
  const total = emptyCounts();
  const sorted = [...months].sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0));
  for (const { counts } of sorted)
    for (const column of COUNT_COLUMNS) total[column] = STOCK_COLUMNS.includes(column) ? counts[column] : total[column] + counts[column];
  return total;
}

/** One dealer's (or advisor's) figures from its counts. */
export function kpiValues(counts: KpiCounts): KpiValueMap {
  return Object.fromEntries(NETWORK_KPIS.map((kpi) => [kpi, figureOf(FORMULAS[kpi], counts, 1)])) as KpiValueMap;
}

function figureOf(formula: Formula, counts: KpiCounts, dealers: number): number | null {
  switch (formula.kind) {
    case 'count':
      return dealers === 0
        ? null
        : formula.of === 'revenue_fen'
          ? Math.round(counts[formula.of] / dealers)
          : oneDecimal(counts[formula.of] / dealers);
    case 'percent':
      return share(counts[formula.part], counts[formula.whole]);
    case 'mean':
      return counts[formula.count] === 0 ? null : oneDecimal((counts[formula.sum] / counts[formula.count]) * formula.scale);
  }
}

/**
 * The network average: pooled, the sum of the numerators over the sum of the denominators of the
 * dealers in scope (a big dealer weighs more); a count (vehicles in, revenue) is the mean per dealer.
 */
export function pooledValues(dealers: readonly KpiCounts[]): KpiValueMap {
  const total = emptyCounts();
  for (const counts of dealers) for (const column of COUNT_COLUMNS) total[column] += counts[column];
  return Object.fromEntries(NETWORK_KPIS.map((kpi) => [kpi, figureOf(FORMULAS[kpi], total, dealers.length)])) as KpiValueMap;
}

/** The p-th percentile (0–1) of the values, interpolated between the two nearest ranks (spreadsheet PERCENTILE.INC). */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = p * (sorted.length - 1);
  const below = Math.floor(rank);
  const above = Math.ceil(rank);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (rank - below);
}

/**
 * The top-quartile benchmark: the value a dealer must reach to be in the best quarter of the
 * dealers that have the figure — the 75th percentile, or the 25th where lower is better.
 */
export function topQuartile(dealers: readonly KpiValueMap[]): KpiValueMap {
  return Object.fromEntries(
    NETWORK_KPIS.map((kpi) => {
      const values = dealers.map((d) => d[kpi]).filter((v): v is number => v !== null);
      const value = percentile(values, LOWER_IS_BETTER.includes(kpi) ? 0.25 : 0.75);
      return [kpi, value === null ? null : kpi === 'revenueFen' ? Math.round(value) : oneDecimal(value)];
    }),
  ) as KpiValueMap;
}

/** The months of a period, `YYYY-MM` from `from` to `to` (both included). */
export function monthsOf(from: string, to: string): string[] {
  const months: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  for (let i = 0; i < 600; i++) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    if (month > to) break;
    months.push(month);
    if (m === 12) {
      y += 1;
      m = 1;
    } else m += 1;
  }
  return months;
}

/** The month after `month` (`YYYY-MM`). */
export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** The month `n` months before `month`. */
export function monthsBefore(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const total = y * 12 + (m - 1) - n;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}
