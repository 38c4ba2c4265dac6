// Customer value (domain.md §9): recency, frequency and monetary value over the dealer's window, the
// segment they name, the contribution × frequency grid, an estimated lifetime value and the trend of
// visits and revenue. Pure: the nightly statement (customer-value.repository.ts) computes the same
// figures set-based, and a parity test holds the two together on random customers.
import type { CustomerSegment, CustomerTier, RetentionPriority, ValueTrend } from '@servicebay/contracts/constants';
import { addDays } from '../../platform/dealer-time.js';
import { addMonths, daysBetween } from '../repair-orders/repair-orders.rules.js';

export type ValueSettings = {
  /** The months of history RFM reads (frequency and money are counted within it). */
  windowMonths: number;
  /** The dealer's gross margin on service revenue, 0–1. */
  marginShare: number;
  /** The yearly discount rate of future margin, 0–1. */
  discountRate: number;
  /** The years of future visits the lifetime value counts. */
  horizonYears: number;
};

export const VALUE_DEFAULTS: ValueSettings = { windowMonths: 24, marginShare: 0.35, discountRate: 0.1, horizonYears: 5 };

/** Score 5 down to 1: days since the last visit at most these (else 1). */
export const RECENCY_DAYS = [90, 180, 365, 540] as const;
/** Score 5 down to 1: visits a year at least these (else 1). */
export const FREQUENCY_PER_YEAR = [4, 3, 2, 1] as const;
/** Score 5 down to 1: revenue a year, in fen, at least these (else 1). */
export const MONETARY_FEN_PER_YEAR = [800_000, 400_000, 200_000, 80_000] as const;
/** A first visit this recent, and only one, makes a new customer. */
export const NEW_CUSTOMER_DAYS = 180;
/** The trend compares the last 12 months with the 12 before: down by this share or more is declining, up by it rising. */
export const TREND_SHARE = 0.3;
/** Tenure score 5 down to 1: days since the first visit at least these (else 1). */
export const TENURE_DAYS = [1460, 1095, 730, 365] as const;
/** Satisfaction score 5 down to 1: the latest CSI (0–100) at least these (else 1). */
export const CSI_SCORE = [90, 80, 70, 60] as const;
/** The pyramid's tiers from the top, each up to this percentage of the dealer's customers by lifetime value. */
export const TIER_PERCENT: readonly (readonly [CustomerTier, number])[] = [
  ['vip', 5],
  ['key', 20],
  ['regular', 50],
];
/** Retention priority at least this score is high, at least the second medium. */
export const PRIORITY_AT = { high: 40, medium: 24 } as const;
/** The retention used when the dealer has no customer in the year before last to learn it from. */
export const DEFAULT_RETENTION = 0.6;

const scoreAtMost = (value: number, limits: readonly number[]) => {
  const i = limits.findIndex((limit) => value <= limit);
  return i < 0 ? 1 : 5 - i;
};
const scoreAtLeast = (value: number, limits: readonly number[]) => {
  const i = limits.findIndex((limit) => value >= limit);
  return i < 0 ? 1 : 5 - i;
};

export const recencyScore = (days: number) => scoreAtMost(days, RECENCY_DAYS);
export const frequencyScore = (visitsPerYear: number) => scoreAtLeast(visitsPerYear, FREQUENCY_PER_YEAR);
export const monetaryScore = (fenPerYear: number) => scoreAtLeast(fenPerYear, MONETARY_FEN_PER_YEAR);

/**
 * The named segment of R, F and M, first match wins: a single recent first visit is new; high on all
 * three, champions; recent and regular, loyal; recent otherwise, potential; lapsing after being
 * regular or high-spending, at risk; lapsing otherwise, hibernating; gone over a year and a half, lost.
 */
export function segmentOf(s: { r: number; f: number; m: number; isNew: boolean }): CustomerSegment {
  if (s.isNew) return 'new';
  if (s.r >= 4 && s.f >= 4 && s.m >= 4) return 'champions';
  if (s.r >= 3 && s.f >= 3) return 'loyal';
  if (s.r >= 3) return 'potential';
  if (s.r === 2 && (s.f >= 3 || s.m >= 3)) return 'at_risk';
  if (s.r === 2) return 'hibernating';
  return 'lost';
}

/**
 * The lifetime value still to come: a year's margin (the window's revenue a year × the margin share),
 * kept each following year with the retention probability and discounted at the dealer's rate, over
 * the horizon: Σ_{t=0}^{H−1} margin · (retention / (1 + rate))^t.
 */
export function lifetimeValueFen(input: { revenueFenPerYear: number; retention: number; settings: ValueSettings }): number {
  const margin = input.revenueFenPerYear * input.settings.marginShare;
  const q = input.retention / (1 + input.settings.discountRate);
  const years = input.settings.horizonYears;
  const factor = Math.abs(1 - q) < 1e-12 ? years : (1 - q ** years) / (1 - q);
  return Math.round(margin * factor);
}

/** The last 12 months against the 12 before, by revenue (visits where neither year brought money). */
export function trendOf(t: { recentVisits: number; priorVisits: number; recentFen: number; priorFen: number }): ValueTrend {
  if (t.priorVisits === 0) return 'new';
  const [recent, prior] = t.priorFen > 0 || t.recentFen > 0 ? [t.recentFen, t.priorFen] : [t.recentVisits, t.priorVisits];
  if (recent <= prior * (1 - TREND_SHARE)) return 'declining';
  if (recent >= prior * (1 + TREND_SHARE)) return 'rising';
  return 'steady';
}

/** The share of last-but-one year's customers who came back within the last year (the dealer's own history). */
export function retentionOf(counts: { priorYearCustomers: number; returned: number }): number {
  return counts.priorYearCustomers === 0 ? DEFAULT_RETENTION : counts.returned / counts.priorYearCustomers;
}

/** Loyalty: how long and how regularly they come, the tenure score and F averaged, rounded up. */
export function loyaltyOf(s: { tenure: number; f: number }): number {
  return Math.floor((s.tenure + s.f + 1) / 2);
}

/**
 * Satisfaction 1–5 from the latest survey's CSI; a complaint in the last 12 months caps it at 2 and an
 * open complaint makes it 1; null when the customer never answered and never complained.
 */
export function satisfactionOf(s: { latestCsi: number | null; complaints12m: number; openComplaints: number }): number | null {
  if (s.openComplaints > 0) return 1;
  const fromCsi = s.latestCsi === null ? null : scoreAtLeast(s.latestCsi, CSI_SCORE);
  if (s.complaints12m > 0) return Math.min(fromCsi ?? 2, 2);
  return fromCsi;
}

/**
 * Retention priority 4–100: what is at stake (contribution M + loyalty, 2–10) times the sign of leaving
 * (6 − the lower of recency R and satisfaction, 1–5; satisfaction unknown counts as 3), doubled.
 */
export function retentionPriority(s: { m: number; loyalty: number; r: number; satisfaction: number | null }): {
  score: number;
  level: RetentionPriority;
} {
  const score = (s.m + s.loyalty) * (6 - Math.min(s.r, s.satisfaction ?? 3)) * 2;
  return { score, level: score >= PRIORITY_AT.high ? 'high' : score >= PRIORITY_AT.medium ? 'medium' : 'low' };
}

/** The pyramid tier of the customer ranked `rank` (1 = the highest lifetime value) of `customers`. */
export function tierOf(rank: number, customers: number): CustomerTier {
  // ceil(customers × percent / 100) in integers, as the nightly statement computes it.
  for (const [tier, percent] of TIER_PERCENT) if (rank <= Math.floor((customers * percent + 99) / 100)) return tier;
  return 'general';
}

export type CustomerActivity = {
  /** The days the customer's cars came in at the dealer (any order; cancelled visits left out). */
  visits: readonly string[];
  /** The invoices of the customer's orders at the dealer: the day and the amount in fen. */
  invoices: readonly { on: string; fen: number }[];
  /** The customer's vehicles the dealer serves. */
  vehicles: number;
  /** The customer's survey answers at the dealer: the day and the CSI (0–100). */
  surveys?: readonly { on: string; csi: number }[];
  /** The customer's complaints at the dealer: the day received and whether still open. */
  complaints?: readonly { on: string; open: boolean }[];
};

export type CustomerValue = {
  lastVisitOn: string;
  firstVisitOn: string;
  recencyDays: number;
  visits: number;
  revenueFen: number;
  r: number;
  f: number;
  m: number;
  segment: CustomerSegment;
  visitsPerYear: number;
  revenuePerVehicleFen: number;
  lifetimeValueFen: number;
  recentVisits: number;
  priorVisits: number;
  recentFen: number;
  priorFen: number;
  trend: ValueTrend;
  tenure: number;
  loyalty: number;
  latestCsi: number | null;
  complaints12m: number;
  openComplaints: number;
  satisfaction: number | null;
  priority: number;
  priorityLevel: RetentionPriority;
};

/**
 * One customer's value at a dealer on `today` from their visits and invoices (null when they never
 * came in). The window and the trend's years end today; a visit or invoice after today is not counted.
 */
export function customerValue(
  activity: CustomerActivity,
  input: { today: string; settings: ValueSettings; retention: number },
): CustomerValue | null {
  const { today, settings } = input;
  const visits = activity.visits.filter((d) => d <= today).sort();
  if (visits.length === 0) return null;
  const invoices = activity.invoices.filter((i) => i.on <= today);
  const windowFrom = addMonths(today, -settings.windowMonths);
  const yearAgo = addMonths(today, -12);
  const twoYearsAgo = addMonths(today, -24);
  const inWindow = (d: string) => d > windowFrom;
  const windowVisits = visits.filter(inWindow).length;
  const revenueFen = invoices.filter((i) => inWindow(i.on)).reduce((n, i) => n + i.fen, 0);
  // Multiplied before divided, as the nightly statement does, so that both round alike.
  const visitsPerYear = (windowVisits * 12) / settings.windowMonths;
  const revenueFenPerYear = (revenueFen * 12) / settings.windowMonths;
  const firstVisitOn = visits[0]!;
  const lastVisitOn = visits[visits.length - 1]!;
  const recencyDays = daysBetween(lastVisitOn, today);
  const r = recencyScore(recencyDays);
  const f = frequencyScore(visitsPerYear);
  const m = monetaryScore(revenueFenPerYear);
  const isNew = visits.length === 1 && firstVisitOn > addDays(today, -NEW_CUSTOMER_DAYS);
  const recentVisits = visits.filter((d) => d > yearAgo).length;
  const priorVisits = visits.filter((d) => d > twoYearsAgo && d <= yearAgo).length;
  const recentFen = invoices.filter((i) => i.on > yearAgo).reduce((n, i) => n + i.fen, 0);
  const priorFen = invoices.filter((i) => i.on > twoYearsAgo && i.on <= yearAgo).reduce((n, i) => n + i.fen, 0);
  const tenure = scoreAtLeast(daysBetween(firstVisitOn, today), TENURE_DAYS);
  const loyalty = loyaltyOf({ tenure, f });
  // The latest answer within the window; complaints up to today.
  const answered = (activity.surveys ?? []).filter((a) => a.on <= today && inWindow(a.on));
  const latestCsi = answered.length ? answered.reduce((a, b) => (b.on >= a.on ? b : a)).csi : null;
  const complaints = (activity.complaints ?? []).filter((c) => c.on <= today);
  const complaints12m = complaints.filter((c) => c.on > yearAgo).length;
  const openComplaints = complaints.filter((c) => c.open).length;
  const satisfaction = satisfactionOf({ latestCsi, complaints12m, openComplaints });
  const priority = retentionPriority({ m, loyalty, r, satisfaction });
  return {
    lastVisitOn,
    firstVisitOn,
    recencyDays,
    visits: windowVisits,
    revenueFen,
    r,
    f,
    m,
    segment: segmentOf({ r, f, m, isNew }),
    visitsPerYear: Math.round(visitsPerYear * 100) / 100,
    revenuePerVehicleFen: Math.round(revenueFen / Math.max(1, activity.vehicles)),
    lifetimeValueFen: lifetimeValueFen({ revenueFenPerYear, retention: input.retention, settings }),
    recentVisits,
    priorVisits,
    recentFen,
    priorFen,
    trend: trendOf({ recentVisits, priorVisits, recentFen, priorFen }),
    tenure,
    loyalty,
    latestCsi,
    complaints12m,
    openComplaints,
    satisfaction,
    priority: priority.score,
    priorityLevel: priority.level,
  };
}

/** The share of revenue the top fifth of customers (by revenue, at least one) bring. */
export function topFifthShare(revenuesFen: readonly number[]): number | null {
  const total = revenuesFen.reduce((n, x) => n + x, 0);
  if (total === 0) return null;
  const top = [...revenuesFen].sort((a, b) => b - a).slice(0, Math.max(1, Math.ceil(revenuesFen.length / 5)));
  return top.reduce((n, x) => n + x, 0) / total;
}
