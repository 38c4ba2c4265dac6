// What booking is worth to the customer (domain.md §3): an appointment kept on time earns the
// dealer's benefits — a labour discount at settlement, the dedicated lane, and a small gift when the
// dealer itself was late — unless the customer's recent no-shows have lost them. Pure: the
// repositories count, these decide.

import { labourDiscountFen } from '@servicebay/contracts';
import type { BookingSettings } from './appointments.rules.js';

export type BenefitSettings = Pick<
  BookingSettings,
  'keptLabourDiscountPercent' | 'dedicatedLane' | 'apologyGift' | 'noShowForfeitCount' | 'noShowForfeitMonths'
>;

/** The dealer offers something for a kept appointment. */
export const offersBenefits = (s: BenefitSettings) => s.keptLabourDiscountPercent > 0 || s.dedicatedLane || s.apologyGift !== '';

/** No-shows lose the benefits: `noShowForfeitCount` of them in the months before the appointment (0: never). */
export const forfeitsBenefits = (recentNoShows: number, s: Pick<BenefitSettings, 'noShowForfeitCount'>) =>
  s.noShowForfeitCount > 0 && recentNoShows >= s.noShowForfeitCount;

/** What a new booking may promise the customer: the dealer's offer, unless it offers nothing or the customer's no-shows lost it. */
export function bookingOffer(s: BenefitSettings, recentNoShows: number) {
  if (!offersBenefits(s) || forfeitsBenefits(recentNoShows, s)) return null;
  return { labourDiscountPercent: s.keptLabourDiscountPercent, dedicatedLane: s.dedicatedLane, apologyGift: s.apologyGift };
}

/** The start of the window in which no-shows count against an appointment at `startsAt`. */
export function forfeitWindowStart(startsAt: Date, months: number): Date {
  const start = new Date(startsAt);
  start.setUTCMonth(start.getUTCMonth() - months);
  return start;
}

/**
 * The board's 预约专用通道 flag, for a customer still to be received (or just arrived): the dealer
 * offers it and no-shows did not lose it, or the customer is a club member whose level gives
 * priority booking (the brand's benefit, not the dealer's: no-shows at a dealer do not take it).
 */
export function dedicatedLaneOf(
  appointment: { status: string; recentNoShows: number; priorityMember: boolean },
  s: Pick<BenefitSettings, 'dedicatedLane' | 'noShowForfeitCount'>,
) {
  if (!['booked', 'confirmed', 'arrived'].includes(appointment.status)) return false;
  return appointment.priorityMember || (s.dedicatedLane && !forfeitsBenefits(appointment.recentNoShows, s));
}

export type DealerLateness = 'reception' | 'delivery';

/**
 * The dealer was late for the customer: greeted later than the timely-reception limit after arrival,
 * or the car ready after the time promised on the repair order (not ready yet at `now` counts as `now`).
 */
export function dealerLateness(
  visit: { arrivedAt: Date; greetedAt: Date; promisedAt: Date; readyAt: Date | null },
  timelyReceptionMinutes: number,
  now: Date,
): DealerLateness | null {
  if (visit.greetedAt.getTime() - visit.arrivedAt.getTime() > timelyReceptionMinutes * 60_000) return 'reception';
  if ((visit.readyAt ?? now).getTime() > visit.promisedAt.getTime()) return 'delivery';
  return null;
}

export type KeptAppointmentBenefit = {
  appointmentNumber: string;
  labourDiscountPercent: number;
  discountFen: number;
  apologyGift: string | null;
  dealerLate: DealerLateness | null;
};

/**
 * The benefit on the invoice of a visit that came from an appointment: only an appointment kept on
 * time (arrived within the on-time window) and not lost to no-shows earns it; the labour discount is
 * the dealer's percent of the customer-paid labour, never more than what is left of it
 * (`labourLeftFen`: after the club's discount); the gift only when the dealer was late. Null: nothing earned.
 */
export function keptAppointmentBenefit(input: {
  appointment: { number: string; arrivalStatus: 'early' | 'on_time' | 'late' | null; recentNoShows: number } | null;
  settings: BenefitSettings;
  labourLeftFen: number;
  dealerLate: DealerLateness | null;
}): KeptAppointmentBenefit | null {
  const { appointment, settings } = input;
  if (!appointment || appointment.arrivalStatus !== 'on_time') return null;
  if (forfeitsBenefits(appointment.recentNoShows, settings)) return null;
  const discountFen = labourDiscountFen(Math.max(0, input.labourLeftFen), settings.keptLabourDiscountPercent);
  const apologyGift = input.dealerLate && settings.apologyGift !== '' ? settings.apologyGift : null;
  if (discountFen === 0 && !apologyGift) return null;
  return {
    appointmentNumber: appointment.number,
    labourDiscountPercent: settings.keptLabourDiscountPercent,
    discountFen,
    apologyGift,
    dealerLate: apologyGift ? input.dealerLate : null,
  };
}
