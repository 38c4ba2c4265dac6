import {
  CARE_RULES,
  type CallAttemptInput,
  type CareRule,
  type CustomerSegment,
  type FollowUpSettings,
  formatPlate,
  type Role,
  type WorkPlanActual,
  type WorkPlanInput,
} from '@servicebay/contracts';
import { z } from 'zod';
import { type Actor, authorize } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import type { Database } from '../../platform/db.js';
import { addDays, localDate, zonedInstant } from '../../platform/dealer-time.js';
import { createDealersRepository } from '../../platform/dealers.repository.js';
import { AppError, notFound, versionConflict } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { requireDateWithin, requireInstantWithin } from '../../platform/input-window.js';
import { inLanes } from '../../platform/lanes.js';
import type { Outbox } from '../../platform/outbox.js';
import { reportPeriod } from '../../platform/period.js';
import { rolesGrant } from '../../platform/rbac.js';
import { requireDealer, scopeOf } from '../../platform/scope.js';
import { inTransaction } from '../../platform/transaction.js';
import type { AppointmentsDeps, AppointmentsService } from '../appointments/appointments.service.js';
import { categoryOfDissatisfaction } from '../complaints/complaints.rules.js';
import type { ComplaintsService } from '../complaints/complaints.service.js';
import { createCustomerValueRepository } from '../customers/customer-value.repository.js';
import { contactViewOf, viewMobile } from '../customers/customers.presenter.js';
import type { VisitDelivered } from '../events/visit-events.js';
import { createLoanersRepository } from '../loaners/loaners.repository.js';
import { mileageErrorAs } from '../vehicles/vehicles.rules.js';
import type { VehiclesService } from '../vehicles/vehicles.service.js';
import { createFollowUpCalls, effectiveSettings } from './follow-up.calls.js';
import { followUpTaskPolicy, taskAbilities } from './follow-up.policy.js';
import { presentAttempt, presentPrediction, presentTask, presentWinBack, type TaskRow } from './follow-up.presenter.js';
import { createFollowUpRepository, type DealerRule } from './follow-up.repository.js';
import { applyAttempt, careRules, type EventRule, isEventRule, planStanding, rate } from './follow-up.rules.js';
import { callScript } from './follow-up.scripts.js';

/** How far from today a call-back or a work plan's period may be set. */
const MAX_DAYS_AHEAD = 366;

export type FollowUpDeps = AppointmentsDeps & {
  outbox: Outbox;
  /** Books the call's appointment in the call's transaction (the same capacity rules). */
  appointments: Pick<AppointmentsService, 'bookIn'>;
  /** Opens the complaint of a dissatisfied customer in the call's transaction. */
  complaints: Pick<ComplaintsService, 'raise'>;
  /** The vehicles module on a database or transaction: a mileage reported on a call is a reading in the call's transaction. */
  vehiclesIn: (db: Database) => Pick<VehiclesService, 'get' | 'addMileage'>;
};

/** Every dealer's rules as rows for the set-based generation. */
function dealerRules(rows: readonly { dealer_id: string; rules: unknown }[]): DealerRule[] {
  return rows.flatMap((row) => {
    const rules = careRules((row.rules ?? null) as Parameters<typeof careRules>[0]);
    return CARE_RULES.map((rule) => ({
      dealer_id: row.dealer_id,
      rule,
      enabled: rules[rule].enabled,
      owner: rules[rule].owner,
      start_days: rules[rule].startDays,
      end_days: rules[rule].endDays,
    }));
  });
}

/** Replies that end SMS marketing (退订 / TD / STOP / T). */
const OPT_OUT = /^\s*(退订|td|t|stop|unsubscribe)\s*$/i;

export const smsInboundSchema = z.object({
  from: z
    .string()
    .trim()
    .regex(/^(\+?86)?1[3-9]\d{9}$/, 'invalid_mobile'),
  text: z.string().max(1000),
});

export function createFollowUpService(deps: FollowUpDeps) {
  const { db, reads, clock } = deps;
  const calls = createFollowUpCalls(deps);

  async function loadTask(tx: Database, dealerId: string, id: string, lock = false) {
    const row = await createFollowUpRepository(tx).findTask(dealerId, id, { lock });
    if (!row) throw notFound('follow-up task');
    return row;
  }

  async function taskView(tx: Database, actor: Actor, dealerId: string, id: string, today: string) {
    const row = (await createFollowUpRepository(tx).taskQuery(dealerId).where('t.id', '=', id).executeTakeFirst()) as TaskRow | undefined;
    if (!row) throw notFound('follow-up task');
    return presentTask(row, today, contactViewOf(actor), taskAbilities(actor, row));
  }

  /** The task, locked, if the policy lets this actor take `action` on it, it is at `version`, and it still takes calls. */
  async function openTaskToWork(
    tx: Database,
    actor: Actor,
    dealerId: string,
    id: string,
    version: number,
    action: 'work' | 'book' = 'work',
  ) {
    authorize(actor, 'follow_up.work');
    const task = await loadTask(tx, dealerId, id, true);
    followUpTaskPolicy.authorize(actor, action, task);
    if (task.version !== version) throw versionConflict(task.version);
    if (task.status !== 'open')
      throw new AppError('invalid_transition', {
        detail: `the task is ${task.status}: it takes no more calls`,
        extra: { status: task.status },
      });
    return task;
  }

  return {
    async settings(actor: Actor): Promise<FollowUpSettings> {
      authorize(actor, 'follow_up.work');
      return effectiveSettings(await createFollowUpRepository(db).settings(requireDealer(actor)));
    },

    async updateSettings(
      actor: Actor,
      patch: Partial<{
        rules: Partial<FollowUpSettings['rules']>;
        maxAttempts: number;
        reminderChannel: FollowUpSettings['reminderChannel'];
      }>,
    ) {
      authorize(actor, 'follow_up.manage');
      const dealerId = requireDealer(actor);
      const now = clock.now();
      return inTransaction(db, async (tx) => {
        const repo = createFollowUpRepository(tx);
        const before = effectiveSettings(await repo.settings(dealerId));
        const after: FollowUpSettings = {
          rules: { ...before.rules, ...patch.rules } as FollowUpSettings['rules'],
          maxAttempts: patch.maxAttempts ?? before.maxAttempts,
          reminderChannel: patch.reminderChannel ?? before.reminderChannel,
        };
        await repo.saveSettings(
          dealerId,
          { rules: after.rules, max_attempts: after.maxAttempts, reminder_channel: after.reminderChannel },
          now,
        );
        await recordAudit(
          tx,
          actor,
          { action: 'follow_up.settings_updated', entityType: 'dealer', entityId: dealerId, before, after },
          now,
        );
        return after;
      });
    },

    /**
     * The nightly run for the whole network: predictions, then each timer's tasks (idempotent), win-back
     * cases, owners, and the reminder SMS. Every step is one set-based statement; a run cut off halfway
     * and run again creates each task once.
     */
    async runNightly(options: { today?: string; dealerId?: string } = {}) {
      const now = clock.now();
      const repo = createFollowUpRepository(db);
      const settings = (await repo.allSettings()).filter((s) => !options.dealerId || s.dealer_id === options.dealerId);
      const today = options.today ?? localDate(now, settings[0]?.time_zone ?? 'Asia/Shanghai');
      const rules = dealerRules(settings);
      const seconds: Record<string, number> = {};
      const timed = async <T>(step: string, run: () => Promise<T>) => {
        const started = performance.now();
        const result = await run();
        seconds[step] = Math.round(performance.now() - started) / 1000;
        return result;
      };
      const predicted = await timed('predict', async () => {
        if (options.dealerId) return repo.predict(today, await repo.vehiclesOf(options.dealerId), now);
        // Two halves of the vehicles on two connections: the statement is CPU-bound in PostgreSQL,
        // which gives one statement one core.
        const middle = await repo.middleVehicle();
        if (!middle) return repo.predict(today, null, now);
        const halves = await Promise.all([
          repo.predict(today, { from: null, below: middle }, now),
          repo.predict(today, { from: middle, below: null }, now),
        ]);
        return halves[0] + halves[1];
      });
      // The steps below plan their joins on the rows just written (a first night writes a prediction
      // per vehicle and a task per anchor): fresh statistics, rather than waiting for autovacuum.
      if (predicted > 0) await timed('analyze_predictions', () => repo.analyze('maintenance_predictions'));
      // The timers' task generations are independent statements (each rule its own rows): two lanes,
      // the lost-customer timer first (the longest) followed by the win-back cases it opens.
      const created: Partial<Record<CareRule, number>> = {};
      const generate = (rule: Exclude<CareRule, EventRule>) =>
        timed(rule, async () => {
          created[rule] = await repo.generate(rule, rules, today, now);
        });
      let winBack = 0;
      const steps: (() => Promise<unknown>)[] = [
        async () => {
          await generate('lost_customer');
          if (created.lost_customer) await repo.analyze('follow_up_tasks');
          winBack = await timed('win_back', async () => {
            const opened = await repo.openWinBackCases(now);
            await repo.markWonBack(today, now);
            return opened;
          });
        },
        ...CARE_RULES.filter((rule): rule is Exclude<CareRule, EventRule> => !isEventRule(rule) && rule !== 'lost_customer').map(
          (rule) => () => generate(rule),
        ),
      ];
      await inLanes(2, steps, (step) => step());
      if (Object.values(created).some((n) => n > 0)) await timed('analyze_tasks', () => repo.analyze('follow_up_tasks'));
      // Owners are per dealer: two lanes of half the dealers each.
      const dealerIds = settings.map((s) => s.dealer_id);
      const half = Math.ceil(dealerIds.length / 2);
      await timed('owners', () =>
        inLanes(2, [dealerIds.slice(0, half), dealerIds.slice(half)], (ids) =>
          ids.length ? repo.assignOwners(rules, ids) : Promise.resolve(),
        ),
      );
      const reminders = await timed('reminders', () => this.sendReminders(today));
      // Customer value (domain.md §9) is recomputed with the care run: one set-based pass, replacing the last night's.
      const valued = await timed('customer_value', () =>
        inTransaction(db, (tx) => createCustomerValueRepository(tx).compute(today, options.dealerId ?? null, now)),
      );
      // Loaner cars out past their return time: a task for the advisor who lent each, once per reservation.
      const loanersOverdue = await timed('loaners_overdue', () =>
        inTransaction(db, (tx) => createLoanersRepository(tx).chaseOverdue(now, options.dealerId ?? null)),
      );
      return { today, predicted, created, winBack, reminders, valued, loanersOverdue, seconds };
    },

    /** A supervisor runs tonight's timers now for their dealer (the same idempotent run). */
    async runNow(actor: Actor) {
      authorize(actor, 'follow_up.manage');
      const dealerId = requireDealer(actor);
      const result = await this.runNightly({ today: localDate(clock.now(), actor.timeZone), dealerId });
      await inTransaction(db, (tx) =>
        recordAudit(tx, actor, { action: 'follow_up.run_now', entityType: 'dealer', entityId: dealerId, after: result }, clock.now()),
      );
      return result;
    },

    /** The periodic-maintenance reminder SMS of dealers that send them; consent and quiet hours are checked at send time. */
    async sendReminders(today: string) {
      const now = clock.now();
      const due = await createFollowUpRepository(db).smsRemindersDue(today);
      const settings = new Map((await createFollowUpRepository(db).allSettings()).map((s) => [s.dealer_id, s.reminder_channel]));
      for (const task of due) {
        await inTransaction(db, async (tx) => {
          await deps.outbox.enqueue(tx, {
            networkId: task.network_id,
            dealerId: task.dealer_id,
            customerId: task.customer_id,
            channel: 'sms',
            recipient: task.mobile,
            template: 'follow_up.maintenance_due',
            locale: 'zh-CN',
            variables: {
              dealer: task.dealer_name,
              name: task.customer_name,
              plate: task.plate_key ? formatPlate(task.plate_key) : '',
              dueOn: task.anchor_on,
            },
            dedupeKey: `follow-up:${task.id}:reminder`,
          });
          const repo = createFollowUpRepository(tx);
          await repo.markReminderSent(task.dealer_id, task.id, now);
          if (settings.get(task.dealer_id) === 'sms') await repo.closeSmsOnlyReminders(task.dealer_id, [task.id], now);
        });
      }
      return due.length;
    },

    /** visit.delivered → the post-service call 0–3 days later (once per order), and a fresh prediction. */
    async onVisitDelivered(event: VisitDelivered) {
      const now = clock.now();
      await inTransaction(db, async (tx) => {
        const dealer = await createDealersRepository(tx).profile(event.dealerId);
        await createFollowUpRepository(tx).predict(localDate(now, dealer.time_zone), [event.vehicleId], now);
        await calls.scheduleEventCall(tx, {
          dealerId: event.dealerId,
          rule: 'post_service',
          periodKey: `ro:${event.repairOrderId}`,
          customerId: event.customerId,
          vehicleId: event.vehicleId,
          repairOrderId: event.repairOrderId,
          anchorOn: localDate(new Date(event.deliveredAt), dealer.time_zone),
        });
      });
    },

    /** The prediction of one vehicle, recomputed now (the same statement as the nightly run). */
    async predictVehicle(actor: Actor, vehicleId: string) {
      authorize(actor, 'vehicle.read');
      const now = clock.now();
      await deps.vehiclesIn(db).get(actor, vehicleId);
      const repo = createFollowUpRepository(db);
      await repo.predict(localDate(now, actor.timeZone), [vehicleId], now);
      const row = await repo.prediction(vehicleId);
      return row ? presentPrediction(row) : null;
    },

    async queue(
      actor: Actor,
      query: {
        view: 'today' | 'overdue' | 'upcoming' | 'closed' | 'all';
        rule?: CareRule | undefined;
        segment?: CustomerSegment | undefined;
        scope: 'mine' | 'team';
        limit: number;
      },
    ) {
      authorize(actor, 'follow_up.work');
      const dealerId = requireDealer(actor);
      const now = clock.now();
      const today = localDate(now, actor.timeZone);
      const endOfToday = zonedInstant(addDays(today, 1), '00:00', actor.timeZone);
      const { rows: found, counts } = await createFollowUpRepository(db).queue(dealerId, {
        view: query.view,
        rule: query.rule,
        segment: query.segment,
        ownerId: query.scope === 'mine' ? actor.userId : undefined,
        limit: query.limit,
        today,
        endOfToday,
      });
      const rows = found as TaskRow[];
      return {
        items: rows.map((r) => presentTask(r, today, contactViewOf(actor), taskAbilities(actor, r))),
        counts: { today: Number(counts.today), overdue: Number(counts.overdue), upcoming: Number(counts.upcoming) },
      };
    },

    /** One call screen: the task, the customer 360 summary, the script with the details filled in, the attempts so far. */
    async screen(actor: Actor, id: string, locale: 'zh-CN' | 'en') {
      authorize(actor, 'follow_up.work');
      const dealerId = requireDealer(actor);
      const today = localDate(clock.now(), actor.timeZone);
      const repo = createFollowUpRepository(db);
      const task = await taskView(db, actor, dealerId, id, today);
      const customer = await repo.callCustomer(task.customer.id);
      const vehicles = await repo.customerVehiclesAt(dealerId, customer.id);
      let vehicle = null;
      if (task.vehicle) {
        const v = await repo.callVehicle(task.vehicle.id);
        const last = await repo.lastReading(v.id);
        const prediction = await repo.prediction(v.id);
        vehicle = {
          id: v.id,
          plate: formatPlate(v.plate_key),
          vin: v.vin,
          model: v.model_name,
          deliveredOn: v.delivered_on,
          lastKm: last?.km ?? null,
          prediction: prediction ? presentPrediction(prediction) : null,
        };
      }
      const agent = await repo.agentName(actor.userId);
      const dealer = await createDealersRepository(db).profile(dealerId, scopeOf(actor));
      const script = callScript(task.rule, locale, {
        agent: agent?.display_name,
        dealer: dealer.name,
        name: customer.name,
        plate: vehicle?.plate,
        deliveredOn: vehicle?.deliveredOn,
        lastServiceOn: vehicle?.prediction?.lastServiceOn,
        dueOn: vehicle?.prediction?.dueOn,
        dueKm: vehicle?.prediction?.dueKm,
        date: task.anchorOn,
      });
      return {
        task,
        customer: {
          id: customer.id,
          name: customer.name,
          mobile: viewMobile(customer.mobile, contactViewOf(actor)),
          consent: customer.consent as { sms: boolean; phone: boolean; email: boolean; wechat: boolean },
          vehicles: vehicles.map((v) => ({ id: v.id, plate: formatPlate(v.plate_key), model: v.model_name })),
        },
        vehicle,
        recentVisits: (await repo.recentVisits(dealerId, customer.id)).map((r) => ({
          repairOrderId: r.id,
          number: r.number,
          deliveredAt: r.delivered_at?.toISOString() ?? null,
          concerns: r.concerns,
          plate: formatPlate(r.plate_key),
          booked: r.appointment_id !== null,
        })),
        script,
        attempts: (await repo.attempts(dealerId, id)).map(presentAttempt),
      };
    },

    /** An attempt of the call: the outcome form of domain.md §5. The reported mileage becomes a reading in the same transaction. */
    async recordAttempt(actor: Actor, id: string, input: CallAttemptInput) {
      const dealerId = requireDealer(actor);
      const now = clock.now();
      const today = localDate(now, actor.timeZone);
      if (input.callBackAt) requireInstantWithin('callBackAt', new Date(input.callBackAt), now, { daysBack: 0, daysAhead: MAX_DAYS_AHEAD });
      return inTransaction(db, async (tx) => {
        const repo = createFollowUpRepository(tx);
        const task = await openTaskToWork(tx, actor, dealerId, id, input.version);
        const settings = effectiveSettings(await repo.settings(dealerId));
        const effect = applyAttempt(
          { status: task.status, attempts: task.attempts },
          { result: input.result, close: input.close, callBackAt: input.callBackAt ?? null },
          settings.maxAttempts,
        );
        if (input.reportedKm != null && task.vehicle_id) {
          try {
            await deps.vehiclesIn(tx).addMileage(actor, task.vehicle_id, {
              readOn: today,
              km: input.reportedKm,
              source: 'call',
              odometerReplaced: false,
            });
          } catch (error) {
            throw mileageErrorAs(error, 'reportedKm');
          }
        }
        const attemptId = newId();
        await repo.insertAttempt({
          dealer_id: dealerId,
          id: attemptId,
          task_id: id,
          agent_id: actor.userId,
          at: now,
          result: input.result,
          user_name: input.userName ?? null,
          user_mobile: input.userMobile ?? null,
          call_back_at: input.callBackAt ? new Date(input.callBackAt) : null,
          reported_km: input.reportedKm ?? null,
          serviced_elsewhere: input.servicedElsewhere ?? null,
          satisfaction: input.satisfaction ?? null,
          dissatisfaction_category: input.dissatisfaction?.category ?? null,
          dissatisfaction: input.dissatisfaction?.description ?? null,
          notes: input.notes ?? null,
          appointment_id: null,
        });
        const updated = await repo.updateTask(dealerId, id, task.version, {
          status: effect.status,
          attempts: effect.attempts,
          outcome: effect.outcome,
          call_back_at: effect.callBackAt ? new Date(effect.callBackAt) : null,
          closed_at: effect.status === 'open' ? null : now,
          owner_id: task.owner_id ?? actor.userId,
        });
        if (!updated) throw versionConflict(task.version);
        // A dissatisfaction on the call is a complaint (domain.md §6: an indirect channel); the agent is its first responder.
        const complaint = input.dissatisfaction
          ? await deps.complaints.raise(tx, actor, {
              dealerId,
              sourceRef: `follow_up:${attemptId}`,
              channel: 'follow_up',
              customerId: task.customer_id,
              vehicleId: task.vehicle_id,
              repairOrderId: task.repair_order_id,
              category: categoryOfDissatisfaction(input.dissatisfaction.category),
              customerWords: input.dissatisfaction.description,
            })
          : null;
        await recordAudit(
          tx,
          actor,
          {
            action: 'follow_up.attempt',
            entityType: 'follow_up_task',
            entityId: id,
            before: { status: task.status, attempts: task.attempts },
            after: { result: input.result, status: effect.status, dissatisfaction: input.dissatisfaction ?? undefined },
          },
          now,
        );
        const attempt = (await repo.attempts(dealerId, id)).find((a) => a.id === attemptId)!;
        return { task: await taskView(tx, actor, dealerId, id, today), attempt: presentAttempt(attempt), complaint };
      });
    },

    /** The call books an appointment: through the appointments module (same capacity rules), recorded on the task, which closes. */
    async book(
      actor: Actor,
      id: string,
      input: {
        version: number;
        startsAt: string;
        durationMinutes: number;
        requestedWork: { kind: 'maintenance' | 'repair'; description: string }[];
        customerWords?: string | null | undefined;
        notes?: string | null | undefined;
        confirmDuplicate?: boolean | undefined;
      },
    ) {
      authorize(actor, 'appointment.book');
      const dealerId = requireDealer(actor);
      const now = clock.now();
      const today = localDate(now, actor.timeZone);
      return inTransaction(db, async (tx) => {
        const repo = createFollowUpRepository(tx);
        const task = await openTaskToWork(tx, actor, dealerId, id, input.version, 'book');
        if (!task.vehicle_id)
          throw AppError.field(
            'validation_failed',
            'vehicleId',
            'no_vehicle',
            'this call is about no particular vehicle; book from the appointment page',
          );
        const { appointment, message } = await deps.appointments.bookIn(
          tx,
          { ...actor, dealerId },
          {
            vehicleId: task.vehicle_id,
            startsAt: input.startsAt,
            durationMinutes: input.durationMinutes,
            requestedWork: input.requestedWork,
            customerWords: input.customerWords ?? null,
            channel: 'proactive_call',
            parts: [],
            confirmDuplicate: input.confirmDuplicate ?? false,
          },
        );
        await repo.insertAttempt({
          dealer_id: dealerId,
          id: newId(),
          task_id: id,
          agent_id: actor.userId,
          at: now,
          result: 'reached',
          user_name: null,
          user_mobile: null,
          call_back_at: null,
          reported_km: null,
          serviced_elsewhere: null,
          satisfaction: null,
          dissatisfaction_category: null,
          dissatisfaction: null,
          notes: input.notes ?? null,
          appointment_id: appointment.id,
        });
        const updated = await repo.updateTask(dealerId, id, task.version, {
          status: 'done',
          attempts: task.attempts + 1,
          outcome: 'appointment',
          appointment_id: appointment.id,
          call_back_at: null,
          closed_at: now,
          owner_id: task.owner_id ?? actor.userId,
        });
        if (!updated) throw versionConflict(task.version);
        await recordAudit(
          tx,
          actor,
          { action: 'follow_up.booked', entityType: 'follow_up_task', entityId: id, after: { appointmentId: appointment.id } },
          now,
        );
        return { task: await taskView(tx, actor, dealerId, id, today), appointment: { ...appointment, message } };
      });
    },

    async reassign(actor: Actor, id: string, input: { version: number; ownerId: string }) {
      authorize(actor, 'follow_up.manage');
      const dealerId = requireDealer(actor);
      const now = clock.now();
      return inTransaction(db, async (tx) => {
        const repo = createFollowUpRepository(tx);
        const task = await loadTask(tx, dealerId, id, true);
        followUpTaskPolicy.authorize(actor, 'reassign', task);
        if (task.version !== input.version) throw versionConflict(task.version);
        const owner = (await repo.agents(dealerId)).find((a) => a.id === input.ownerId && rolesGrant(a.roles as Role[], 'follow_up.work'));
        if (!owner) throw AppError.field('validation_failed', 'ownerId', 'unknown_user', 'no such member of staff at this dealer');
        await repo.updateTask(dealerId, id, task.version, { owner_id: owner.id });
        await recordAudit(
          tx,
          actor,
          {
            action: 'follow_up.reassigned',
            entityType: 'follow_up_task',
            entityId: id,
            before: { ownerId: task.owner_id },
            after: { ownerId: owner.id },
          },
          now,
        );
        return taskView(tx, actor, dealerId, id, localDate(now, actor.timeZone));
      });
    },

    async winBack(actor: Actor, result: 'pending' | 'won_back' | 'lost' | undefined) {
      authorize(actor, 'follow_up.work');
      const dealerId = requireDealer(actor);
      const today = localDate(clock.now(), actor.timeZone);
      return (await createFollowUpRepository(db).winBackCases(dealerId, result)).map((r) => presentWinBack(r, today, contactViewOf(actor)));
    },

    async updateWinBack(
      actor: Actor,
      id: string,
      input: {
        version: number;
        reason?: string | null | undefined;
        reasonSuspected?: boolean | undefined;
        action?: string | null | undefined;
        costFen?: number | undefined;
        result?: 'pending' | 'won_back' | 'lost' | undefined;
      },
    ) {
      authorize(actor, 'follow_up.work');
      const dealerId = requireDealer(actor);
      const now = clock.now();
      const today = localDate(now, actor.timeZone);
      return inTransaction(db, async (tx) => {
        const repo = createFollowUpRepository(tx);
        const row = await repo.findWinBack(dealerId, id);
        if (!row) throw notFound('win-back case');
        if (row.version !== input.version) throw versionConflict(row.version);
        const changes = {
          ...(input.reason !== undefined ? { reason: input.reason } : {}),
          ...(input.reasonSuspected !== undefined ? { reason_suspected: input.reasonSuspected } : {}),
          ...(input.action !== undefined ? { action: input.action } : {}),
          ...(input.costFen !== undefined ? { cost_fen: input.costFen } : {}),
          ...(input.result !== undefined ? { result: input.result, result_on: input.result === 'pending' ? null : today } : {}),
          updated_at: now,
        };
        await repo.updateWinBack(dealerId, id, row.version, changes);
        await recordAudit(
          tx,
          actor,
          {
            action: 'win_back.updated',
            entityType: 'win_back_case',
            entityId: id,
            before: { result: row.result, costFen: row.cost_fen },
            after: changes,
          },
          now,
        );
        const updated = (await repo.winBackCases(dealerId, undefined)).find((r) => r.id === id)!;
        return presentWinBack(updated, today, contactViewOf(actor));
      });
    },

    async plans(actor: Actor) {
      authorize(actor, 'follow_up.work');
      const dealerId = requireDealer(actor);
      const today = localDate(clock.now(), actor.timeZone);
      const repo = createFollowUpRepository(db);
      const rows = await repo.plans(dealerId);
      const [actuals, revenue] = await Promise.all([
        repo.planActuals(dealerId, rows, actor.timeZone),
        repo.planRevenue(dealerId, rows, actor.timeZone),
      ]);
      return rows.map((row) => presentPlan(row, actuals.get(row.id) ?? 0, revenue.get(row.id) ?? null, today));
    },

    async createPlan(actor: Actor, input: WorkPlanInput) {
      authorize(actor, 'follow_up.manage');
      const dealerId = requireDealer(actor);
      const now = clock.now();
      const today = localDate(now, actor.timeZone);
      // A plan is for this year, give or take: not a period long past or far ahead.
      requireDateWithin('periodFrom', input.periodFrom, today, { daysAhead: MAX_DAYS_AHEAD });
      requireDateWithin('periodTo', input.periodTo, today, { daysBack: MAX_DAYS_AHEAD });
      return inTransaction(db, async (tx) => {
        const id = newId();
        const row = await createFollowUpRepository(tx).insertPlan({
          dealer_id: dealerId,
          id,
          kind: input.kind,
          title: input.title,
          period_from: input.periodFrom,
          period_to: input.periodTo,
          method: input.method ?? null,
          content: input.content ?? null,
          purpose: input.purpose ?? null,
          target_count: input.targetCount,
          minimum_count: input.minimumCount,
          metric: input.metric,
          rule: input.rule ?? null,
          participants: input.participants ?? null,
          planned_cost_fen: input.plannedCostFen ?? null,
          revenue_target_fen: input.revenueTargetFen ?? null,
          created_by: actor.userId,
          created_at: now,
        });
        await recordAudit(tx, actor, { action: 'work_plan.created', entityType: 'work_plan', entityId: id, after: input }, now);
        const repo = createFollowUpRepository(tx);
        const actuals = await repo.planActuals(dealerId, [row], actor.timeZone);
        const revenue = await repo.planRevenue(dealerId, [row], actor.timeZone);
        return presentPlan(row, actuals.get(id) ?? 0, revenue.get(id) ?? null, today);
      });
    },

    /** What a plan achieved, recorded by hand: the count of a plan counted by hand, an activity's cost. */
    async setPlanActual(actor: Actor, id: string, input: WorkPlanActual) {
      authorize(actor, 'follow_up.work');
      const dealerId = requireDealer(actor);
      const now = clock.now();
      const today = localDate(now, actor.timeZone);
      return inTransaction(db, async (tx) => {
        const repo = createFollowUpRepository(tx);
        const row = await repo.findPlan(dealerId, id);
        if (!row) throw notFound('work plan');
        if (row.version !== input.version) throw versionConflict(row.version);
        if (input.actualCount !== undefined && row.metric !== 'manual')
          throw AppError.field('validation_failed', 'actualCount', 'counted_by_system', 'this plan is counted from the system’s data');
        if (input.actualCostFen !== undefined && row.kind !== 'activity')
          throw AppError.field('validation_failed', 'actualCostFen', 'activity_plans_only', 'only an activity plan records its cost');
        const changes = {
          ...(input.actualCount !== undefined ? { manual_actual: input.actualCount } : {}),
          ...(input.actualCostFen !== undefined ? { actual_cost_fen: input.actualCostFen } : {}),
        };
        const updated = await repo.setPlanActual(dealerId, id, row.version, changes);
        await recordAudit(
          tx,
          actor,
          {
            action: 'work_plan.actual_set',
            entityType: 'work_plan',
            entityId: id,
            before: { actual: row.manual_actual, actualCostFen: row.actual_cost_fen },
            after: changes,
          },
          now,
        );
        const [actuals, revenue] = [
          await repo.planActuals(dealerId, [updated], actor.timeZone),
          await repo.planRevenue(dealerId, [updated], actor.timeZone),
        ];
        return presentPlan(updated, actuals.get(id) ?? 0, revenue.get(id) ?? null, today);
      });
    },

    /** The follow-up KPIs: a dealer's, or the network's for the car maker (by dealer too, or narrowed to a dealer or region). */
    async kpis(
      actor: Actor,
      query: {
        from: string;
        to: string;
        groupBy: 'month' | 'agent' | 'dealer';
        dealerId?: string | undefined;
        region?: string | undefined;
      },
    ) {
      authorize(actor, 'kpi.read');
      const scope = scopeOf(actor, { dealerIds: query.dealerId ? [query.dealerId] : undefined, region: query.region });
      if (query.groupBy === 'dealer' && scope.kind === 'dealer')
        throw AppError.field('validation_failed', 'groupBy', 'car_maker_only', 'comparing dealers is the car maker’s view');
      reportPeriod(query, actor.timeZone); // to not before from, at most a year
      const today = localDate(clock.now(), actor.timeZone);
      const repo = createFollowUpRepository(await reads.forReport(actor));
      const rows = (await repo.kpis(scope, query.from, query.to, query.groupBy, today)).rows;
      const names =
        query.groupBy === 'month'
          ? new Map<string, string>()
          : new Map(
              (
                await repo.labels(
                  query.groupBy,
                  rows.map((r) => r.key).filter((k) => k !== '-'),
                )
              ).map((l) => [l.id, l.label]),
            );
      return rows.map((r) => ({
        key: r.key,
        label: query.groupBy === 'month' ? r.key : (names.get(r.key) ?? '—'),
        counts: {
          tasksDue: r.tasks_due,
          tasksClosed: r.tasks_closed,
          tasksReached: r.tasks_reached,
          tasksAttempted: r.tasks_attempted,
          tasksOverdue: r.tasks_overdue,
          appointmentsBooked: r.appointments_booked,
          reminderTargets: r.reminder_targets,
          reminderReturned: r.reminder_returned,
        },
        rates: {
          completion: rate(r.tasks_closed, r.tasks_due),
          contact: rate(r.tasks_reached, r.tasks_attempted),
          conversion: rate(r.appointments_booked, r.tasks_reached),
          periodicReturn: rate(r.reminder_returned, r.reminder_targets),
        },
      }));
    },

    /** An SMS reply from the gateway: 退订 / STOP turns SMS consent off for that number, across the network. */
    async smsInbound(input: { from: string; text: string }) {
      const now = clock.now();
      const mobile = input.from.replace(/^\+?86/, '');
      if (!OPT_OUT.test(input.text)) return { optedOut: 0 };
      return inTransaction(db, async (tx) => {
        const repo = createFollowUpRepository(tx);
        const customers = await repo.customersByMobile(mobile);
        let optedOut = 0;
        for (const c of customers) {
          const consent = c.consent as Record<string, boolean>;
          if (!consent.sms) continue;
          await repo.turnSmsConsentOff(c.id, consent, now);
          await recordAudit(
            tx,
            { networkId: c.network_id, dealerId: null, userId: null, tokenId: null, requestId: null },
            {
              action: 'customer.sms_opt_out',
              entityType: 'customer',
              entityId: c.id,
              before: { sms: true },
              after: { sms: false, reply: input.text.trim() },
            },
            now,
          );
          optedOut++;
        }
        return { optedOut };
      });
    },
  };
}

function presentPlan(
  row: {
    id: string;
    kind: string;
    title: string;
    period_from: string;
    period_to: string;
    method: string | null;
    content: string | null;
    purpose: string | null;
    target_count: number;
    minimum_count: number;
    metric: string;
    rule: string | null;
    participants: string | null;
    planned_cost_fen: string | number | null;
    actual_cost_fen: string | number | null;
    revenue_target_fen: string | number | null;
    version: number;
  },
  actual: number,
  actualRevenueFen: number | null,
  today: string,
) {
  const money = (fen: string | number | null) => (fen === null ? null : Number(fen));
  return {
    id: row.id,
    kind: row.kind as 'follow_up' | 'activity' | 'service',
    title: row.title,
    periodFrom: row.period_from,
    periodTo: row.period_to,
    method: row.method,
    content: row.content,
    purpose: row.purpose,
    targetCount: row.target_count,
    minimumCount: row.minimum_count,
    metric: row.metric as 'follow_up_calls' | 'appointments' | 'service_visits' | 'manual',
    rule: row.rule as CareRule | null,
    actualCount: actual,
    participants: row.participants,
    plannedCostFen: money(row.planned_cost_fen),
    actualCostFen: money(row.actual_cost_fen),
    revenueTargetFen: money(row.revenue_target_fen),
    actualRevenueFen: row.revenue_target_fen === null ? null : (actualRevenueFen ?? 0),
    standing: planStanding(
      { periodFrom: row.period_from, periodTo: row.period_to, targetCount: row.target_count, minimumCount: row.minimum_count },
      actual,
      today,
    ),
    version: row.version,
  };
}

export type FollowUpService = ReturnType<typeof createFollowUpService>;
