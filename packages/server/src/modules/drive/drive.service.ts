import { DRIVE_STAGES, type DriveEntry, type DriveStage, type DriveToday, formatPlate, type VisitCancelInput } from '@servicebay/contracts';
import { type Actor, authorize } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import { addDays, localDate, zonedInstant } from '../../platform/dealer-time.js';
import { AppError, notFound } from '../../platform/errors.js';
import { dealerScopeOf, requireDealer } from '../../platform/scope.js';
import { inTransaction } from '../../platform/transaction.js';
import type { RoStatus } from '../repair-orders/repair-orders.rules.js';
import { createWorkshopRepository } from '../workshop/workshop.repository.js';
import { clockedHours, promisedTimeAtRisk } from '../workshop/workshop.rules.js';
import { createDriveRepository } from './drive.repository.js';
import { driveStage, leadingOrder, visitCancellable } from './drive.rules.js';

export type DriveDeps = { db: Database; clock: Clock };

/** The service drive's state: today's view of every car on it, and cancelling a visit opened by mistake. */
export function createDriveService(deps: DriveDeps) {
  const { db, clock } = deps;

  return {
    /**
     * Today on the drive, in the dealer's time zone: every open visit by stage (whatever day the car
     * arrived: it is still here), the cars delivered today, and the promised times at risk by the
     * workshop board's rule.
     */
    async today(actor: Actor): Promise<DriveToday> {
      authorize(actor, 'drive.read');
      const own = dealerScopeOf(actor);
      const now = clock.now();
      const today = localDate(now, actor.timeZone);
      const dayStart = zonedInstant(today, '00:00', actor.timeZone);
      const dayEnd = zonedInstant(addDays(today, 1), '00:00', actor.timeZone);
      const repo = createDriveRepository(db);
      const [open, delivered] = await Promise.all([repo.openVisits(own), repo.deliveredVisits(own, dayStart, dayEnd)]);
      const visits = [...open, ...delivered.filter((d) => !open.some((o) => o.id === d.id))];
      const orders = await repo.ordersOfVisits(
        own,
        visits.map((v) => v.id),
      );
      const leads = new Map(
        visits.map((v) => [v.id, leadingOrder(orders.filter((o) => o.visit_id === v.id).map((o) => ({ ...o, createdAt: o.created_at })))]),
      );
      const leadIds = [...leads.values()].flatMap((o) => (o ? [o.id] : []));
      const workshop = createWorkshopRepository(db);
      const [events, sold] = await Promise.all([workshop.clockEvents(own, leadIds), workshop.soldHours(own, leadIds)]);

      const stages = Object.fromEntries(DRIVE_STAGES.map((s) => [s, [] as DriveEntry[]])) as Record<DriveStage, DriveEntry[]>;
      const atRisk: DriveEntry[] = [];
      for (const v of visits) {
        const ro = leads.get(v.id) ?? null;
        const stage = driveStage((ro?.status as RoStatus | undefined) ?? null);
        // A delivery of another day is no longer on today's drive.
        if (stage === 'delivered' && !(ro?.delivered_at && ro.delivered_at >= dayStart && ro.delivered_at < dayEnd)) continue;
        const risk = ro
          ? promisedTimeAtRisk({
              status: ro.status,
              promisedAt: ro.promised_at,
              soldHours: sold.get(ro.id) ?? 0,
              clockedHours: clockedHours(
                events.filter((e) => e.repair_order_id === ro.id).map((e) => ({ startedAt: e.started_at, endedAt: e.ended_at })),
                now,
              ),
              now,
            })
          : { atRisk: false, reason: null };
        const entry: DriveEntry = {
          visitId: v.id,
          stage,
          repairOrder: ro ? { id: ro.id, number: ro.number, status: ro.status } : null,
          plate: formatPlate(v.plate_key),
          modelName: v.model_name,
          customerName: v.customer_name,
          sa: v.sa_id && v.sa_name ? { id: v.sa_id, name: v.sa_name } : null,
          arrivedAt: v.arrived_at.toISOString(),
          promisedAt: ro?.promised_at.toISOString() ?? null,
          deliveredAt: ro?.delivered_at?.toISOString() ?? null,
          atRisk: risk.atRisk,
          atRiskReason: risk.reason,
        };
        stages[stage].push(entry);
        if (entry.atRisk) atRisk.push(entry);
      }
      atRisk.sort((a, b) => (a.promisedAt ?? '').localeCompare(b.promisedAt ?? ''));
      return { generatedAt: now.toISOString(), today, stages, atRisk };
    },

    /**
     * Cancel a visit opened by mistake (the wrong car, a double check-in): audited with its reason,
     * its unsigned repair orders cancelled with it, and no longer counted in 进厂台次 nor shown on the
     * drive. Refused once the customer has signed a repair order of the visit (see `visitCancellable`).
     */
    async cancelVisit(actor: Actor, id: string, input: VisitCancelInput) {
      authorize(actor, 'repair_order.write');
      const dealerId = requireDealer(actor);
      const now = clock.now();
      return inTransaction(db, async (tx) => {
        const repo = createDriveRepository(tx);
        const visit = await repo.lockVisit(actor.networkId, dealerId, id);
        if (!visit) throw notFound('visit');
        const orders = await repo.ordersOfVisit(dealerId, id);
        const verdict = visitCancellable(visit.status, orders);
        if (!verdict.ok)
          throw new AppError('invalid_transition', { detail: verdict.message, extra: { status: visit.status, rule: verdict.code } });
        await repo.cancelVisit(dealerId, id, { reason: input.reason, at: now, by: actor.userId });
        const cancelledOrders = await repo.cancelOpenOrders(dealerId, id, input.reason, now);
        await recordAudit(
          tx,
          actor,
          {
            action: 'visit.cancelled',
            entityType: 'visit',
            entityId: id,
            before: { status: visit.status },
            after: { status: 'cancelled', reason: input.reason, cancelledRepairOrders: cancelledOrders.map((o) => o.number) },
          },
          now,
        );
        for (const o of cancelledOrders) {
          await recordAudit(
            tx,
            actor,
            {
              action: 'repair_order.cancelled',
              entityType: 'repair_order',
              entityId: o.id,
              before: { status: 'open' },
              after: { status: 'cancelled', reason: input.reason, visitCancelled: id },
            },
            now,
          );
        }
        return { id, status: 'cancelled' as const, cancelReason: input.reason, cancelledAt: now.toISOString() };
      });
    },
  };
}

export type DriveService = ReturnType<typeof createDriveService>;
