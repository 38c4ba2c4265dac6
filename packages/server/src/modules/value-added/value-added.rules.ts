import type { ClubKpiFigures, LoanerKpiFigures, PickupKpiFigures } from '@servicebay/contracts';

// The value-added services' KPI formulas, pure: the repository sums per dealer in SQL, these turn the
// sums into the figures a manager reads (and add dealers up for the network's total). The rescue
// figures are the rescue module's own rules (`rescueFigures`), not recomputed here.

const DAY_SECONDS = 86_400;

/** A share to three decimals (0.853), null without a base. */
export const share = (part: number, base: number): number | null =>
  base > 0 ? Math.round((Math.min(part, base) / base) * 1000) / 1000 : null;

const tenth = (n: number) => Math.round(n * 10) / 10;

/** One dealer's loaner sums: seconds the fleet was available and out within the period (up to now). */
export type LoanerSums = { fleet: number; fleetSeconds: number; outSeconds: number; loans: number; overdue: number; costFen: number };

/** Utilisation as the loaner page reads it: days out ÷ fleet days, both to a tenth of a day. */
export function loanerKpi(s: LoanerSums): LoanerKpiFigures {
  const fleetDays = s.fleetSeconds / DAY_SECONDS;
  const daysOut = s.outSeconds / DAY_SECONDS;
  return {
    fleet: s.fleet,
    fleetDays: tenth(fleetDays),
    daysOut: tenth(daysOut),
    utilisation: share(daysOut, fleetDays),
    loans: s.loans,
    overdue: s.overdue,
    costFen: s.costFen,
  };
}

/** One dealer's pick-up & delivery sums. */
export type PickupSums = { jobs: number; done: number; met: number; onTime: number; feeFen: number; km: number };

/** The on-time rate counts only the jobs where the driver met the customer: a job not yet begun is neither on time nor late. */
export const pickupKpi = (s: PickupSums): PickupKpiFigures => ({ ...s, onTimeRate: share(s.onTime, s.met) });

/** One dealer's club sums. */
export type ClubSums = Omit<ClubKpiFigures, 'redemptionRate'>;

/** Redemption rate: points redeemed in the period ÷ points earned in it (the club's liability turning into service). */
export const clubKpi = (s: ClubSums): ClubKpiFigures => ({ ...s, redemptionRate: share(s.pointsRedeemed, s.pointsEarned) });

/** Adds the sums of several dealers up, field by field (the network's total is figured from the summed sums, not averaged rates). */
export function addSums<T extends Record<string, number>>(rows: readonly T[], zero: T): T {
  const total: Record<string, number> = { ...zero };
  for (const row of rows) for (const key of Object.keys(zero)) total[key] = (total[key] ?? 0) + (row[key] ?? 0);
  return total as T;
}
