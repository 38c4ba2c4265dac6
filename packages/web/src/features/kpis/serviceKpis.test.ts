import { describe, expect, it } from 'vitest';
import type { ServiceKpiRow } from '../../api/kpis';
import { minutesAndSeconds, payTypesIn, summarise, withinCashierTarget } from './serviceKpis';

const row = (patch: Partial<ServiceKpiRow>): ServiceKpiRow => ({
  key: '2026-06-01',
  vehiclesIn: 0,
  timelyReceptionRate: null,
  onTimeDeliveryRate: null,
  averageCashierSeconds: null,
  revenueByPayTypeFen: {},
  ...patch,
});

describe('the service KPI summary', () => {
  it('weights timely reception by the vehicles that came in, and sums revenue by pay type', () => {
    const summary = summarise([
      row({ vehiclesIn: 3, timelyReceptionRate: 66.7, revenueByPayTypeFen: { customer: 10_000, warranty: 5_000 } }),
      row({ key: '2026-06-02', vehiclesIn: 1, timelyReceptionRate: 100, revenueByPayTypeFen: { customer: 2_500 } }),
    ]);
    expect(summary.vehiclesIn).toBe(4);
    expect(summary.timelyReceptionRate).toBe(75);
    expect(summary.revenueByPayTypeFen).toEqual({ customer: 12_500, warranty: 5_000 });
    expect(summary.revenueFen).toBe(17_500);
  });

  it('averages on-time delivery and cashier time over the rows that have them', () => {
    const summary = summarise([
      row({ onTimeDeliveryRate: 100, averageCashierSeconds: 90 }),
      row({ onTimeDeliveryRate: 50, averageCashierSeconds: 151 }),
      row({ vehiclesIn: 2 }),
    ]);
    expect(summary.onTimeDeliveryRate).toBe(75);
    expect(summary.averageCashierSeconds).toBe(121);
    expect(summarise([]).timelyReceptionRate).toBeNull();
  });

  it('lists the pay types that earned anything, in the contracts order', () => {
    expect(payTypesIn([row({ revenueByPayTypeFen: { goodwill: 1, customer: 5, internal: 0 } })])).toEqual(['customer', 'goodwill']);
  });

  it('marks the two-minute cashier target', () => {
    expect(withinCashierTarget(120)).toBe(true);
    expect(withinCashierTarget(121)).toBe(false);
    expect(withinCashierTarget(null)).toBe(false);
    expect(minutesAndSeconds(95)).toEqual({ minutes: 1, seconds: 35 });
  });
});
