// Pure rules of booking (domain.md §3). No I/O: callers pass `now` and the dealer's settings.
import { addDays, localDate, localTime, minutesOf, timeOf, zonedInstant } from '../../platform/dealer-time.js';

export type BookingSettings = {
  timeZone: string;
  opensAt: string; // HH:MM
  closesAt: string;
  slotMinutes: number;
  capacityRatio: number; // 0.7 = 70%
  onTimeWindowMinutes: number; // ±15
  noShowGraceMinutes: number;
  confirmationSmsAt: string; // the day before, HH:MM
  assignmentDeadline: string; // 17:00 the day before
  saCallLeadMinutes: number; // 60
  quietHoursStart: string; // 21:00
  quietHoursEnd: string; // 08:00
  keptLabourDiscountPercent: number;
  dedicatedLane: boolean;
  apologyGift: string;
  noShowForfeitCount: number;
  noShowForfeitMonths: number;
  bookingIncentiveFen: number;
};

/**
 * Appointments per slot: the ratio of the smaller of front desk and workshop, minus the staff off
 * that day, never below zero. 6 SAs, 10 technicians, 70%, one SA off → floor(4.2) − 1 = 3.
 */
/**
 * The people-facing number of an appointment: its dealer-local day and slot time, and the slot's
 * `issued`-th seat (AP-20261123-0930-03). Unique per dealer and day because `issued` never goes down.
 */
export function appointmentNumber(startsAt: Date, timeZone: string, issued: number): string {
  return `AP-${localDate(startsAt, timeZone).replaceAll('-', '')}-${localTime(startsAt, timeZone).replace(':', '')}-${String(issued).padStart(2, '0')}`;
}

export function slotCapacity(input: { ratio: number; serviceAdvisors: number; technicians: number; staffOff: number }): number {
  const base = Math.floor(input.ratio * Math.min(input.serviceAdvisors, input.technicians) + 1e-9);
  return Math.max(0, base - input.staffOff);
}

/** Slot start times (HH:MM) of a day: every slot that ends by closing time. */
export function daySlots(settings: Pick<BookingSettings, 'opensAt' | 'closesAt' | 'slotMinutes'>): string[] {
  const slots: string[] = [];
  for (let m = minutesOf(settings.opensAt); m + settings.slotMinutes <= minutesOf(settings.closesAt); m += settings.slotMinutes)
    slots.push(timeOf(m));
  return slots;
}

export type Slot = { date: string; time: string; startsAt: Date; capacity: number; booked: number; remaining: number };

export function buildSlots(
  date: string,
  settings: BookingSettings,
  capacity: number,
  bookedByTime: Map<string, number>,
  now: Date,
): Slot[] {
  return daySlots(settings)
    .map((time) => {
      const booked = bookedByTime.get(time) ?? 0;
      return {
        date,
        time,
        startsAt: zonedInstant(date, time, settings.timeZone),
        capacity,
        booked,
        remaining: Math.max(0, capacity - booked),
      };
    })
    .filter((slot) => slot.startsAt > now);
}

/** 2–3 slots to offer: those with seats left, nearest to the time the customer wants (or the earliest). */
export function suggestSlots(slots: Slot[], wanted: Date | null, count = 3): Slot[] {
  const open = slots.filter((s) => s.remaining > 0);
  if (!wanted) return open.slice(0, count);
  return [...open]
    .sort(
      (a, b) =>
        Math.abs(a.startsAt.getTime() - wanted.getTime()) - Math.abs(b.startsAt.getTime() - wanted.getTime()) ||
        a.startsAt.getTime() - b.startsAt.getTime(),
    )
    .slice(0, count)
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

export type BookingProblem = {
  field: string;
  code: 'outside_opening_hours' | 'not_a_slot_start' | 'in_past' | 'too_far_ahead' | 'duration_too_long';
};

/** How far ahead an appointment can be booked. */
export const MAX_BOOKING_DAYS_AHEAD = 366;

/** Is `startsAt` a bookable slot start for the dealer, and does the work fit in a day? */
export function bookingProblem(startsAt: Date, durationMinutes: number, settings: BookingSettings, now: Date): BookingProblem | null {
  const opening = minutesOf(settings.closesAt) - minutesOf(settings.opensAt);
  if (durationMinutes > opening) return { field: 'durationMinutes', code: 'duration_too_long' };
  if (startsAt <= now) return { field: 'startsAt', code: 'in_past' };
  if (startsAt.getTime() - now.getTime() > MAX_BOOKING_DAYS_AHEAD * 86_400_000) return { field: 'startsAt', code: 'too_far_ahead' };
  const time = localTime(startsAt, settings.timeZone);
  const m = minutesOf(time);
  if (m < minutesOf(settings.opensAt) || m + settings.slotMinutes > minutesOf(settings.closesAt))
    return { field: 'startsAt', code: 'outside_opening_hours' };
  if ((m - minutesOf(settings.opensAt)) % settings.slotMinutes !== 0 || startsAt.getUTCSeconds() !== 0)
    return { field: 'startsAt', code: 'not_a_slot_start' };
  return null;
}

export type ArrivalStatus = 'early' | 'on_time' | 'late';

/** Kept on time: arrived within ±window minutes of the booked time. */
export function arrivalStatus(startsAt: Date, arrivedAt: Date, windowMinutes: number): ArrivalStatus {
  const minutes = (arrivedAt.getTime() - startsAt.getTime()) / 60_000;
  if (minutes > windowMinutes) return 'late';
  if (minutes < -windowMinutes) return 'early';
  return 'on_time';
}

export const APPOINTMENT_STATUSES = ['booked', 'confirmed', 'arrived', 'no_show', 'cancelled'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

const TRANSITIONS: Record<AppointmentStatus, AppointmentStatus[]> = {
  booked: ['confirmed', 'arrived', 'no_show', 'cancelled', 'booked'],
  confirmed: ['arrived', 'no_show', 'cancelled', 'booked'],
  no_show: ['arrived'], // came after all: recorded as late
  arrived: [],
  cancelled: [],
};

export function canTransition(from: AppointmentStatus, to: AppointmentStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Only an open appointment can be moved; it is booked again at its new time. */
export const isOpen = (status: AppointmentStatus) => status === 'booked' || status === 'confirmed';

export type ReminderPlan = { confirmationSmsAt: Date | null; assignmentDeadlineAt: Date; saCallAt: Date; noShowAt: Date };

/** When each step of the confirmation routine is due; a reminder whose time has passed at booking is not sent. */
export function reminderPlan(startsAt: Date, settings: BookingSettings, now: Date): ReminderPlan {
  const day = localDate(startsAt, settings.timeZone);
  const confirmationSmsAt = zonedInstant(addDays(day, -1), settings.confirmationSmsAt, settings.timeZone);
  return {
    confirmationSmsAt: confirmationSmsAt > now ? confirmationSmsAt : null,
    assignmentDeadlineAt: zonedInstant(addDays(day, -1), settings.assignmentDeadline, settings.timeZone),
    saCallAt: new Date(startsAt.getTime() - settings.saCallLeadMinutes * 60_000),
    noShowAt: new Date(startsAt.getTime() + settings.noShowGraceMinutes * 60_000),
  };
}

export { quietHoursEnd } from '../../platform/dealer-time.js';

/** KPI formulas of domain.md §3, as percentages with one decimal; null when there is nothing to divide by. */
export const rate = (part: number, whole: number): number | null => (whole > 0 ? Math.round((1000 * part) / whole) / 10 : null);

export type AppointmentCounts = {
  arrivalsAll: number; // every customer who came (appointments and walk-ins)
  arrivalsWithAppointment: number;
  due: number; // appointments due (not cancelled beforehand)
  noShows: number;
  confirmationTargets: number;
  confirmed: number;
  arrivedOnTime: number;
};

export function appointmentKpis(c: AppointmentCounts) {
  return {
    appointmentRate: rate(c.arrivalsWithAppointment, c.arrivalsAll),
    noShowRate: rate(c.noShows, c.due),
    confirmationRate: rate(c.confirmed, c.confirmationTargets),
    successRate: rate(c.arrivalsWithAppointment, c.confirmationTargets),
    onTimeRate: rate(c.arrivedOnTime, c.arrivalsWithAppointment),
  };
}

/**
 * Per hour of day, the appointments to accept so that the expected walk-ins still fit:
 * the slot capacity minus the average walk-ins in that hour, never below zero (削峰填谷).
 */
export function suggestedQuotas(walkInsPerHour: Map<number, number>, days: number, capacityPerHour: number): Map<number, number> {
  const quotas = new Map<number, number>();
  for (const [hour, walkIns] of walkInsPerHour) quotas.set(hour, Math.max(0, capacityPerHour - Math.round(walkIns / Math.max(1, days))));
  return quotas;
}
