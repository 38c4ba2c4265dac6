import { DEFAULT_RESCUE_TARGET_MINUTES, type ValueAddedKpi, type ValueAddedKpiQuery } from '@servicebay/contracts';
import { type Actor, authorize } from '../../platform/actor.js';
import type { Clock } from '../../platform/clock.js';
import type { ReadRouter } from '../../platform/read-routing.js';
import { scopeOf } from '../../platform/scope.js';
import { createRescueRepository } from '../rescue/rescue.repository.js';
import { type KpiCall, rescueFigures } from '../rescue/rescue.rules.js';
import { createValueAddedRepository } from './value-added.repository.js';
import { addSums, type ClubSums, clubKpi, type LoanerSums, loanerKpi, type PickupSums, pickupKpi } from './value-added.rules.js';

type Deps = { reads: ReadRouter; clock: Clock };

const NO_LOANERS: LoanerSums = { fleet: 0, fleetSeconds: 0, outSeconds: 0, loans: 0, overdue: 0, costFen: 0 };
const NO_PICKUP: PickupSums = { jobs: 0, done: 0, met: 0, onTime: 0, feeFen: 0, km: 0 };
const NO_CLUB: ClubSums = { members: 0, newMembers: 0, pointsEarned: 0, pointsRedeemed: 0, redeemedFromOthers: 0, redeemedAtOthers: 0 };

/** Keeps the numeric sums of a row, without its dealer id. */
function sumsOf<T extends Record<string, number>>(row: (T & { dealerId: string }) | undefined, zero: T): T {
  if (!row) return zero;
  const { dealerId: _dealerId, ...sums } = row;
  return sums as unknown as T;
}

/** The value-added services' KPIs (loaners, pick-up & delivery, rescue, club) per dealer of the reader's scope. */
export function createValueAddedService({ reads, clock }: Deps) {
  return {
    async kpi(actor: Actor, query: ValueAddedKpiQuery): Promise<ValueAddedKpi> {
      authorize(actor, 'kpi.read');
      const scope = scopeOf(actor, {
        ...(query.dealerId ? { dealerIds: [query.dealerId] } : {}),
        ...(query.region ? { region: query.region } : {}),
        ...(query.city ? { city: query.city } : {}),
        ...(query.grade ? { grade: query.grade } : {}),
      });
      const now = clock.now();
      const db = await reads.forReport(actor);
      const repo = createValueAddedRepository(db);
      const rescue = createRescueRepository(db);
      const [dealers, loaners, pickup, club, rescueDealers, calls] = await Promise.all([
        repo.dealers(scope),
        repo.loaners(scope, query.from, query.to, now),
        repo.pickup(scope, query.from, query.to, now),
        repo.club(scope, query.from, query.to, now),
        rescue.dealers(scope),
        rescue.kpiCalls(scope, query.from, query.to),
      ]);
      const targetOf = new Map(rescueDealers.map((d) => [d.id, d.target_minutes ?? DEFAULT_RESCUE_TARGET_MINUTES]));
      const rescueCalls = calls.map((c) => ({
        dealerId: c.dealer_id,
        status: c.status,
        receivedAt: c.received_at,
        arrivedAt: c.arrived_at,
        outcome: c.outcome,
        targetMinutes: targetOf.get(c.dealer_id) ?? DEFAULT_RESCUE_TARGET_MINUTES,
      })) satisfies (KpiCall & { dealerId: string })[];

      const rows = dealers.map((dealer) => ({
        dealer,
        loaners: sumsOf(
          loaners.find((r) => r.dealerId === dealer.id),
          NO_LOANERS,
        ),
        pickup: sumsOf(
          pickup.find((r) => r.dealerId === dealer.id),
          NO_PICKUP,
        ),
        club: sumsOf(
          club.find((r) => r.dealerId === dealer.id),
          NO_CLUB,
        ),
      }));
      return {
        from: query.from,
        to: query.to,
        dealers: rows.map((row) => ({
          dealer: row.dealer,
          rescueTargetMinutes: targetOf.get(row.dealer.id) ?? DEFAULT_RESCUE_TARGET_MINUTES,
          loaners: loanerKpi(row.loaners),
          pickup: pickupKpi(row.pickup),
          rescue: rescueFigures(rescueCalls.filter((c) => c.dealerId === row.dealer.id)),
          club: clubKpi(row.club),
        })),
        total: {
          loaners: loanerKpi(
            addSums(
              rows.map((r) => r.loaners),
              NO_LOANERS,
            ),
          ),
          pickup: pickupKpi(
            addSums(
              rows.map((r) => r.pickup),
              NO_PICKUP,
            ),
          ),
          rescue: rescueFigures(rescueCalls),
          club: clubKpi(
            addSums(
              rows.map((r) => r.club),
              NO_CLUB,
            ),
          ),
        },
      };
    },
  };
}

export type ValueAddedService = ReturnType<typeof createValueAddedService>;
