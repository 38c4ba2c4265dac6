import {
  type DriverJob,
  type DriverStep,
  formatPlate,
  maskMobile,
  type PickupAssignInput,
  type PickupCancelInput,
  type PickupDay,
  type PickupDriverLink,
  type PickupJob,
  type PickupJobInput,
  type PickupSettings,
  type PickupSettingsInput,
  type PickupStatus,
  type PickupTakeInput,
} from '@servicebay/contracts';
import type { Selectable } from 'kysely';
import { type Actor, authorize } from '../../platform/actor.js';
import { type AuditActor, recordAudit } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import type { PickupJobsTable } from '../../platform/db.schema.js';
import { addDays, localDate, localTime, zonedInstant } from '../../platform/dealer-time.js';
import { createDealersRepository } from '../../platform/dealers.repository.js';
import { AppError, notFound, versionConflict } from '../../platform/errors.js';
import { type FileStorage, imageTypeOf, MAX_IMAGE_BYTES } from '../../platform/files.js';
import { newId } from '../../platform/ids.js';
import type { Outbox } from '../../platform/outbox.js';
import { presentDelivery } from '../../platform/outbox.rules.js';
import { randomToken, sha256 } from '../../platform/passwords.js';
import { linkDealers, type PublicLink, publicLinkUrl } from '../../platform/public-links.js';
import { rolesGrant } from '../../platform/rbac.js';
import { type DealerScope, dealerScopeOf, requireDealer, scopeOf } from '../../platform/scope.js';
import { nextDailyNumber } from '../../platform/sequences.js';
import { inTransaction } from '../../platform/transaction.js';
import { createVehiclesRepository } from '../vehicles/vehicles.repository.js';
import { createPickupRepository, type PickupJobRow } from './pickup.repository.js';
import {
  DEFAULT_PICKUP_SETTINGS,
  handOverProblem,
  messageOf,
  onlineOffer,
  type PickupStep,
  pickupAfterAppointment,
  pickupStep,
  quoteArea,
  windowProblem,
} from './pickup.rules.js';

type Deps = { db: Database; clock: Clock; outbox: Outbox; files: FileStorage; publicUrl: string };
/** Who books a job: a staff member at the desk, or the system for a customer booking online (no user). */
type Booker = AuditActor & { dealerId: string };
/** A pick-up to the dealer that a customer asks for with an online booking. */
export type OnlinePickupInput = Pick<
  PickupJobInput,
  'vehicleId' | 'appointmentId' | 'area' | 'address' | 'contactMobile' | 'windowStart' | 'windowEnd'
> & {
  /** When the appointment it brings the car to starts. */
  startsAt: string;
};

const pickupUnderWay = (status: PickupStatus) =>
  new AppError('pickup_under_way', {
    detail: 'the driver is already on the way: call the dealer to change this booking',
    extra: { status },
  });

/** How long a driver's link works after the job's window ends (the route home, a late hand-over). */
const LINK_HOURS_AFTER_WINDOW = 12;

const isExclusionViolation = (error: unknown) => (error as { code?: unknown } | null)?.code === '23P01';

/** Pick-up and delivery (上门取送车) and designated driving (代驾): the desk's day plan and the driver's phone page. */
export function createPickupService({ db, clock, outbox, files, publicUrl }: Deps) {
  const driverUrl = (dealerCode: string, token: string) => publicLinkUrl(publicUrl, 'driver', dealerCode, token);

  async function settingsOf(tx: Database, dealerId: string): Promise<PickupSettings> {
    const row = await createPickupRepository(tx).settings(dealerId);
    if (!row) return DEFAULT_PICKUP_SETTINGS;
    return {
      enabled: row.enabled,
      maxDistanceKm: Number(row.max_distance_km),
      freeKm: Number(row.free_km),
      feePerKmFen: row.fee_per_km_fen,
      areas: row.areas,
      onlineWindowMinutes: row.online_window_minutes,
      onlineLeadMinutes: row.online_lead_minutes,
      version: row.version,
    };
  }

  function present(row: PickupJobRow, wholeMobile: boolean): PickupJob {
    return {
      id: row.id,
      number: row.number,
      kind: row.kind,
      status: row.status,
      version: row.version,
      customer: { id: row.customer_id, name: row.customer_name },
      vehicle: { id: row.vehicle_id, plate: row.plate_key ? formatPlate(row.plate_key) : null, model: row.model_name },
      appointmentId: row.appointment_id,
      area: row.area,
      address: row.address,
      contactMobile: wholeMobile ? row.contact_mobile : maskMobile(row.contact_mobile),
      distanceKm: Number(row.distance_km),
      feeFen: row.fee_fen,
      windowStart: row.window_start.toISOString(),
      windowEnd: row.window_end.toISOString(),
      notes: row.notes,
      driver: row.driver_id ? { id: row.driver_id, name: row.driver_name ?? '' } : null,
      setOutAt: row.set_out_at?.toISOString() ?? null,
      pickedUpAt: row.picked_up_at?.toISOString() ?? null,
      completedAt: row.completed_at?.toISOString() ?? null,
      startKm: row.start_km,
      endKm: row.end_km,
      fuelLevel: row.fuel_level,
      damage: row.damage.map((d) => ({ ...d, kind: d.kind as 'scratch' })),
      photos: row.photos,
      signed: row.signature_key !== null,
      cancelReason: row.cancel_reason,
      bookedVia: row.booked_via,
    };
  }

  /** What the customer's booking page shows of the pick-up: no driver's details, no staff notes. */
  const publicPickupOf = (row: Selectable<PickupJobsTable>) => ({
    area: row.area,
    address: row.address,
    windowStart: row.window_start.toISOString(),
    windowEnd: row.window_end.toISOString(),
    feeFen: row.fee_fen,
    status: row.status,
  });

  async function loadJob(tx: Database, scope: DealerScope, id: string) {
    const row = await createPickupRepository(tx).find(scope, id);
    if (!row) throw notFound('pick-up job');
    return row;
  }

  function stepOrRefuse(status: PickupStatus, step: PickupStep) {
    const result = pickupStep(status, step);
    if (!result.ok) throw new AppError('invalid_transition', { detail: result.message, extra: { status } });
    return result.to;
  }

  /** A fresh driver's link for the job (the previous one stops working); only its hash is kept. */
  async function newDriverLink(tx: Database, dealerId: string, row: { id: string; version: number; window_end: Date }) {
    const token = randomToken();
    const expiresAt = new Date(row.window_end.getTime() + LINK_HOURS_AFTER_WINDOW * 3_600_000);
    const ok = await createPickupRepository(tx).update(dealerId, row.id, row.version, {
      driver_token_hash: sha256(token),
      driver_token_expires_at: expiresAt,
      updated_at: clock.now(),
    });
    if (!ok) throw versionConflict(row.version + 1);
    const dealer = await createDealersRepository(tx).profile(dealerId);
    return { url: driverUrl(dealer.code, token), expiresAt: expiresAt.toISOString() };
  }

  type DealerProfile = Awaited<ReturnType<ReturnType<typeof createDealersRepository>['profile']>>;
  const driverJobOf = (row: PickupJobRow, dealer: DealerProfile): DriverJob => ({
    ...present(row, true),
    dealer: { name: dealer.name, phone: dealer.phone },
  });
  const scopeOfDealer = (dealer: DealerProfile): DealerScope => ({ kind: 'dealer', networkId: dealer.network_id, dealerId: dealer.id });

  async function presentDriverJob(tx: Database, dealerId: string, id: string): Promise<DriverJob> {
    const dealer = await createDealersRepository(tx).profile(dealerId);
    return driverJobOf(await loadJob(tx, scopeOfDealer(dealer), id), dealer);
  }

  /** The job a driver's link opens, locked for a step; 410 when the link is no longer valid, 404 when its code is no dealer's. */
  async function byToken(tx: Database, link: PublicLink, forUpdate: boolean) {
    const dealers = await linkDealers(tx, link);
    if (dealers?.length === 0) throw notFound('dealer');
    const found = await createPickupRepository(tx).byToken(dealers, sha256(link.token), clock.now(), forUpdate);
    if (!found) throw new AppError('link_expired', { detail: 'this driver link is no longer valid: ask the desk for a new one' });
    return found;
  }

  /** One step on the driver's page, in one transaction, with the customer's SMS when the step sends one. */
  async function driverStep(
    link: PublicLink,
    step: PickupStep,
    changes: (
      row: NonNullable<Awaited<ReturnType<ReturnType<typeof createPickupRepository>['lock']>>>,
      now: Date,
    ) => Record<string, unknown>,
  ): Promise<DriverStep> {
    const now = clock.now();
    return inTransaction(db, async (tx) => {
      const { dealer_id: dealerId, id } = await byToken(tx, link, true);
      const repo = createPickupRepository(tx);
      const row = (await repo.lock(dealerId, id))!;
      const to = stepOrRefuse(row.status, step);
      const ok = await repo.update(dealerId, id, row.version, { status: to, updated_at: now, ...changes(row, now) });
      if (!ok) throw versionConflict(row.version + 1);
      const dealer = await createDealersRepository(tx).profile(dealerId);
      const actor: AuditActor = { networkId: dealer.network_id, dealerId, userId: row.driver_id, tokenId: null, requestId: null };
      await recordAudit(
        tx,
        actor,
        { action: `pickup.${step}`, entityType: 'pickup_job', entityId: id, before: { status: row.status }, after: { status: to } },
        now,
      );
      const job = await loadJob(tx, scopeOfDealer(dealer), id);
      const template = messageOf(row.kind, step);
      let message: DriverStep['message'] = null;
      if (template) {
        const zone = dealer.time_zone;
        const sms = { channel: 'sms' as const, recipient: row.contact_mobile };
        const queued = await outbox.enqueue(tx, {
          networkId: dealer.network_id,
          dealerId,
          customerId: row.customer_id,
          ...sms,
          template,
          locale: 'zh-CN',
          variables: {
            dealer: dealer.name,
            name: job.customer_name,
            driver: job.driver_name ?? '',
            address: row.address,
            plate: job.plate_key ? formatPlate(job.plate_key) : '',
            window: `${localTime(row.window_start, zone)}–${localTime(row.window_end, zone)}`,
            phone: dealer.phone ?? '',
          },
          dedupeKey: `pickup:${id}:${step}`,
        });
        message = queued ? presentDelivery(sms, queued) : null;
      }
      return { job: driverJobOf(job, dealer), message };
    });
  }

  /** Cancels a job not yet done, in the caller's transaction: its driver's link stops working. */
  async function cancelIn(tx: Database, by: Booker, row: { id: string; version: number; status: PickupStatus }, reason: string) {
    const now = clock.now();
    const to = stepOrRefuse(row.status, 'cancel');
    const ok = await createPickupRepository(tx).update(by.dealerId, row.id, row.version, {
      status: to,
      cancel_reason: reason,
      cancelled_at: now,
      driver_token_hash: null,
      driver_token_expires_at: null,
      updated_at: now,
    });
    if (!ok) throw versionConflict(row.version + 1);
    await recordAudit(
      tx,
      by,
      { action: 'pickup.cancelled', entityType: 'pickup_job', entityId: row.id, before: { status: row.status }, after: { reason } },
      now,
    );
  }

  /** Books a job in the caller's transaction, by the desk or by the customer online. */
  async function bookIn(tx: Database, booker: Booker, input: PickupJobInput, via: 'desk' | 'online'): Promise<PickupJob> {
    const scope: DealerScope = { kind: 'dealer', networkId: booker.networkId, dealerId: booker.dealerId };
    const field = (name: string) => (via === 'online' ? `pickup.${name}` : name);
    const now = clock.now();
    const repo = createPickupRepository(tx);
    const vehicle = await createVehiclesRepository(tx).findById(scope, input.vehicleId);
    if (!vehicle) throw AppError.field('validation_failed', field('vehicleId'), 'unknown_vehicle', 'no such vehicle at this dealer');
    if (input.appointmentId) {
      const appointment = await repo.appointment(scope.dealerId, input.appointmentId);
      if (!appointment) throw AppError.field('validation_failed', field('appointmentId'), 'unknown_appointment', 'no such appointment');
      if (appointment.vehicle_id !== input.vehicleId)
        throw AppError.field('validation_failed', field('appointmentId'), 'other_vehicle', 'the appointment is for another car');
    }
    const quote = quoteArea(await settingsOf(tx, scope.dealerId), input.area);
    if (!quote.ok) throw AppError.field('validation_failed', field(quote.field), quote.code, quote.message);
    const windowStart = new Date(input.windowStart);
    const windowEnd = new Date(input.windowEnd);
    const badWindow = windowProblem(windowStart, windowEnd, now);
    if (badWindow) throw AppError.field('validation_failed', field(badWindow.field), badWindow.code, badWindow.message);
    const customer = await repo.customer(vehicle.user_id ?? vehicle.owner_id);
    const dealer = await createDealersRepository(tx).profile(scope.dealerId);
    const id = newId();
    await repo.insert({
      dealer_id: scope.dealerId,
      id,
      number: await nextDailyNumber(tx, scope.dealerId, 'PU', localDate(windowStart, dealer.time_zone)),
      kind: input.kind,
      status: 'requested',
      customer_id: customer.id,
      vehicle_id: input.vehicleId,
      appointment_id: input.appointmentId ?? null,
      area: input.area,
      address: input.address,
      contact_mobile: input.contactMobile ?? customer.mobile,
      distance_km: String(quote.distanceKm),
      fee_fen: quote.feeFen,
      window_start: windowStart,
      window_end: windowEnd,
      notes: input.notes ?? null,
      booked_via: via,
      created_by: booker.userId,
      created_at: now,
      updated_at: now,
    });
    await recordAudit(
      tx,
      booker,
      { action: 'pickup.booked', entityType: 'pickup_job', entityId: id, after: { ...input, feeFen: quote.feeFen, via } },
      now,
    );
    return present(await loadJob(tx, scope, id), true);
  }

  return {
    async settings(actor: Actor): Promise<PickupSettings> {
      authorize(actor, 'pickup.read');
      return settingsOf(db, requireDealer(actor));
    },

    async saveSettings(actor: Actor, input: PickupSettingsInput): Promise<PickupSettings> {
      authorize(actor, 'pickup.settings');
      const dealerId = requireDealer(actor);
      const now = clock.now();
      return inTransaction(db, async (tx) => {
        const repo = createPickupRepository(tx);
        const values = {
          enabled: input.enabled,
          max_distance_km: String(input.maxDistanceKm),
          free_km: String(input.freeKm),
          fee_per_km_fen: input.feePerKmFen,
          areas: JSON.stringify(input.areas),
          online_window_minutes: input.onlineWindowMinutes ?? DEFAULT_PICKUP_SETTINGS.onlineWindowMinutes,
          online_lead_minutes: input.onlineLeadMinutes ?? DEFAULT_PICKUP_SETTINGS.onlineLeadMinutes,
          updated_by: actor.userId,
          updated_at: now,
        };
        const saved =
          input.version === undefined
            ? await repo.insertSettings({ dealer_id: dealerId, ...values, version: 1 })
            : await repo.updateSettings(dealerId, input.version, values);
        if (!saved) throw versionConflict((await repo.settings(dealerId))?.version ?? 1);
        await recordAudit(tx, actor, { action: 'pickup.settings_saved', entityType: 'dealer', entityId: dealerId, after: input }, now);
        return settingsOf(tx, dealerId);
      });
    },

    /** The day plan: the jobs whose window starts on the dealer's day, its drivers and its settings. */
    async day(actor: Actor, query: { date: string; dealerId?: string }): Promise<PickupDay> {
      authorize(actor, 'pickup.read');
      const scope = scopeOf(actor, query.dealerId ? { dealerIds: [query.dealerId] } : {});
      const dealerId = actor.dealerId ?? query.dealerId;
      if (!dealerId) throw AppError.field('validation_failed', 'dealerId', 'required', 'which dealer’s day?');
      const dealer = await createDealersRepository(db)
        .profile(dealerId, scope)
        .catch(() => {
          throw notFound('dealer');
        });
      const repo = createPickupRepository(db);
      const from = zonedInstant(query.date, '00:00', dealer.time_zone);
      const until = zonedInstant(addDays(query.date, 1), '00:00', dealer.time_zone);
      const [rows, drivers, settings] = await Promise.all([repo.day(scope, from, until), repo.drivers(dealerId), settingsOf(db, dealerId)]);
      const whole = rolesGrant(actor.roles, 'customer.contact.read') && actor.dealerId !== null;
      return {
        date: query.date,
        settings,
        drivers: drivers.map((d) => ({ id: d.id, name: d.display_name })),
        jobs: rows.map((r) => present(r, whole)),
      };
    },

    /** Books a pick-up, a delivery or a designated drive in one of the dealer's areas, priced by its distance. */
    async book(actor: Actor, input: PickupJobInput): Promise<PickupJob> {
      authorize(actor, 'pickup.manage');
      const scope = dealerScopeOf(actor);
      return inTransaction(db, (tx) => bookIn(tx, { ...actor, dealerId: scope.dealerId }, input, 'desk'));
    },

    /**
     * The pick-up a customer asks for with their online booking, in the booking's transaction: to the
     * dealer before the appointment starts. Refusals name the field under `pickup.`.
     */
    async bookOnline(tx: Database, booker: Booker, input: OnlinePickupInput): Promise<PickupJob> {
      const late = pickupAfterAppointment(new Date(input.windowEnd), new Date(input.startsAt));
      if (late) throw AppError.field('validation_failed', `pickup.${late.field}`, late.code, late.message);
      return bookIn(tx, booker, { kind: 'pickup', ...input }, 'online');
    },

    /** The dealer's pick-up offer on its online booking page, or null. */
    async publicOffer(tx: Database, dealerId: string) {
      return onlineOffer(await settingsOf(tx, dealerId));
    },

    /** The live pick-up of an appointment, for the customer's booking page; null when there is none. */
    async ofAppointment(tx: Database, dealerId: string, appointmentId: string) {
      const row = await createPickupRepository(tx).liveOfAppointment(dealerId, appointmentId);
      return row ? publicPickupOf(row) : null;
    },

    /**
     * The customer cancels their booking: a pick-up not yet under way is cancelled with it; once the
     * driver has set out the booking is the desk's to cancel.
     */
    async cancelWithAppointment(tx: Database, booker: Booker, appointmentId: string, reason: string) {
      const repo = createPickupRepository(tx);
      const row = await repo.liveOfAppointment(booker.dealerId, appointmentId, true);
      if (!row) return;
      if (row.status === 'en_route' || row.status === 'picked_up') throw pickupUnderWay(row.status);
      if (row.status !== 'requested' && row.status !== 'assigned') return;
      await cancelIn(tx, booker, row, reason);
    },

    /**
     * Gives the job to a driver of the dealer and makes the driver's link. A driver who holds another
     * job whose window overlaps is refused (the database's exclusion constraint decides, so two desks
     * assigning at once cannot both win).
     */
    async assign(actor: Actor, id: string, input: PickupAssignInput): Promise<{ job: PickupJob; link: PickupDriverLink }> {
      authorize(actor, 'pickup.manage');
      const scope = dealerScopeOf(actor);
      const now = clock.now();
      return inTransaction(db, async (tx) => {
        const repo = createPickupRepository(tx);
        const row = await repo.lock(scope.dealerId, id);
        if (!row) throw notFound('pick-up job');
        if (row.version !== input.version) throw versionConflict(row.version);
        const to = stepOrRefuse(row.status, 'assign');
        if (!(await repo.lockDriver(scope.dealerId, input.driverId)))
          throw AppError.field('validation_failed', 'driverId', 'unknown_driver', 'no such driver at this dealer');
        try {
          const ok = await repo.update(scope.dealerId, id, row.version, { status: to, driver_id: input.driverId, updated_at: now });
          if (!ok) throw versionConflict(row.version + 1);
        } catch (error) {
          if (isExclusionViolation(error))
            throw new AppError('driver_busy', {
              detail: 'this driver has another job in an overlapping window',
              errors: [{ field: 'driverId', code: 'driver_busy', message: 'this driver has another job in an overlapping window' }],
            });
          throw error;
        }
        const link = await newDriverLink(tx, scope.dealerId, { id, version: row.version + 1, window_end: row.window_end });
        await recordAudit(
          tx,
          actor,
          {
            action: 'pickup.assigned',
            entityType: 'pickup_job',
            entityId: id,
            before: { driverId: row.driver_id },
            after: { driverId: input.driverId },
          },
          now,
        );
        return { job: present(await loadJob(tx, scope, id), true), link };
      });
    },

    /** A new link to the driver's page: for the desk to show or send, or for the assigned driver to open. */
    async driverLink(actor: Actor, id: string): Promise<PickupDriverLink> {
      const scope = dealerScopeOf(actor);
      const now = clock.now();
      return inTransaction(db, async (tx) => {
        const row = await createPickupRepository(tx).lock(scope.dealerId, id);
        if (!row) throw notFound('pick-up job');
        const ownJob = rolesGrant(actor.roles, 'pickup.drive') && row.driver_id === actor.userId;
        if (!ownJob) authorize(actor, 'pickup.manage');
        if (!row.driver_id || !['assigned', 'en_route', 'picked_up'].includes(row.status))
          throw new AppError('invalid_transition', {
            detail: 'only a job with a driver that is not finished has a driver link',
            extra: { status: row.status },
          });
        const link = await newDriverLink(tx, scope.dealerId, row);
        await recordAudit(
          tx,
          actor,
          { action: 'pickup.driver_link', entityType: 'pickup_job', entityId: id, after: { expiresAt: link.expiresAt } },
          now,
        );
        return link;
      });
    },

    async cancel(actor: Actor, id: string, input: PickupCancelInput): Promise<PickupJob> {
      authorize(actor, 'pickup.manage');
      const scope = dealerScopeOf(actor);
      return inTransaction(db, async (tx) => {
        const row = await createPickupRepository(tx).lock(scope.dealerId, id);
        if (!row) throw notFound('pick-up job');
        if (row.version !== input.version) throw versionConflict(row.version);
        await cancelIn(tx, { ...actor, dealerId: scope.dealerId }, row, input.reason);
        return present(await loadJob(tx, scope, id), true);
      });
    },

    /** The driver's own unfinished jobs from today on. */
    async myJobs(actor: Actor): Promise<PickupJob[]> {
      authorize(actor, 'pickup.drive');
      const dealerId = requireDealer(actor);
      const dealer = await createDealersRepository(db).profile(dealerId);
      const from = zonedInstant(localDate(clock.now(), dealer.time_zone), '00:00', dealer.time_zone);
      const rows = await createPickupRepository(db).driverJobs(dealerId, actor.userId, from);
      return rows.map((r) => present(r, true));
    },

    // The driver's phone page: the token opens this one job, nothing else.
    async publicGet(link: PublicLink): Promise<DriverJob> {
      const found = await byToken(db, link, false);
      return presentDriverJob(db, found.dealer_id, found.id);
    },

    /** The driver sets out: the customer is texted who is coming and when. */
    setOut(link: PublicLink) {
      return driverStep(link, 'set_out', (_row, now) => ({ set_out_at: now }));
    },

    /** The driver takes the car at the door: the walk-around's marks, fuel, km and photos, signed by the customer. */
    async take(link: PublicLink, input: PickupTakeInput) {
      const found = await byToken(db, link, false);
      const dealerKey = `${found.dealer_id}/`;
      const photos = input.photos ?? [];
      const foreign = photos.findIndex((p) => !p.startsWith(dealerKey));
      if (foreign >= 0) throw AppError.field('validation_failed', `photos.${foreign}`, 'invalid_file_key', 'not a photo of this job');
      const signature = Buffer.from(input.signaturePng.replace(/^data:image\/png;base64,/, ''), 'base64');
      if (imageTypeOf(signature) !== 'image/png')
        throw AppError.field('validation_failed', 'signaturePng', 'invalid_signature', 'not a PNG');
      const { key } = await files.put({ dealerId: found.dealer_id, contentType: 'image/png', bytes: signature });
      return driverStep(link, 'take', (_row, now) => ({
        picked_up_at: now,
        start_km: input.odometerKm,
        fuel_level: input.fuelLevel,
        damage: JSON.stringify(input.damage),
        photos: JSON.stringify(photos),
        signature_key: key,
      }));
    },

    /** The driver hands the car over (at the dealer, or back to the customer, who is texted). */
    async handOver(link: PublicLink, input: { odometerKm: number }) {
      return driverStep(link, 'hand_over', (row, now) => {
        const problem = handOverProblem(row.start_km, input.odometerKm);
        if (problem) throw AppError.field('validation_failed', problem.field, problem.code, problem.message);
        return { completed_at: now, end_km: input.odometerKm, driver_token_hash: null, driver_token_expires_at: null };
      });
    },

    /** A photo taken on the driver's page, stored for this job's dealer. */
    async upload(link: PublicLink, input: { dataBase64: string }) {
      const found = await byToken(db, link, false);
      const bytes = Buffer.from(input.dataBase64, 'base64');
      if (bytes.length === 0) throw AppError.field('validation_failed', 'dataBase64', 'empty', 'no file data');
      if (bytes.length > MAX_IMAGE_BYTES)
        throw AppError.field('validation_failed', 'dataBase64', 'file_too_large', `at most ${MAX_IMAGE_BYTES} bytes`);
      const contentType = imageTypeOf(bytes);
      if (!contentType) throw AppError.field('unsupported_media_type', 'dataBase64', 'not_an_image', 'not a JPEG, PNG or WebP photo');
      return files.put({ dealerId: found.dealer_id, contentType, bytes });
    },
  };
}

export type PickupService = ReturnType<typeof createPickupService>;
