import {
  DEFAULT_RESCUE_TARGET_MINUTES,
  type RescueArrivedInput,
  type RescueCall,
  type RescueCallInput,
  type RescueCallList,
  type RescueCancelInput,
  type RescueCompleteInput,
  type RescueDispatchInput,
  type RescueKpi,
  type RescueKpiQuery,
  type RescueSettings,
  type RescueUnit,
  type RescueUnitInput,
} from '@servicebay/contracts';
import { type Actor, authorize } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import { localDate } from '../../platform/dealer-time.js';
import { createDealersRepository } from '../../platform/dealers.repository.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { Outbox } from '../../platform/outbox.js';
import { presentDelivery } from '../../platform/outbox.rules.js';
import { rolesGrant } from '../../platform/rbac.js';
import type { ReadRouter } from '../../platform/read-routing.js';
import { dealerScopeOf, requireDealer, scopeOf } from '../../platform/scope.js';
import { nextDailyNumber } from '../../platform/sequences.js';
import { inTransaction } from '../../platform/transaction.js';
import { contactViewOf } from '../customers/customers.presenter.js';
import { presentRescueCall, presentRescueUnit } from './rescue.presenter.js';
import { createRescueRepository } from './rescue.repository.js';
import {
  type KpiCall,
  type RescueStep,
  receivedAtProblem,
  rescueFigures,
  rescueStepAllowed,
  statusAfter,
  stepTimeProblem,
} from './rescue.rules.js';

type Deps = {
  db: Database;
  reads: ReadRouter;
  clock: Clock;
  outbox: Outbox;
  /** The repair-orders module's check-in (a walk-in visit of the car), run in the caller's transaction (wired in services.ts). */
  openVisit: (tx: Database, actor: Actor, input: { vehicleId: string; arrivedAt: string }) => Promise<{ id: string }>;
};

type CallRow = NonNullable<Awaited<ReturnType<ReturnType<typeof createRescueRepository>['lockCall']>>>;

const STEP_MESSAGES: Record<string, string> = {
  in_future: 'the time is in the future',
  before_previous_step: 'the time is before the previous step of the call',
  too_far_back: 'the time is more than a day ago',
};

/** Roadside rescue (救援, issue 17): the rescue desk's calls from the call to completion, the units, the response KPI. */
export function createRescueService({ db, reads, clock, outbox, openVisit: openVisitOf }: Deps) {
  async function present(tx: Database, actor: Actor, id: string): Promise<RescueCall> {
    const row = await createRescueRepository(tx).findCall(scopeOf(actor), id);
    if (!row) throw notFound('rescue call');
    return presentRescueCall(row, contactViewOf(actor));
  }

  /** Locks the acting dealer's call and checks the step may follow its status and `at` may be its time. */
  async function loadForStep(tx: Database, dealerId: string, id: string, step: RescueStep, at: Date, now: Date): Promise<CallRow> {
    const call = await createRescueRepository(tx).lockCall(dealerId, id);
    if (!call) throw notFound('rescue call');
    if (!rescueStepAllowed(call.status, step))
      throw new AppError('invalid_transition', {
        detail: `a ${call.status} call cannot be ${statusAfter(step)}`,
        extra: { status: call.status },
      });
    const problem = stepTimeProblem(
      step,
      at,
      { receivedAt: call.received_at, dispatchedAt: call.dispatched_at, arrivedAt: call.arrived_at },
      now,
    );
    if (problem) throw AppError.field('validation_failed', 'at', problem, STEP_MESSAGES[problem]);
    return call;
  }

  async function audit(tx: Database, actor: Actor, action: string, id: string, after: unknown, now: Date) {
    await recordAudit(tx, actor, { action: `rescue.${action}`, entityType: 'rescue_call', entityId: id, after }, now);
  }

  /** Opens the visit of a car towed to the dealer (or links the one already open); the visit's id. */
  async function visitFor(tx: Database, actor: Actor, call: { id: string; vehicle_id: string | null }, arrivedAt: Date) {
    if (!call.vehicle_id)
      throw AppError.field('validation_failed', 'plate', 'vehicle_unknown', 'name the car (its plate) to open its visit');
    try {
      return (await openVisitOf(tx, actor, { vehicleId: call.vehicle_id, arrivedAt: arrivedAt.toISOString() })).id;
    } catch (error) {
      // The car already has an open visit here (it was checked in at the door): the call joins it.
      const openId = error instanceof AppError && error.code === 'open_visit_exists' ? error.details.extra?.openVisitId : null;
      if (typeof openId === 'string') return openId;
      throw error;
    }
  }

  return {
    async recordCall(actor: Actor, input: RescueCallInput): Promise<RescueCall> {
      authorize(actor, 'rescue.work');
      const dealerId = requireDealer(actor);
      const now = clock.now();
      const receivedAt = input.receivedAt ? new Date(input.receivedAt) : now;
      const problem = receivedAtProblem(receivedAt, now);
      if (problem) throw AppError.field('validation_failed', 'receivedAt', problem, STEP_MESSAGES[problem]);
      return inTransaction(db, async (tx) => {
        const repo = createRescueRepository(tx);
        const vehicle = input.plate ? await repo.vehicleByPlate(dealerId, input.plate) : undefined;
        const id = newId();
        const number = await nextDailyNumber(tx, dealerId, 'RS', localDate(receivedAt, actor.timeZone));
        await repo.insertCall({
          dealer_id: dealerId,
          id,
          number,
          status: 'received',
          received_at: receivedAt,
          location: input.location,
          lat: input.lat ?? null,
          lng: input.lng ?? null,
          mobile: input.mobile,
          caller_name: input.callerName ?? null,
          plate_key: input.plate ?? null,
          customer_id: vehicle ? (vehicle.user_id ?? vehicle.owner_id) : null,
          vehicle_id: vehicle?.id ?? null,
          problem: input.problem,
          description: input.description || null,
          recorded_by: actor.userId,
          created_at: now,
        });
        await audit(tx, actor, 'call_recorded', id, { number, receivedAt, problem: input.problem, vehicleId: vehicle?.id ?? null }, now);
        return present(tx, actor, id);
      });
    },

    /**
     * Sends a unit: refused when it is on another open call. The caller is texted who is coming and how to
     * reach them; the answer says what the outbox will do with that SMS (the call shows what it did).
     */
    async dispatch(actor: Actor, id: string, input: RescueDispatchInput): Promise<RescueCall> {
      authorize(actor, 'rescue.work');
      const dealerId = requireDealer(actor);
      const now = clock.now();
      const at = input.at ? new Date(input.at) : now;
      return inTransaction(db, async (tx) => {
        const repo = createRescueRepository(tx);
        const call = await loadForStep(tx, dealerId, id, 'dispatch', at, now);
        const unit = await repo.unit(dealerId, input.unitId);
        if (!unit) throw AppError.field('validation_failed', 'unitId', 'unknown_unit', 'no such rescue unit at this dealer');
        if (!unit.active) throw AppError.field('validation_failed', 'unitId', 'unit_inactive', 'this rescue unit is not in service');
        const busy = await repo.callOfUnit(dealerId, unit.id, id);
        if (busy)
          throw new AppError('unit_busy', {
            detail: `${unit.name} is on call ${busy.number}: record its completion first, or send another unit`,
            extra: { callId: busy.id, callNumber: busy.number },
          });
        const dealer = await createDealersRepository(tx).profile(dealerId, dealerScopeOf(actor));
        const sms = { channel: 'sms' as const, recipient: call.mobile };
        // The caller asked for help and waits at the roadside: like a code one asked for, the answer goes
        // out at once, day or night (no customer consent or quiet hours apply).
        const queued = await outbox.enqueue(tx, {
          networkId: actor.networkId,
          dealerId,
          customerId: null,
          ...sms,
          template: 'rescue.dispatched',
          locale: input.locale ?? 'zh-CN',
          variables: { dealer: dealer.name, number: call.number, unit: unit.name, location: call.location, phone: unit.phone },
          dedupeKey: `rescue:${id}:dispatched`,
        });
        await repo
          .updateCall(dealerId, id, {
            status: 'dispatched',
            unit_id: unit.id,
            dispatched_at: at,
            dispatch_message_id: queued?.messageId ?? null,
          })
          .catch((error: { code?: unknown }) => {
            // Sent to another call at the same moment (the database's one-open-call-per-unit index).
            if (error?.code === '23505') throw new AppError('unit_busy', { detail: `${unit.name} was just sent to another call` });
            throw error;
          });
        await audit(tx, actor, 'dispatched', id, { unitId: unit.id, at }, now);
        return { ...(await present(tx, actor, id)), message: queued ? presentDelivery(sms, queued) : null };
      });
    },

    async arrived(actor: Actor, id: string, input: RescueArrivedInput): Promise<RescueCall> {
      authorize(actor, 'rescue.work');
      const dealerId = requireDealer(actor);
      const now = clock.now();
      const at = input.at ? new Date(input.at) : now;
      return inTransaction(db, async (tx) => {
        await loadForStep(tx, dealerId, id, 'arrive', at, now);
        await createRescueRepository(tx).updateCall(dealerId, id, { status: 'arrived', arrived_at: at });
        await audit(tx, actor, 'arrived', id, { at }, now);
        return present(tx, actor, id);
      });
    },

    /**
     * Closes the call with its outcome. A car towed to the dealer opens its visit there in the same
     * transaction when the actor checks cars in (repair_order.write) and the car is known; otherwise the
     * desk opens it later (`openVisit`).
     */
    async complete(actor: Actor, id: string, input: RescueCompleteInput): Promise<RescueCall> {
      authorize(actor, 'rescue.work');
      const dealerId = requireDealer(actor);
      const now = clock.now();
      const at = input.at ? new Date(input.at) : now;
      return inTransaction(db, async (tx) => {
        const call = await loadForStep(tx, dealerId, id, 'complete', at, now);
        const opensVisit = input.outcome === 'towed_to_dealer' && call.vehicle_id !== null && rolesGrant(actor.roles, 'repair_order.write');
        const visitId = opensVisit ? await visitFor(tx, actor, call, at) : null;
        await createRescueRepository(tx).updateCall(dealerId, id, {
          status: 'completed',
          completed_at: at,
          outcome: input.outcome,
          note: input.note || null,
          visit_id: visitId,
        });
        await audit(tx, actor, 'completed', id, { at, outcome: input.outcome, visitId }, now);
        return present(tx, actor, id);
      });
    },

    /** Opens the visit of a call towed to the dealer (naming the car when the call did not); again: the same visit. */
    async openVisit(actor: Actor, id: string, input: { plate?: string | undefined }): Promise<RescueCall> {
      authorize(actor, 'rescue.work');
      authorize(actor, 'repair_order.write');
      const dealerId = requireDealer(actor);
      const now = clock.now();
      return inTransaction(db, async (tx) => {
        const repo = createRescueRepository(tx);
        const call = await repo.lockCall(dealerId, id);
        if (!call) throw notFound('rescue call');
        if (call.visit_id) return present(tx, actor, id);
        if (call.status !== 'completed' || call.outcome !== 'towed_to_dealer')
          throw new AppError('invalid_transition', {
            detail: 'only a call towed to the dealer opens a visit',
            extra: { status: call.status },
          });
        let vehicleId = call.vehicle_id;
        let customerId = call.customer_id;
        if (!vehicleId && input.plate) {
          const vehicle = await repo.vehicleByPlate(dealerId, input.plate);
          if (!vehicle) throw AppError.field('validation_failed', 'plate', 'unknown_vehicle', 'no car with this plate at this dealer');
          vehicleId = vehicle.id;
          customerId = vehicle.user_id ?? vehicle.owner_id;
        }
        const visitId = await visitFor(tx, actor, { id, vehicle_id: vehicleId }, now);
        await repo.updateCall(dealerId, id, {
          visit_id: visitId,
          vehicle_id: vehicleId,
          customer_id: customerId,
          plate_key: call.plate_key ?? input.plate ?? null,
        });
        await audit(tx, actor, 'visit_opened', id, { visitId }, now);
        return present(tx, actor, id);
      });
    },

    async cancel(actor: Actor, id: string, input: RescueCancelInput): Promise<RescueCall> {
      authorize(actor, 'rescue.work');
      const dealerId = requireDealer(actor);
      const now = clock.now();
      return inTransaction(db, async (tx) => {
        await loadForStep(tx, dealerId, id, 'cancel', now, now);
        await createRescueRepository(tx).updateCall(dealerId, id, { status: 'cancelled', cancelled_at: now, cancel_reason: input.reason });
        await audit(tx, actor, 'cancelled', id, { reason: input.reason }, now);
        return present(tx, actor, id);
      });
    },

    async getCall(actor: Actor, id: string): Promise<RescueCall> {
      authorize(actor, 'rescue.read');
      return present(db, actor, id);
    },

    async listCalls(
      actor: Actor,
      query: { state: 'open' | 'closed'; from?: string | undefined; to?: string | undefined; dealerId?: string | undefined; limit: number },
    ): Promise<RescueCallList> {
      authorize(actor, 'rescue.read');
      if ((query.from === undefined) !== (query.to === undefined))
        throw AppError.field('validation_failed', query.from === undefined ? 'from' : 'to', 'required', 'give from and to together');
      const scope = scopeOf(actor, query.dealerId ? { dealerIds: [query.dealerId] } : {});
      const rows = await createRescueRepository(db).listCalls(scope, query);
      const view = contactViewOf(actor);
      return { items: rows.map((row) => presentRescueCall(row, view)) };
    },

    async listUnits(actor: Actor): Promise<{ items: RescueUnit[] }> {
      authorize(actor, 'rescue.read');
      const rows = await createRescueRepository(db).units(scopeOf(actor));
      return { items: rows.map(presentRescueUnit) };
    },

    async addUnit(actor: Actor, input: RescueUnitInput): Promise<RescueUnit> {
      authorize(actor, 'rescue.manage');
      const dealerId = requireDealer(actor);
      const now = clock.now();
      return inTransaction(db, async (tx) => {
        const repo = createRescueRepository(tx);
        if (await repo.unitNamed(dealerId, input.name))
          throw AppError.field('validation_failed', 'name', 'name_taken', 'the dealer has a rescue unit of this name');
        const id = newId();
        await repo.insertUnit({
          dealer_id: dealerId,
          id,
          name: input.name,
          kind: input.kind,
          phone: input.phone,
          active: input.active ?? true,
          created_at: now,
        });
        await recordAudit(tx, actor, { action: 'rescue.unit_added', entityType: 'rescue_unit', entityId: id, after: input }, now);
        return presentRescueUnit({ ...(await repo.unit(dealerId, id))!, busy_call_id: null, busy_call_number: null });
      });
    },

    async updateUnit(actor: Actor, id: string, input: RescueUnitInput): Promise<RescueUnit> {
      authorize(actor, 'rescue.manage');
      const dealerId = requireDealer(actor);
      const now = clock.now();
      return inTransaction(db, async (tx) => {
        const repo = createRescueRepository(tx);
        const before = await repo.unit(dealerId, id);
        if (!before) throw notFound('rescue unit');
        const named = await repo.unitNamed(dealerId, input.name);
        if (named && named.id !== id)
          throw AppError.field('validation_failed', 'name', 'name_taken', 'the dealer has a rescue unit of this name');
        await repo.updateUnit(dealerId, id, { name: input.name, kind: input.kind, phone: input.phone, active: input.active ?? true });
        await recordAudit(
          tx,
          actor,
          {
            action: 'rescue.unit_changed',
            entityType: 'rescue_unit',
            entityId: id,
            before: { ...before, created_at: undefined },
            after: input,
          },
          now,
        );
        const row = (await repo.units(dealerScopeOf(actor))).find((u) => u.id === id)!;
        return presentRescueUnit(row);
      });
    },

    async settings(actor: Actor): Promise<RescueSettings> {
      authorize(actor, 'rescue.read');
      const [dealer] = await createRescueRepository(db).dealers(dealerScopeOf(actor));
      return { targetMinutes: dealer?.target_minutes ?? DEFAULT_RESCUE_TARGET_MINUTES };
    },

    async saveSettings(actor: Actor, input: RescueSettings): Promise<RescueSettings> {
      authorize(actor, 'rescue.manage');
      const dealerId = requireDealer(actor);
      const now = clock.now();
      return inTransaction(db, async (tx) => {
        await createRescueRepository(tx).saveSettings(dealerId, input.targetMinutes, now);
        await recordAudit(tx, actor, { action: 'rescue.settings', entityType: 'dealer', entityId: dealerId, after: input }, now);
        return input;
      });
    },

    /** The response KPI per dealer of the scope, by local month and over the period, and over the scope as a whole. */
    async kpi(actor: Actor, query: RescueKpiQuery): Promise<RescueKpi> {
      authorize(actor, 'rescue.read');
      const scope = scopeOf(actor, {
        ...(query.dealerId ? { dealerIds: [query.dealerId] } : {}),
        ...(query.region ? { region: query.region } : {}),
        ...(query.city ? { city: query.city } : {}),
        ...(query.grade ? { grade: query.grade } : {}),
      });
      const repo = createRescueRepository(await reads.forReport(actor));
      const [dealers, rows] = await Promise.all([repo.dealers(scope), repo.kpiCalls(scope, query.from, query.to)]);
      const targetOf = new Map(dealers.map((d) => [d.id, d.target_minutes ?? DEFAULT_RESCUE_TARGET_MINUTES]));
      const calls = rows.map((r) => ({
        dealerId: r.dealer_id,
        month: r.month,
        status: r.status,
        receivedAt: r.received_at,
        arrivedAt: r.arrived_at,
        outcome: r.outcome,
        targetMinutes: targetOf.get(r.dealer_id) ?? DEFAULT_RESCUE_TARGET_MINUTES,
      })) satisfies (KpiCall & { dealerId: string; month: string })[];
      return {
        from: query.from,
        to: query.to,
        dealers: dealers.map((d) => {
          const own = calls.filter((c) => c.dealerId === d.id);
          const months = [...new Set(own.map((c) => c.month))].sort();
          return {
            dealer: { id: d.id, name: d.name },
            targetMinutes: targetOf.get(d.id)!,
            ...rescueFigures(own),
            months: months.map((month) => ({ month, ...rescueFigures(own.filter((c) => c.month === month)) })),
          };
        }),
        total: rescueFigures(calls),
      };
    },
  };
}

export type RescueService = ReturnType<typeof createRescueService>;
