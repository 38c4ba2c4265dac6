import { describe, expect, it } from 'vitest';
import {
  customerValue,
  DEFAULT_RETENTION,
  frequencyScore,
  lifetimeValueFen,
  monetaryScore,
  recencyScore,
  retentionOf,
  segmentOf,
  topFifthShare,
  trendOf,
  VALUE_DEFAULTS,
} from './customer-value.rules.js';

describe('RFM scores', () => {
  it('scores recency by days since the last visit, 5 within 90 days down to 1 past 540', () => {
    expect([0, 90, 91, 180, 181, 365, 366, 540, 541].map(recencyScore)).toEqual([5, 5, 4, 4, 3, 3, 2, 2, 1]);
  });

  it('scores frequency by visits a year and money by revenue a year', () => {
    expect([0, 0.5, 1, 2, 2.5, 3, 4, 12].map(frequencyScore)).toEqual([1, 1, 2, 3, 3, 4, 5, 5]);
    // 800, 2,000, 4,000 and 8,000 yuan a year.
    expect([0, 79_999, 80_000, 200_000, 399_999, 400_000, 800_000].map(monetaryScore)).toEqual([1, 1, 2, 3, 3, 4, 5]);
  });
});

describe('segments', () => {
  it('names the segment of R, F and M, first match wins', () => {
    expect(segmentOf({ r: 5, f: 1, m: 1, isNew: true })).toBe('new');
    expect(segmentOf({ r: 5, f: 4, m: 4, isNew: false })).toBe('champions');
    expect(segmentOf({ r: 4, f: 5, m: 3, isNew: false })).toBe('loyal');
    expect(segmentOf({ r: 3, f: 3, m: 1, isNew: false })).toBe('loyal');
    expect(segmentOf({ r: 5, f: 2, m: 5, isNew: false })).toBe('potential');
    expect(segmentOf({ r: 2, f: 3, m: 1, isNew: false })).toBe('at_risk');
    expect(segmentOf({ r: 2, f: 1, m: 3, isNew: false })).toBe('at_risk');
    expect(segmentOf({ r: 2, f: 2, m: 2, isNew: false })).toBe('hibernating');
    expect(segmentOf({ r: 1, f: 5, m: 5, isNew: false })).toBe('lost');
  });
});

describe('lifetime value', () => {
  it('sums the margin of the horizon’s years, kept by retention and discounted', () => {
    // 5,000 yuan a year at 35%: 1,750 yuan a year. Kept at 0.66 and discounted at 10%: q = 0.6.
    // 1,750 × (1 + 0.6 + 0.36 + 0.216 + 0.1296) = 1,750 × 2.3056 = 4,034.80 yuan.
    expect(lifetimeValueFen({ revenueFenPerYear: 500_000, retention: 0.66, settings: VALUE_DEFAULTS })).toBe(403_480);
    // Kept for sure and not discounted: the horizon's years at full margin.
    expect(
      lifetimeValueFen({ revenueFenPerYear: 100_000, retention: 1, settings: { ...VALUE_DEFAULTS, discountRate: 0, horizonYears: 3 } }),
    ).toBe(105_000);
    expect(lifetimeValueFen({ revenueFenPerYear: 0, retention: 0.9, settings: VALUE_DEFAULTS })).toBe(0);
  });

  it('learns retention from the dealer’s own customers, with a default when it has none', () => {
    expect(retentionOf({ priorYearCustomers: 200, returned: 130 })).toBe(0.65);
    expect(retentionOf({ priorYearCustomers: 0, returned: 0 })).toBe(DEFAULT_RETENTION);
  });
});

describe('trend', () => {
  it('compares the last 12 months with the 12 before, by revenue, by visits when neither brought money', () => {
    expect(trendOf({ recentVisits: 1, priorVisits: 0, recentFen: 100, priorFen: 0 })).toBe('new');
    expect(trendOf({ recentVisits: 1, priorVisits: 3, recentFen: 70_000, priorFen: 100_000 })).toBe('declining');
    expect(trendOf({ recentVisits: 2, priorVisits: 2, recentFen: 71_000, priorFen: 100_000 })).toBe('steady');
    expect(trendOf({ recentVisits: 2, priorVisits: 2, recentFen: 130_000, priorFen: 100_000 })).toBe('rising');
    expect(trendOf({ recentVisits: 0, priorVisits: 2, recentFen: 0, priorFen: 0 })).toBe('declining');
  });
});

describe('a customer’s value', () => {
  const today = '2026-06-30';
  const base = { today, settings: VALUE_DEFAULTS, retention: 0.66 };

  it('reads R, F and M over the window, the grid and the trend, leaving out what is after today', () => {
    const v = customerValue(
      {
        // Four visits in the last 24 months (one before the window, one after today).
        visits: ['2024-05-01', '2024-09-10', '2025-03-01', '2025-12-01', '2026-06-10', '2026-07-05'],
        invoices: [
          { on: '2024-05-01', fen: 900_000 },
          { on: '2024-09-10', fen: 200_000 },
          { on: '2025-03-01', fen: 300_000 },
          { on: '2025-12-01', fen: 150_000 },
          { on: '2026-06-10', fen: 250_000 },
        ],
        vehicles: 2,
      },
      base,
    )!;
    expect(v).toMatchObject({
      firstVisitOn: '2024-05-01',
      lastVisitOn: '2026-06-10',
      recencyDays: 20,
      visits: 4,
      revenueFen: 900_000,
      r: 5,
      // Two visits a year, 4,500 yuan a year.
      f: 3,
      m: 4,
      segment: 'loyal',
      visitsPerYear: 2,
      revenuePerVehicleFen: 450_000,
      recentVisits: 2,
      priorVisits: 2,
      recentFen: 400_000,
      priorFen: 500_000,
      trend: 'steady',
    });
    expect(v.lifetimeValueFen).toBe(lifetimeValueFen({ revenueFenPerYear: 450_000, retention: 0.66, settings: VALUE_DEFAULTS }));
  });

  it('calls a single recent first visit new, and nothing a customer who never came', () => {
    expect(customerValue({ visits: ['2026-05-01'], invoices: [{ on: '2026-05-01', fen: 50_000 }], vehicles: 1 }, base)?.segment).toBe(
      'new',
    );
    expect(customerValue({ visits: ['2025-11-01'], invoices: [], vehicles: 1 }, base)?.segment).toBe('potential');
    expect(customerValue({ visits: ['2026-08-01'], invoices: [], vehicles: 1 }, base)).toBeNull();
  });
});

describe('the 80/20 view', () => {
  it('gives the share of revenue of the top fifth of customers', () => {
    expect(topFifthShare([800, 50, 50, 50, 50])).toBe(0.8);
    expect(topFifthShare([10, 10, 10, 10, 10, 10])).toBeCloseTo(20 / 60);
    expect(topFifthShare([0, 0])).toBeNull();
  });
});
