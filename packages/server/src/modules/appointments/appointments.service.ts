import type { Appointment, Availability, Role, SlotDto } from '@servicebay/contracts';
import type { Selectable } from 'kysely';
import { type Actor, authorize } from '../../platform/actor.js';
import { type AuditActor, auditRow, recordAudit } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import type { ConfirmationAttemptsTable, PrepickItemsTable } from '../../platform/db.schema.js';
import { addDays, localDate, localTime, zonedInstant } from '../../platform/dealer-time.js';
import { AppError, versionConflict } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { Jobs } from '../../platform/jobs.js';
import { bookingBenefitsText } from '../../platform/message-templates.js';
import type { Outbox } from '../../platform/outbox.js';
import { presentDelivery } from '../../platform/outbox.rules.js';
import { randomToken, sha256 } from '../../platform/passwords.js';
import { eachDay, reportPeriod } from '../../platform/period.js';
import type { ReadRouter } from '../../platform/read-routing.js';
import { requireDealer } from '../../platform/scope.js';
import { inTransaction } from '../../platform/transaction.js';
import { hasPriorityBooking } from '../club/club.booking.js';
import { type ContactView, contactViewOf } from '../customers/customers.presenter.js';
import { timelineRow } from '../timeline/timeline.repository.js';
import { createVehiclesRepository, type VehicleDetailsRow } from '../vehicles/vehicles.repository.js';
import type { WebhookSender } from '../webhooks/webhooks.sender.js';
import { type BookingCache, type DealerSettingsRow, MAX_SLOT_DAYS, uncachedBooking } from './appointments.capacity.js';
import type { AppointmentJobs } from './appointments.jobs.js';
import { type AppointmentAction, appointmentAbilities, appointmentPolicy } from './appointments.policy.js';
import { appointmentMessageVariables, NO_APPOINTMENT_ABILITIES, presentAppointment } from './appointments.presenter.js';
import { type AppointmentDetailsRow, createAppointmentsRepository } from './appointments.repository.js';
import {
  type AppointmentStatus,
  appointmentNumber,
  arrivalStatus,
  type BookingSettings,
  bookingProblem,
  buildSlots,
  canTransition,
  isOpen,
  reminderPlan,
  type Slot,
  suggestSlots,
} from './appointments.rules.js';
import { dealerScope, loadVisible, readScope, zoneOf } from './appointments.scope.js';
import { bookingOffer, forfeitWindowStart } from './booking-benefits.rules.js';

export type AppointmentsDeps = {
  db: Database;
  /** Report reads (KPIs): the read replica when it is safe (`platform/read-routing.ts`). */
  reads: ReadRouter;
  clock: Clock;
  jobs: Jobs;
  outbox: Outbox;
  /** Webhook events of the change, written in its transaction. */
  webhooks: Pick<WebhookSender, 'emit'>;
  publicUrl: string;
  appointmentJobs: AppointmentJobs;
  /** The process's cache of settings and capacity; without one (a service of its own) every read goes to the database. */
  bookingCache?: BookingCache;
};

/** Who books: staff (a user) or the customer on the public page (no user). */
/** `roles` is absent when the customer books on the public page (the customer sees their own details). */
export type BookingContext = AuditActor & { dealerId: string; timeZone: string; roles?: readonly Role[]; displayName?: string };

export type BookingRequest = {
  vehicleId: string | null;
  customerId?: string;
  plateKey?: string;
  startsAt: string;
  durationMinutes: number;
  requestedWork: { kind: 'maintenance' | 'repair'; description: string }[];
  customerWords?: string | null;
  preferredSaId?: string | null;
  channel: 'phone' | 'web' | 'walk_in_desk' | 'proactive_call' | 'online';
  parts: { partId: string; quantity: number }[];
  needsStaffReview?: boolean;
  locale?: 'zh-CN' | 'en';
  /** The person knows the car already has an appointment that day and books another one on purpose. */
  confirmDuplicate?: boolean;
};

const presentSlot = (s: Slot): SlotDto => ({
  startsAt: s.startsAt.toISOString(),
  time: s.time,
  capacity: s.capacity,
  booked: s.booked,
  remaining: s.remaining,
});

export function createAppointmentsService(deps: AppointmentsDeps) {
  const { db, clock } = deps;
  const { settingsOf, capacities } = deps.bookingCache ?? uncachedBooking;

  async function slotsBetween(tx: Database, dealerId: string, settings: BookingSettings, from: string, to: string) {
    const caps = await capacities(tx, dealerId, settings, from, to);
    const booked = await createAppointmentsRepository(tx).bookedBetween(
      dealerId,
      zonedInstant(from, '00:00', settings.timeZone),
      zonedInstant(addDays(to, 1), '00:00', settings.timeZone),
    );
    const now = clock.now();
    const days: { date: string; capacityPerSlot: number; slots: Slot[] }[] = [];
    for (const day of eachDay(from, to, MAX_SLOT_DAYS)) {
      const byTime = new Map<string, number>();
      for (const b of booked)
        if (localDate(b.starts_at, settings.timeZone) === day) byTime.set(localTime(b.starts_at, settings.timeZone), b.booked);
      days.push({ date: day, capacityPerSlot: caps.get(day) ?? 0, slots: buildSlots(day, settings, caps.get(day) ?? 0, byTime, now) });
    }
    return days;
  }

  async function availabilityFor(tx: Database, dealerId: string, from: string, to: string, wanted: Date | null): Promise<Availability> {
    if (to < from) throw AppError.field('validation_failed', 'to', 'before_from', 'the end date is before the start date');
    if (addDays(from, 31) < to) throw AppError.field('validation_failed', 'to', 'range_too_long', 'at most 31 days');
    const { settings } = await settingsOf(tx, dealerId);
    const days = await slotsBetween(tx, dealerId, settings, from, to);
    const all = days.flatMap((d) => d.slots);
    return {
      days: days.map((d) => ({ date: d.date, capacityPerSlot: d.capacityPerSlot, slots: d.slots.map(presentSlot) })),
      suggestions: suggestSlots(all, wanted).map(presentSlot),
    };
  }

  async function alternativesNear(tx: Database, dealerId: string, settings: BookingSettings, startsAt: Date) {
    const day = localDate(startsAt, settings.timeZone);
    const days = await slotsBetween(tx, dealerId, settings, day, addDays(day, 2));
    return suggestSlots(
      days.flatMap((d) => d.slots),
      startsAt,
    ).map(presentSlot);
  }

  async function slotFull(tx: Database, dealerId: string, settings: BookingSettings, startsAt: Date): Promise<never> {
    const alternatives = await alternativesNear(tx, dealerId, settings, startsAt);
    throw new AppError('slot_full', { detail: 'that slot has just been taken; here are the nearest free slots', extra: { alternatives } });
  }

  async function present(
    tx: Database,
    row: AppointmentDetailsRow,
    view: ContactView,
    can = NO_APPOINTMENT_ABILITIES,
  ): Promise<Appointment> {
    return presentAppointment(row, view, await createAppointmentsRepository(tx).prepickOf(row), can);
  }

  /** Staff who book get the appointment with what they may do to it; the customer's page does not. */
  const abilitiesOf = (ctx: BookingContext, row: AppointmentDetailsRow) =>
    ctx.roles ? appointmentAbilities({ ...ctx, roles: [...ctx.roles] } as Actor, row) : NO_APPOINTMENT_ABILITIES;

  async function event(
    tx: Database,
    ctx: AuditActor,
    dealerId: string,
    appointmentId: string,
    kind: string,
    data: Record<string, unknown>,
    at: Date,
  ) {
    await createAppointmentsRepository(tx).insertEvent({
      dealer_id: dealerId,
      id: newId(),
      appointment_id: appointmentId,
      kind,
      data: JSON.stringify(data),
      actor_user_id: ctx.userId,
      at,
    });
  }

  const messageVariables = (row: AppointmentDetailsRow, dealer: DealerSettingsRow, token: string | null) =>
    appointmentMessageVariables({ ...row, dealer_code: dealer.code }, dealer.time_zone, dealer.name, deps.publicUrl, token);

  /** An SMS to the booking's customer, through the outbox, once per dedupe key. */
  function smsCustomer(
    tx: Database,
    ctx: BookingContext,
    row: AppointmentDetailsRow,
    template: 'appointment.booked' | 'appointment.moved' | 'appointment.cancelled',
    variables: Record<string, string>,
    dedupeKey: string,
    locale: 'zh-CN' | 'en',
  ) {
    return deps.outbox.enqueue(tx, {
      networkId: ctx.networkId,
      dealerId: ctx.dealerId,
      customerId: row.customer_id,
      channel: 'sms',
      recipient: row.customer_mobile,
      template,
      locale,
      variables,
      dedupeKey,
    });
  }

  /**
   * One car, one appointment a day: a second booking of a car (by vehicle, or by plate when the car is
   * unknown) that has an open appointment on that dealer-local day is refused with 409 naming it,
   * unless the person confirms it is intended (`confirmDuplicate`).
   */
  async function refuseSameDay(
    tx: Database,
    dealerId: string,
    settings: BookingSettings,
    car: { vehicleId: string | null; plateKey: string },
    day: string,
  ) {
    const repo = createAppointmentsRepository(tx);
    await repo.lockCarDay(dealerId, car.plateKey, day);
    const existing = await repo.openForCarBetween(
      dealerId,
      car,
      zonedInstant(day, '00:00', settings.timeZone),
      zonedInstant(addDays(day, 1), '00:00', settings.timeZone),
    );
    if (existing.length === 0) return;
    const first = existing[0]!;
    throw new AppError('appointment_same_day', {
      detail: 'this car already has an appointment that day; send confirmDuplicate: true to book another one',
      extra: { existing: { id: first.id, number: first.number, startsAt: first.starts_at.toISOString() } },
    });
  }

  /**
   * The booking itself: capacity-true seat, appointment, pre-pick, workshop reservation, reminders, SMS, audit. One transaction.
   * Everything is read and checked first; the slot's row is locked by the seat claim only for the writes
   * that follow it, and the response is built from what the use-case holds rather than read back.
   */
  async function bookIn(tx: Database, ctx: BookingContext, request: BookingRequest) {
    const now = clock.now();
    const repo = createAppointmentsRepository(tx);
    const { row: dealer, settings } = await settingsOf(tx, ctx.dealerId);
    const startsAt = new Date(request.startsAt);

    let customerId = request.customerId ?? null;
    let plate = request.plateKey ?? null;
    let vehicle: VehicleDetailsRow | undefined;
    if (request.vehicleId) {
      vehicle = await createVehiclesRepository(tx).findById(dealerScope(ctx), request.vehicleId);
      if (!vehicle) throw AppError.field('validation_failed', 'vehicleId', 'unknown_vehicle', 'no such vehicle at this dealer');
      customerId ??= vehicle.user_id ?? vehicle.owner_id;
      plate = vehicle.plate_key;
    }
    if (!customerId || !plate) throw AppError.field('validation_failed', 'vehicleId', 'required', 'which vehicle?');

    const problem = bookingProblem(startsAt, request.durationMinutes, settings, now);
    if (problem) throw AppError.field('validation_failed', problem.field, problem.code, problem.code.replaceAll('_', ' '));
    const preferredSa = request.preferredSaId
      ? (await repo.serviceAdvisors(ctx.dealerId)).find((sa) => sa.id === request.preferredSaId)
      : undefined;
    if (request.preferredSaId && !preferredSa) {
      throw AppError.field('validation_failed', 'preferredSaId', 'not_a_service_advisor', 'not a service advisor of this dealer');
    }
    const parts = await repo.findParts(
      ctx.dealerId,
      request.parts.map((p) => p.partId),
    );
    if (parts.length !== new Set(request.parts.map((p) => p.partId)).size)
      throw AppError.field('validation_failed', 'parts', 'unknown_part', 'no such part');
    const customer = await contactOf(tx, ctx.networkId, customerId, vehicle);
    const recentNoShows = await repo.recentNoShows(
      ctx.dealerId,
      customerId,
      forfeitWindowStart(startsAt, settings.noShowForfeitMonths),
      startsAt,
    );
    const priorityMember = await hasPriorityBooking(tx, {
      networkId: ctx.networkId,
      customerId,
      now,
      today: localDate(now, settings.timeZone),
    });
    const bookedByName = ctx.userId ? (ctx.displayName ?? (await repo.userNames([ctx.userId]))[0]?.display_name ?? null) : null;

    const day = localDate(startsAt, settings.timeZone);
    if (!request.confirmDuplicate) await refuseSameDay(tx, ctx.dealerId, settings, { vehicleId: request.vehicleId, plateKey: plate }, day);
    const capacity = (await capacities(tx, ctx.dealerId, settings, day, day)).get(day) ?? 0;
    const issued = await repo.claimSeat(ctx.dealerId, startsAt, capacity);
    if (issued === null) return slotFull(tx, ctx.dealerId, settings, startsAt);

    const id = newId();
    const token = randomToken(24);
    const quote = request.parts.reduce((sum, p) => sum + Math.round(p.quantity * parts.find((x) => x.id === p.partId)!.price_fen), 0);
    const appointment = {
      dealer_id: ctx.dealerId,
      id,
      number: appointmentNumber(startsAt, settings.timeZone, issued),
      customer_id: customerId,
      vehicle_id: request.vehicleId,
      plate_key: plate,
      starts_at: startsAt,
      duration_minutes: request.durationMinutes,
      status: 'booked' as const,
      channel: request.channel,
      requested_work: request.requestedWork,
      customer_words: request.customerWords ?? null,
      preferred_sa_id: request.preferredSaId ?? null,
      assigned_sa_id: null,
      booked_by: ctx.userId,
      needs_staff_review: request.needsStaffReview ?? false,
      parts_quote_fen: quote,
      manage_token_hash: sha256(token),
      priority_member: priorityMember,
      created_at: now,
      updated_at: now,
    };
    const prepick: Selectable<PrepickItemsTable>[] = request.parts.map((p) => {
      const part = parts.find((x) => x.id === p.partId)!;
      return {
        dealer_id: ctx.dealerId,
        id: newId(),
        appointment_id: id,
        part_id: part.id,
        part_number: part.part_number,
        name: part.name,
        quantity: p.quantity,
        unit_price_fen: part.price_fen,
        in_stock: Number(part.stock_quantity) >= p.quantity,
        status: 'requested',
        updated_by: ctx.userId,
        updated_at: now,
      };
    });
    // The row as `find` would read it back: the new appointment, unconfirmed, with the names it points to.
    const row: AppointmentDetailsRow = {
      ...appointment,
      arrived_at: null,
      arrival_status: null,
      cancel_reason: null,
      version: 1,
      dealer_name: dealer.name,
      customer_name: customer.name,
      customer_mobile: customer.mobile,
      model_name: vehicle?.model_name ?? null,
      preferred_sa_name: preferredSa?.display_name ?? null,
      assigned_sa_name: null,
      booked_by_name: bookedByName,
      confirmed: false,
      dedicated_lane: settings.dedicatedLane,
      no_show_forfeit_count: settings.noShowForfeitCount,
      recent_no_shows: recentNoShows,
    };
    const full = presentAppointment(row, 'full', prepick);
    // The confirmation tells the customer what keeping it on time is worth, unless no-shows lost it.
    const benefits = bookingBenefitsText(bookingOffer(settings, recentNoShows), request.locale ?? 'zh-CN');
    const booked = { startsAt: startsAt.toISOString(), channel: request.channel };
    // The confirmation SMS is keyed by the new appointment: its row goes into the same statement, and
    // what will happen to it is judged on the consent and quiet hours read above.
    const sms = deps.outbox.prepare(
      {
        networkId: ctx.networkId,
        dealerId: ctx.dealerId,
        customerId,
        channel: 'sms',
        recipient: customer.mobile,
        template: benefits ? 'appointment.booked_benefits' : 'appointment.booked',
        locale: request.locale ?? 'zh-CN',
        variables: { ...messageVariables(row, dealer, token), ...(benefits ? { benefits, window: settings.onTimeWindowMinutes } : {}) },
        dedupeKey: `appointment:${id}:booked`,
      },
      {
        consent: customer.consent,
        quietHours: { timeZone: settings.timeZone, quietHoursStart: settings.quietHoursStart, quietHoursEnd: settings.quietHoursEnd },
      },
    );
    await repo.insertBooked({
      appointment: { ...appointment, requested_work: JSON.stringify(request.requestedWork) },
      event: {
        dealer_id: ctx.dealerId,
        id: newId(),
        appointment_id: id,
        kind: 'booked',
        data: JSON.stringify(booked),
        actor_user_id: ctx.userId,
        at: now,
      },
      timeline: timelineRow({
        networkId: ctx.networkId,
        customerId,
        vehicleId: request.vehicleId,
        dealerId: ctx.dealerId,
        kind: 'appointment.booked',
        data: booked,
        actorUserId: ctx.userId,
        occurredAt: now,
      }),
      audit: auditRow(ctx, { action: 'appointment.booked', entityType: 'appointment', entityId: id, after: full }, now),
      reservation: { id: newId(), starts_at: startsAt, ends_at: new Date(startsAt.getTime() + request.durationMinutes * 60_000) },
      message: sms.row,
    });
    await repo.insertPrepick(prepick.map(({ status: _requested, ...item }) => item));
    await deps.webhooks.emit(tx, {
      dealerId: ctx.dealerId,
      type: 'appointment.booked',
      recordKey: `appointment:${id}`,
      data: { appointmentId: id, customerId, vehicleId: request.vehicleId ?? null, startsAt: startsAt.toISOString() },
      occurredAt: now,
    });
    await deps.jobs.sendAll(tx, [
      ...deps.appointmentJobs.jobsFor(ctx.dealerId, id, startsAt, reminderPlan(startsAt, settings, now), now),
      sms.delivery,
    ]);
    // What will really happen to the confirmation SMS, for whoever booked.
    const message = presentDelivery({ channel: 'sms', recipient: row.customer_mobile }, sms.message);
    return {
      appointment: ctx.roles ? presentAppointment(row, contactViewOf({ roles: ctx.roles }), prepick, abilitiesOf(ctx, row)) : full,
      manageToken: token,
      message,
    };
  }

  /** Name and mobile of the booking's customer: from the car's owner or user when that is who it is, else read. */
  async function contactOf(tx: Database, networkId: string, customerId: string, vehicle: VehicleDetailsRow | undefined) {
    if (vehicle && customerId === vehicle.owner_id && vehicle.owner_name !== null && vehicle.owner_mobile !== null)
      return { name: vehicle.owner_name, mobile: vehicle.owner_mobile, consent: vehicle.owner_consent ?? {} };
    if (vehicle && customerId === vehicle.user_id && vehicle.user_name !== null && vehicle.user_mobile !== null)
      return { name: vehicle.user_name, mobile: vehicle.user_mobile, consent: vehicle.user_consent ?? {} };
    const found = await createAppointmentsRepository(tx).customerContact(networkId, customerId);
    if (!found) throw AppError.field('validation_failed', 'customerId', 'unknown_customer', 'no such customer');
    return found;
  }

  function contextOf(actor: Actor): BookingContext {
    return { ...actor, dealerId: requireDealer(actor) };
  }

  async function changeStatusIn(
    tx: Database,
    ctx: BookingContext,
    row: AppointmentDetailsRow,
    to: AppointmentStatus,
    changes: Record<string, unknown>,
    kind: string,
    data: Record<string, unknown>,
  ) {
    if (!canTransition(row.status, to)) {
      throw new AppError('invalid_transition', {
        detail: `an appointment that is ${row.status} cannot become ${to}`,
        extra: { status: row.status },
      });
    }
    const now = clock.now();
    const updated = await createAppointmentsRepository(tx).update(ctx.dealerId, row.id, row.version, {
      status: to,
      updated_at: now,
      ...changes,
    });
    if (!updated) throw versionConflict(row.version + 1);
    await event(tx, ctx, ctx.dealerId, row.id, kind, data, now);
  }

  async function rescheduleIn(
    tx: Database,
    ctx: BookingContext,
    row: AppointmentDetailsRow,
    startsAtText: string,
    locale: 'zh-CN' | 'en' = 'zh-CN',
  ) {
    if (!isOpen(row.status))
      throw new AppError('invalid_transition', { detail: `a ${row.status} appointment cannot be moved`, extra: { status: row.status } });
    const now = clock.now();
    const repo = createAppointmentsRepository(tx);
    const { row: dealer, settings } = await settingsOf(tx, ctx.dealerId);
    const startsAt = new Date(startsAtText);
    if (startsAt.getTime() === row.starts_at.getTime()) return;
    const problem = bookingProblem(startsAt, row.duration_minutes, settings, now);
    if (problem) throw AppError.field('validation_failed', problem.field, problem.code, problem.code.replaceAll('_', ' '));
    const day = localDate(startsAt, settings.timeZone);
    const capacity = (await capacities(tx, ctx.dealerId, settings, day, day)).get(day) ?? 0;
    if (!(await repo.claimSeat(ctx.dealerId, startsAt, capacity))) await slotFull(tx, ctx.dealerId, settings, startsAt);
    await repo.releaseSeat(ctx.dealerId, row.starts_at);
    const updated = await repo.update(ctx.dealerId, row.id, row.version, { starts_at: startsAt, status: 'booked', updated_at: now });
    if (!updated) throw versionConflict(row.version + 1);
    await repo.upsertReservation(ctx.dealerId, row.id, newId(), startsAt, new Date(startsAt.getTime() + row.duration_minutes * 60_000));
    await repo.cancelTasksOf(ctx.dealerId, row.id);
    await deps.appointmentJobs.schedule(tx, ctx.dealerId, row.id, startsAt, reminderPlan(startsAt, settings, now), now);
    await event(tx, ctx, ctx.dealerId, row.id, 'rescheduled', { from: row.starts_at.toISOString(), to: startsAt.toISOString() }, now);
    await deps.webhooks.emit(tx, {
      dealerId: ctx.dealerId,
      type: 'appointment.changed',
      recordKey: `appointment:${row.id}`,
      data: {
        appointmentId: row.id,
        change: 'rescheduled',
        startsAt: startsAt.toISOString(),
        previousStartsAt: row.starts_at.toISOString(),
        assignedAdvisorId: row.assigned_sa_id,
      },
      occurredAt: now,
    });
    const moved = await loadVisible(tx, dealerScope(ctx), row.id);
    await smsCustomer(
      tx,
      ctx,
      row,
      'appointment.moved',
      messageVariables(moved, dealer, null),
      `appointment:${row.id}:moved:${startsAt.toISOString()}`,
      locale,
    );
    await recordAudit(
      tx,
      ctx,
      {
        action: 'appointment.rescheduled',
        entityType: 'appointment',
        entityId: row.id,
        before: { startsAt: row.starts_at },
        after: { startsAt },
      },
      now,
    );
  }

  async function cancelIn(tx: Database, ctx: BookingContext, row: AppointmentDetailsRow, reason: string, locale: 'zh-CN' | 'en' = 'zh-CN') {
    const repo = createAppointmentsRepository(tx);
    const { row: dealer } = await settingsOf(tx, ctx.dealerId);
    await changeStatusIn(tx, ctx, row, 'cancelled', { cancel_reason: reason }, 'cancelled', { reason });
    const now = clock.now();
    await repo.releaseSeat(ctx.dealerId, row.starts_at);
    await repo.setPrepickStatus(ctx.dealerId, { appointmentId: row.id }, 'cancelled', ctx.userId, now);
    await repo.deleteReservation(ctx.dealerId, row.id);
    await repo.cancelTasksOf(ctx.dealerId, row.id);
    await smsCustomer(
      tx,
      ctx,
      row,
      'appointment.cancelled',
      messageVariables(row, dealer, null),
      `appointment:${row.id}:cancelled`,
      locale,
    );
    await deps.webhooks.emit(tx, {
      dealerId: ctx.dealerId,
      type: 'appointment.cancelled',
      recordKey: `appointment:${row.id}`,
      data: {
        appointmentId: row.id,
        customerId: row.customer_id,
        vehicleId: row.vehicle_id,
        startsAt: row.starts_at.toISOString(),
        reason,
      },
      occurredAt: now,
    });
    await recordAudit(tx, ctx, { action: 'appointment.cancelled', entityType: 'appointment', entityId: row.id, after: { reason } }, now);
  }

  /** Runs a change of one appointment in one transaction and returns it as it is afterwards. */
  function change(
    actor: Actor,
    action: AppointmentAction,
    id: string,
    version: number | null,
    fn: (tx: Database, ctx: BookingContext, row: AppointmentDetailsRow) => Promise<void>,
    conn: Database = db,
  ) {
    const ctx = contextOf(actor);
    return inTransaction(conn, async (tx) => {
      const row = await loadVisible(tx, dealerScope(ctx), id);
      appointmentPolicy.authorize(actor, action, row);
      if (version !== null && row.version !== version) throw versionConflict(row.version);
      await fn(tx, ctx, row);
      const after = await loadVisible(tx, dealerScope(ctx), id);
      return present(tx, after, contactViewOf(actor), appointmentAbilities(actor, after));
    });
  }

  /** The car is here: arrival recorded, its open tasks dropped. */
  async function checkInFn(tx: Database, ctx: BookingContext, row: AppointmentDetailsRow) {
    const now = clock.now();
    const { settings } = await settingsOf(tx, ctx.dealerId);
    const status = row.status === 'no_show' ? 'late' : arrivalStatus(row.starts_at, now, settings.onTimeWindowMinutes);
    await changeStatusIn(tx, ctx, row, 'arrived', { arrived_at: now, arrival_status: status }, 'arrived', { arrivalStatus: status });
    const repo = createAppointmentsRepository(tx);
    await repo.insertArrival({
      dealer_id: ctx.dealerId,
      id: newId(),
      arrived_at: now,
      appointment_id: row.id,
      customer_id: row.customer_id,
      vehicle_id: row.vehicle_id,
      recorded_by: ctx.userId,
    });
    await repo.cancelTasksOf(ctx.dealerId, row.id);
    await recordAudit(
      tx,
      ctx,
      { action: 'appointment.arrived', entityType: 'appointment', entityId: row.id, after: { arrivalStatus: status } },
      now,
    );
  }

  return {
    bookIn,
    rescheduleIn,
    cancelIn,
    availabilityFor,

    async availability(actor: Actor, query: { from: string; to: string; wanted?: string }) {
      authorize(actor, 'appointment.read');
      return availabilityFor(db, requireDealer(actor), query.from, query.to, query.wanted ? new Date(query.wanted) : null);
    },

    async book(actor: Actor, input: Omit<BookingRequest, 'vehicleId'> & { vehicleId: string }) {
      authorize(actor, 'appointment.book');
      const ctx = contextOf(actor);
      return inTransaction(db, async (tx) => {
        const booked = await bookIn(tx, ctx, input);
        return { ...booked.appointment, message: booked.message };
      });
    },

    async get(actor: Actor, id: string) {
      authorize(actor, 'appointment.read');
      const row = await loadVisible(db, readScope(actor), id);
      return present(db, row, contactViewOf(actor), appointmentAbilities(actor, row));
    },

    async history(actor: Actor, id: string) {
      authorize(actor, 'appointment.read');
      const scope = readScope(actor);
      await loadVisible(db, scope, id);
      const events = await createAppointmentsRepository(db).events(scope, id);
      return events.map((e) => ({ kind: e.kind, at: e.at.toISOString(), actorName: e.actor_name, data: e.data }));
    },

    /** The board and the list: a dealer's own appointments, or the network's (narrowed by `dealerId`) for the car maker. */
    async list(
      actor: Actor,
      query: { from: string; to: string; saId?: string; status?: AppointmentStatus; dealerId?: string },
      notConfirmedOnly = false,
    ) {
      authorize(actor, 'appointment.read');
      const scope = readScope(actor, query.dealerId);
      const repo = createAppointmentsRepository(db);
      const period = reportPeriod(query, await zoneOf(db, scope, actor));
      const rows = await repo.list(scope, period.from, period.to, { ...query, notConfirmedOnly });
      const parts = await repo.prepickFor(
        scope,
        rows.map((r) => r.id),
      );
      return rows.map((r) => presentAppointment(r, contactViewOf(actor), parts, appointmentAbilities(actor, r)));
    },

    reschedule: (actor: Actor, id: string, input: { version: number; startsAt: string }) =>
      change(actor, 'reschedule', id, input.version, (tx, ctx, row) => rescheduleIn(tx, ctx, row, input.startsAt)),

    cancel: (actor: Actor, id: string, input: { version: number; reason: string }) =>
      change(actor, 'cancel', id, input.version, (tx, ctx, row) => cancelIn(tx, ctx, row, input.reason)),

    assign: (actor: Actor, id: string, input: { version: number; saId: string }) =>
      change(actor, 'assign', id, input.version, async (tx, ctx, row) => {
        if (!isOpen(row.status))
          throw new AppError('invalid_transition', {
            detail: `a ${row.status} appointment cannot be assigned`,
            extra: { status: row.status },
          });
        if (!(await createAppointmentsRepository(tx).serviceAdvisors(ctx.dealerId)).some((sa) => sa.id === input.saId)) {
          throw AppError.field('validation_failed', 'saId', 'not_a_service_advisor', 'not a service advisor of this dealer');
        }
        const now = clock.now();
        const updated = await createAppointmentsRepository(tx).update(ctx.dealerId, row.id, row.version, {
          assigned_sa_id: input.saId,
          updated_at: now,
        });
        if (!updated) throw versionConflict(row.version + 1);
        await event(tx, ctx, ctx.dealerId, row.id, 'assigned', { saId: input.saId }, now);
        await deps.webhooks.emit(tx, {
          dealerId: ctx.dealerId,
          type: 'appointment.changed',
          recordKey: `appointment:${row.id}`,
          data: {
            appointmentId: row.id,
            change: 'assigned',
            startsAt: row.starts_at.toISOString(),
            previousStartsAt: null,
            assignedAdvisorId: input.saId,
          },
          occurredAt: now,
        });
        await recordAudit(
          tx,
          ctx,
          {
            action: 'appointment.assigned',
            entityType: 'appointment',
            entityId: row.id,
            before: { saId: row.assigned_sa_id },
            after: { saId: input.saId },
          },
          now,
        );
      }),

    /** Every confirmation attempt is recorded; a confirmation confirms, a cancellation cancels. */
    recordConfirmation: (
      actor: Actor,
      id: string,
      input: Pick<ConfirmationAttemptsTable, 'step' | 'channel' | 'result'> & { note?: string | null },
    ) =>
      change(actor, 'confirm', id, null, async (tx, ctx, row) => {
        if (!isOpen(row.status))
          throw new AppError('invalid_transition', {
            detail: `a ${row.status} appointment needs no confirmation`,
            extra: { status: row.status },
          });
        const now = clock.now();
        await createAppointmentsRepository(tx).insertConfirmation({
          dealer_id: ctx.dealerId,
          id: newId(),
          appointment_id: row.id,
          step: input.step,
          channel: input.channel,
          result: input.result,
          note: input.note ?? null,
          by_user_id: ctx.userId,
          at: now,
        });
        if (input.result === 'confirmed' && row.status === 'booked')
          await changeStatusIn(tx, ctx, row, 'confirmed', {}, 'confirmed', { step: input.step, channel: input.channel });
        else if (input.result === 'cancel') await cancelIn(tx, ctx, row, input.note || 'customer cancelled when called');
        else
          await event(
            tx,
            ctx,
            ctx.dealerId,
            row.id,
            'confirmation_attempt',
            { step: input.step, channel: input.channel, result: input.result },
            now,
          );
        await recordAudit(
          tx,
          ctx,
          { action: 'appointment.confirmation_recorded', entityType: 'appointment', entityId: row.id, after: input },
          now,
        );
      }),

    checkIn: (actor: Actor, id: string, conn: Database = db) => change(actor, 'checkIn', id, null, checkInFn, conn),

    async walkIn(actor: Actor, vehicleId: string) {
      authorize(actor, 'appointment.checkin');
      const ctx = contextOf(actor);
      return inTransaction(db, async (tx) => {
        const vehicle = await createVehiclesRepository(tx).findById(dealerScope(ctx), vehicleId);
        if (!vehicle) throw AppError.field('validation_failed', 'vehicleId', 'unknown_vehicle', 'no such vehicle at this dealer');
        const now = clock.now();
        const id = newId();
        await createAppointmentsRepository(tx).insertArrival({
          dealer_id: ctx.dealerId,
          id,
          arrived_at: now,
          appointment_id: null,
          customer_id: vehicle.owner_id,
          vehicle_id: vehicleId,
          recorded_by: ctx.userId,
        });
        await recordAudit(
          tx,
          ctx,
          { action: 'arrival.walk_in', entityType: 'vehicle', entityId: vehicleId, after: { arrivalId: id } },
          now,
        );
        return { id, arrivedAt: now.toISOString() };
      });
    },
  };
}

export type AppointmentsService = ReturnType<typeof createAppointmentsService>;
