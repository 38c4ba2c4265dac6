import crypto from 'node:crypto';
import { formatPlate, type OnlinePickup } from '@servicebay/contracts';
import { recordAudit } from '../../platform/audit.js';
import type { Database } from '../../platform/db.js';
import { addDays, localDate } from '../../platform/dealer-time.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { sha256 } from '../../platform/passwords.js';
import { linkDealers, type PublicLink } from '../../platform/public-links.js';
import { createCustomersRepository } from '../customers/customers.repository.js';
import type { PickupService } from '../pickup/pickup.service.js';
import { createTimelineRepository } from '../timeline/timeline.repository.js';
import { createVehiclesRepository } from '../vehicles/vehicles.repository.js';
import { settingsOf } from './appointments.capacity.js';
import { type AppointmentDetailsRow, createAppointmentsRepository } from './appointments.repository.js';
import type { AppointmentsDeps, AppointmentsService, BookingContext } from './appointments.service.js';
import { bookingOffer } from './booking-benefits.rules.js';
import { calendarFile } from './calendar-file.js';
import { otpHash } from './one-time-codes.js';

export const OTP_LIMITS = { perMobilePerHour: 5, perIpPerHour: 20, resendSeconds: 60, validMinutes: 10, attempts: 5 };

/** The customer's own booking page: no login, a one-time SMS code instead. */
export function createPublicBookingService(deps: AppointmentsDeps & { appointments: AppointmentsService; pickup: PickupService }) {
  const { db, clock } = deps;

  async function dealerByCode(tx: Database, code: string) {
    const dealer = await createAppointmentsRepository(tx).dealerByCode(code);
    if (!dealer) throw notFound('dealer');
    return dealer;
  }

  const systemContext = (dealer: { id: string; network_id: string; time_zone: string }): BookingContext => ({
    networkId: dealer.network_id,
    dealerId: dealer.id,
    userId: null,
    tokenId: null,
    requestId: null,
    timeZone: dealer.time_zone,
  });

  async function presentPublic(tx: Database, row: AppointmentDetailsRow, dealer: { code: string; name: string; time_zone: string }) {
    return {
      number: row.number,
      status: row.status as 'booked',
      startsAt: row.starts_at.toISOString(),
      durationMinutes: row.duration_minutes,
      dealer: { code: dealer.code, name: dealer.name, timeZone: dealer.time_zone },
      plate: formatPlate(row.plate_key),
      requestedWork: row.requested_work,
      pickup: await deps.pickup.ofAppointment(tx, row.dealer_id, row.id),
    };
  }

  async function byToken(tx: Database, link: PublicLink) {
    const row = await createAppointmentsRepository(tx).findByManageToken(await linkDealers(tx, link), sha256(link.token));
    if (!row) throw notFound('booking');
    const dealer = await createAppointmentsRepository(tx).dealerById(row.dealer_id);
    return { row, dealer };
  }

  return {
    async dealer(code: string) {
      const d = await dealerByCode(db, code);
      const { settings } = await settingsOf(db, d.id);
      const offer = bookingOffer(settings, 0);
      return {
        code: d.code,
        name: d.name,
        timeZone: d.time_zone,
        opensAt: d.opens_at.slice(0, 5),
        closesAt: d.closes_at.slice(0, 5),
        benefits: offer && {
          ...offer,
          onTimeWindowMinutes: settings.onTimeWindowMinutes,
          noShowForfeitCount: settings.noShowForfeitCount,
          noShowForfeitMonths: settings.noShowForfeitMonths,
        },
        pickup: await deps.pickup.publicOffer(db, d.id),
      };
    },

    async availability(code: string, from: string, to: string) {
      const dealer = await dealerByCode(db, code);
      return deps.appointments.availabilityFor(db, dealer.id, from, to, null);
    },

    /** Sends a 6-digit code by SMS. Limits per phone and per address; a code lives 10 minutes. */
    async requestCode(code: string, input: { mobile: string; plate: string }, ip: string | null) {
      const now = clock.now();
      return db.transaction().execute(async (tx) => {
        const dealer = await dealerByCode(tx, code);
        const repo = createAppointmentsRepository(tx);
        const hourAgo = new Date(now.getTime() - 3_600_000);
        if ((await repo.recentOtpCount({ mobile: input.mobile }, new Date(now.getTime() - OTP_LIMITS.resendSeconds * 1000))) > 0) {
          throw new AppError('rate_limited', {
            detail: `wait ${OTP_LIMITS.resendSeconds} seconds before asking for a new code`,
            extra: { retryAfterSeconds: OTP_LIMITS.resendSeconds },
          });
        }
        if (
          (await repo.recentOtpCount({ mobile: input.mobile }, hourAgo)) >= OTP_LIMITS.perMobilePerHour ||
          (ip && (await repo.recentOtpCount({ ip }, hourAgo)) >= OTP_LIMITS.perIpPerHour)
        ) {
          throw new AppError('rate_limited', { detail: 'too many codes asked for; try again later', extra: { retryAfterSeconds: 3600 } });
        }
        const id = newId();
        const otp = String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
        await repo.insertOtp({
          id,
          dealer_id: dealer.id,
          mobile: input.mobile,
          code_hash: otpHash(id, otp),
          expires_at: new Date(now.getTime() + OTP_LIMITS.validMinutes * 60_000),
          ip,
          created_at: now,
        });
        await deps.outbox.enqueue(tx, {
          networkId: dealer.network_id,
          dealerId: dealer.id,
          customerId: null, // asked for by the recipient just now
          channel: 'sms',
          recipient: input.mobile,
          template: 'otp.code',
          locale: 'zh-CN',
          variables: { dealer: dealer.name, code: otp },
          dedupeKey: `otp:${id}`,
        });
        return { expiresInSeconds: OTP_LIMITS.validMinutes * 60 };
      });
    },

    /**
     * Books with a verified code. A plate and mobile that match a vehicle of the network book for
     * its owner or user; anything else books as a new customer for staff to review.
     */
    async book(
      code: string,
      input: {
        mobile: string;
        plate: string;
        code: string;
        startsAt: string;
        name?: string;
        requestedWork: { kind: 'maintenance' | 'repair'; description: string }[];
        customerWords?: string | null;
        locale: 'zh-CN' | 'en';
        confirmDuplicate?: boolean | undefined;
        pickup?: OnlinePickup | undefined;
      },
    ) {
      const now = clock.now();
      const dealer = await dealerByCode(db, code);
      // The attempt is counted in its own transaction, so a wrong code counts even though the booking fails.
      const otpId = await db.transaction().execute(async (tx) => {
        const repo = createAppointmentsRepository(tx);
        const otp = await repo.latestOtp(dealer.id, input.mobile);
        if (!otp || otp.expires_at <= now) return { error: 'expired_code' as const };
        if (otp.attempts >= OTP_LIMITS.attempts) return { error: 'too_many_attempts' as const };
        const ok = otp.code_hash === otpHash(otp.id, input.code);
        await repo.spendOtpAttempt(dealer.id, otp.id, null);
        return ok ? { id: otp.id } : { error: 'invalid_code' as const };
      });
      if ('error' in otpId) throw AppError.field('validation_failed', 'code', otpId.error!, otpId.error!.replaceAll('_', ' '));

      return db.transaction().execute(async (tx) => {
        const used = await createAppointmentsRepository(tx).useOtp(dealer.id, otpId.id, now);
        if (!used) throw AppError.field('validation_failed', 'code', 'expired_code', 'this code has been used');
        const ctx = systemContext(dealer);
        const customers = createCustomersRepository(tx);
        const vehicle = await createVehiclesRepository(tx).findByIdentity(dealer.network_id, { plateKey: input.plate });
        const matches = vehicle && (vehicle.owner_mobile === input.mobile || vehicle.user_mobile === input.mobile);
        let customer = await customers.findByMobile(dealer.network_id, input.mobile);
        if (!customer) {
          customer = await customers.insert({
            id: newId(),
            network_id: dealer.network_id,
            name: input.name ?? (input.locale === 'en' ? 'Online customer' : '网上预约客户'),
            mobile: input.mobile,
            kind: 'individual',
            gender: 'unknown',
            birthday: null,
            email: null,
            city: null,
            address: null,
            notes: null,
            consent: { sms: true, phone: true, email: false, wechat: false },
            consent_updated_at: now,
            created_at: now,
            updated_at: now,
          });
          await createTimelineRepository(tx).record([
            {
              networkId: dealer.network_id,
              customerId: customer.id,
              dealerId: dealer.id,
              kind: 'customer.created',
              data: { via: 'online_booking' },
              actorUserId: null,
              occurredAt: now,
            },
          ]);
        }
        await customers.linkDealer(dealer.id, customer.id, 'online_booking', clock.now());
        if (matches) await createVehiclesRepository(tx).linkDealer(dealer.id, vehicle.id, 'online_booking', clock.now());
        const { appointment, manageToken } = await deps.appointments
          .bookIn(tx, ctx, {
            vehicleId: matches ? vehicle.id : null,
            customerId: customer.id,
            plateKey: input.plate,
            startsAt: input.startsAt,
            durationMinutes: 60,
            requestedWork: input.requestedWork,
            customerWords: input.customerWords ?? null,
            channel: 'online',
            parts: [],
            needsStaffReview: !matches,
            locale: input.locale,
            confirmDuplicate: input.confirmDuplicate ?? false,
          })
          .catch((error: unknown) => {
            // The customer is told the number and time of the car's other booking that day, not its internal id.
            if (error instanceof AppError && error.code === 'appointment_same_day') {
              const existing = error.details.extra?.existing as { number: string; startsAt: string };
              throw new AppError('appointment_same_day', {
                detail: error.details.detail,
                extra: { existing: { number: existing.number, startsAt: existing.startsAt } },
              });
            }
            throw error;
          });
        if (input.pickup) {
          // Only a car the network knows under this mobile is fetched: the driver needs its plate and its owner.
          if (!matches)
            throw AppError.field('validation_failed', 'pickup', 'unregistered_car', 'pick-up is for a car registered under this mobile');
          await deps.pickup.bookOnline(tx, ctx, {
            ...input.pickup,
            vehicleId: vehicle.id,
            appointmentId: appointment.id,
            contactMobile: input.mobile,
            startsAt: input.startsAt,
          });
        }
        const row = await createAppointmentsRepository(tx).find(
          { kind: 'dealer', networkId: dealer.network_id, dealerId: dealer.id },
          appointment.id,
        );
        return { manageToken, appointment: await presentPublic(tx, row!, dealer) };
      });
    },

    async get(link: PublicLink) {
      const { row, dealer } = await byToken(db, link);
      return presentPublic(db, row, dealer);
    },

    async cancel(link: PublicLink) {
      return db.transaction().execute(async (tx) => {
        const { row, dealer } = await byToken(tx, link);
        const ctx = systemContext(dealer);
        await deps.appointments.cancelIn(tx, ctx, row, 'cancelled by the customer online');
        await deps.pickup.cancelWithAppointment(tx, ctx, row.id, 'cancelled by the customer online');
        const after = await createAppointmentsRepository(tx).find(
          { kind: 'dealer', networkId: dealer.network_id, dealerId: dealer.id },
          row.id,
        );
        return presentPublic(tx, after!, dealer);
      });
    },

    async move(link: PublicLink, startsAt: string) {
      return db.transaction().execute(async (tx) => {
        const { row, dealer } = await byToken(tx, link);
        // The driver's window was set for the old time: a booking with a pick-up is moved by the desk.
        if (await deps.pickup.ofAppointment(tx, row.dealer_id, row.id))
          throw new AppError('pickup_booked', { detail: 'this booking has a pick-up: call the dealer to move it' });
        await deps.appointments.rescheduleIn(tx, systemContext(dealer), row, startsAt);
        const after = await createAppointmentsRepository(tx).find(
          { kind: 'dealer', networkId: dealer.network_id, dealerId: dealer.id },
          row.id,
        );
        await recordAudit(
          tx,
          systemContext(dealer),
          { action: 'appointment.moved_by_customer', entityType: 'appointment', entityId: row.id, after: { startsAt } },
          clock.now(),
        );
        return presentPublic(tx, after!, dealer);
      });
    },

    async calendar(link: PublicLink) {
      const { row, dealer } = await byToken(db, link);
      return calendarFile({
        number: row.number,
        startsAt: row.starts_at,
        durationMinutes: row.duration_minutes,
        dealerName: dealer.name,
        summary: `${dealer.name} 预约 ${formatPlate(row.plate_key)}`,
        stampedAt: clock.now(),
      });
    },

    defaultRange(timeZone: string) {
      const today = localDate(clock.now(), timeZone);
      return { from: today, to: addDays(today, 7) };
    },
  };
}

export type PublicBookingService = ReturnType<typeof createPublicBookingService>;
