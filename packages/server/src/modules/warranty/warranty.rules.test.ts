import type { ClaimStatus, PartsReturnStatus, WarrantyFindings, WarrantyTerms } from '@servicebay/contracts';
import { describe, expect, it } from 'vitest';
import {
  approvedTotal,
  CLAIM_STEPS,
  claimKindOfTerm,
  claimLineAmount,
  claimStepAllowed,
  completionByRegion,
  coverageOf,
  cumulativeOf,
  judgeEligibility,
  type PolicyVersion,
  paretoOf,
  policyInForce,
  rateOf,
  SANBAO_DEFAULTS,
  sanbaoStanding,
  serviceSchedule,
  submitByOf,
  vehicleTermFor,
} from './warranty.rules.js';

// A Jetta-like policy (domain.md §8): private 24 months / 60,000 km, taxi 12 months / 100,000 km,
// the power battery 96 months / 150,000 km, dealer-fitted parts 12 months, first maintenance 6 months / 5,000 km.
const jetta: WarrantyTerms = {
  vehicle: [
    { useType: 'private', months: 24, km: 60_000 },
    { useType: 'taxi', months: 12, km: 100_000 },
  ],
  components: [{ code: 'BATTERY', name: 'Power battery', months: 96, km: 150_000 }],
  fittedPartsMonths: 12,
  firstMaintenance: { months: 6, km: 5_000 },
};

const policy = (id: string, model_year: number | null, version: number, effective_from: string): PolicyVersion => ({
  id,
  model_year,
  version,
  effective_from,
  terms: jetta,
});

const noFindings: WarrantyFindings = { nonAuthorisedRepair: false, unapprovedParts: false, misuse: false, accident: false };

/** The car of most stories: a private car sold on 2024-03-15. */
const coverage = (today: string, km: number | null, extra: Partial<Parameters<typeof coverageOf>[0]> = {}) =>
  coverageOf({ terms: jetta, soldOn: '2024-03-15', useTypeAtSale: 'private', km, today, firstMaintenanceUsed: false, ...extra });
const termOf = (list: ReturnType<typeof coverageOf>, name: string) => list.find((t) => t.term === name);

describe('the policy in force at sale', () => {
  const general = [policy('g1', null, 1, '2023-01-01'), policy('g3', null, 3, '2024-05-01'), policy('g2', null, 2, '2024-03-15')];

  it('is the latest version effective on the sale day, whatever the order of the list', () => {
    // Sold on the day v2 took effect: v2; v3 (from 2024-05-01) came after the sale and does not count.
    expect(policyInForce(general, null, '2024-03-15')?.id).toBe('g2');
    // Sold the day before v2: still v1.
    expect(policyInForce(general, null, '2024-03-14')?.id).toBe('g1');
    expect(policyInForce(general, null, '2024-12-01')?.id).toBe('g3');
  });

  it('takes the higher version when two take effect on the same day', () => {
    const sameDay = [policy('a', null, 1, '2024-01-01'), policy('b', null, 2, '2024-01-01')];
    expect(policyInForce(sameDay, null, '2024-03-15')?.id).toBe('b');
    expect(policyInForce([...sameDay].reverse(), null, '2024-03-15')?.id).toBe('b');
  });

  it("prefers the model year's own policy over a newer general one", () => {
    // MY2024 has its own policy from 2024-01-01; the general one was revised on 2024-02-01.
    const list = [
      policy('general', null, 1, '2023-01-01'),
      policy('general-v2', null, 2, '2024-02-01'),
      policy('my2024', 2024, 1, '2024-01-01'),
    ];
    expect(policyInForce(list, 2024, '2024-03-15')?.id).toBe('my2024');
    // A 2023 car, or one without a model year, is judged by the general policy.
    expect(policyInForce(list, 2023, '2024-03-15')?.id).toBe('general-v2');
    expect(policyInForce(list, null, '2024-03-15')?.id).toBe('general-v2');
  });

  it("falls back to the general policy when the model year's own one was not yet in force at sale", () => {
    const list = [policy('general', null, 1, '2023-01-01'), policy('my2024', 2024, 1, '2024-04-01')];
    expect(policyInForce(list, 2024, '2024-03-15')?.id).toBe('general');
    expect(policyInForce(list, 2024, '2024-04-01')?.id).toBe('my2024');
  });

  it('is none when no version was in force on the sale day', () => {
    expect(policyInForce([policy('late', null, 1, '2024-06-01'), policy('my', 2024, 1, '2024-06-01')], 2024, '2024-03-15')).toBeNull();
    expect(policyInForce([], null, '2024-03-15')).toBeNull();
  });
});

describe('the whole-vehicle term for a use at sale', () => {
  it("takes the use's own term, else private use, else the policy's first", () => {
    expect(vehicleTermFor(jetta, 'taxi')).toEqual({ useType: 'taxi', months: 12, km: 100_000 });
    expect(vehicleTermFor(jetta, 'ride_hailing')).toEqual({ useType: 'private', months: 24, km: 60_000 });
    // Private use is the fallback even when the policy lists another use first.
    const taxiFirst: WarrantyTerms = { ...jetta, vehicle: [...jetta.vehicle].reverse() };
    expect(vehicleTermFor(taxiFirst, 'company')).toEqual({ useType: 'private', months: 24, km: 60_000 });
    const fleetOnly: WarrantyTerms = { ...jetta, vehicle: [{ useType: 'company', months: 36, km: 100_000 }] };
    expect(vehicleTermFor(fleetOnly, 'taxi')).toEqual({ useType: 'company', months: 36, km: 100_000 });
  });
});

describe('coverage of a car', () => {
  it('lists the vehicle term, each component, the first maintenance and the fitted-parts rule, in that order', () => {
    expect(coverage('2024-05-01', 1_200).map((t) => t.term)).toEqual([
      'vehicle',
      'component:BATTERY',
      'free_first_maintenance',
      'fitted_parts',
    ]);
    const noFirst = coverageOf({
      terms: { ...jetta, components: [], firstMaintenance: null },
      soldOn: '2024-03-15',
      useTypeAtSale: 'private',
      km: 1_200,
      today: '2024-05-01',
      firstMaintenanceUsed: false,
    });
    expect(noFirst.map((t) => t.term)).toEqual(['vehicle', 'fitted_parts']);
  });

  it('covers a private car sold 2024-03-15 for 24 months: through 2026-03-14, the day before the second anniversary', () => {
    expect(termOf(coverage('2026-03-14', 41_000), 'vehicle')).toEqual({
      term: 'vehicle',
      kind: 'vehicle',
      name: null,
      months: 24,
      km: 60_000,
      endsOn: '2026-03-14',
      endsKm: 60_000,
      active: true,
      endedBy: null,
    });
    expect(termOf(coverage('2026-03-15', 41_000), 'vehicle')).toMatchObject({ endsOn: '2026-03-14', active: false, endedBy: 'time' });
  });

  it('ends the vehicle term by distance past 60,000 km, whichever comes first; exactly 60,000 km is still covered', () => {
    expect(termOf(coverage('2025-10-01', 60_000), 'vehicle')).toMatchObject({ active: true, endedBy: null });
    expect(termOf(coverage('2025-10-01', 60_001), 'vehicle')).toMatchObject({ active: false, endedBy: 'distance' });
    // Without an odometer reading only the date can end it.
    expect(termOf(coverage('2025-10-01', null), 'vehicle')).toMatchObject({ active: true, endedBy: null });
    // Past both: time is named.
    expect(termOf(coverage('2026-04-01', 70_000), 'vehicle')).toMatchObject({ active: false, endedBy: 'time' });
  });

  it('keeps the period of the use at sale: a car sold as a taxi has 12 months / 100,000 km, even if now in private use', () => {
    const taxi = (today: string, km: number) => termOf(coverage(today, km, { useTypeAtSale: 'taxi' }), 'vehicle');
    expect(taxi('2025-01-10', 80_000)).toMatchObject({ months: 12, km: 100_000, endsOn: '2025-03-14', active: true });
    // 40,000 km is little for a taxi, but its 12 months ended on 2025-03-14.
    expect(taxi('2025-03-15', 40_000)).toMatchObject({ active: false, endedBy: 'time' });
    // And a car sold privately, now run as a taxi, keeps 24 months / 60,000 km.
    expect(termOf(coverage('2025-06-01', 65_000), 'vehicle')).toMatchObject({ months: 24, endedBy: 'distance' });
  });

  it('falls back to the private term for a use the policy does not name (ride-hailing here)', () => {
    expect(termOf(coverage('2026-03-14', 10_000, { useTypeAtSale: 'ride_hailing' }), 'vehicle')).toMatchObject({
      months: 24,
      km: 60_000,
      endsOn: '2026-03-14',
      active: true,
    });
  });

  it('lists each component with its own term: the battery still covers after the vehicle term has ended', () => {
    const list = coverage('2027-01-01', 90_000);
    expect(termOf(list, 'vehicle')).toMatchObject({ active: false, endedBy: 'time' });
    expect(termOf(list, 'component:BATTERY')).toEqual({
      term: 'component:BATTERY',
      kind: 'component',
      name: 'Power battery',
      months: 96,
      km: 150_000,
      endsOn: '2032-03-14',
      endsKm: 150_000,
      active: true,
      endedBy: null,
    });
    expect(termOf(coverage('2030-01-01', 150_001), 'component:BATTERY')).toMatchObject({ active: false, endedBy: 'distance' });
  });

  it('offers the free first maintenance for 6 months / 5,000 km, until it is used', () => {
    const first = (today: string, km: number, used = false) =>
      termOf(coverage(today, km, { firstMaintenanceUsed: used }), 'free_first_maintenance');
    expect(first('2024-09-14', 4_800)).toMatchObject({
      kind: 'free_first_maintenance',
      months: 6,
      km: 5_000,
      endsOn: '2024-09-14',
      active: true,
      endedBy: null,
    });
    expect(first('2024-09-15', 4_800)).toMatchObject({ active: false, endedBy: 'time' });
    expect(first('2024-06-01', 5_001)).toMatchObject({ active: false, endedBy: 'distance' });
    expect(first('2024-06-01', 3_000, true)).toMatchObject({ active: false, endedBy: 'used' });
    // Used and also past its window: the window is named.
    expect(first('2024-10-01', 3_000, true)).toMatchObject({ active: false, endedBy: 'time' });
  });

  it('shows the fitted-parts rule with its months and no end of its own (each part counts from its fitting)', () => {
    expect(termOf(coverage('2030-01-01', 200_000), 'fitted_parts')).toEqual({
      term: 'fitted_parts',
      kind: 'fitted_parts',
      name: null,
      months: 12,
      km: null,
      endsOn: null,
      endsKm: null,
      active: true,
      endedBy: null,
    });
  });

  it('clamps at month end: sold 2024-08-31, 6 months later has no 31st, so the anniversary is 2025-02-28 and the last day 2025-02-27', () => {
    const first = (today: string) => termOf(coverage(today, 1_000, { soldOn: '2024-08-31' }), 'free_first_maintenance');
    expect(first('2025-02-27')).toMatchObject({ endsOn: '2025-02-27', active: true });
    expect(first('2025-02-28')).toMatchObject({ active: false, endedBy: 'time' });
    // A day later at sale, the anniversary is 2025-03-01 and February is covered to its end.
    expect(termOf(coverage('2025-02-28', 1_000, { soldOn: '2024-09-01' }), 'free_first_maintenance')).toMatchObject({
      endsOn: '2025-02-28',
      active: true,
    });
  });
});

describe('the maintenance schedule', () => {
  // Every 6 months or 10,000 km; grace 30 days / 1,000 km. Sold 2024-03-15.
  const schedule = (services: { readOn: string; km: number }[], today: string, km: number | null) =>
    serviceSchedule({ soldOn: '2024-03-15', intervalMonths: 6, intervalKm: 10_000, services, km, today });

  it('is kept by a service every interval (services in any order)', () => {
    const services = [
      { readOn: '2025-03-01', km: 17_000 },
      { readOn: '2024-09-10', km: 8_000 },
      { readOn: '2025-09-05', km: 26_500 },
    ];
    expect(schedule(services, '2026-01-20', 31_000)).toEqual({ onSchedule: true, overdueSince: null });
  });

  it('is broken by a gap longer than 6 months + 30 days: overdue from the day after the grace ends', () => {
    // Serviced 2024-09-10: next due 2025-03-10, with grace by 2025-04-09.
    expect(
      schedule(
        [
          { readOn: '2024-09-10', km: 8_000 },
          { readOn: '2025-04-09', km: 15_000 },
        ],
        '2025-06-01',
        16_000,
      ),
    ).toEqual({
      onSchedule: true,
      overdueSince: null,
    });
    expect(
      schedule(
        [
          { readOn: '2024-09-10', km: 8_000 },
          { readOn: '2025-04-20', km: 15_000 },
        ],
        '2025-06-01',
        16_000,
      ),
    ).toEqual({
      onSchedule: false,
      overdueSince: '2025-04-10',
    });
  });

  it('is broken by more than 10,000 + 1,000 km between services: overdue from the service that came too late', () => {
    // Serviced at 8,000 km: the next one is due by 19,000 km.
    expect(
      schedule(
        [
          { readOn: '2024-09-10', km: 8_000 },
          { readOn: '2025-02-01', km: 19_000 },
        ],
        '2025-03-01',
        20_000,
      ),
    ).toEqual({
      onSchedule: true,
      overdueSince: null,
    });
    expect(
      schedule(
        [
          { readOn: '2024-09-10', km: 8_000 },
          { readOn: '2025-02-01', km: 19_500 },
        ],
        '2025-03-01',
        20_000,
      ),
    ).toEqual({
      onSchedule: false,
      overdueSince: '2025-02-01',
    });
  });

  it("counts today's open gap: a car never serviced since its sale", () => {
    // Sold 2024-03-15: first service due 2024-09-15, with grace by 2024-10-15.
    expect(schedule([], '2024-10-15', null)).toEqual({ onSchedule: true, overdueSince: null });
    expect(schedule([], '2024-10-16', null)).toEqual({ onSchedule: false, overdueSince: '2024-10-16' });
    // Or by distance: 11,000 km from new is still within grace, 11,001 is not.
    expect(schedule([], '2024-08-01', 11_000)).toEqual({ onSchedule: true, overdueSince: null });
    expect(schedule([], '2024-08-01', 11_001)).toEqual({ onSchedule: false, overdueSince: '2024-08-01' });
  });

  it('ignores readings taken before the sale (a demo car serviced on 2023-12-01)', () => {
    // Counted, that service would have made the next one due by 2024-07-01 (+ grace); from the sale it is due by 2024-10-15.
    expect(schedule([{ readOn: '2023-12-01', km: 1_200 }], '2024-08-01', 4_000)).toEqual({ onSchedule: true, overdueSince: null });
  });
});

describe('eligibility of a repair', () => {
  const judge = (over: Partial<Parameters<typeof judgeEligibility>[0]>) =>
    judgeEligibility({
      coverage: coverage('2025-06-01', 30_000),
      term: 'vehicle',
      onSchedule: true,
      findings: noFindings,
      today: '2025-06-01',
      ...over,
    });

  it('is eligible under an active vehicle term, serviced on schedule, with nothing found', () => {
    expect(judge({})).toEqual({ eligible: true, exclusion: null });
  });

  it('is expired once the term has ended (sold 2024-03-15, repaired 2026-03-16)', () => {
    expect(judge({ coverage: coverage('2026-03-16', 41_000), today: '2026-03-16' })).toEqual({ eligible: false, exclusion: 'expired' });
    expect(judge({ coverage: coverage('2025-06-01', 61_000) })).toEqual({ eligible: false, exclusion: 'expired' });
  });

  it('names why nothing can be judged: no policy, or not delivered', () => {
    expect(judge({ coverage: { unknownBecause: 'no_policy' } })).toEqual({ eligible: false, exclusion: 'no_policy' });
    expect(judge({ coverage: { unknownBecause: 'not_delivered' } })).toEqual({ eligible: false, exclusion: 'not_delivered' });
  });

  it('excludes a car not serviced on schedule, but not for the free first maintenance itself', () => {
    expect(judge({ onSchedule: false })).toEqual({ eligible: false, exclusion: 'not_serviced_on_schedule' });
    expect(judge({ onSchedule: false, term: 'component:BATTERY' })).toEqual({ eligible: false, exclusion: 'not_serviced_on_schedule' });
    const early = coverage('2024-08-20', 4_500);
    expect(judge({ coverage: early, term: 'free_first_maintenance', onSchedule: false, today: '2024-08-20' })).toEqual({
      eligible: true,
      exclusion: null,
    });
  });

  it('names the exclusion of each finding, the first in the order non-authorised repair, unapproved parts, misuse, accident', () => {
    expect(judge({ findings: { ...noFindings, nonAuthorisedRepair: true } }).exclusion).toBe('non_authorised_repair');
    expect(judge({ findings: { ...noFindings, unapprovedParts: true } }).exclusion).toBe('unapproved_parts');
    expect(judge({ findings: { ...noFindings, misuse: true } }).exclusion).toBe('misuse');
    expect(judge({ findings: { ...noFindings, accident: true } })).toEqual({ eligible: false, exclusion: 'accident' });
    expect(judge({ findings: { nonAuthorisedRepair: true, unapprovedParts: true, misuse: true, accident: true } }).exclusion).toBe(
      'non_authorised_repair',
    );
    expect(judge({ findings: { nonAuthorisedRepair: false, unapprovedParts: true, misuse: true, accident: true } }).exclusion).toBe(
      'unapproved_parts',
    );
    expect(judge({ findings: { ...noFindings, misuse: true, accident: true } }).exclusion).toBe('misuse');
  });

  it('puts expiry before everything, and the schedule before the findings', () => {
    const all: WarrantyFindings = { nonAuthorisedRepair: true, unapprovedParts: true, misuse: true, accident: true };
    expect(judge({ coverage: coverage('2026-03-16', 41_000), today: '2026-03-16', onSchedule: false, findings: all }).exclusion).toBe(
      'expired',
    );
    expect(judge({ onSchedule: false, findings: { ...noFindings, accident: true } }).exclusion).toBe('not_serviced_on_schedule');
  });

  it('judges a dealer-fitted part by its own 12 months from fitting, not by the vehicle term', () => {
    // Sold 2024-03-15 (vehicle term ended 2026-03-14); a pump fitted at the dealer on 2025-05-10 is covered through 2026-05-09.
    const late = (today: string, fittedOn: string | null | undefined, fittedPartsMonths?: number) =>
      judge({ coverage: coverage(today, 50_000), today, term: 'fitted_parts', fittedOn, fittedPartsMonths });
    expect(late('2026-05-09', '2025-05-10', 12)).toEqual({ eligible: true, exclusion: null });
    expect(late('2026-05-10', '2025-05-10', 12)).toEqual({ eligible: false, exclusion: 'expired' });
    // Without the policy's months, 12.
    expect(late('2026-05-09', '2025-05-10')).toEqual({ eligible: true, exclusion: null });
    expect(late('2026-05-10', '2025-05-10')).toEqual({ eligible: false, exclusion: 'expired' });
    // A part not fitted at a dealer of the network.
    expect(late('2025-06-01', null, 12)).toEqual({ eligible: false, exclusion: 'not_fitted_here' });
    expect(late('2025-06-01', undefined, 12)).toEqual({ eligible: false, exclusion: 'not_fitted_here' });
  });

  it('covers a component by its own term after the vehicle term, and treats a term the policy does not have as expired', () => {
    const later = coverage('2027-01-01', 90_000);
    expect(judge({ coverage: later, today: '2027-01-01', term: 'component:BATTERY' })).toEqual({ eligible: true, exclusion: null });
    expect(judge({ coverage: later, today: '2027-01-01', term: 'vehicle' }).exclusion).toBe('expired');
    expect(judge({ term: 'component:GEARBOX' })).toEqual({ eligible: false, exclusion: 'expired' });
  });

  it('treats a free first maintenance already used as expired', () => {
    const used = coverage('2024-08-20', 4_500, { firstMaintenanceUsed: true });
    expect(judge({ coverage: used, today: '2024-08-20', term: 'free_first_maintenance' })).toEqual({
      eligible: false,
      exclusion: 'expired',
    });
  });
});

describe('the claim', () => {
  it('leads to a free-first-maintenance claim for that term and a warranty claim for any other', () => {
    expect(claimKindOfTerm('free_first_maintenance')).toBe('free_first_maintenance');
    expect(claimKindOfTerm('vehicle')).toBe('warranty');
    expect(claimKindOfTerm('component:BATTERY')).toBe('warranty');
    expect(claimKindOfTerm('fitted_parts')).toBe('warranty');
  });

  it('is edited and submitted while draft or returned, decided only while submitted, and its parts go back once asked for', () => {
    expect(CLAIM_STEPS).toEqual({
      update: ['draft', 'returned', 'rejected'],
      submit: ['draft', 'returned', 'rejected'],
      approve: ['submitted'],
      reject: ['submitted'],
      return: ['submitted'],
      shipParts: ['approved'],
      receiveParts: ['approved'],
    });
    const at = (status: ClaimStatus, return_status: PartsReturnStatus | null = null) => ({ status, return_status });
    expect(claimStepAllowed('submit', at('draft'))).toBe(true);
    expect(claimStepAllowed('submit', at('returned'))).toBe(true);
    expect(claimStepAllowed('submit', at('submitted'))).toBe(false);
    expect(claimStepAllowed('update', at('submitted'))).toBe(false);
    expect(claimStepAllowed('approve', at('submitted'))).toBe(true);
    expect(claimStepAllowed('approve', at('draft'))).toBe(false);
    expect(claimStepAllowed('reject', at('approved'))).toBe(false);
    expect(claimStepAllowed('return', at('submitted'))).toBe(true);
    expect(claimStepAllowed('return', at('returned'))).toBe(false);
    expect(claimStepAllowed('update', at('rejected'))).toBe(true);
    expect(claimStepAllowed('update', at('approved'))).toBe(false);
    // Parts: shipped only when asked for, received only once shipped; nothing once charged back.
    expect(claimStepAllowed('shipParts', at('approved'))).toBe(false);
    expect(claimStepAllowed('shipParts', at('approved', 'requested'))).toBe(true);
    expect(claimStepAllowed('receiveParts', at('approved', 'requested'))).toBe(false);
    expect(claimStepAllowed('receiveParts', at('approved', 'shipped'))).toBe(true);
    expect(claimStepAllowed('shipParts', at('approved', 'charged_back'))).toBe(false);
    expect(claimStepAllowed('receiveParts', at('approved', 'received'))).toBe(false);
  });

  it('is due 10 days after the repair', () => {
    // Repaired 2026-11-20 14:00 Beijing → submit by 2026-11-30 14:00 Beijing.
    expect(submitByOf(new Date('2026-11-20T06:00:00Z'), 10).toISOString()).toBe('2026-11-30T06:00:00.000Z');
    expect(submitByOf(new Date('2026-12-28T06:00:00Z'), 10).toISOString()).toBe('2027-01-07T06:00:00.000Z');
  });

  it("prices labour at the car maker's rate, parts at its price, sublet as invoiced, in whole fen", () => {
    // 1.5 h at ¥120.00/h = ¥180.00.
    expect(claimLineAmount({ kind: 'labour', hours: 1.5, rateFen: 12_000 })).toBe(18_000);
    // 0.3 h at 333 fen = 99.9 → 100; 0.25 h → 83.25 → 83.
    expect(claimLineAmount({ kind: 'labour', hours: 0.3, rateFen: 333 })).toBe(100);
    expect(claimLineAmount({ kind: 'labour', hours: 0.25, rateFen: 333 })).toBe(83);
    expect(claimLineAmount({ kind: 'labour', hours: 2, rateFen: null })).toBe(0);
    // 2 × ¥456.00 = ¥912.00; 0.5 L of coolant at 8,999 fen = 4,499.5 → 4,500.
    expect(claimLineAmount({ kind: 'parts', quantity: 2, unitPriceFen: 45_600 })).toBe(91_200);
    expect(claimLineAmount({ kind: 'parts', quantity: 0.5, unitPriceFen: 8_999 })).toBe(4_500);
    // Sublet (a towing invoice) as invoiced, whatever hours or price it might carry.
    expect(claimLineAmount({ kind: 'sublet', amountFen: 35_000, hours: 3, rateFen: 12_000 })).toBe(35_000);
    expect(claimLineAmount({ kind: 'sublet' })).toBe(0);
  });

  it('is paid at each line’s approved amount, or its claimed amount when not adjusted (an approved 0 pays nothing)', () => {
    const lines = [
      { amountFen: 18_000, approvedFen: null },
      { amountFen: 91_200, approvedFen: 80_000 },
      { amountFen: 35_000, approvedFen: 0 },
    ];
    expect(approvedTotal(lines)).toBe(98_000);
    expect(approvedTotal([])).toBe(0);
  });
});

describe('the quality view', () => {
  it('orders causal parts by amount with their running share, ties by claims then code', () => {
    const rows = paretoOf([
      { key: 'B', claims: 2, approvedFen: 100 },
      { key: 'A', claims: 5, approvedFen: 300 },
      { key: 'D', claims: 1, approvedFen: 100 },
      { key: 'C', claims: 1, approvedFen: 0 },
    ]);
    expect(rows.map((r) => [r.key, r.share, r.cumulativeShare])).toEqual([
      ['A', 0.6, 0.6],
      ['B', 0.2, 0.8],
      ['D', 0.2, 1],
      ['C', 0, 1],
    ]);
    expect(paretoOf([{ key: 'X', claims: 1, approvedFen: 0 }])[0]).toMatchObject({ share: 0, cumulativeShare: 0 });
  });

  it('gives no rate where there is nothing to share out', () => {
    expect(rateOf(1, 4)).toBe(0.25);
    expect(rateOf(0, 0)).toBeNull();
  });
});

describe('campaign completion', () => {
  it('adds the dealers up by region, the largest first, and runs the weekly total', () => {
    expect(
      completionByRegion([
        { region: '华北', vehicles: 10, completed: 4 },
        { region: null, vehicles: 3, completed: 3 },
        { region: '华北', vehicles: 5, completed: 1 },
        { region: '西南', vehicles: 20, completed: 2 },
      ]),
    ).toEqual([
      { region: '西南', vehicles: 20, completed: 2 },
      { region: '华北', vehicles: 15, completed: 5 },
      { region: null, vehicles: 3, completed: 3 },
    ]);
    expect(cumulativeOf([{ completed: 2 }, { completed: 0 }, { completed: 5 }]).map((r) => r.cumulative)).toEqual([2, 2, 7]);
  });
});

describe('三包 standing', () => {
  const base = { soldOn: '2025-06-01', today: '2026-06-01', km: 20_000, settings: SANBAO_DEFAULTS, repairs: [], claims: [] };

  it('counts each calendar day under repair once, within the period, and flags 28 of 35 days as near', () => {
    const repairs = [
      { arrivedOn: '2025-07-01', doneOn: '2025-07-20' }, // 20 days
      { arrivedOn: '2025-07-15', doneOn: '2025-07-22' }, // overlaps: 2 more days
      { arrivedOn: '2026-01-10', doneOn: '2026-01-15' }, // 6 days → 28
      { arrivedOn: '2025-05-20', doneOn: '2025-05-25' }, // before the sale: not counted
    ];
    const s = sanbaoStanding({ ...base, repairs });
    expect(s.repairDays).toBe(28);
    expect(s.flags).toEqual([{ threshold: 'repair_days', value: 28, limit: 35, level: 'near' }]);
    expect(sanbaoStanding({ ...base, repairs: [...repairs, { arrivedOn: '2026-05-25', doneOn: null }] }).flags[0]).toMatchObject({
      value: 36,
      level: 'reached',
    });
  });

  it('ends the period at 24 months or 50,000 km, whichever first', () => {
    expect(sanbaoStanding({ ...base, today: '2027-05-31' })).toMatchObject({ inPeriod: true, periodEndsOn: '2027-05-31' });
    expect(sanbaoStanding({ ...base, today: '2027-06-01' }).inPeriod).toBe(false);
    expect(sanbaoStanding({ ...base, km: 50_001 }).inPeriod).toBe(false);
  });

  it('counts repeats of the same defect and major-part repairs, and an early major failure', () => {
    const claim = (part: string, term: string, repairedOn: string, km: number) => ({ part, term, arrivedOn: repairedOn, repairedOn, km });
    const s = sanbaoStanding({
      ...base,
      claims: [
        claim('ENG-01', 'component:ENGINE', '2025-07-10', 2_500),
        claim('BP-F', 'vehicle', '2025-09-01', 8_000),
        claim('BP-F', 'vehicle', '2025-11-01', 12_000),
        claim('BP-F', 'vehicle', '2026-01-01', 15_000),
        claim('BP-F', 'vehicle', '2026-03-01', 18_000),
        claim('BP-F', 'vehicle', '2024-12-01', 1_000), // before the sale
      ],
    });
    expect(s.sameDefect).toEqual({ part: 'BP-F', count: 4 });
    expect(s).toMatchObject({ majorPartRepairs: 1, earlyMajorFailure: true });
    expect(s.flags).toEqual([
      { threshold: 'same_defect', value: 4, limit: 5, level: 'near' },
      { threshold: 'early_major_failure', value: 1, limit: 1, level: 'reached' },
    ]);
    // Past 60 days or 3,000 km it is not early.
    expect(sanbaoStanding({ ...base, claims: [claim('ENG-01', 'component:ENGINE', '2025-08-15', 2_500)] }).earlyMajorFailure).toBe(false);
    expect(sanbaoStanding({ ...base, claims: [claim('ENG-01', 'component:ENGINE', '2025-07-10', 3_001)] }).earlyMajorFailure).toBe(false);
  });

  it('flags a major part failing within 24 hours of delivery: the car brought in on its delivery day or the next', () => {
    const claim = (term: string, arrivedOn: string) => ({ part: 'GB-01', term, arrivedOn, repairedOn: '2025-06-05', km: 40 });
    // Sold on 2025-06-01, in on 2025-06-02 with its gearbox: the repair itself took until the 5th.
    const s = sanbaoStanding({ ...base, claims: [claim('component:GEARBOX', '2025-06-02')] });
    expect(s).toMatchObject({ failureAtDelivery: true, earlyMajorFailure: true });
    expect(s.flags).toContainEqual({ threshold: 'failure_at_delivery', value: 1, limit: 1, level: 'reached' });
    // In on the third day, it is an early failure only; a part outside the major terms is not major.
    expect(sanbaoStanding({ ...base, claims: [claim('component:GEARBOX', '2025-06-03')] })).toMatchObject({
      failureAtDelivery: false,
      earlyMajorFailure: true,
    });
    expect(sanbaoStanding({ ...base, claims: [claim('vehicle', '2025-06-01')] }).failureAtDelivery).toBe(false);
  });
});
