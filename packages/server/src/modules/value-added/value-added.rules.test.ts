import { describe, expect, it } from 'vitest';
import { addSums, clubKpi, loanerKpi, pickupKpi, share } from './value-added.rules.js';

const DAY = 86_400;

describe('share', () => {
  it('is a ratio to three decimals, capped at 1, null without a base', () => {
    expect(share(2, 3)).toBe(0.667);
    expect(share(5, 4)).toBe(1);
    expect(share(0, 0)).toBeNull();
  });
});

describe('loaner KPI', () => {
  it('reads days out ÷ fleet days, each to a tenth of a day', () => {
    expect(loanerKpi({ fleet: 2, fleetSeconds: 20 * DAY, outSeconds: 4.5 * DAY, loans: 3, overdue: 1, costFen: 60000 })).toEqual({
      fleet: 2,
      fleetDays: 20,
      daysOut: 4.5,
      utilisation: 0.225,
      loans: 3,
      overdue: 1,
      costFen: 60000,
    });
  });
  it('has no utilisation without a fleet', () => {
    expect(loanerKpi({ fleet: 0, fleetSeconds: 0, outSeconds: 0, loans: 0, overdue: 0, costFen: 0 }).utilisation).toBeNull();
  });
});

describe('pick-up KPI', () => {
  it('rates on time among the jobs where the driver met the customer', () => {
    expect(pickupKpi({ jobs: 5, done: 3, met: 4, onTime: 3, feeFen: 9000, km: 42 })).toMatchObject({ onTimeRate: 0.75 });
    expect(pickupKpi({ jobs: 2, done: 0, met: 0, onTime: 0, feeFen: 0, km: 0 }).onTimeRate).toBeNull();
  });
});

describe('club KPI', () => {
  it('rates points redeemed against points earned', () => {
    const sums = { members: 10, newMembers: 2, pointsEarned: 800, pointsRedeemed: 200, redeemedFromOthers: 50, redeemedAtOthers: 0 };
    expect(clubKpi(sums)).toEqual({ ...sums, redemptionRate: 0.25 });
    expect(clubKpi({ ...sums, pointsEarned: 0 }).redemptionRate).toBeNull();
  });
});

describe('network total', () => {
  it('adds the sums of the dealers, so the rates are figured on the whole rather than averaged', () => {
    const zero = { met: 0, onTime: 0 };
    const total = addSums(
      [
        { met: 1, onTime: 1 },
        { met: 9, onTime: 0 },
      ],
      zero,
    );
    expect(total).toEqual({ met: 10, onTime: 1 });
    expect(share(total.onTime, total.met)).toBe(0.1);
  });
});
