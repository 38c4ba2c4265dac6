import type {
  Loaner,
  LoanerHandoverInput,
  LoanerInput,
  LoanerList,
  LoanerReservation,
  LoanerReservationInput,
  LoanerReservationList,
  LoanerReservationQuery,
  LoanerSettings,
  LoanerSettingsInput,
  LoanerUpdate,
  LoanerUtilisation,
  LoanerUtilisationQuery,
} from '@servicebay/contracts';
import { type Actor, authorize } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import { AppError, notFound, versionConflict } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { reportPeriod } from '../../platform/period.js';
import { rolesGrant } from '../../platform/rbac.js';
import type { ReadRouter } from '../../platform/read-routing.js';
import { dealerScopeOf, requireDealer, scopeOf } from '../../platform/scope.js';
import { inTransaction } from '../../platform/transaction.js';
import { presentLoaner, presentReservation } from './loaners.presenter.js';
import { createLoanersRepository, type LoanersRepository } from './loaners.repository.js';
import {
  DEFAULT_WARRANTY_REPAIR_MIN_DAYS,
  daysCharged,
  loanerCostFen,
  loanerEligibility,
  loanerUtilisation,
  reservedUntilOnReturn,
} from './loaners.rules.js';

type Deps = { db: Database; reads: ReadRouter; clock: Clock };

/** The exclusion constraint of loaner_reservations refused an overlapping reservation (a concurrent one won). */
const isExclusionViolation = (error: unknown) => (error as { code?: unknown } | null)?.code === '23P01';

const unavailable = (conflictingReservationId: string | null) =>
  new AppError('loaner_unavailable', {
    detail: 'the loaner is reserved for part of that time',
    errors: [{ field: 'from', code: 'loaner_unavailable', message: 'the loaner is reserved for part of that time' }],
    extra: { conflictingReservationId },
  });

const invalidTransition = (status: string, detail: string) => new AppError('invalid_transition', { detail, extra: { status } });

/** Loaner cars (代步车, issue 17): the fleet, reservations, hand-over and return, overdue chasing, utilisation. */
export function createLoanersService({ db, reads, clock }: Deps) {
  async function loaners(actor: Actor, query: { dealerId?: string | undefined }): Promise<LoanerList> {
    authorize(actor, 'loaner.read');
    const scope = scopeOf(actor, query.dealerId ? { dealerIds: [query.dealerId] } : {});
    const now = clock.now();
    return { items: (await createLoanersRepository(db).loaners(scope)).map((row) => presentLoaner(row, now)) };
  }

  async function loanerOf(actor: Actor, id: string): Promise<Loaner> {
    const [row] = await createLoanersRepository(db).loaners(dealerScopeOf(actor), id);
    if (!row) throw notFound('loaner');
    return presentLoaner(row, clock.now());
  }

  async function addLoaner(actor: Actor, input: LoanerInput & { plate: string }): Promise<Loaner> {
    authorize(actor, 'loaner.manage');
    const dealerId = requireDealer(actor);
    const now = clock.now();
    const id = newId();
    await inTransaction(db, async (tx) => {
      const repo = createLoanersRepository(tx);
      if (await repo.plateTaken(dealerId, input.plate, null)) throw AppError.field('plate_taken', 'plate', 'taken', 'already in the fleet');
      const row = {
        dealer_id: dealerId,
        id,
        plate_key: input.plate,
        model: input.model,
        vin: input.vin ? input.vin.toUpperCase() : null,
        km: input.km,
        fuel_level: input.fuelLevel,
        insurance_expires_on: input.insuranceExpiresOn ?? null,
        cost_per_day_fen: input.costPerDayFen,
        created_at: now,
        updated_at: now,
      };
      await repo.insertLoaner(row);
      await recordAudit(tx, actor, { action: 'loaner.added', entityType: 'loaner', entityId: id, after: input }, now);
    });
    return loanerOf(actor, id);
  }

  async function updateLoaner(actor: Actor, id: string, input: LoanerUpdate & { plate: string }): Promise<Loaner> {
    authorize(actor, 'loaner.manage');
    const dealerId = requireDealer(actor);
    const now = clock.now();
    await inTransaction(db, async (tx) => {
      const repo = createLoanersRepository(tx);
      const before = await repo.loaner(dealerId, id);
      if (!before) throw notFound('loaner');
      if (before.version !== input.version) throw versionConflict(before.version);
      if (await repo.plateTaken(dealerId, input.plate, id)) throw AppError.field('plate_taken', 'plate', 'taken', 'already in the fleet');
      if (input.state === 'retired' && before.state === 'active') {
        const [{ out_reservation_id: out } = { out_reservation_id: null }] = await repo.loaners(dealerScopeOf(actor), id);
        if (out) throw AppError.field('invalid_transition', 'state', 'loaner_out', 'the loaner is out with a customer');
      }
      await repo.updateLoaner(dealerId, id, {
        plate_key: input.plate,
        model: input.model,
        vin: input.vin ? input.vin.toUpperCase() : null,
        state: input.state,
        km: input.km,
        fuel_level: input.fuelLevel,
        insurance_expires_on: input.insuranceExpiresOn ?? null,
        cost_per_day_fen: input.costPerDayFen,
        retired_at: input.state === 'retired' ? (before.retired_at ?? now) : null,
        version: before.version + 1,
        updated_at: now,
      });
      await recordAudit(
        tx,
        actor,
        { action: 'loaner.updated', entityType: 'loaner', entityId: id, before: { ...before, created_at: undefined }, after: input },
        now,
      );
    });
    return loanerOf(actor, id);
  }

  async function settings(actor: Actor): Promise<LoanerSettings> {
    authorize(actor, 'loaner.read');
    const row = await createLoanersRepository(db).settings(requireDealer(actor));
    return { warrantyRepairMinDays: row?.warranty_repair_min_days ?? DEFAULT_WARRANTY_REPAIR_MIN_DAYS };
  }

  async function updateSettings(actor: Actor, input: LoanerSettingsInput): Promise<LoanerSettings> {
    authorize(actor, 'loaner.manage');
    const dealerId = requireDealer(actor);
    const now = clock.now();
    return inTransaction(db, async (tx) => {
      const repo = createLoanersRepository(tx);
      const before = await repo.settings(dealerId);
      await repo.saveSettings(dealerId, input.warrantyRepairMinDays, now);
      await recordAudit(
        tx,
        actor,
        {
          action: 'loaner.settings',
          entityType: 'dealer',
          entityId: dealerId,
          before: before ? { warrantyRepairMinDays: before.warranty_repair_min_days } : null,
          after: input,
        },
        now,
      );
      return { warrantyRepairMinDays: input.warrantyRepairMinDays };
    });
  }

  async function reservations(actor: Actor, query: LoanerReservationQuery): Promise<LoanerReservationList> {
    authorize(actor, 'loaner.read');
    const scope = scopeOf(actor, query.dealerId ? { dealerIds: [query.dealerId] } : {});
    const period = reportPeriod(query, actor.timeZone);
    const rows = await createLoanersRepository(db).reservations(
      scope,
      { from: period.from, until: period.to },
      {
        ...(query.loanerId ? { loanerId: query.loanerId } : {}),
        ...(query.status ? { status: query.status } : {}),
      },
    );
    const now = clock.now();
    return { items: rows.map((row) => presentReservation(row, now)) };
  }

  async function reservation(actor: Actor, id: string, tx: Database = db): Promise<LoanerReservation> {
    authorize(actor, 'loaner.read');
    const row = await createLoanersRepository(tx).reservation(scopeOf(actor), id);
    if (!row) throw notFound('loaner reservation');
    return presentReservation(row, clock.now());
  }

  /** Reserve a loaner for a customer; the rules (or a manager's override) decide who may have one. */
  async function reserve(actor: Actor, input: LoanerReservationInput): Promise<LoanerReservation> {
    authorize(actor, 'loaner.reserve');
    const dealerId = requireDealer(actor);
    const now = clock.now();
    const from = new Date(input.from);
    const until = new Date(input.until);
    try {
      return await inTransaction(db, async (tx) => {
        const repo = createLoanersRepository(tx);
        const loaner = await repo.loaner(dealerId, input.loanerId);
        if (!loaner) throw AppError.field('validation_failed', 'loanerId', 'unknown', 'no such loaner at this dealer');
        if (loaner.state !== 'active') throw AppError.field('validation_failed', 'loanerId', 'retired', 'the loaner is retired');
        if (!(await repo.customerAt(dealerId, input.customerId)))
          throw AppError.field('validation_failed', 'customerId', 'unknown', 'no such customer at this dealer');
        if (input.vehicleId && !(await repo.vehicleAt(dealerId, input.vehicleId)))
          throw AppError.field('validation_failed', 'vehicleId', 'unknown', 'no such vehicle at this dealer');
        if (input.appointmentId && !(await repo.appointmentAt(dealerId, input.appointmentId)))
          throw AppError.field('validation_failed', 'appointmentId', 'unknown', 'no such appointment at this dealer');
        if (input.visitId && !(await repo.visitAt(dealerId, input.visitId)))
          throw AppError.field('validation_failed', 'visitId', 'unknown', 'no such visit at this dealer');
        if (input.complaintId && !(await repo.complaintAt(dealerId, input.complaintId)))
          throw AppError.field('validation_failed', 'complaintId', 'unknown', 'no such complaint at this dealer');
        const settings = await repo.settings(dealerId);
        const override = input.overrideReason
          ? { reason: input.overrideReason, mayOverride: rolesGrant(actor.roles, 'loaner.manage') }
          : null;
        const eligibility = loanerEligibility({
          reason: input.reason,
          expectedRepairDays: input.expectedRepairDays ?? null,
          warrantyRepairMinDays: settings?.warranty_repair_min_days ?? DEFAULT_WARRANTY_REPAIR_MIN_DAYS,
          sanbaoCaseOpen: input.vehicleId ? await repo.sanbaoCaseOpen(input.vehicleId) : false,
          isMember: input.isMember ?? false,
          complaintNamed: !!input.complaintId,
          override,
        });
        if (!eligibility.eligible) {
          if (eligibility.field === 'overrideReason')
            throw AppError.field('forbidden', 'overrideReason', eligibility.code, 'only a manager overrides the rules');
          throw AppError.field('loaner_not_eligible', eligibility.field, eligibility.code, 'the rules give this customer no loaner');
        }
        const clash = await repo.overlapping(dealerId, input.loanerId, from, until);
        if (clash) throw unavailable(clash.id);
        const id = newId();
        await repo.insertReservation({
          dealer_id: dealerId,
          id,
          loaner_id: input.loanerId,
          customer_id: input.customerId,
          vehicle_id: input.vehicleId ?? null,
          appointment_id: input.appointmentId ?? null,
          visit_id: input.visitId ?? null,
          complaint_id: input.complaintId ?? null,
          reason: input.reason,
          override_reason: eligibility.basis === 'override' ? (input.overrideReason ?? null) : null,
          starts_at: from,
          ends_at: until,
          reserved_by: actor.userId,
          created_at: now,
        });
        await recordAudit(
          tx,
          actor,
          { action: 'loaner.reserved', entityType: 'loaner_reservation', entityId: id, after: { ...input, basis: eligibility.basis } },
          now,
        );
        return reservation(actor, id, tx);
      });
    } catch (error) {
      // Two reservations raced past the check: the database let exactly one in.
      if (isExclusionViolation(error)) throw unavailable(null);
      throw error;
    }
  }

  function checkPhotos(dealerId: string, photos: readonly string[]) {
    if (photos.some((key) => !key.startsWith(`${dealerId}/`)))
      throw AppError.field('validation_failed', 'photos', 'unknown_file', 'upload the photo first');
  }

  /** The reservation locked for a step, which it must be in (`status`); 404 when the dealer has none such. */
  async function lockReservation(repo: LoanersRepository, dealerId: string, id: string, status: string, refusal: string) {
    const row = await repo.reservationForUpdate(dealerId, id);
    if (!row) throw notFound('loaner reservation');
    if (row.status !== status) throw invalidTransition(row.status, refusal);
    return row;
  }

  const stored = (actor: Actor, input: LoanerHandoverInput) => ({
    km: input.km,
    fuelLevel: input.fuelLevel,
    damage: input.damage ?? [],
    photos: input.photos ?? [],
    note: input.note ?? null,
    byName: actor.displayName ?? null,
  });

  /** The loaner leaves with the customer: km, fuel, damage marks and photos, signed on the tablet. */
  async function handOver(actor: Actor, id: string, input: LoanerHandoverInput): Promise<LoanerReservation> {
    authorize(actor, 'loaner.reserve');
    const dealerId = requireDealer(actor);
    checkPhotos(dealerId, input.photos ?? []);
    const now = clock.now();
    return inTransaction(db, async (tx) => {
      const repo = createLoanersRepository(tx);
      const row = await lockReservation(repo, dealerId, id, 'reserved', 'only a reserved loaner is handed over');
      const loaner = (await repo.loaner(dealerId, row.loaner_id))!;
      if (input.km < loaner.km) throw AppError.field('validation_failed', 'km', 'below_last', `the loaner read ${loaner.km} km last`);
      const [{ out_reservation_id: out } = { out_reservation_id: null }] = await repo.loaners(dealerScopeOf(actor), row.loaner_id);
      if (out) throw invalidTransition(row.status, 'the loaner is still out on another reservation');
      const record = stored(actor, input);
      await repo.handOver(dealerId, id, record, input.signaturePng, now);
      await repo.updateLoaner(dealerId, row.loaner_id, { km: input.km, fuel_level: input.fuelLevel, updated_at: now });
      await recordAudit(tx, actor, { action: 'loaner.handed_over', entityType: 'loaner_reservation', entityId: id, after: record }, now);
      return reservation(actor, id, tx);
    });
  }

  /** The loaner comes back: its km, fuel, damage and photos, signed; the days out give its cost. */
  async function takeBack(actor: Actor, id: string, input: LoanerHandoverInput): Promise<LoanerReservation> {
    authorize(actor, 'loaner.reserve');
    const dealerId = requireDealer(actor);
    checkPhotos(dealerId, input.photos ?? []);
    const now = clock.now();
    return inTransaction(db, async (tx) => {
      const repo = createLoanersRepository(tx);
      const row = await lockReservation(repo, dealerId, id, 'out', 'only a loaner that is out comes back');
      const handedOverKm = (row.handover as { km: number }).km;
      if (input.km < handedOverKm)
        throw AppError.field('validation_failed', 'km', 'below_handover', `the loaner left with ${handedOverKm} km`);
      const loaner = (await repo.loaner(dealerId, row.loaner_id))!;
      const days = daysCharged(row.handed_over_at!, now);
      const costFen = loanerCostFen(loaner.cost_per_day_fen, days);
      const record = stored(actor, input);
      const until = reservedUntilOnReturn({ from: row.starts_at, until: row.ends_at }, now);
      await repo.takeBack(dealerId, id, { record, signaturePng: input.signaturePng, daysOut: days, costFen, until }, now);
      await repo.updateLoaner(dealerId, row.loaner_id, { km: input.km, fuel_level: input.fuelLevel, updated_at: now });
      await recordAudit(
        tx,
        actor,
        { action: 'loaner.returned', entityType: 'loaner_reservation', entityId: id, after: { ...record, days, costFen } },
        now,
      );
      return reservation(actor, id, tx);
    });
  }

  async function cancel(actor: Actor, id: string, input: { reason: string }): Promise<LoanerReservation> {
    authorize(actor, 'loaner.reserve');
    const dealerId = requireDealer(actor);
    const now = clock.now();
    return inTransaction(db, async (tx) => {
      const repo = createLoanersRepository(tx);
      await lockReservation(repo, dealerId, id, 'reserved', 'only a reservation not yet handed over is cancelled');
      await repo.cancel(dealerId, id, input.reason, now);
      await recordAudit(tx, actor, { action: 'loaner.cancelled', entityType: 'loaner_reservation', entityId: id, after: input }, now);
      return reservation(actor, id, tx);
    });
  }

  /** Utilisation per dealer of the scope: days out ÷ fleet days in the period, returned reservations and their cost, overdue now. */
  async function utilisation(actor: Actor, query: LoanerUtilisationQuery): Promise<LoanerUtilisation> {
    authorize(actor, 'loaner.utilisation');
    const scope = scopeOf(actor, query.dealerId ? { dealerIds: [query.dealerId] } : {});
    const period = reportPeriod(query, actor.timeZone);
    const now = clock.now();
    const repo = createLoanersRepository(await reads.forReport(actor));
    const [dealers, fleet, out, counts] = await Promise.all([
      repo.dealers(scope),
      repo.fleet(scope),
      repo.outIntervals(scope, period.from, period.to),
      repo.returnedAndOverdue(scope, period.from, period.to, now),
    ]);
    return {
      from: query.from,
      to: query.to,
      items: dealers.map((dealer) => {
        const loanersOf = fleet.filter((l) => l.dealer_id === dealer.id);
        const figures = loanerUtilisation(
          loanersOf.map((l) => ({ inFleetFrom: l.created_at, retiredAt: l.retired_at })),
          out.filter((o) => o.dealer_id === dealer.id).map((o) => ({ outAt: o.handed_over_at!, backAt: o.returned_at })),
          { from: period.from, until: period.to },
          now,
        );
        const count = counts.find((c) => c.dealer_id === dealer.id);
        return {
          dealer,
          fleet: loanersOf.filter((l) => !l.retired_at || l.retired_at > period.to).length,
          ...figures,
          returned: Number(count?.returned ?? 0),
          costFen: Number(count?.cost_fen ?? 0),
          overdue: Number(count?.overdue ?? 0),
        };
      }),
    };
  }

  /** The overdue returns become a task for the advisor who reserved each (once per reservation); run with the nightly care run. */
  async function chaseOverdue(options: { dealerId?: string } = {}): Promise<number> {
    return inTransaction(db, (tx) => createLoanersRepository(tx).chaseOverdue(clock.now(), options.dealerId ?? null));
  }

  /** A supervisor chases the overdue returns now (the same idempotent step as the nightly run). */
  async function chaseOverdueNow(actor: Actor): Promise<{ created: number }> {
    authorize(actor, 'loaner.manage');
    const dealerId = requireDealer(actor);
    return { created: await chaseOverdue({ dealerId }) };
  }

  return {
    loaners,
    addLoaner,
    updateLoaner,
    settings,
    updateSettings,
    reservations,
    reservation,
    reserve,
    handOver,
    takeBack,
    cancel,
    utilisation,
    chaseOverdue,
    chaseOverdueNow,
  };
}

export type LoanersService = ReturnType<typeof createLoanersService>;
