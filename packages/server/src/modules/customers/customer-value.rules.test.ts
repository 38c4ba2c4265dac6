import { describe, expect, it } from 'vitest';
import {
  customerValue,
  DEFAULT_RETENTION,
  frequencyScore,
  lifetimeValueFen,
  loyaltyOf,
  monetaryScore,
  recencyScore,
  retentionOf,
  retentionPriority,
  satisfactionOf,
  segmentOf,
  tierOf,
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

describe('the key-customer pyramid', () => {
  it('puts the top 5% by lifetime value in vip, up to 20% key, up to 50% regular, the rest general', () => {
    // 40 customers: ceil(2) vip, ceil(8) key, ceil(20) regular.
    expect([1, 2, 3, 8, 9, 20, 21, 40].map((rank) => tierOf(rank, 40))).toEqual([
      'vip',
      'vip',
      'key',
      'key',
      'regular',
      'regular',
      'general',
      'general',
    ]);
    // 7 customers: ceil(0.35) = 1 vip, ceil(1.4) = 2, ceil(3.5) = 4.
    expect([1, 2, 3, 4, 5].map((rank) => tierOf(rank, 7))).toEqual(['vip', 'key', 'regular', 'regular', 'general']);
    // 300 customers: exactly 15 vip, 60 within key (no rounding up of 15.000000000000002).
    expect([15, 16, 60, 61].map((rank) => tierOf(rank, 300))).toEqual(['vip', 'key', 'key', 'regular']);
    expect(tierOf(1, 1)).toBe('vip');
  });
});

describe('retention priority', () => {
  it('rounds loyalty up from tenure and frequency', () => {
    expect(loyaltyOf({ tenure: 5, f: 4 })).toBe(5);
    expect(loyaltyOf({ tenure: 2, f: 1 })).toBe(2);
    expect(loyaltyOf({ tenure: 3, f: 3 })).toBe(3);
  });

  it('reads satisfaction from the latest CSI, capped by a complaint within 12 months, 1 while one is open', () => {
    expect(satisfactionOf({ latestCsi: 92.5, complaints12m: 0, openComplaints: 0 })).toBe(5);
    expect(satisfactionOf({ latestCsi: 79.99, complaints12m: 0, openComplaints: 0 })).toBe(3);
    expect(satisfactionOf({ latestCsi: 59, complaints12m: 0, openComplaints: 0 })).toBe(1);
    expect(satisfactionOf({ latestCsi: 95, complaints12m: 1, openComplaints: 0 })).toBe(2);
    expect(satisfactionOf({ latestCsi: 50, complaints12m: 1, openComplaints: 0 })).toBe(1);
    expect(satisfactionOf({ latestCsi: null, complaints12m: 2, openComplaints: 0 })).toBe(2);
    expect(satisfactionOf({ latestCsi: 95, complaints12m: 1, openComplaints: 1 })).toBe(1);
    expect(satisfactionOf({ latestCsi: null, complaints12m: 0, openComplaints: 0 })).toBeNull();
  });

  it('weighs what is at stake by the sign of leaving', () => {
    // A top customer who complained: (5 + 5) × (6 − 2) × 2 = 80.
    expect(retentionPriority({ m: 5, loyalty: 5, r: 5, satisfaction: 2 })).toEqual({ score: 80, level: 'high' });
    // The same customer, recent and happy: (10) × (6 − 5) × 2 = 20.
    expect(retentionPriority({ m: 5, loyalty: 5, r: 5, satisfaction: 5 })).toEqual({ score: 20, level: 'low' });
    // Unknown satisfaction counts as 3: (3 + 3) × 3 × 2 = 36.
    expect(retentionPriority({ m: 3, loyalty: 3, r: 4, satisfaction: null })).toEqual({ score: 36, level: 'medium' });
    // A high-value customer lapsing: (4 + 4) × (6 − 2) × 2 = 64; a small one gone: (1 + 1) × 5 × 2 = 20.
    expect(retentionPriority({ m: 4, loyalty: 4, r: 2, satisfaction: 4 }).level).toBe('high');
    expect(retentionPriority({ m: 1, loyalty: 1, r: 1, satisfaction: null })).toEqual({ score: 20, level: 'low' });
    // The bounds: 24 is medium, 40 is high. An at-risk customer of some value: (3 + 2) × (6 − 2) × 2 = 40.
    expect(retentionPriority({ m: 2, loyalty: 2, r: 3, satisfaction: 3 })).toEqual({ score: 24, level: 'medium' });
    expect(retentionPriority({ m: 2, loyalty: 1, r: 3, satisfaction: null })).toEqual({ score: 18, level: 'low' });
    expect(retentionPriority({ m: 3, loyalty: 2, r: 2, satisfaction: null })).toEqual({ score: 40, level: 'high' });
    expect(retentionPriority({ m: 3, loyalty: 3, r: 3, satisfaction: 4 })).toEqual({ score: 36, level: 'medium' });
  });

  it('comes with the customer value from the surveys and complaints at the dealer', () => {
    const activity = {
      visits: ['2023-06-01', '2025-03-01', '2026-05-01'],
      invoices: [{ on: '2026-05-01', fen: 300_000 }],
      vehicles: 1,
      surveys: [
        { on: '2025-03-03', csi: 95 },
        { on: '2026-05-03', csi: 72 },
        { on: '2026-07-01', csi: 40 }, // after today: not yet
      ],
      complaints: [{ on: '2024-01-10', open: false }],
    };
    const base = { today: '2026-06-30', settings: VALUE_DEFAULTS, retention: 0.66 };
    const v = customerValue(activity, base)!;
    // Three years and a month since the first visit: tenure 4; one visit a year in the window: F 2.
    expect(v).toMatchObject({ tenure: 4, loyalty: 3, latestCsi: 72, complaints12m: 0, openComplaints: 0, satisfaction: 3 });
    // R 5 (60 days) but satisfaction 3, M 2 (1,500 yuan a year): (2 + 3) × (6 − 3) × 2 = 30.
    expect(v).toMatchObject({ r: 5, m: 2, priority: 30, priorityLevel: 'medium' });
    const unhappy = customerValue({ ...activity, complaints: [{ on: '2026-06-20', open: true }] }, base)!;
    expect(unhappy).toMatchObject({ complaints12m: 1, openComplaints: 1, satisfaction: 1, priority: 50, priorityLevel: 'high' });
  });
});
