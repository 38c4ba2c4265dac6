// Pure helpers of the service KPI page: the period's summary from the rows, and the cashier target.
import { PAY_TYPES } from '@servicebay/contracts/constants';
import type { ServiceKpiRow } from '../../api/kpis';

/** The cashier KPI: from ready to pay to paid within two minutes. */
export const CASHIER_TARGET_SECONDS = 120;

export type ServiceKpiSummary = {
  vehiclesIn: number;
  /** Weighted by the vehicles that came in (the rate's own denominator), percent. */
  timelyReceptionRate: number | null;
  /** The rows carry no delivery counts: the mean of the rows that had deliveries, percent. */
  onTimeDeliveryRate: number | null;
  /** Likewise the mean of the rows that had payments, seconds. */
  averageCashierSeconds: number | null;
  revenueByPayTypeFen: Record<string, number>;
  revenueFen: number;
};

const round1 = (value: number) => Math.round(value * 10) / 10;
const mean = (values: number[]) => (values.length ? values.reduce((s, v) => s + v, 0) / values.length : null);

export function summarise(rows: readonly ServiceKpiRow[]): ServiceKpiSummary {
  const vehiclesIn = rows.reduce((s, r) => s + r.vehiclesIn, 0);
  // The rate is timely ÷ vehicles in (one decimal): the count it came from is recovered exactly.
  const timely = rows.reduce(
    (s, r) => s + (r.timelyReceptionRate === null ? 0 : Math.round((r.timelyReceptionRate * r.vehiclesIn) / 100)),
    0,
  );
  const onTime = mean(rows.flatMap((r) => (r.onTimeDeliveryRate === null ? [] : [r.onTimeDeliveryRate])));
  const cashier = mean(rows.flatMap((r) => (r.averageCashierSeconds === null ? [] : [r.averageCashierSeconds])));
  const revenueByPayTypeFen: Record<string, number> = {};
  for (const row of rows)
    for (const [payType, fen] of Object.entries(row.revenueByPayTypeFen))
      revenueByPayTypeFen[payType] = (revenueByPayTypeFen[payType] ?? 0) + fen;
  return {
    vehiclesIn,
    timelyReceptionRate: vehiclesIn > 0 ? round1((timely / vehiclesIn) * 100) : null,
    onTimeDeliveryRate: onTime === null ? null : round1(onTime),
    averageCashierSeconds: cashier === null ? null : Math.round(cashier),
    revenueByPayTypeFen,
    revenueFen: Object.values(revenueByPayTypeFen).reduce((s, v) => s + v, 0),
  };
}

/** The pay types that earned anything in the period, in the contracts' order (unknown ones last). */
export function payTypesIn(rows: readonly ServiceKpiRow[]): string[] {
  const present = new Set(
    rows.flatMap((r) =>
      Object.entries(r.revenueByPayTypeFen)
        .filter(([, fen]) => fen !== 0)
        .map(([payType]) => payType),
    ),
  );
  return [...PAY_TYPES.filter((p) => present.has(p)), ...[...present].filter((p) => !(PAY_TYPES as readonly string[]).includes(p)).sort()];
}

export const withinCashierTarget = (seconds: number | null) => seconds !== null && seconds <= CASHIER_TARGET_SECONDS;

/** 95 → { minutes: 1, seconds: 35 }. */
export function minutesAndSeconds(totalSeconds: number): { minutes: number; seconds: number } {
  const rounded = Math.max(0, Math.round(totalSeconds));
  return { minutes: Math.floor(rounded / 60), seconds: rounded % 60 };
}
