// Pick-up and delivery (上门取送车) and designated driving (代驾), domain.md §5: the dealer's area and
// fee, the time window a customer is given, and the steps of a job. Pure: `now` comes in.

import {
  MAX_PICKUP_WINDOW_HOURS,
  PICKUP_BOOK_AHEAD_DAYS,
  type PickupKind,
  type PickupSettings,
  type PickupStatus,
  pickupFeeOf,
} from '@servicebay/contracts';

/** A dealer that has not set its area offers no pick-up; the figures are a city dealer's usual ones. */
export const DEFAULT_PICKUP_SETTINGS: PickupSettings = {
  enabled: false,
  maxDistanceKm: 20,
  freeKm: 10,
  feePerKmFen: 300,
  areas: [],
  onlineWindowMinutes: 60,
  onlineLeadMinutes: 30,
  version: null,
};

type Refusal = { ok: false; field: string; code: string; message: string };

/** Where the driver goes: one of the dealer's named areas within its distance limit, and its fee. */
export function quoteArea(settings: PickupSettings, areaName: string): { ok: true; distanceKm: number; feeFen: number } | Refusal {
  if (!settings.enabled) return { ok: false, field: 'kind', code: 'pickup_disabled', message: 'the dealer offers no pick-up or driving' };
  const area = settings.areas.find((a) => a.name === areaName);
  if (!area) return { ok: false, field: 'area', code: 'unknown_area', message: 'not one of the dealer’s service areas' };
  if (area.distanceKm > settings.maxDistanceKm)
    return {
      ok: false,
      field: 'area',
      code: 'outside_area',
      message: `${area.distanceKm} km is beyond the dealer's limit of ${settings.maxDistanceKm} km`,
    };
  return { ok: true, distanceKm: area.distanceKm, feeFen: pickupFeeOf(area.distanceKm, settings) };
}

/** What is wrong with a time window, on the field to correct, or null: ahead of now, in order, short enough, not too far out. */
export function windowProblem(start: Date, end: Date, now: Date): Refusal | null {
  if (end.getTime() <= start.getTime())
    return { ok: false, field: 'windowEnd', code: 'before_start', message: 'the window ends before it starts' };
  if (end.getTime() - start.getTime() > MAX_PICKUP_WINDOW_HOURS * 3_600_000)
    return { ok: false, field: 'windowEnd', code: 'window_too_long', message: `a window is at most ${MAX_PICKUP_WINDOW_HOURS} hours` };
  if (start.getTime() < now.getTime() - 15 * 60_000)
    return { ok: false, field: 'windowStart', code: 'in_past', message: 'the window has begun already' };
  if (start.getTime() > now.getTime() + PICKUP_BOOK_AHEAD_DAYS * 86_400_000)
    return { ok: false, field: 'windowStart', code: 'beyond_pickup_horizon', message: `at most ${PICKUP_BOOK_AHEAD_DAYS} days ahead` };
  return null;
}

/** A pick-up brings the car to its appointment: the driver's window ends by the time the appointment starts. */
export function pickupAfterAppointment(windowEnd: Date, appointmentStartsAt: Date): Refusal | null {
  if (windowEnd.getTime() > appointmentStartsAt.getTime())
    return { ok: false, field: 'windowEnd', code: 'after_appointment', message: 'the pick-up must end before the appointment starts' };
  return null;
}

/** The dealer's pick-up offer on its online booking page: its areas with their fee, or null when it offers none. */
export function onlineOffer(settings: PickupSettings) {
  if (!settings.enabled) return null;
  const areas = settings.areas
    .filter((a) => a.distanceKm <= settings.maxDistanceKm)
    .map((a) => ({ name: a.name, distanceKm: a.distanceKm, feeFen: pickupFeeOf(a.distanceKm, settings) }));
  if (!areas.length) return null;
  return { areas, leadMinutes: settings.onlineLeadMinutes, windowMinutes: settings.onlineWindowMinutes };
}

export type PickupStep = 'assign' | 'set_out' | 'take' | 'hand_over' | 'cancel';

const FROM: Record<PickupStep, readonly PickupStatus[]> = {
  // A driver may be changed until they set out.
  assign: ['requested', 'assigned'],
  set_out: ['assigned'],
  take: ['en_route'],
  hand_over: ['picked_up'],
  cancel: ['requested', 'assigned', 'en_route'],
};
const TO: Record<PickupStep, PickupStatus> = {
  assign: 'assigned',
  set_out: 'en_route',
  take: 'picked_up',
  hand_over: 'completed',
  cancel: 'cancelled',
};

/** The status a step leads to from `status`, or why it cannot be taken now. */
export function pickupStep(status: PickupStatus, step: PickupStep): { ok: true; to: PickupStatus } | { ok: false; message: string } {
  if (!FROM[step].includes(status)) return { ok: false, message: `a job that is ${status} cannot ${step.replace('_', ' ')}` };
  return { ok: true, to: TO[step] };
}

/** The km at the hand-over: not below the km the car was taken at (the route's length is their difference). */
export function handOverProblem(startKm: number | null, endKm: number): Refusal | null {
  if (startKm !== null && endKm < startKm)
    return { ok: false, field: 'odometerKm', code: 'below_start_km', message: `below the ${startKm} km read when the car was taken` };
  if (startKm !== null && endKm - startKm > 1000)
    return { ok: false, field: 'odometerKm', code: 'too_big', message: 'more than 1000 km on one route' };
  return null;
}

/** Which SMS a step sends the customer: when the driver sets out, and when their car is back with them. */
export function messageOf(kind: PickupKind, step: PickupStep): 'pickup.set_out' | 'pickup.car_back' | null {
  if (step === 'set_out') return 'pickup.set_out';
  if (step === 'hand_over' && kind === 'delivery') return 'pickup.car_back';
  return null;
}
