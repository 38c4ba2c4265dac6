// Loaner cars (代步车, issue 17): who may have one, when a loaner is overdue, what a reservation costs
// and how much of the fleet's time was used. Pure: the service reads the rows, these decide.
import type { LoanerReason } from '@servicebay/contracts/constants';

export const DAY_MS = 86_400_000;

/** The dealer's default: a warranty repair expected to take more than one day gives a loaner. */
export const DEFAULT_WARRANTY_REPAIR_MIN_DAYS = 1;

export type EligibilityInput = {
  reason: LoanerReason;
  /** Days the warranty repair is expected to take (reason warranty_repair). */
  expectedRepairDays: number | null;
  /** The dealer's setting: more than this many days gives a loaner. */
  warrantyRepairMinDays: number;
  /** The vehicle has an open 三包 case. */
  sanbaoCaseOpen: boolean;
  /** The customer is a member of the dealer's club (a flag until the club is built). */
  isMember: boolean;
  /** The reservation names a complaint of the dealer (its service recovery). */
  complaintNamed: boolean;
  /** A manager's override with its reason (null: none). */
  override: { reason: string; mayOverride: boolean } | null;
};

export type Eligibility =
  | { eligible: true; basis: 'rule' | 'override' }
  | { eligible: false; field: 'expectedRepairDays' | 'vehicleId' | 'isMember' | 'complaintId' | 'reason' | 'overrideReason'; code: string };

/** Why the rules refuse a reason, or null when they give it. */
function refusal(input: EligibilityInput): Extract<Eligibility, { eligible: false }> | null {
  switch (input.reason) {
    case 'warranty_repair':
      if (input.expectedRepairDays === null) return { eligible: false, field: 'expectedRepairDays', code: 'required' };
      return input.expectedRepairDays > input.warrantyRepairMinDays
        ? null
        : { eligible: false, field: 'expectedRepairDays', code: 'repair_too_short' };
    case 'sanbao':
      return input.sanbaoCaseOpen ? null : { eligible: false, field: 'vehicleId', code: 'no_sanbao_case' };
    case 'member':
      return input.isMember ? null : { eligible: false, field: 'isMember', code: 'not_a_member' };
    case 'recovery':
      return input.complaintNamed ? null : { eligible: false, field: 'complaintId', code: 'required' };
    case 'courtesy':
      return { eligible: false, field: 'reason', code: 'no_rule' };
  }
}

/**
 * May this customer have a loaner? A warranty repair expected over the dealer's minimum days, a 三包
 * case, a member, or a complaint's service recovery; anything else only when a manager overrides the
 * rules with a reason.
 */
export function loanerEligibility(input: EligibilityInput): Eligibility {
  const refused = refusal(input);
  if (!refused) return { eligible: true, basis: 'rule' };
  if (!input.override) return refused;
  if (!input.override.mayOverride) return { eligible: false, field: 'overrideReason', code: 'not_allowed' };
  return { eligible: true, basis: 'override' };
}

/** Out past the time it was due back. */
export function isOverdue(reservation: { status: string; until: Date }, now: Date): boolean {
  return reservation.status === 'out' && reservation.until.getTime() < now.getTime();
}

/**
 * The end of a reservation once its loaner is back: a loaner returned early frees the rest of its
 * reserved time for the next customer (a minute after its start at the least: a period is never empty).
 */
export function reservedUntilOnReturn(reservation: { from: Date; until: Date }, returnedAt: Date): Date {
  if (returnedAt >= reservation.until) return reservation.until;
  return new Date(Math.max(returnedAt.getTime(), reservation.from.getTime() + 60_000));
}

/** Days charged for a loaner out from `handedOverAt` to `returnedAt`: every started day, at least one. */
export function daysCharged(handedOverAt: Date, returnedAt: Date): number {
  return Math.max(1, Math.ceil((returnedAt.getTime() - handedOverAt.getTime()) / DAY_MS));
}

/** What a loaner reservation cost the dealer: the cost per day × the days charged. */
export function loanerCostFen(costPerDayFen: number, days: number): number {
  return costPerDayFen * days;
}

type Interval = { from: Date; until: Date | null };

/** Days of `[from, until)` (until null: still going, up to the period's end) inside the period. */
function daysWithin(interval: Interval, period: { from: Date; until: Date }): number {
  const start = Math.max(interval.from.getTime(), period.from.getTime());
  const end = Math.min(interval.until?.getTime() ?? period.until.getTime(), period.until.getTime());
  return end > start ? (end - start) / DAY_MS : 0;
}

export type UtilisationFigures = { fleetDays: number; daysOut: number; utilisation: number | null };

/**
 * Utilisation of a fleet in a period: the days loaners were out with customers ÷ the days the fleet
 * was available (each loaner from joining the fleet until retired). The period ends at `now` at the
 * latest: days not yet lived are not available. Days are rounded to a tenth.
 */
export function loanerUtilisation(
  loaners: readonly { inFleetFrom: Date; retiredAt: Date | null }[],
  out: readonly { outAt: Date; backAt: Date | null }[],
  period: { from: Date; until: Date },
  now: Date,
): UtilisationFigures {
  const until = new Date(Math.min(period.until.getTime(), now.getTime()));
  const lived = { from: period.from, until };
  const fleetDays = loaners.reduce((sum, l) => sum + daysWithin({ from: l.inFleetFrom, until: l.retiredAt }, lived), 0);
  const daysOut = out.reduce((sum, r) => sum + daysWithin({ from: r.outAt, until: r.backAt }, lived), 0);
  const tenth = (n: number) => Math.round(n * 10) / 10;
  return {
    fleetDays: tenth(fleetDays),
    daysOut: tenth(daysOut),
    utilisation: fleetDays > 0 ? Math.round((Math.min(daysOut, fleetDays) / fleetDays) * 1000) / 1000 : null,
  };
}
