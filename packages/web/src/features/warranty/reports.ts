// Pure rules of the warranty reports: the analysis period, rates as percentages, the Pareto series,
// and the settlement month.
import { MAX_RANGE_DAYS } from '@servicebay/contracts/constants';
import type { WarrantyAnalysis } from '../../api/warranty';

/** A rate 0–1 as a percentage with one decimal, or null. */
export function percentOf(rate: number | null | undefined): number | null {
  return rate === null || rate === undefined ? null : Math.round(rate * 1000) / 10;
}

/** The analysis period by default: the last 12 months to today (365 or 366 days, within the API's limit). */
export function defaultAnalysisRange(today: string): { from: string; to: string } {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  // A year back (29 February → 28 February), then the day after.
  const lastDay = new Date(Date.UTC(y - 1, m, 0)).getUTCDate();
  const from = new Date(Date.UTC(y - 1, m - 1, Math.min(d, lastDay) + 1));
  return { from: from.toISOString().slice(0, 10), to: today };
}

/** Days from `from` to `to` (YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Whether the API would refuse the period as too long (more than MAX_RANGE_DAYS, reported on `to`). */
export function rangeTooLong(from: string, to: string): boolean {
  return daysBetween(from, to) > MAX_RANGE_DAYS;
}

/** A period the API takes: a longer one is cut to the last MAX_RANGE_DAYS before its end. */
export function clampRange(from: string, to: string): { from: string; to: string; clamped: boolean } {
  if (!rangeTooLong(from, to)) return { from, to, clamped: false };
  const start = new Date(Date.parse(`${to}T00:00:00Z`) - MAX_RANGE_DAYS * 86_400_000);
  return { from: start.toISOString().slice(0, 10), to, clamped: true };
}

/** A month as the API takes it: YYYY-MM, 2000-01 to 2100-12. */
export function isMonth(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(value) && value >= '2000-01' && value <= '2100-12';
}

/** Last month, YYYY-MM (the settlement's default). */
export function previousMonth(today: string): string {
  const [y, m] = today.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

type ParetoRow = WarrantyAnalysis['byCausalPart'][number];

/** A Pareto chart's series: the approved amount in yuan (bars) and the cumulative share in % (line). */
export function paretoSeries(rows: readonly ParetoRow[], label: (key: string) => string = (k) => k) {
  return {
    labels: rows.map((r) => label(r.key)),
    amounts: rows.map((r) => r.approvedFen / 100),
    cumulative: rows.map((r) => Math.round(r.cumulativeShare * 1000) / 10),
    claims: rows.map((r) => r.claims),
  };
}

/** Whether a dealer's rejection or late rate is worth a red figure (a third or more). */
export const HIGH_RATE = 0.3;
