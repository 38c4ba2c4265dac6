import { describe, expect, it } from 'vitest';
import {
  daysCharged,
  type EligibilityInput,
  isOverdue,
  loanerCostFen,
  loanerEligibility,
  loanerUtilisation,
  reservedUntilOnReturn,
} from './loaners.rules.js';

const base: EligibilityInput = {
  reason: 'courtesy',
  expectedRepairDays: null,
  warrantyRepairMinDays: 1,
  sanbaoCaseOpen: false,
  isMember: false,
  complaintNamed: false,
  override: null,
};

describe('who may have a loaner', () => {
  it('a warranty repair expected over the dealer’s minimum days', () => {
    expect(loanerEligibility({ ...base, reason: 'warranty_repair', expectedRepairDays: 2 })).toEqual({ eligible: true, basis: 'rule' });
    // One day is not over one day.
    expect(loanerEligibility({ ...base, reason: 'warranty_repair', expectedRepairDays: 1 })).toEqual({
      eligible: false,
      field: 'expectedRepairDays',
      code: 'repair_too_short',
    });
    expect(loanerEligibility({ ...base, reason: 'warranty_repair', expectedRepairDays: 3, warrantyRepairMinDays: 3 }).eligible).toBe(false);
    expect(loanerEligibility({ ...base, reason: 'warranty_repair' })).toMatchObject({ field: 'expectedRepairDays', code: 'required' });
  });

  it('a 三包 case, a member, a complaint’s recovery', () => {
    expect(loanerEligibility({ ...base, reason: 'sanbao', sanbaoCaseOpen: true }).eligible).toBe(true);
    expect(loanerEligibility({ ...base, reason: 'sanbao' })).toMatchObject({ field: 'vehicleId', code: 'no_sanbao_case' });
    expect(loanerEligibility({ ...base, reason: 'member', isMember: true }).eligible).toBe(true);
    expect(loanerEligibility({ ...base, reason: 'member' })).toMatchObject({ field: 'isMember', code: 'not_a_member' });
    expect(loanerEligibility({ ...base, reason: 'recovery', complaintNamed: true }).eligible).toBe(true);
    expect(loanerEligibility({ ...base, reason: 'recovery' })).toMatchObject({ field: 'complaintId', code: 'required' });
  });

  it('anything else only when a manager overrides with a reason', () => {
    expect(loanerEligibility(base)).toMatchObject({ eligible: false, field: 'reason', code: 'no_rule' });
    expect(loanerEligibility({ ...base, override: { reason: '老客户', mayOverride: true } })).toEqual({
      eligible: true,
      basis: 'override',
    });
    expect(loanerEligibility({ ...base, override: { reason: '老客户', mayOverride: false } })).toMatchObject({
      eligible: false,
      field: 'overrideReason',
      code: 'not_allowed',
    });
    // An override where the rules already give one changes nothing.
    expect(loanerEligibility({ ...base, reason: 'member', isMember: true, override: { reason: 'x', mayOverride: false } })).toEqual({
      eligible: true,
      basis: 'rule',
    });
  });
});

describe('overdue, days and cost', () => {
  const until = new Date('2026-11-20T10:00:00Z');
  it('is overdue when out past its return time', () => {
    expect(isOverdue({ status: 'out', until }, new Date('2026-11-20T10:00:01Z'))).toBe(true);
    expect(isOverdue({ status: 'out', until }, new Date('2026-11-20T10:00:00Z'))).toBe(false);
    expect(isOverdue({ status: 'returned', until }, new Date('2026-11-25T00:00:00Z'))).toBe(false);
    expect(isOverdue({ status: 'reserved', until }, new Date('2026-11-25T00:00:00Z'))).toBe(false);
  });

  it('frees the rest of the reserved time when the loaner comes back early, never the time it was late', () => {
    const from = new Date('2026-11-18T10:00:00Z');
    expect(reservedUntilOnReturn({ from, until }, new Date('2026-11-19T08:00:00Z'))).toEqual(new Date('2026-11-19T08:00:00Z'));
    expect(reservedUntilOnReturn({ from, until }, new Date('2026-11-21T08:00:00Z'))).toEqual(until);
    // Back before it was due out: a minute's reservation is kept.
    expect(reservedUntilOnReturn({ from, until }, new Date('2026-11-18T09:00:00Z'))).toEqual(new Date('2026-11-18T10:01:00Z'));
  });

  it('charges every started day, at least one', () => {
    expect(daysCharged(new Date('2026-11-01T09:00:00Z'), new Date('2026-11-01T17:00:00Z'))).toBe(1);
    expect(daysCharged(new Date('2026-11-01T09:00:00Z'), new Date('2026-11-03T09:00:00Z'))).toBe(2);
    expect(daysCharged(new Date('2026-11-01T09:00:00Z'), new Date('2026-11-03T09:30:00Z'))).toBe(3);
    // 3 days at 150 yuan a day: 450 yuan.
    expect(loanerCostFen(15_000, 3)).toBe(45_000);
  });
});

describe('utilisation', () => {
  const period = { from: new Date('2026-11-01T00:00:00Z'), until: new Date('2026-11-11T00:00:00Z') };
  const now = new Date('2026-12-01T00:00:00Z');
  it('is the days out ÷ the fleet’s days available in the period', () => {
    // Two loaners all 10 days (20 fleet days), a third joined on the 6th (5 days): 25.
    const fleet = [
      { inFleetFrom: new Date('2026-01-01T00:00:00Z'), retiredAt: null },
      { inFleetFrom: new Date('2026-01-01T00:00:00Z'), retiredAt: null },
      { inFleetFrom: new Date('2026-11-06T00:00:00Z'), retiredAt: null },
    ];
    // Out 2 days, 1.5 days, and 3 days of which 1 falls inside the period (from the 10th): 4.5 days.
    const out = [
      { outAt: new Date('2026-11-02T00:00:00Z'), backAt: new Date('2026-11-04T00:00:00Z') },
      { outAt: new Date('2026-11-05T00:00:00Z'), backAt: new Date('2026-11-06T12:00:00Z') },
      { outAt: new Date('2026-11-10T00:00:00Z'), backAt: new Date('2026-11-13T00:00:00Z') },
    ];
    expect(loanerUtilisation(fleet, out, period, now)).toEqual({ fleetDays: 25, daysOut: 4.5, utilisation: 0.18 });
  });

  it('counts a retired loaner until it left and a loaner still out up to now; no fleet, no figure', () => {
    const fleet = [{ inFleetFrom: new Date('2026-01-01T00:00:00Z'), retiredAt: new Date('2026-11-05T00:00:00Z') }];
    // Now is the 3rd at noon: 2.5 days lived, the loaner out since the 2nd: 1.5 days out.
    const midway = new Date('2026-11-03T12:00:00Z');
    expect(loanerUtilisation(fleet, [{ outAt: new Date('2026-11-02T00:00:00Z'), backAt: null }], period, midway)).toEqual({
      fleetDays: 2.5,
      daysOut: 1.5,
      utilisation: 0.6,
    });
    expect(loanerUtilisation(fleet, [], period, now)).toEqual({ fleetDays: 4, daysOut: 0, utilisation: 0 });
    expect(loanerUtilisation([], [], period, now)).toEqual({ fleetDays: 0, daysOut: 0, utilisation: null });
  });
});
