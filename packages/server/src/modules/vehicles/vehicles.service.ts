import { type mileageInputSchema, normalizeVin, plateKey, type vehicleInputSchema, type vehiclePatchSchema } from '@servicebay/contracts';
import type { z } from 'zod';
import { type Actor, authorize } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import { localDate } from '../../platform/dealer-time.js';
import { AppError, notFound, versionConflict } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { requireDateWithin } from '../../platform/input-window.js';
import { scopeOf } from '../../platform/scope.js';
import { inTransaction } from '../../platform/transaction.js';
import { contactViewOf } from '../customers/customers.presenter.js';
import { createCustomersRepository } from '../customers/customers.repository.js';
import { createTimelineRepository, type TimelineEventInput } from '../timeline/timeline.repository.js';
import { presentMileage, presentVehicle } from './vehicles.presenter.js';
import { createVehiclesRepository, type VehicleDetailsRow, type VehicleRow } from './vehicles.repository.js';
import { mileageProblem } from './vehicles.rules.js';

type Deps = { db: Database; clock: Clock };
export type VehicleCreate = z.output<typeof vehicleInputSchema>;
export type VehiclePatch = z.output<typeof vehiclePatchSchema>;
export type MileageCreate = z.output<typeof mileageInputSchema>;

export function createVehiclesService({ db, clock }: Deps) {
  async function findVisible(tx: Database, actor: Actor, id: string): Promise<VehicleDetailsRow> {
    const row = await createVehiclesRepository(tx).findById(scopeOf(actor), id);
    if (!row) throw notFound('vehicle');
    return row;
  }

  async function get(actor: Actor, id: string) {
    authorize(actor, 'vehicle.read');
    return presentVehicle(await findVisible(db, actor, id), contactViewOf(actor));
  }

  async function listForCustomer(actor: Actor, customerId: string) {
    authorize(actor, 'vehicle.read');
    if (!(await createCustomersRepository(db).findById(scopeOf(actor), customerId))) throw notFound('customer');
    const rows = await createVehiclesRepository(db).listForCustomers([customerId], scopeOf(actor));
    return rows.map((r) => presentVehicle(r, contactViewOf(actor)));
  }

  /** Owner and user must be customers this dealer serves. */
  async function assertPeopleVisible(tx: Database, actor: Actor, ids: (string | null | undefined)[]) {
    const customers = createCustomersRepository(tx);
    for (const [field, id] of [
      ['ownerId', ids[0]],
      ['userId', ids[1]],
    ] as const) {
      if (id && !(await customers.findById(scopeOf(actor), id))) {
        throw AppError.field('validation_failed', field, 'unknown_customer', 'no such customer');
      }
    }
  }

  async function assertIdentityFree(
    tx: Database,
    actor: Actor,
    vin: string | undefined,
    plate: string | undefined,
    exceptId: string | null,
  ) {
    const conflicts = await createVehiclesRepository(tx).findConflicts(actor.networkId, vin, plate, exceptId);
    if (vin && conflicts.some((c) => c.vin === vin))
      throw AppError.field('vin_taken', 'vin', 'taken', 'a vehicle with this VIN is already registered; look it up by VIN');
    if (plate && conflicts.some((c) => c.plate_key === plate))
      throw AppError.field('plate_taken', 'plate', 'taken', 'another vehicle carries this plate');
  }

  async function assertModel(tx: Database, actor: Actor, modelId: string | null | undefined) {
    if (modelId && !(await createVehiclesRepository(tx).findModel(actor.networkId, modelId))) {
      throw AppError.field('validation_failed', 'modelId', 'unknown_model', 'no such model');
    }
  }

  async function create(actor: Actor, input: VehicleCreate) {
    authorize(actor, 'vehicle.write');
    const now = clock.now();
    if (input.deliveredOn) requireDateWithin('deliveredOn', input.deliveredOn, localDate(now, actor.timeZone), { daysAhead: 0 });
    return inTransaction(db, async (tx) => {
      await assertPeopleVisible(tx, actor, [input.ownerId, input.userId]);
      await assertModel(tx, actor, input.modelId);
      await assertIdentityFree(tx, actor, input.vin, input.plate, null);
      const repo = createVehiclesRepository(tx);
      const { id } = await repo.insert({
        id: newId(),
        network_id: actor.networkId,
        vin: input.vin,
        plate_key: input.plate,
        model_id: input.modelId ?? null,
        model_year: input.modelYear ?? null,
        color: input.color ?? null,
        fuel_type: input.fuelType,
        use_type: input.useType,
        delivered_on: input.deliveredOn ?? null,
        owner_id: input.ownerId,
        user_id: input.userId ?? null,
        insurance_expires_on: input.insuranceExpiresOn ?? null,
        inspection_due_on: input.inspectionDueOn ?? null,
        created_at: now,
        updated_at: now,
      });
      if (actor.dealerId) await repo.linkDealer(actor.dealerId, id, 'created', clock.now());
      await createTimelineRepository(tx).record(
        eventsForPeople(actor, [input.ownerId, input.userId], id, 'vehicle.created', { vin: input.vin, plate: input.plate }, now),
      );
      const row = await findVisible(tx, actor, id);
      await recordAudit(
        tx,
        actor,
        { action: 'vehicle.created', entityType: 'vehicle', entityId: id, after: presentVehicle(row, 'full') },
        now,
      );
      return presentVehicle(row, contactViewOf(actor));
    });
  }

  async function update(actor: Actor, id: string, patch: VehiclePatch) {
    authorize(actor, 'vehicle.write');
    const now = clock.now();
    if (patch.deliveredOn) requireDateWithin('deliveredOn', patch.deliveredOn, localDate(now, actor.timeZone), { daysAhead: 0 });
    return inTransaction(db, async (tx) => {
      const before = await findVisible(tx, actor, id);
      if (before.version !== patch.version) throw versionConflict(before.version);
      const changes = vehicleChanges(before, patch);
      if (Object.keys(changes).length === 0) return presentVehicle(before, contactViewOf(actor));
      await assertPeopleVisible(tx, actor, [changes.owner_id, changes.user_id]);
      await assertModel(tx, actor, changes.model_id);
      await assertIdentityFree(tx, actor, changes.vin, changes.plate_key, id);
      // A change of use keeps the warranty period of the use at sale.
      const atSale = changes.use_type && before.use_type_at_sale === null ? { use_type_at_sale: before.use_type } : {};
      const updated = await createVehiclesRepository(tx).update(id, patch.version, { ...changes, ...atSale, updated_at: now });
      if (!updated) throw versionConflict(before.version + 1);
      const people = [before.owner_id, before.user_id, changes.owner_id, changes.user_id];
      await createTimelineRepository(tx).record(
        eventsForPeople(
          actor,
          people,
          id,
          changes.owner_id ? 'vehicle.owner_changed' : 'vehicle.updated',
          { fields: Object.keys(changes) },
          now,
        ),
      );
      const after = await findVisible(tx, actor, id);
      await recordAudit(
        tx,
        actor,
        {
          action: 'vehicle.updated',
          entityType: 'vehicle',
          entityId: id,
          before: presentVehicle(before, 'full'),
          after: presentVehicle(after, 'full'),
        },
        now,
      );
      return presentVehicle(after, contactViewOf(actor));
    });
  }

  /**
   * The car is at this dealer's door: an exact VIN or plate finds it anywhere in the network and the
   * dealer gets a relationship with the vehicle and its owner and user.
   */
  async function lookup(actor: Actor, identity: { vin?: string; plate?: string }) {
    authorize(actor, 'vehicle.read');
    const vin = identity.vin ? normalizeVin(identity.vin) : undefined;
    const key = identity.plate ? plateKey(identity.plate) : undefined;
    const now = clock.now();
    return inTransaction(db, async (tx) => {
      const repo = createVehiclesRepository(tx);
      const row = await repo.findByIdentity(actor.networkId, { vin, plateKey: key });
      if (!row) throw notFound('vehicle');
      if (actor.dealerId && (await repo.linkDealer(actor.dealerId, row.id, 'lookup', clock.now()))) {
        const customers = createCustomersRepository(tx);
        for (const personId of [row.owner_id, row.user_id])
          if (personId) await customers.linkDealer(actor.dealerId, personId, 'vehicle_lookup', clock.now());
        await createTimelineRepository(tx).record(
          eventsForPeople(actor, [row.owner_id, row.user_id], row.id, 'vehicle.linked', { by: vin ? 'vin' : 'plate' }, now),
        );
        await recordAudit(
          tx,
          actor,
          {
            action: 'vehicle.linked',
            entityType: 'vehicle',
            entityId: row.id,
            after: { dealerId: actor.dealerId, by: vin ? 'vin' : 'plate' },
          },
          now,
        );
      }
      return presentVehicle(row, contactViewOf(actor));
    });
  }

  async function listMileage(actor: Actor, vehicleId: string) {
    authorize(actor, 'vehicle.read');
    await findVisible(db, actor, vehicleId);
    const rows = await createVehiclesRepository(db).listMileage(vehicleId);
    return rows.map((r) => presentMileage(r, actor.dealerId));
  }

  /** A reading; `conn` is the caller's transaction when another use-case records one as part of its own. */
  async function addMileage(actor: Actor, vehicleId: string, input: MileageCreate, conn: Database = db) {
    authorize(actor, 'vehicle.write');
    const now = clock.now();
    return inTransaction(conn, async (tx) => {
      const repo = createVehiclesRepository(tx);
      const vehicle = await findVisible(tx, actor, vehicleId);
      await repo.lockVehicle(vehicleId);
      const history = (await repo.listMileage(vehicleId)).map((r) => ({
        readOn: r.read_on,
        km: r.km,
        odometerReplaced: r.odometer_replaced,
      }));
      const problem = mileageProblem(history, input, localDate(now, actor.timeZone));
      if (problem?.code === 'in_future')
        throw AppError.field('validation_failed', 'readOn', 'in_future', 'the reading date is in the future');
      if (problem?.code === 'lower_than_earlier') {
        // The form shows the last reading and its date, and offers "odometer replaced" there.
        throw mileageRefused(
          'km',
          'lower_than_earlier',
          `lower than ${problem.earlierKm} km read on ${problem.earlierOn}; flag an odometer replacement if the odometer was changed`,
          { km: problem.earlierKm, readOn: problem.earlierOn },
        );
      }
      if (problem?.code === 'higher_than_later') {
        throw mileageRefused('km', 'higher_than_later', `higher than ${problem.laterKm} km read later, on ${problem.laterOn}`, {
          km: problem.laterKm,
          readOn: problem.laterOn,
        });
      }
      const id = newId();
      await repo.insertMileage({
        id,
        vehicle_id: vehicleId,
        read_on: input.readOn,
        km: input.km,
        created_at: clock.now(),
        source: input.source,
        odometer_replaced: input.odometerReplaced,
        dealer_id: actor.dealerId,
        recorded_by: actor.userId,
      });
      await createTimelineRepository(tx).record(
        eventsForPeople(
          actor,
          [vehicle.owner_id],
          vehicleId,
          'mileage.recorded',
          { km: input.km, readOn: input.readOn, odometerReplaced: input.odometerReplaced },
          now,
        ),
      );
      await recordAudit(tx, actor, { action: 'mileage.recorded', entityType: 'vehicle', entityId: vehicleId, after: input }, now);
      const rows = await repo.listMileage(vehicleId);
      return presentMileage(rows.find((r) => r.id === id)!, actor.dealerId);
    });
  }

  /**
   * The visit's reading corrected: the SA fixes the walk-around's misread on the repair order before
   * it is signed. This dealer's visit reading of `previous.km` read on or after `previous.since` is
   * replaced by `input` (on that reading's day), checked against the others like a new reading; without
   * such a reading `input` is simply added. A refusal leaves the old reading in place.
   */
  async function correctVisitMileage(
    actor: Actor,
    vehicleId: string,
    previous: { km: number; since: string },
    input: Omit<MileageCreate, 'readOn'> & { readOn: string },
    conn: Database = db,
  ) {
    authorize(actor, 'vehicle.write');
    const now = clock.now();
    return inTransaction(conn, async (tx) => {
      const repo = createVehiclesRepository(tx);
      await findVisible(tx, actor, vehicleId);
      await repo.lockVehicle(vehicleId);
      const old = (await repo.listMileage(vehicleId)).find(
        (r) => r.km === previous.km && r.read_on >= previous.since && r.source === 'service_visit' && r.dealer_id === actor.dealerId,
      );
      if (old) {
        await repo.deleteMileage(vehicleId, old.id);
        await recordAudit(
          tx,
          actor,
          {
            action: 'mileage.corrected',
            entityType: 'vehicle',
            entityId: vehicleId,
            before: { readOn: old.read_on, km: old.km },
            after: { km: input.km, odometerReplaced: input.odometerReplaced },
          },
          now,
        );
      }
      return addMileage(actor, vehicleId, old ? { ...input, readOn: old.read_on } : input, tx);
    });
  }

  async function listModels(actor: Actor) {
    authorize(actor, 'vehicle.read');
    const rows = await createVehiclesRepository(db).listModels(actor.networkId);
    return rows.map((m) => ({
      id: m.id,
      code: m.code,
      name: m.name,
      fuelType: m.fuel_type as 'petrol',
      serviceIntervalKm: m.service_interval_km,
      serviceIntervalMonths: m.service_interval_months,
    }));
  }

  return { get, listForCustomer, create, update, lookup, listMileage, addMileage, correctVisitMileage, listModels };
}

/** A refused reading names the field and carries the reading it conflicts with (`lastReading`: km and date). */
function mileageRefused(
  field: string,
  code: 'lower_than_earlier' | 'higher_than_later',
  message: string,
  reading: { km: number; readOn: string },
) {
  return new AppError('mileage_decreasing', { detail: message, errors: [{ field, code, message }], extra: { lastReading: reading } });
}

/** A refused reading re-named to the caller's field (a repair order's odometerKm, a call's reportedKm), its last reading kept. */

export type VehiclesService = ReturnType<typeof createVehiclesService>;

function eventsForPeople(
  actor: Actor,
  people: (string | null | undefined)[],
  vehicleId: string,
  kind: TimelineEventInput['kind'],
  data: Record<string, unknown>,
  now: Date,
): TimelineEventInput[] {
  const unique = [...new Set(people.filter((p): p is string => !!p))];
  return unique.map((customerId) => ({
    networkId: actor.networkId,
    customerId,
    vehicleId,
    dealerId: actor.dealerId,
    kind,
    data,
    actorUserId: actor.userId,
    occurredAt: now,
  }));
}

const PATCH_COLUMNS: Record<string, keyof VehicleRow> = {
  vin: 'vin',
  plate: 'plate_key',
  modelId: 'model_id',
  modelYear: 'model_year',
  color: 'color',
  fuelType: 'fuel_type',
  useType: 'use_type',
  deliveredOn: 'delivered_on',
  ownerId: 'owner_id',
  userId: 'user_id',
  insuranceExpiresOn: 'insurance_expires_on',
  inspectionDueOn: 'inspection_due_on',
};

function vehicleChanges(before: VehicleRow, patch: VehiclePatch): Partial<VehicleRow> {
  const changes: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(PATCH_COLUMNS)) {
    const value = (patch as Record<string, unknown>)[field];
    if (value !== undefined && (before[column] ?? null) !== (value ?? null)) changes[column] = value;
  }
  return changes as Partial<VehicleRow>;
}
