// Use-cases: import customers + vehicles from a file (one row per vehicle), export them to one.
//
// Import: the whole file is read once first (header, every row's validation, consistency between
// rows) without writing anything, then each row is written in its own transaction: a bad row leaves
// nothing behind and never stops the good ones. Customers are matched by mobile within the network,
// vehicles by VIN; only what differs is written, so importing the same file twice changes nothing
// the second time. Every write is audited and put on the customers' timelines, as the customers and
// vehicles services do.
import type { Selectable } from 'kysely';
import { type Actor, authorize } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import type { VehicleModelsTable } from '../../platform/db.schema.js';
import { localDate } from '../../platform/dealer-time.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { scopeOf } from '../../platform/scope.js';
import { presentCustomer } from '../customers/customers.presenter.js';
import { createCustomersRepository } from '../customers/customers.repository.js';
import { createTimelineRepository, type TimelineEventInput } from '../timeline/timeline.repository.js';
import { presentVehicle } from '../vehicles/vehicles.presenter.js';
import { createVehiclesRepository } from '../vehicles/vehicles.repository.js';
import { type MileageProblem, mileageProblem } from '../vehicles/vehicles.rules.js';
import { openRowSink, openRowSource, type RowSink, type RowSource } from './transfer.files.js';
import { createTransferRepository } from './transfer.repository.js';
import {
  COLUMNS,
  type CustomerFields,
  createConsistencyCheck,
  customerChanges,
  DEFAULT_CONSENT,
  EXPORT_HEADER,
  exportRow,
  type HeaderMap,
  isBlankRow,
  isRecorded,
  mapHeader,
  mergeConsent,
  type ParsedRow,
  parseRow,
  type RowError,
  type VehicleColumns,
  vehicleChanges,
} from './transfer.rules.js';

export type TransferOptions = {
  db: Database;
  clock: Clock;
  actor: Actor;
  /** Where an export reads its rows (a caught-up replica); `db` by default. The audit row is written on `db`. */
  readDb?: Database;
};

export type Tally = { created: number; updated: number; unchanged: number; failed: number };
export type RowFailure = RowError & { row: number };

export type ImportReport = {
  /** Data rows read (blank rows are skipped). */
  rows: number;
  importedRows: number;
  failedRows: number;
  /** Distinct customers (by mobile) and vehicles (by VIN); "failed" ones were not imported by any row. */
  customers: Tally;
  vehicles: Tally;
  /** Records that existed already and now also have a relationship with the acting user's dealer (new ones always get one). */
  linked: { customers: number; vehicles: number };
  mileageAdded: number;
  /** Header cells that are not a known column; their values are not read. */
  ignoredColumns: string[];
  /** Sorted by row; nothing of these rows was written. */
  errors: RowFailure[];
};

export type ExportReport = { rows: number; customers: number; vehicles: number };

const SOURCE = 'import';

// ---------------------------------------------------------------------------------------------
// Import

export async function importFile(options: ImportOptions & { file: string }): Promise<ImportReport> {
  authorize(options.actor, 'data.import');
  return importRows({ ...options, rows: openRowSource(options.file) });
}

const HEADER_SEARCH_ROWS = 5;
const PROGRESS_EVERY = 500;

export type ImportOptions = TransferOptions & {
  /** Called every few hundred rows with the number of rows done, for a progress display. */
  onProgress?: (rows: number) => void;
};

export async function importRows(options: ImportOptions & { rows: RowSource }): Promise<ImportReport> {
  const { actor, rows } = options;
  authorize(actor, 'data.import');

  // Pass 1: nothing is written until the header is found and every row has been checked against the others.
  let header: HeaderMap | null = null;
  let headerRow = 0;
  let firstRefusal: { rowNumber: number; errors: RowError[] } | null = null;
  let rowsBeforeHeader = 0;
  const consistency = createConsistencyCheck();
  const conflicts = new Map<number, RowError[]>();
  for await (const { rowNumber, cells } of rows()) {
    if (isBlankRow(cells)) continue;
    if (!header) {
      // The header is the first row with the needed columns; a title or a note may stand above it.
      const mapped = mapHeader(cells);
      if (mapped.ok) {
        header = mapped.header;
        headerRow = rowNumber;
        continue;
      }
      firstRefusal ??= { rowNumber, errors: mapped.errors };
      if (++rowsBeforeHeader < HEADER_SEARCH_ROWS) continue;
      break;
    }
    const parsed = parseRow(header, cells, rowNumber);
    if (parsed.ok) {
      const errors = consistency.check(parsed.row);
      if (errors.length) conflicts.set(rowNumber, errors);
    }
  }
  if (!header && firstRefusal) {
    throw new AppError('validation_failed', {
      detail: `no header row found; row ${firstRefusal.rowNumber}: ${firstRefusal.errors.map((e) => e.message).join('; ')}`,
      errors: firstRefusal.errors,
    });
  }
  if (!header) throw AppError.field('validation_failed', 'file', 'empty', 'the file is empty: it needs a header row and data rows');

  // Pass 2: each row in its own transaction.
  const report: ImportReport = {
    rows: 0,
    importedRows: 0,
    failedRows: 0,
    customers: zeroTally(),
    vehicles: zeroTally(),
    linked: { customers: 0, vehicles: 0 },
    mileageAdded: 0,
    ignoredColumns: header.ignored,
    errors: [],
  };
  const customerOutcomes = createOutcomes();
  const vehicleOutcomes = createOutcomes();
  const fail = (rowNumber: number, errors: RowError[], keys: { mobile: string | null; vin: string | null; hasVehicle: boolean }) => {
    report.failedRows++;
    report.errors.push(...errors.map((e) => ({ row: rowNumber, ...e })));
    customerOutcomes.note(keys.mobile ?? `row ${rowNumber}`, 'failed');
    if (keys.hasVehicle) vehicleOutcomes.note(keys.vin ?? `row ${rowNumber}`, 'failed');
  };
  const writer = createRowWriter(options, consistency.customerOf);

  const write = async (row: ParsedRow) => {
    const result = await writer.write(row);
    const keys = { mobile: row.customer.mobile, vin: row.vehicle?.vin ?? null, hasVehicle: row.vehicle !== null };
    if (result.kind === 'failed') return fail(row.rowNumber, result.errors, keys);
    report.importedRows++;
    customerOutcomes.note(row.customer.mobile, result.customer);
    if (result.createdUser) customerOutcomes.note(result.createdUser, 'created');
    if (row.vehicle && result.vehicle) vehicleOutcomes.note(row.vehicle.vin, result.vehicle);
    report.linked.customers += result.linkedCustomers;
    report.linked.vehicles += result.linkedVehicles;
    if (result.mileageAdded) report.mileageAdded++;
  };

  for await (const { rowNumber, cells } of rows()) {
    if (rowNumber <= headerRow || isBlankRow(cells)) continue;
    report.rows++;
    if (report.rows % PROGRESS_EVERY === 0) options.onProgress?.(report.rows);
    const parsed = parseRow(header, cells, rowNumber);
    if (!parsed.ok) {
      fail(rowNumber, parsed.errors, parsed);
      continue;
    }
    const conflict = conflicts.get(rowNumber);
    if (conflict) {
      fail(rowNumber, conflict, {
        mobile: parsed.row.customer.mobile,
        vin: parsed.row.vehicle?.vin ?? null,
        hasVehicle: parsed.row.vehicle !== null,
      });
      continue;
    }
    await write(parsed.row);
  }

  report.customers = customerOutcomes.tally();
  report.vehicles = vehicleOutcomes.tally();
  report.errors.sort((a, b) => a.row - b.row);
  return report;
}

type Outcome = 'created' | 'updated' | 'unchanged';
const zeroTally = (): Tally => ({ created: 0, updated: 0, unchanged: 0, failed: 0 });

/** One outcome per customer or vehicle, the strongest of its rows: created > updated > unchanged > failed. */
function createOutcomes() {
  const rank = { failed: 0, unchanged: 1, updated: 2, created: 3 } as const;
  const names = ['failed', 'unchanged', 'updated', 'created'] as const;
  const best = new Map<string, number>();
  return {
    note(key: string, outcome: Outcome | 'failed') {
      if ((best.get(key) ?? -1) < rank[outcome]) best.set(key, rank[outcome]);
    },
    tally(): Tally {
      const tally = zeroTally();
      for (const r of best.values()) tally[names[r]!]++;
      return tally;
    },
  };
}

/** Thrown inside a row's transaction to roll it back and report the row. */
class RowRejected extends Error {
  constructor(readonly errors: RowError[]) {
    super('row rejected');
  }
}

type RowResult =
  | {
      kind: 'done';
      customer: Outcome;
      vehicle: Outcome | null;
      /** The mobile of the vehicle's user when this row created them (from a later row of the file). */
      createdUser: string | null;
      linkedCustomers: number;
      linkedVehicles: number;
      mileageAdded: boolean;
    }
  | { kind: 'failed'; errors: RowError[] };

type VehicleModel = Selectable<VehicleModelsTable>;

/**
 * Writes one row per transaction. `fileCustomer` gives what the file says about a mobile: a vehicle's
 * user (使用人) who is not in the network yet but has a row further down is created from it, in the
 * transaction of the row that needs them (their own row then finds them unchanged).
 */
function createRowWriter({ db, clock, actor }: TransferOptions, fileCustomer: (mobile: string) => CustomerFields | undefined) {
  let models: Map<string, VehicleModel> | null = null;
  /** Vehicle models by code, read once per import (inside the first row's transaction that needs one). */
  const modelByCode = async (tx: Database, code: string) => {
    models ??= new Map((await createVehiclesRepository(tx).listModels(actor.networkId)).map((m) => [m.code.toUpperCase(), m]));
    return models.get(code.toUpperCase());
  };

  async function write(row: ParsedRow): Promise<RowResult> {
    try {
      return await db.transaction().execute((tx) => writeInTransaction(tx, row));
    } catch (error) {
      if (error instanceof RowRejected) return { kind: 'failed', errors: error.errors };
      const taken = uniqueViolation(error);
      if (taken) return { kind: 'failed', errors: [taken] };
      throw error;
    }
  }

  async function writeInTransaction(tx: Database, row: ParsedRow): Promise<RowResult> {
    const now = clock.now();
    const customers = createCustomersRepository(tx);
    const vehicles = createVehiclesRepository(tx);
    // Timeline events are collected and written in one statement when the row is done.
    const events: TimelineEventInput[] = [];
    const timeline = { record: async (list: TimelineEventInput[]) => void events.push(...list) };
    const done = async (result: Omit<Extract<RowResult, { kind: 'done' }>, 'kind'>): Promise<RowResult> => {
      await createTimelineRepository(tx).record(events);
      return { kind: 'done', ...result };
    };
    const audit = (entry: Parameters<typeof recordAudit>[2]) => recordAudit(tx, actor, entry, now);
    const event = (
      customerId: string,
      kind: TimelineEventInput['kind'],
      data: Record<string, unknown>,
      vehicleId: string | null = null,
    ): TimelineEventInput => ({
      networkId: actor.networkId,
      customerId,
      vehicleId,
      dealerId: actor.dealerId,
      kind,
      data,
      actorUserId: actor.userId,
      occurredAt: now,
    });
    const c = row.customer;
    const v = row.vehicle;

    // 1. Look up and check everything the row refers to, before writing anything.
    const errors: RowError[] = [];
    const storedCustomer = await customers.findByMobile(actor.networkId, c.mobile);
    let storedVehicle: Awaited<ReturnType<typeof vehicles.findByIdentity>>;
    let model: VehicleModel | undefined;
    let userId: string | undefined;
    let newUser: CustomerFields | undefined;
    let addMileage = false;
    if (v) {
      if (v.userMobile && v.userMobile !== c.mobile) {
        const user = await customers.findByMobile(actor.networkId, v.userMobile);
        if (user) userId = user.id;
        else newUser = fileCustomer(v.userMobile);
        if (!user && !newUser)
          errors.push({
            field: 'user_mobile',
            code: 'unknown_customer',
            message: 'no customer with this mobile in the file or the network',
          });
      }
      if (v.modelCode) {
        model = await modelByCode(tx, v.modelCode);
        if (!model) errors.push({ field: 'model_code', code: 'unknown_model', message: `no vehicle model with code ${v.modelCode}` });
      }
      storedVehicle = await vehicles.findByIdentity(actor.networkId, { vin: v.vin });
      if (!storedVehicle && !v.plate) errors.push({ field: 'plate', code: 'required', message: 'a new vehicle needs its plate' });
      if (v.plate && v.plate !== storedVehicle?.plate_key) {
        const taken = await vehicles.findConflicts(actor.networkId, undefined, v.plate, storedVehicle?.id ?? null);
        if (taken.some((t) => t.plate_key === v.plate))
          errors.push({ field: 'plate', code: 'taken', message: 'another vehicle (another VIN) carries this plate' });
      }
      if (v.mileage) {
        const history = storedVehicle ? await readings(tx, storedVehicle.id, false) : [];
        if (!isRecorded(history, v.mileage)) {
          const current = storedVehicle ? await readings(tx, storedVehicle.id, true) : [];
          const problem = mileageProblem(current, { ...v.mileage, odometerReplaced: false }, localDate(now, actor.timeZone));
          if (problem) errors.push(mileageError(problem));
          else addMileage = !isRecorded(current, v.mileage);
        }
      }
    }
    if (errors.length) throw new RowRejected(errors);

    // 2. The customer.
    let linkedCustomers = 0;
    const linkCustomer = async (customerId: string) => {
      if (!actor.dealerId || !(await customers.linkDealer(actor.dealerId, customerId, SOURCE, clock.now()))) return;
      linkedCustomers++;
      await timeline.record([event(customerId, 'customer.linked', { source: SOURCE })]);
      await audit({
        action: 'customer.linked',
        entityType: 'customer',
        entityId: customerId,
        after: { dealerId: actor.dealerId, source: SOURCE },
      });
    };
    const createCustomer = async (fields: CustomerFields) => {
      const created = await customers.insert({
        id: newId(),
        network_id: actor.networkId,
        name: fields.name,
        mobile: fields.mobile,
        kind: fields.kind ?? 'individual',
        gender: fields.gender ?? 'unknown',
        birthday: fields.birthday ?? null,
        email: fields.email ?? null,
        city: fields.city ?? null,
        address: fields.address ?? null,
        notes: null,
        consent: mergeConsent(DEFAULT_CONSENT, fields.consent),
        consent_updated_at: now,
        created_at: now,
        updated_at: now,
      });
      if (actor.dealerId) await customers.linkDealer(actor.dealerId, created.id, SOURCE, clock.now());
      await timeline.record([event(created.id, 'customer.created', { source: SOURCE })]);
      await audit({ action: 'customer.created', entityType: 'customer', entityId: created.id, after: presentCustomer(created, 'full') });
      return created.id;
    };
    let customerId: string;
    let customerOutcome: Outcome;
    if (!storedCustomer) {
      customerId = await createCustomer(c);
      customerOutcome = 'created';
    } else {
      customerId = storedCustomer.id;
      const changes = customerChanges(storedCustomer, c);
      const fields = Object.keys(changes);
      if (fields.length === 0) {
        customerOutcome = 'unchanged';
      } else {
        const consentChanged = changes.consent !== undefined;
        const updated = await customers.update(customerId, storedCustomer.version, {
          ...changes,
          updated_at: now,
          ...(consentChanged ? { consent_updated_at: now } : {}),
        });
        if (!updated)
          throw new RowRejected([
            { field: 'mobile', code: 'version_conflict', message: 'the customer was changed while importing; import the file again' },
          ]);
        customerOutcome = 'updated';
        await timeline.record([
          event(customerId, consentChanged ? 'customer.consent_changed' : 'customer.updated', {
            fields,
            source: SOURCE,
            ...(consentChanged ? { consent: changes.consent } : {}),
          }),
        ]);
        await audit({
          action: 'customer.updated',
          entityType: 'customer',
          entityId: customerId,
          before: presentCustomer(storedCustomer, 'full'),
          after: presentCustomer(updated, 'full'),
        });
      }
      await linkCustomer(customerId);
    }
    if (!v)
      return done({ customer: customerOutcome, vehicle: null, createdUser: null, linkedCustomers, linkedVehicles: 0, mileageAdded: false });

    // 3. The vehicle, and its user when not the owner.
    if (newUser) userId = await createCustomer(newUser);
    else if (userId) await linkCustomer(userId);
    const ownerUser = v.userMobile === undefined ? undefined : v.userMobile === c.mobile ? customerId : userId;
    const people = (...ids: (string | null | undefined)[]) => [...new Set(ids.filter((id): id is string => !!id))];
    const findVisible = async (id: string) => presentVehicle((await vehicles.findById(scopeOf(actor), id))!, 'full');
    let vehicleId: string;
    let vehicleOutcome: Outcome;
    let linkedVehicles = 0;
    if (!storedVehicle) {
      vehicleId = newId();
      await vehicles.insert({
        id: vehicleId,
        network_id: actor.networkId,
        vin: v.vin,
        plate_key: v.plate!,
        model_id: model?.id ?? null,
        model_year: v.modelYear ?? null,
        color: v.color ?? null,
        fuel_type: v.fuelType ?? model?.fuel_type ?? 'petrol',
        use_type: 'private',
        delivered_on: v.deliveredOn ?? null,
        owner_id: customerId,
        user_id: ownerUser ?? null,
        insurance_expires_on: v.insuranceExpiresOn ?? null,
        inspection_due_on: v.inspectionDueOn ?? null,
        created_at: now,
        updated_at: now,
      });
      vehicleOutcome = 'created';
      if (actor.dealerId) await vehicles.linkDealer(actor.dealerId, vehicleId, SOURCE, clock.now());
      await timeline.record(
        people(customerId, ownerUser).map((p) => event(p, 'vehicle.created', { vin: v.vin, plate: v.plate, source: SOURCE }, vehicleId)),
      );
      await audit({ action: 'vehicle.created', entityType: 'vehicle', entityId: vehicleId, after: await findVisible(vehicleId) });
    } else {
      vehicleId = storedVehicle.id;
      const wanted: Partial<VehicleColumns> = {
        plate_key: v.plate,
        model_id: model?.id,
        model_year: v.modelYear,
        color: v.color,
        fuel_type: v.fuelType,
        delivered_on: v.deliveredOn,
        insurance_expires_on: v.insuranceExpiresOn,
        inspection_due_on: v.inspectionDueOn,
        owner_id: customerId,
        user_id: ownerUser,
      };
      const changes = vehicleChanges(storedVehicle, wanted);
      const fields = Object.keys(changes);
      if (fields.length === 0) {
        vehicleOutcome = 'unchanged';
      } else {
        const updated = await vehicles.update(vehicleId, storedVehicle.version, { ...changes, updated_at: now });
        if (!updated)
          throw new RowRejected([
            { field: 'vin', code: 'version_conflict', message: 'the vehicle was changed while importing; import the file again' },
          ]);
        vehicleOutcome = 'updated';
        await timeline.record(
          people(storedVehicle.owner_id, storedVehicle.user_id, changes.owner_id, changes.user_id).map((p) =>
            event(p, changes.owner_id ? 'vehicle.owner_changed' : 'vehicle.updated', { fields, source: SOURCE }, vehicleId),
          ),
        );
        await audit({
          action: 'vehicle.updated',
          entityType: 'vehicle',
          entityId: vehicleId,
          before: presentVehicle(storedVehicle, 'full'),
          after: await findVisible(vehicleId),
        });
      }
      if (actor.dealerId && (await vehicles.linkDealer(actor.dealerId, vehicleId, SOURCE, clock.now()))) {
        linkedVehicles++;
        await timeline.record(
          people(customerId, ownerUser ?? storedVehicle.user_id).map((p) => event(p, 'vehicle.linked', { by: SOURCE }, vehicleId)),
        );
        await audit({
          action: 'vehicle.linked',
          entityType: 'vehicle',
          entityId: vehicleId,
          after: { dealerId: actor.dealerId, by: SOURCE },
        });
      }
    }

    // 4. The mileage reading, unless it is already on record.
    if (addMileage && v.mileage) {
      await vehicles.insertMileage({
        id: newId(),
        vehicle_id: vehicleId,
        read_on: v.mileage.readOn,
        km: v.mileage.km,
        created_at: now,
        source: SOURCE,
        odometer_replaced: false,
        dealer_id: actor.dealerId,
        recorded_by: actor.userId,
      });
      const reading = { readOn: v.mileage.readOn, km: v.mileage.km, odometerReplaced: false, source: SOURCE };
      await timeline.record([event(customerId, 'mileage.recorded', reading, vehicleId)]);
      await audit({ action: 'mileage.recorded', entityType: 'vehicle', entityId: vehicleId, after: reading });
    }
    return done({
      customer: customerOutcome,
      vehicle: vehicleOutcome,
      createdUser: newUser?.mobile ?? null,
      linkedCustomers,
      linkedVehicles,
      mileageAdded: addMileage,
    });
  }

  return { write };
}

/** A vehicle's readings; with `lock`, after locking the vehicle so concurrent readings are seen. */
async function readings(tx: Database, vehicleId: string, lock: boolean) {
  const repo = createVehiclesRepository(tx);
  if (lock) await repo.lockVehicle(vehicleId);
  return (await repo.listMileage(vehicleId)).map((r) => ({ readOn: r.read_on, km: r.km, odometerReplaced: r.odometer_replaced }));
}

function mileageError(problem: MileageProblem): RowError {
  switch (problem.code) {
    case 'in_future':
      return { field: 'last_km_on', code: 'in_future', message: 'the reading date is in the future' };
    case 'lower_than_earlier':
      return { field: 'last_km', code: 'lower_than_earlier', message: `lower than ${problem.earlierKm} km read on ${problem.earlierOn}` };
    case 'higher_than_later':
      return {
        field: 'last_km',
        code: 'higher_than_later',
        message: `higher than ${problem.laterKm} km read later, on ${problem.laterOn}`,
      };
  }
}

/** A unique index refused a write: someone else wrote the same mobile, VIN or plate meanwhile. */
function uniqueViolation(error: unknown): RowError | null {
  const e = error as { code?: unknown; constraint?: unknown; message?: unknown } | null;
  if (!e || e.code !== '23505') return null;
  const text = `${String(e.constraint ?? '')} ${String(e.message ?? '')}`;
  const field = /plate/.test(text) ? 'plate' : /vin/.test(text) ? 'vin' : /mobile/.test(text) ? 'mobile' : 'row';
  return { field, code: 'taken', message: 'written by someone else during the import; import the file again' };
}

// ---------------------------------------------------------------------------------------------
// Export

const EXPORT_PAGE = 500;

export async function exportFile(options: TransferOptions & { file: string }): Promise<ExportReport> {
  authorize(options.actor, 'data.export');
  const sink = await openRowSink(
    options.file,
    COLUMNS.map((c) => c.width),
  );
  try {
    const report = await exportRows({ ...options, sink });
    await sink.commit();
    return report;
  } catch (error) {
    await sink.abort();
    throw error;
  }
}

/**
 * Writes the header and one row per vehicle (a customer without vehicles: one row with the vehicle
 * columns empty), for every customer the actor sees, a page of customers at a time. The export is
 * audited: it hands personal data out of the system.
 */
export async function exportRows(options: TransferOptions & { sink: Pick<RowSink, 'write'>; pageSize?: number }): Promise<ExportReport> {
  const { db, clock, actor, sink } = options;
  authorize(actor, 'data.export');
  const pageSize = options.pageSize ?? EXPORT_PAGE;
  const repo = createTransferRepository(options.readDb ?? db);
  const scope = scopeOf(actor);
  const report: ExportReport = { rows: 0, customers: 0, vehicles: 0 };
  await sink.write(EXPORT_HEADER);
  let after: string | null = null;
  for (;;) {
    const customers = await repo.customersPage(scope, after, pageSize);
    if (customers.length === 0) break;
    const vehicles = await repo.vehiclesOwnedBy(
      scope,
      customers.map((c) => c.id),
    );
    const byOwner = new Map<string, typeof vehicles>();
    for (const vehicle of vehicles) byOwner.set(vehicle.owner_id, [...(byOwner.get(vehicle.owner_id) ?? []), vehicle]);
    for (const customer of customers) {
      const owned = byOwner.get(customer.id) ?? [];
      for (const vehicle of owned.length ? owned : [null]) {
        await sink.write(exportRow(customer, vehicle));
        report.rows++;
      }
      report.customers++;
      report.vehicles += owned.length;
    }
    if (customers.length < pageSize) break;
    after = customers[customers.length - 1]!.id;
  }
  await recordAudit(db, actor, { action: 'data.exported', entityType: 'export', entityId: newId(), after: report }, clock.now());
  return report;
}
