import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import { notFound } from '../../platform/errors.js';
import { eachDay } from '../../platform/period.js';
import { createTtlCache } from '../../platform/ttl-cache.js';
import { createAppointmentsRepository } from './appointments.repository.js';
import { type BookingSettings, slotCapacity } from './appointments.rules.js';

// The dealer's booking settings and each day's seats per slot, read by booking, settings and KPIs alike.

export type DealerSettingsRow = NonNullable<Awaited<ReturnType<ReturnType<typeof createAppointmentsRepository>['settings']>>>;

export function toBookingSettings(row: DealerSettingsRow): BookingSettings {
  return {
    timeZone: row.time_zone,
    opensAt: row.opens_at.slice(0, 5),
    closesAt: row.closes_at.slice(0, 5),
    slotMinutes: Number(row.slot_minutes),
    capacityRatio: Number(row.capacity_ratio),
    onTimeWindowMinutes: Number(row.on_time_window_minutes),
    noShowGraceMinutes: Number(row.no_show_grace_minutes),
    confirmationSmsAt: row.confirmation_sms_at.slice(0, 5),
    assignmentDeadline: row.assignment_deadline.slice(0, 5),
    saCallLeadMinutes: Number(row.sa_call_lead_minutes),
    quietHoursStart: row.quiet_hours_start.slice(0, 5),
    quietHoursEnd: row.quiet_hours_end.slice(0, 5),
    keptLabourDiscountPercent: Number(row.kept_labour_discount_percent),
    dedicatedLane: Boolean(row.dedicated_lane),
    apologyGift: row.apology_gift,
    noShowForfeitCount: Number(row.no_show_forfeit_count),
    noShowForfeitMonths: Number(row.no_show_forfeit_months),
    bookingIncentiveFen: Number(row.booking_incentive_fen),
  };
}

/** The most days one request computes slots for (a loop over days driven by input is bounded). */
export const MAX_SLOT_DAYS = 62;

export async function settingsOf(tx: Database, dealerId: string) {
  const row = await createAppointmentsRepository(tx).settings(dealerId);
  if (!row) throw notFound('dealer');
  return { row, settings: toBookingSettings(row) };
}

/** Capacity per slot for each day of a range, from the roster (staff off that day). */
export async function capacities(tx: Database, dealerId: string, settings: BookingSettings, from: string, to: string) {
  const repo = createAppointmentsRepository(tx);
  const staff = await repo.staffOn(dealerId, from);
  const absences = await repo.absencesBetween(dealerId, from, to);
  const advisors = staff.filter((s) => s.roles.includes('service_advisor')).map((s) => s.id);
  const technicians = staff.filter((s) => s.roles.includes('technician')).map((s) => s.id);
  const counted = new Set([...advisors, ...technicians]);
  const result = new Map<string, number>();
  for (const day of eachDay(from, to, MAX_SLOT_DAYS)) {
    const off = new Set(absences.filter((a) => a.work_date === day && counted.has(a.user_id)).map((a) => a.user_id));
    result.set(
      day,
      slotCapacity({
        ratio: settings.capacityRatio,
        serviceAdvisors: advisors.length,
        technicians: technicians.length,
        staffOff: off.size,
      }),
    );
  }
  return result;
}

/**
 * The dealer's settings and each day's capacity, kept per process for the booking path (every
 * booking and availability read needs both). The booking settings service and the admin's staff and
 * dealer changes call `invalidate(dealerId)` inside their transaction and again after it commits, so
 * no read in this process keeps what the change replaced. A multi-process deployment (several
 * servers on one PostgreSQL, the CLI adding staff) relies on the short TTL for changes made elsewhere.
 */
export type BookingCache = {
  settingsOf(tx: Database, dealerId: string): ReturnType<typeof settingsOf>;
  capacities(tx: Database, dealerId: string, settings: BookingSettings, from: string, to: string): ReturnType<typeof capacities>;
  invalidate(dealerId: string): void;
};

export const BOOKING_CACHE_TTL_MS = 10_000;

export function createBookingCache(clock: Clock): BookingCache {
  const settingsCache = createTtlCache<Awaited<ReturnType<typeof settingsOf>>>({ clock, ttlMs: BOOKING_CACHE_TTL_MS, maxEntries: 1_000 });
  const capacityCache = createTtlCache<Map<string, number>>({ clock, ttlMs: BOOKING_CACHE_TTL_MS, maxEntries: 5_000 });
  return {
    async settingsOf(tx, dealerId) {
      const found = await settingsCache.get(
        dealerId,
        () => settingsOf(tx, dealerId),
        () => ({ tag: dealerId }),
      );
      return found!;
    },
    async capacities(tx, dealerId, settings, from, to) {
      const key = `${dealerId}|${from}|${to}|${settings.capacityRatio}`;
      const found = await capacityCache.get(
        key,
        () => capacities(tx, dealerId, settings, from, to),
        () => ({ tag: dealerId }),
      );
      return found!;
    },
    invalidate(dealerId) {
      settingsCache.invalidate(dealerId);
      capacityCache.invalidate(dealerId);
    },
  };
}

/** Straight from the database, for a service made on its own. */
export const uncachedBooking: BookingCache = { settingsOf, capacities, invalidate: () => {} };
