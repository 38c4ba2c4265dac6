// The cockpit's pure rules: each KPI's unit and direction, how a figure reads and compares with the
// network, the default period, the filters' options and where each record behind a figure opens.
import type { Dealer, KpiRecord, KpiTrend, NetworkKpi, NetworkKpiQuery } from '@servicebay/contracts';
import { DEALER_GRADES, LOWER_IS_BETTER, NETWORK_KPIS } from '@servicebay/contracts/constants';

export type KpiUnit = 'count' | 'fen' | 'percent' | 'per100' | 'hours' | 'score';

export const KPI_UNITS: Record<NetworkKpi, KpiUnit> = {
  throughput: 'count',
  revenueFen: 'fen',
  appointmentRate: 'percent',
  noShowRate: 'percent',
  confirmationRate: 'percent',
  timelyReceptionRate: 'percent',
  onTimeDeliveryRate: 'percent',
  firstTimeFixRate: 'percent',
  repeatRepairRate: 'percent',
  maintenanceReturnRate: 'percent',
  followUpCompletionRate: 'percent',
  complaintsPer100Ros: 'per100',
  complaintResponse24hRate: 'percent',
  complaintCloseHours: 'hours',
  csiScore: 'score',
  csiInitiation: 'score',
  csiAdvisor: 'score',
  csiFacility: 'score',
  csiPickup: 'score',
  csiQuality: 'score',
  retentionRate: 'percent',
  processExecutionRate: 'percent',
};

/** The KPIs measured as a share (%), e.g. for picking one to drill into. */
export const RATE_KPIS = NETWORK_KPIS.filter((kpi) => KPI_UNITS[kpi] === 'percent');

/** Decimals shown (and compared) for each unit; money is shown in whole yuan. */
const DECIMALS: Record<KpiUnit, number> = { count: 1, fen: 0, percent: 1, per100: 2, hours: 1, score: 1 };

export const lowerIsBetter = (kpi: NetworkKpi) => LOWER_IS_BETTER.includes(kpi);

/** The value as shown: money in yuan, the rest as they come, rounded to the unit's decimals. */
export function displayValue(kpi: NetworkKpi, value: number): number {
  const unit = KPI_UNITS[kpi];
  const shown = unit === 'fen' ? value / 100 : value;
  const factor = 10 ** DECIMALS[unit];
  return Math.round(shown * factor) / factor;
}

const grouped = (n: number, decimals: number) =>
  n.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });

/**
 * A figure in its unit: "92.1%", "¥1,234,567", "128" (a count; an average may be "66.7"),
 * "1.25" complaints per 100 ROs, "36.5 h" (the hours suffix is the caller's, translated), "87.3".
 */
export function formatKpi(kpi: NetworkKpi, value: number | null | undefined, text: { none: string; hours: string }): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return text.none;
  const unit = KPI_UNITS[kpi];
  const shown = displayValue(kpi, value);
  switch (unit) {
    case 'percent':
      return `${shown.toFixed(1)}%`;
    case 'fen':
      return `¥${grouped(shown, 0)}`;
    case 'count':
      return grouped(shown, Number.isInteger(shown) ? 0 : 1);
    case 'per100':
      return shown.toFixed(2);
    case 'hours':
      return `${grouped(shown, 1)} ${text.hours}`;
    case 'score':
      return shown.toFixed(1);
  }
}

export type Judgement = 'better' | 'worse' | 'even';

/**
 * How a figure compares with the network average, in the KPI's direction (lower is better for the
 * no-show and repeat-repair rates, complaints per 100 ROs and the close time). Figures equal as shown
 * are even; a missing figure or average is not judged.
 */
export function judge(kpi: NetworkKpi, value: number | null | undefined, average: number | null | undefined): Judgement | null {
  if (value === null || value === undefined || average === null || average === undefined) return null;
  const a = displayValue(kpi, value);
  const b = displayValue(kpi, average);
  if (a === b) return 'even';
  return a > b !== lowerIsBetter(kpi) ? 'better' : 'worse';
}

/** Whether a figure is in the network's top quartile (at or beyond its threshold, in the KPI's direction). */
export function inTopQuartile(kpi: NetworkKpi, value: number | null | undefined, threshold: number | null | undefined): boolean {
  if (value === null || value === undefined || threshold === null || threshold === undefined) return false;
  const a = displayValue(kpi, value);
  const b = displayValue(kpi, threshold);
  return lowerIsBetter(kpi) ? a <= b : a >= b;
}

/**
 * antd's sorter: it negates the result for a descending sort, so missing figures are put last in
 * both directions by answering according to the order it passes.
 */
export function compareFigures(a: number | null | undefined, b: number | null | undefined, order?: 'ascend' | 'descend' | null): number {
  const aMissing = a === null || a === undefined;
  const bMissing = b === null || b === undefined;
  if (aMissing && bMissing) return 0;
  const last = order === 'descend' ? -1 : 1;
  if (aMissing) return last;
  if (bMissing) return -last;
  return a - b;
}

// ---- The period: whole months ----

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
export const MAX_MONTHS = 24;

const monthIndex = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
const monthOf = (index: number) => `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;

/** Months from `from` to `to`, both included (0 when they are the wrong way round). */
export function monthsBetween(from: string, to: string): number {
  return Math.max(0, monthIndex(to) - monthIndex(from) + 1);
}

export function monthsOf(from: string, to: string): string[] {
  return Array.from({ length: monthsBetween(from, to) }, (_, i) => monthOf(monthIndex(from) + i));
}

/** The last `count` full months before the month of `today` (YYYY-MM-DD). */
export function lastFullMonths(today: string, count = 12): { from: string; to: string } {
  const current = monthIndex(today.slice(0, 7));
  return { from: monthOf(current - count), to: monthOf(current - 1) };
}

/** The cockpit query of the page's address: a valid period (else the default) and the network filters. */
export function queryFromParams(params: URLSearchParams, today: string, withFilters: boolean): NetworkKpiQuery {
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const valid = MONTH.test(from) && MONTH.test(to) && from <= to && monthsBetween(from, to) <= MAX_MONTHS;
  const period = valid ? { from, to } : lastFullMonths(today);
  if (!withFilters) return period;
  const text = (key: string) => params.get(key)?.trim() || undefined;
  const grade = DEALER_GRADES.find((g) => g === params.get('grade'));
  return { ...period, region: text('region'), city: text('city'), grade };
}

// ---- The filters ----

const uniqueSorted = (values: (string | null | undefined)[]) =>
  [...new Set(values.filter((v): v is string => !!v))].sort((a, b) => a.localeCompare(b, 'zh-CN'));

/** The regions, cities (of the chosen region) and grades of the network's dealers. */
export function filterOptions(dealers: readonly Pick<Dealer, 'region' | 'city' | 'grade'>[], region?: string) {
  return {
    regions: uniqueSorted(dealers.map((d) => d.region)),
    cities: uniqueSorted(dealers.filter((d) => !region || d.region === region).map((d) => d.city)),
    grades: DEALER_GRADES.filter((g) => dealers.some((d) => d.grade === g)),
  };
}

// ---- The trend ----

/** The trend's months with the dealer's and the network's values as shown (money in yuan). */
export function trendSeries(trend: KpiTrend) {
  const shown = (v: number | null) => (v === null ? null : displayValue(trend.kpi, v));
  return {
    months: trend.months.map((m) => m.month),
    dealer: trend.months.map((m) => shown(m.dealer)),
    network: trend.months.map((m) => shown(m.network)),
  };
}

// ---- The records behind a figure ----

/**
 * The page that shows a record: the repair order (a visit that never got one comes as a
 * repair_order without a number, with the visit's id: its visit page), the complaint case, the
 * follow-up call, the appointment on the board of its day (`dayOf` gives the dealer's date of an
 * instant). Survey answers have no page of their own.
 */
export function recordPath(record: Pick<KpiRecord, 'kind' | 'id' | 'at' | 'number'>, dayOf: (iso: string) => string): string | null {
  switch (record.kind) {
    case 'repair_order':
      return record.number === null ? `/visits/${record.id}` : `/repair-orders/${record.id}`;
    case 'complaint':
      return `/complaints/${record.id}`;
    case 'follow_up':
      return `/follow-up/${record.id}`;
    case 'appointment':
      return `/appointments?date=${dayOf(record.at)}&open=${record.id}&highlight=${record.id}`;
    case 'survey':
      return null;
  }
}
