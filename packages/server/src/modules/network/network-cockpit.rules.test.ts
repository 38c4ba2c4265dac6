import { describe, expect, it } from 'vitest';
import {
  emptyCounts,
  type KpiCounts,
  kpiValues,
  monthsBefore,
  monthsOf,
  nextMonth,
  percentile,
  pooledValues,
  sumMonths,
  topQuartile,
} from './network-cockpit.rules.js';

// Worked examples, computed by hand.

const counts = (over: Partial<KpiCounts>): KpiCounts => ({ ...emptyCounts(), ...over });

describe('CSI by factor', () => {
  it("is each factor's mean score over the responses that answered it, pooled over the dealers for the network", () => {
    // Dealer 1: initiation 70 and 80 (2 responses), advisor 240 over 3; dealer 2: initiation 90 (1).
    const one = counts({ csi_initiation_sum: 150, csi_initiation_count: 2, csi_advisor_sum: 240, csi_advisor_count: 3 });
    const two = counts({ csi_initiation_sum: 90, csi_initiation_count: 1 });
    expect(kpiValues(one)).toMatchObject({ csiInitiation: 75, csiAdvisor: 80, csiFacility: null, csiPickup: null, csiQuality: null });
    expect(kpiValues(two).csiAdvisor).toBeNull();
    // Pooled: (150 + 90) / 3 = 80, not the mean of the dealers' 75 and 90.
    expect(pooledValues([one, two])).toMatchObject({ csiInitiation: 80, csiAdvisor: 80 });
    // Higher is better: the 75th percentile of 75 and 90 = 86.25.
    expect(topQuartile([kpiValues(one), kpiValues(two)]).csiInitiation).toBe(86.3);
    // Months add up as flows.
    expect(
      sumMonths([
        { month: '2026-09', counts: one },
        { month: '2026-10', counts: two },
      ]).csi_initiation_count,
    ).toBe(3);
  });
});

describe('one dealer', () => {
  it('turns counts into figures: percent with one decimal, fen, hours, a 0–100 score; null with nothing to measure', () => {
    const values = kpiValues(
      counts({
        vehicles_in: 3,
        timely: 2,
        revenue_fen: 123_456,
        appt_due: 6,
        no_shows: 1,
        complaints: 2,
        ros_opened: 3,
        complaints_closed: 2,
        close_seconds: 2 * 3600 + 3 * 3600 + 1800, // 2 h and 3.5 h
        csi_sum: 260,
        csi_count: 3,
      }),
    );
    expect(values.throughput).toBe(3);
    expect(values.revenueFen).toBe(123_456);
    expect(values.timelyReceptionRate).toBe(66.7); // 2 / 3
    expect(values.noShowRate).toBe(16.7); // 1 / 6
    expect(values.complaintsPer100Ros).toBe(66.7); // 2 complaints per 3 ROs = 66.7 per 100
    expect(values.complaintCloseHours).toBe(2.8); // 5.5 h / 2
    expect(values.csiScore).toBe(86.7); // 260 / 3
    expect(values.firstTimeFixRate).toBeNull();
    expect(values.retentionRate).toBeNull();
  });

  it('adds months up, but takes the active base of the last month (a stock)', () => {
    const total = sumMonths([
      { month: '2026-11', counts: counts({ vehicles_in: 4, retention_active: 12, retention_retained: 9 }) },
      { month: '2026-10', counts: counts({ vehicles_in: 3, retention_active: 10, retention_retained: 5 }) },
    ]);
    expect(total).toMatchObject({ vehicles_in: 7, retention_active: 12, retention_retained: 9 });
    expect(kpiValues(total).retentionRate).toBe(75);
  });
});

describe('the network', () => {
  it('pools the average: the sum of numerators over the sum of denominators; a count is per dealer', () => {
    // Dealer 1: 1 no-show of 4 due, 90 in; dealer 2: 3 of 6, 10 in; dealer 3: nothing due, 20 in.
    const dealers = [
      counts({ appt_due: 4, no_shows: 1, vehicles_in: 90 }),
      counts({ appt_due: 6, no_shows: 3, vehicles_in: 10 }),
      counts({ vehicles_in: 20 }),
    ];
    const average = pooledValues(dealers);
    expect(average.noShowRate).toBe(40); // 4 / 10, not the mean of 25 % and 50 %
    expect(average.throughput).toBe(40); // 120 / 3 dealers
    expect(average.csiScore).toBeNull();
    expect(pooledValues([]).throughput).toBeNull();
  });

  it('interpolates percentiles between the nearest ranks', () => {
    expect(percentile([10, 20, 30, 40, 50], 0.75)).toBe(40); // rank 3 exactly
    expect(percentile([1, 3], 0.75)).toBe(2.5); // rank 0.75: 1 + 0.75 × 2
    expect(percentile([40, 10, 30, 20], 0.25)).toBe(17.5); // sorted 10, 20, 30, 40; rank 0.75: 10 + 0.75 × 10
    expect(percentile([7], 0.75)).toBe(7);
    expect(percentile([], 0.75)).toBeNull();
  });

  it('takes the top quartile by direction, over the dealers that have the figure', () => {
    const quartile = topQuartile([
      { ...kpiValues(emptyCounts()), onTimeDeliveryRate: 80, noShowRate: 10, complaintCloseHours: 30 },
      { ...kpiValues(emptyCounts()), onTimeDeliveryRate: 90, noShowRate: 20, complaintCloseHours: 10 },
      { ...kpiValues(emptyCounts()), onTimeDeliveryRate: 100, noShowRate: 30, complaintCloseHours: null },
      { ...kpiValues(emptyCounts()), onTimeDeliveryRate: 60, noShowRate: 40, complaintCloseHours: 20 },
    ]);
    // Higher is better: 60, 80, 90, 100 → rank 2.25 → 90 + 0.25 × 10 = 92.5.
    expect(quartile.onTimeDeliveryRate).toBe(92.5);
    // Lower is better: 10, 20, 30, 40 → rank 0.75 → 17.5.
    expect(quartile.noShowRate).toBe(17.5);
    // Three dealers have a close time: 10, 20, 30 → rank 0.5 → 15.
    expect(quartile.complaintCloseHours).toBe(15);
    expect(quartile.csiScore).toBeNull();
  });
});

describe('months', () => {
  it('counts whole months across the year end', () => {
    expect(monthsOf('2026-11', '2027-02')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(monthsOf('2026-11', '2026-10')).toEqual([]);
    expect(nextMonth('2026-12')).toBe('2027-01');
    expect(monthsBefore('2027-01', 2)).toBe('2026-11');
    expect(monthsBefore('2026-12', 12)).toBe('2025-12');
  });
});
