import type { RoLineInput } from '@servicebay/contracts';
import type { Insertable } from 'kysely';
import { type Actor, authorize } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import type { Database } from '../../platform/db.js';
import type { RoLinesTable } from '../../platform/db.schema.js';
import { localDate } from '../../platform/dealer-time.js';
import { AppError, notFound, versionConflict } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { requireInstantWithin } from '../../platform/input-window.js';
import { dealerScopeOf, requireDealer, type Scope, scopeOf } from '../../platform/scope.js';
import { nextDailyNumber } from '../../platform/sequences.js';
import { inTransaction } from '../../platform/transaction.js';
import { createAppointmentsRepository } from '../appointments/appointments.repository.js';
import type { AppointmentsDeps } from '../appointments/appointments.service.js';
import { type ContactView, contactViewOf } from '../customers/customers.presenter.js';
import { openVisitConflict, refuseSecondVisit } from '../drive/open-visit.js';
import { createTimelineRepository } from '../timeline/timeline.repository.js';
import { createVehiclesRepository } from '../vehicles/vehicles.repository.js';
import { mileageErrorAs } from '../vehicles/vehicles.rules.js';
import type { VehiclesService } from '../vehicles/vehicles.service.js';
import { createInspectionsRepository } from './inspections.repository.js';
import { repairOrderPdf } from './repair-orders.documents.js';
import { type RepairOrderAction, repairOrderPolicy } from './repair-orders.policy.js';
import { presentRepairOrder, presentVisit, signedContentHash } from './repair-orders.presenter.js';
import { createRepairOrdersRepository, type RepairOrderRow } from './repair-orders.repository.js';
import { lineEditMode, type RoStatus, roTransition } from './repair-orders.rules.js';
import { repairOrderCompletedEvent } from './repair-orders.webhooks.js';

/** How far ahead a promised delivery time may be (parts on back-order included). */
const MAX_PROMISED_DAYS_AHEAD = 366;

/** Transitions this endpoint takes; invoicing and delivery go through settlement. */
const WORKSHOP_TRANSITIONS: RoStatus[] = ['in_progress', 'quality_check', 'ready', 'cancelled'];

const RULE_FIELDS: Record<string, string> = {
  signature_required: 'signaturePng',
  promised_time_required: 'promisedAt',
  promised_time_in_past: 'promisedAt',
  no_lines: 'lines',
  reason_required: 'reason',
};

export type RepairOrdersDeps = AppointmentsDeps & {
  /** The appointments module's check-in, run inside the visit's transaction (wired in services.ts). */
  checkIn: (actor: Actor, appointmentId: string, tx: Database) => Promise<unknown>;
  /** The vehicles module's mileage entry points, run inside the order's transaction. */
  mileage: Pick<VehiclesService, 'addMileage' | 'correctVisitMileage'>;
};

export function createRepairOrdersService(deps: RepairOrdersDeps) {
  const { db, clock } = deps;

  async function loadOrder(tx: Database, scope: Scope, id: string) {
    const row = await createRepairOrdersRepository(tx).findOrder(scope, id);
    if (!row) throw notFound('repair order');
    return row;
  }

  /** Loads an order of the acting dealer and checks the actor may do `action` to it. */
  async function loadFor(tx: Database, actor: Actor, action: RepairOrderAction, id: string) {
    const row = await loadOrder(tx, dealerScopeOf(actor), id);
    repairOrderPolicy.authorize(actor, action, row);
    return row;
  }

  /** `'full'` for audit records and the signed content; `contactViewOf(actor)` (with `can`) for the caller. */
  async function present(tx: Database, row: RepairOrderRow, view: ContactView, actor: Actor | null = null) {
    return presentRepairOrder(row, await createRepairOrdersRepository(tx).linesOf(row), view, actor);
  }

  /** Lines from the catalogue (labour at the dealer's rate, parts at their price) and from maintenance packages. */
  async function buildLines(
    tx: Database,
    dealerId: string,
    orderId: string,
    inputs: RoLineInput[],
    packageIds: string[],
  ): Promise<Insertable<RoLinesTable>[]> {
    const repo = createRepairOrdersRepository(tx);
    const { labour_rate_fen: rate } = await repo.labourRate(dealerId);
    const packages = await repo.packages(dealerId, packageIds);
    if (packages.length !== new Set(packageIds).size)
      throw AppError.field('validation_failed', 'packageIds', 'unknown_package', 'no such maintenance package');
    const items = await repo.packageItems(dealerId, packageIds);
    const opIds = [
      ...inputs.flatMap((l) => (l.kind === 'labour' && l.labourOperationId ? [l.labourOperationId] : [])),
      ...items.flatMap((i) => (i.labour_operation_id ? [i.labour_operation_id] : [])),
    ];
    const partIds = [
      ...inputs.flatMap((l) => (l.kind === 'parts' ? [l.partId] : [])),
      ...items.flatMap((i) => (i.part_id ? [i.part_id] : [])),
    ];
    const ops = await repo.labourOperations(dealerId, [...new Set(opIds)]);
    const parts = await repo.parts(dealerId, [...new Set(partIds)]);
    const rows: Insertable<RoLinesTable>[] = [];
    const createdAt = clock.now();
    const add = (row: Omit<Insertable<RoLinesTable>, 'dealer_id' | 'id' | 'repair_order_id' | 'position' | 'created_at'>) =>
      rows.push({ ...row, dealer_id: dealerId, id: newId(), repair_order_id: orderId, position: rows.length + 1, created_at: createdAt });

    for (const pkg of packages) {
      for (const item of items.filter((i) => i.package_id === pkg.id)) {
        if (item.kind === 'labour') {
          const op = ops.find((o) => o.id === item.labour_operation_id)!;
          add({
            kind: 'labour',
            code: op.code,
            description: `${pkg.name}：${op.name}`,
            pay_type: 'customer',
            hours: Number(op.flat_rate_hours) * Number(item.quantity),
            hourly_rate_fen: rate,
            labour_operation_id: op.id,
            package_id: pkg.id,
          });
        } else {
          const part = parts.find((p) => p.id === item.part_id)!;
          add({
            kind: 'parts',
            code: part.part_number,
            description: part.name,
            pay_type: 'customer',
            quantity: Number(item.quantity),
            unit_price_fen: part.price_fen,
            part_id: part.id,
            package_id: pkg.id,
          });
        }
      }
    }
    inputs.forEach((line, index) => {
      if (line.kind === 'labour') {
        const op = line.labourOperationId ? ops.find((o) => o.id === line.labourOperationId) : undefined;
        if (line.labourOperationId && !op)
          throw AppError.field(
            'validation_failed',
            `lines.${index}.labourOperationId`,
            'unknown_labour_operation',
            'no such labour operation',
          );
        const description = line.description ?? op?.name;
        const hours = line.hours ?? (op ? Number(op.flat_rate_hours) : undefined);
        if (!description) throw AppError.field('validation_failed', `lines.${index}.description`, 'required', 'describe the work');
        if (!hours) throw AppError.field('validation_failed', `lines.${index}.hours`, 'required', 'how many hours');
        add({
          kind: 'labour',
          code: op?.code ?? null,
          description,
          pay_type: line.payType,
          hours,
          hourly_rate_fen: rate,
          labour_operation_id: op?.id ?? null,
          discount_percent: line.discountPercent ?? null,
        });
      } else {
        const part = parts.find((p) => p.id === line.partId);
        if (!part) throw AppError.field('validation_failed', `lines.${index}.partId`, 'unknown_part', 'no such part');
        add({
          kind: 'parts',
          code: part.part_number,
          description: part.name,
          pay_type: line.payType,
          quantity: line.quantity,
          unit_price_fen: part.price_fen,
          part_id: part.id,
          discount_percent: line.discountPercent ?? null,
        });
      }
    });
    return rows;
  }

  /**
   * The RO's mileage-in (进厂里程) is the visit's reading: the walk-around's reading (or the mileage-in
   * it replaces) is corrected in place, otherwise it is a new reading of today. A value lower than the
   * last reading needs `odometerReplaced`; the refusal names `odometerKm` and carries the last reading.
   */
  async function recordOdometer(
    tx: Database,
    actor: Actor,
    visit: { vehicle_id: string; arrived_at: Date },
    km: number,
    previousKm: number | null,
    odometerReplaced: boolean,
  ) {
    const input = { readOn: localDate(clock.now(), actor.timeZone), km, source: 'service_visit' as const, odometerReplaced };
    try {
      if (previousKm === null) await deps.mileage.addMileage(actor, visit.vehicle_id, input, tx);
      else
        await deps.mileage.correctVisitMileage(
          actor,
          visit.vehicle_id,
          { km: previousKm, since: localDate(visit.arrived_at, actor.timeZone) },
          input,
          tx,
        );
    } catch (error) {
      throw mileageErrorAs(error, 'odometerKm');
    }
  }

  return {
    async catalogue(actor: Actor) {
      authorize(actor, 'repair_order.read');
      const dealerId = requireDealer(actor);
      const repo = createRepairOrdersRepository(db);
      const [ops, packages, { labour_rate_fen }] = await Promise.all([
        repo.labourOperations(dealerId),
        repo.packages(dealerId),
        repo.labourRate(dealerId),
      ]);
      const items = await repo.packageItems(
        dealerId,
        packages.map((p) => p.id),
      );
      return {
        labourRateFen: labour_rate_fen,
        labourOperations: ops.map((o) => ({ id: o.id, code: o.code, name: o.name, flatRateHours: Number(o.flat_rate_hours) })),
        packages: packages.map((p) => ({
          id: p.id,
          code: p.code,
          name: p.name,
          modelId: p.model_id,
          intervalKm: p.interval_km,
          items: items
            .filter((i) => i.package_id === p.id)
            .map((i) => ({
              kind: i.kind as 'labour' | 'parts',
              code: (i.labour_code ?? i.part_number)!,
              name: (i.labour_name ?? i.part_name)!,
              quantity: Number(i.quantity),
              flatRateHours: i.flat_rate_hours === null ? null : Number(i.flat_rate_hours),
              unitPriceFen: i.price_fen ?? null,
            })),
        })),
      };
    },

    /** Check-in: from today's appointment (marked arrived) or as a walk-in. Arrival and greeting times are kept. */
    async openVisit(actor: Actor, input: { appointmentId?: string; vehicleId?: string; arrivedAt?: string }) {
      authorize(actor, 'repair_order.write');
      const dealerId = requireDealer(actor);
      const now = clock.now();
      if (input.arrivedAt && new Date(input.arrivedAt) > now)
        throw AppError.field('validation_failed', 'arrivedAt', 'in_future', 'the arrival time is in the future');
      if (input.arrivedAt) requireInstantWithin('arrivedAt', new Date(input.arrivedAt), now, { daysBack: 1 });
      return inTransaction(db, async (tx) => {
        const repo = createRepairOrdersRepository(tx);
        let vehicleId = input.vehicleId ?? null;
        let customerId: string;
        let arrivedAt = input.arrivedAt ? new Date(input.arrivedAt) : now;
        if (input.appointmentId) {
          const appointment = await createAppointmentsRepository(tx).find(dealerScopeOf(actor), input.appointmentId);
          if (!appointment) throw AppError.field('validation_failed', 'appointmentId', 'unknown_appointment', 'no such appointment');
          if (!appointment.vehicle_id)
            throw AppError.field(
              'validation_failed',
              'appointmentId',
              'vehicle_unknown',
              'register the vehicle of this online booking first',
            );
          if (await repo.findVisitByAppointment(dealerId, appointment.id))
            throw new AppError('invalid_transition', { detail: 'this appointment is already checked in', extra: { status: 'arrived' } });
          await refuseSecondVisit(tx, dealerId, appointment.vehicle_id);
          if (appointment.status !== 'arrived') await deps.checkIn(actor, appointment.id, tx);
          const arrived = await createAppointmentsRepository(tx).find(dealerScopeOf(actor), appointment.id);
          arrivedAt = input.arrivedAt ? arrivedAt : (arrived!.arrived_at ?? now);
          vehicleId = appointment.vehicle_id;
          customerId = appointment.customer_id;
        } else {
          const vehicle = await createVehiclesRepository(tx).findById(dealerScopeOf(actor), vehicleId!);
          if (!vehicle) throw AppError.field('validation_failed', 'vehicleId', 'unknown_vehicle', 'no such vehicle at this dealer');
          customerId = vehicle.user_id ?? vehicle.owner_id;
          await refuseSecondVisit(tx, dealerId, vehicle.id);
          await createAppointmentsRepository(tx).insertArrival({
            dealer_id: dealerId,
            id: newId(),
            arrived_at: arrivedAt,
            appointment_id: null,
            customer_id: customerId,
            vehicle_id: vehicle.id,
            recorded_by: actor.userId,
          });
        }
        const id = newId();
        // The advisor greets after the check-in above has recorded the arrival: read the clock now.
        const greetedAt = clock.now();
        await repo
          .insertVisit({
            dealer_id: dealerId,
            id,
            customer_id: customerId,
            vehicle_id: vehicleId!,
            appointment_id: input.appointmentId ?? null,
            sa_id: actor.userId,
            arrived_at: arrivedAt,
            greeted_at: greetedAt,
            created_at: now,
          })
          .catch(openVisitConflict);
        await createTimelineRepository(tx).record([
          {
            networkId: actor.networkId,
            customerId,
            vehicleId,
            dealerId,
            kind: 'visit.opened',
            data: { appointmentId: input.appointmentId ?? null },
            actorUserId: actor.userId,
            occurredAt: now,
          },
        ]);
        await deps.webhooks.emit(tx, {
          dealerId,
          type: 'visit.checked_in',
          recordKey: `visit:${id}`,
          data: {
            visitId: id,
            appointmentId: input.appointmentId ?? null,
            customerId,
            vehicleId,
            advisorId: actor.userId,
            arrivedAt: arrivedAt.toISOString(),
          },
          occurredAt: now,
        });
        await recordAudit(
          tx,
          actor,
          {
            action: 'visit.opened',
            entityType: 'visit',
            entityId: id,
            after: { vehicleId, appointmentId: input.appointmentId ?? null, arrivedAt },
          },
          now,
        );
        const { timely_reception_minutes } = await repo.labourRate(dealerId);
        return presentVisit((await repo.findVisit(dealerScopeOf(actor), id))!, timely_reception_minutes, contactViewOf(actor));
      });
    },

    async getVisit(actor: Actor, id: string) {
      authorize(actor, 'repair_order.read');
      const repo = createRepairOrdersRepository(db);
      const row = await repo.findVisit(scopeOf(actor), id);
      if (!row) throw notFound('visit');
      return presentVisit(row, (await repo.labourRate(row.dealer_id)).timely_reception_minutes, contactViewOf(actor));
    },

    async create(
      actor: Actor,
      input: {
        visitId: string;
        concerns: string;
        diagnosis?: string | null;
        promisedAt: string;
        odometerKm?: number | null;
        odometerReplaced?: boolean | undefined;
        lines: RoLineInput[];
        packageIds: string[];
      },
    ) {
      authorize(actor, 'repair_order.write');
      const dealerId = requireDealer(actor);
      const now = clock.now();
      if (new Date(input.promisedAt) <= now)
        throw AppError.field('validation_failed', 'promisedAt', 'in_past', 'the promised delivery time has passed');
      requireInstantWithin('promisedAt', new Date(input.promisedAt), now, { daysAhead: MAX_PROMISED_DAYS_AHEAD });
      return inTransaction(db, async (tx) => {
        const repo = createRepairOrdersRepository(tx);
        const visit = await repo.findVisit(dealerScopeOf(actor), input.visitId);
        if (!visit) throw AppError.field('validation_failed', 'visitId', 'unknown_visit', 'no such visit');
        // The signed walk-around's odometer is the mileage-in unless the SA corrects it here.
        const walkaroundKm = await createInspectionsRepository(tx).walkaroundOdometer(dealerScopeOf(actor), visit.id);
        const id = newId();
        await repo.insertOrder({
          dealer_id: dealerId,
          id,
          number: await nextDailyNumber(tx, dealerId, 'RO', localDate(now, actor.timeZone)),
          visit_id: visit.id,
          customer_id: visit.customer_id,
          vehicle_id: visit.vehicle_id,
          sa_id: actor.userId,
          concerns: input.concerns,
          diagnosis: input.diagnosis ?? null,
          promised_at: new Date(input.promisedAt),
          odometer_km: input.odometerKm ?? walkaroundKm,
          created_at: now,
          updated_at: now,
        });
        await repo.replaceLines(dealerId, id, await buildLines(tx, dealerId, id, input.lines, input.packageIds));
        if (input.odometerKm != null && input.odometerKm !== walkaroundKm)
          await recordOdometer(tx, actor, visit, input.odometerKm, walkaroundKm, input.odometerReplaced ?? false);
        const created = await loadOrder(tx, dealerScopeOf(actor), id);
        const order = await present(tx, created, 'full');
        await createTimelineRepository(tx).record([
          {
            networkId: actor.networkId,
            customerId: visit.customer_id,
            vehicleId: visit.vehicle_id,
            dealerId,
            kind: 'repair_order.opened',
            data: { number: order.number },
            actorUserId: actor.userId,
            occurredAt: now,
          },
        ]);
        await recordAudit(tx, actor, { action: 'repair_order.created', entityType: 'repair_order', entityId: id, after: order }, now);
        return present(tx, created, contactViewOf(actor), actor);
      });
    },

    /** Edits carry the version they started from: a stale edit gets 409, never a silent overwrite. */
    async update(
      actor: Actor,
      id: string,
      patch: {
        version: number;
        concerns?: string;
        diagnosis?: string | null;
        promisedAt?: string;
        odometerKm?: number | null;
        odometerReplaced?: boolean | undefined;
        lines?: RoLineInput[];
        packageIds?: string[];
      },
    ) {
      // who may: the policy, on the loaded order
      const dealerId = requireDealer(actor);
      const now = clock.now();
      return inTransaction(db, async (tx) => {
        const repo = createRepairOrdersRepository(tx);
        const row = await loadFor(tx, actor, 'edit', id);
        if (row.version !== patch.version) throw versionConflict(row.version);
        const before = await present(tx, row, 'full');
        if ((patch.lines || patch.packageIds) && lineEditMode(row.status) !== 'free') {
          throw new AppError('invalid_transition', {
            detail: 'lines of an authorised order change only through additional work the customer approves',
            extra: { status: row.status },
          });
        }
        if (patch.promisedAt && new Date(patch.promisedAt) <= now)
          throw AppError.field('validation_failed', 'promisedAt', 'in_past', 'the promised delivery time has passed');
        if (patch.promisedAt) requireInstantWithin('promisedAt', new Date(patch.promisedAt), now, { daysAhead: MAX_PROMISED_DAYS_AHEAD });
        const odometerChanged = patch.odometerKm != null && patch.odometerKm !== row.odometer_km;
        if (odometerChanged && row.status !== 'open') {
          throw new AppError('invalid_transition', {
            detail: 'the mileage-in is corrected before the customer signs the order',
            extra: { status: row.status },
          });
        }
        const updated = await repo.updateOrder(dealerId, id, patch.version, {
          ...(patch.concerns !== undefined ? { concerns: patch.concerns } : {}),
          ...(patch.diagnosis !== undefined ? { diagnosis: patch.diagnosis } : {}),
          ...(patch.promisedAt !== undefined ? { promised_at: new Date(patch.promisedAt) } : {}),
          ...(patch.odometerKm !== undefined ? { odometer_km: patch.odometerKm } : {}),
          updated_at: now,
        });
        if (!updated) throw versionConflict(row.version + 1);
        if (patch.lines || patch.packageIds)
          await repo.replaceLines(dealerId, id, await buildLines(tx, dealerId, id, patch.lines ?? [], patch.packageIds ?? []));
        if (odometerChanged) {
          const visit = (await repo.findVisit(dealerScopeOf(actor), row.visit_id))!;
          await recordOdometer(tx, actor, visit, patch.odometerKm!, row.odometer_km, patch.odometerReplaced ?? false);
        }
        const changed = await loadOrder(tx, dealerScopeOf(actor), id);
        await recordAudit(
          tx,
          actor,
          { action: 'repair_order.updated', entityType: 'repair_order', entityId: id, before, after: await present(tx, changed, 'full') },
          now,
        );
        return present(tx, changed, contactViewOf(actor), actor);
      });
    },

    /** The customer signs on the tablet: the order is authorised, with the hash of exactly what was signed. */
    async authorise(actor: Actor, id: string, input: { version: number; signaturePng: string }) {
      // who may: the policy, on the loaded order
      const dealerId = requireDealer(actor);
      const now = clock.now();
      return inTransaction(db, async (tx) => {
        const row = await loadFor(tx, actor, 'sign', id);
        if (row.version !== input.version) throw versionConflict(row.version);
        const order = await present(tx, row, 'full');
        const result = roTransition(row.status, 'authorised', {
          lineCount: order.lines.length,
          promisedAt: row.promised_at,
          signedAt: now,
          now,
        });
        if (!result.ok) throw ruleError(result.code, result.message, row.status);
        const hash = signedContentHash(order);
        const updated = await createRepairOrdersRepository(tx).updateOrder(dealerId, id, row.version, {
          status: 'authorised',
          signature_png: input.signaturePng,
          signed_content_hash: hash,
          signed_at: now,
          updated_at: now,
        });
        if (!updated) throw versionConflict(row.version + 1);
        await recordAudit(
          tx,
          actor,
          { action: 'repair_order.authorised', entityType: 'repair_order', entityId: id, after: { signedContentHash: hash } },
          now,
        );
        await deps.webhooks.emit(tx, {
          dealerId,
          type: 'repair_order.authorised',
          recordKey: `repair_order:${id}`,
          data: {
            repairOrderId: id,
            number: row.number,
            visitId: row.visit_id,
            customerId: row.customer_id,
            vehicleId: row.vehicle_id,
            status: 'authorised',
            authorisedAt: now.toISOString(),
            promisedAt: row.promised_at.toISOString(),
          },
          occurredAt: now,
        });
        return present(tx, await loadOrder(tx, dealerScopeOf(actor), id), contactViewOf(actor), actor);
      });
    },

    async transition(actor: Actor, id: string, input: { version: number; to: RoStatus; reason?: string }) {
      // who may: the policy, on the loaded order
      const dealerId = requireDealer(actor);
      const now = clock.now();
      if (!WORKSHOP_TRANSITIONS.includes(input.to))
        throw new AppError('invalid_transition', {
          detail: `${input.to} is reached through ${input.to === 'authorised' ? 'the signature' : 'settlement and delivery'}`,
          extra: { to: input.to },
        });
      return inTransaction(db, async (tx) => {
        const row = await loadFor(tx, actor, input.to === 'cancelled' ? 'cancel' : 'advance', id);
        if (row.version !== input.version) throw versionConflict(row.version);
        const lines = await createRepairOrdersRepository(tx).lines(dealerScopeOf(actor), [id]);
        const result = roTransition(row.status, input.to, {
          lineCount: lines.length,
          promisedAt: row.promised_at,
          signedAt: row.signed_at,
          reason: input.reason ?? null,
          now,
        });
        if (!result.ok) throw ruleError(result.code, result.message, row.status);
        const updated = await createRepairOrdersRepository(tx).updateOrder(dealerId, id, row.version, {
          status: input.to,
          updated_at: now,
          ...(result.rework ? { rework_count: row.rework_count + 1 } : {}),
          ...(input.to === 'cancelled' ? { cancel_reason: input.reason ?? null } : {}),
          ...(input.to === 'ready' ? { ready_at: now } : {}),
        });
        if (!updated) throw versionConflict(row.version + 1);
        await recordAudit(
          tx,
          actor,
          {
            action: `repair_order.${input.to}`,
            entityType: 'repair_order',
            entityId: id,
            before: { status: row.status },
            after: { status: input.to, reason: input.reason ?? null },
          },
          now,
        );
        if (input.to === 'ready') await deps.webhooks.emit(tx, repairOrderCompletedEvent(dealerId, row, row.rework_count, now));
        return present(tx, await loadOrder(tx, dealerScopeOf(actor), id), contactViewOf(actor), actor);
      });
    },

    async get(actor: Actor, id: string) {
      authorize(actor, 'repair_order.read');
      return present(db, await loadOrder(db, scopeOf(actor), id), contactViewOf(actor), actor);
    },

    /** The repair order as the A4 contract it is, in Chinese or English; with the current progress token, its QR code is printed on it. */
    async pdf(actor: Actor, id: string, options: { locale: 'zh-CN' | 'en'; progressToken?: string }) {
      authorize(actor, 'repair_order.read');
      return repairOrderPdf(db, scopeOf(actor), contactViewOf(actor), id, {
        locale: options.locale,
        progress: options.progressToken ? { token: options.progressToken, publicUrl: deps.publicUrl } : undefined,
      });
    },

    /** A dealer's orders, or the network's (narrowed by `dealerId`) for the car maker. */
    async list(actor: Actor, query: { status?: RoStatus; limit: number; dealerId?: string }) {
      authorize(actor, 'repair_order.read');
      const scope = scopeOf(actor, query.dealerId ? { dealerIds: [query.dealerId] } : {});
      const repo = createRepairOrdersRepository(db);
      const rows = await repo.listOrders(scope, query.status ? [query.status] : null, query.limit);
      const lines = await repo.lines(
        scope,
        rows.map((r) => r.id),
      );
      return rows.map((r) => presentRepairOrder(r, lines, contactViewOf(actor), actor));
    },
  };
}

function ruleError(code: string, message: string, status: string): AppError {
  const field = RULE_FIELDS[code];
  if (field) return AppError.field('validation_failed', field, code, message);
  return new AppError('invalid_transition', { detail: message, extra: { status, rule: code } });
}

export type RepairOrdersService = ReturnType<typeof createRepairOrdersService>;
