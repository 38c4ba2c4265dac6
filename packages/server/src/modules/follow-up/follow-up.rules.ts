import type { CallResult, CareRule, CareRuleSetting, FollowUpStatus } from '@servicebay/contracts';
import { addDays } from '../../platform/dealer-time.js';
import { addMonths, daysBetween } from '../repair-orders/repair-orders.rules.js';
import type { Reading } from '../vehicles/vehicles.rules.js';

export { rate } from '../appointments/appointments.rules.js';

// Pure rules of the care centre (domain.md §5, §10): the timers' due windows, what a call attempt
// does to its task, and how a work plan stands. No I/O; `today` is passed in.

/** The defaults of domain.md §5; a dealer overrides any of them. Windows are days from the anchor date. */
export const DEFAULT_CARE_RULES: Record<CareRule, CareRuleSetting> = {
  // Within 7 days of the new car's delivery: usage, purchase satisfaction, new-car tips.
  new_car: { enabled: true, startDays: 1, endDays: 7, owner: 'pool' },
  // 30–60 days after delivery: the free first maintenance.
  first_maintenance: { enabled: true, startDays: 30, endDays: 60, owner: 'pool' },
  // 0–3 days after each delivered visit.
  post_service: { enabled: true, startDays: 0, endDays: 3, owner: 'pool' },
  // 10–15 days before the predicted due date.
  periodic_maintenance: { enabled: true, startDays: -15, endDays: -10, owner: 'sa' },
  // Three months past the due date without a visit: lost (流失), called to win them back.
  lost_customer: { enabled: true, startDays: 90, endDays: 120, owner: 'pool' },
  birthday: { enabled: true, startDays: -3, endDays: 0, owner: 'pool' },
  insurance_expiry: { enabled: true, startDays: -30, endDays: -15, owner: 'pool' },
  annual_inspection: { enabled: true, startDays: -30, endDays: -15, owner: 'pool' },
  licence_expiry: { enabled: true, startDays: -30, endDays: -15, owner: 'pool' },
  // 7 days after a complaint closed with the customer satisfied; the complaint's owner calls.
  complaint_follow_up: { enabled: true, startDays: 7, endDays: 9, owner: 'sa' },
  // Within two weeks of a recall or service campaign's launch: invite the owner in.
  campaign_invitation: { enabled: true, startDays: 0, endDays: 14, owner: 'pool' },
  // A call list made from a customer-value segment, within two weeks of the day it was made.
  value_care: { enabled: true, startDays: 0, endDays: 14, owner: 'pool' },
};

/** Rules started by an event (a delivery, a closed complaint) rather than by the nightly run. */
export const EVENT_RULES = [
  'post_service',
  'complaint_follow_up',
  'campaign_invitation',
  'value_care',
] as const satisfies readonly CareRule[];
export type EventRule = (typeof EVENT_RULES)[number];
export const isEventRule = (rule: CareRule): rule is EventRule => (EVENT_RULES as readonly CareRule[]).includes(rule);

/** The dealer's rules: its own settings over the defaults, rule by rule. */
export function careRules(
  overrides: Partial<Record<string, Partial<CareRuleSetting>>> | null | undefined,
): Record<CareRule, CareRuleSetting> {
  const merged = { ...DEFAULT_CARE_RULES };
  for (const rule of Object.keys(DEFAULT_CARE_RULES) as CareRule[]) {
    const own = overrides?.[rule];
    if (own) merged[rule] = { ...DEFAULT_CARE_RULES[rule], ...own };
  }
  return merged;
}

export type DueWindow = { dueFrom: string; dueUntil: string };

/** The days in which the call is due, from the rule's anchor date. */
export function careWindow(anchorOn: string, setting: Pick<CareRuleSetting, 'startDays' | 'endDays'>): DueWindow {
  return { dueFrom: addDays(anchorOn, setting.startDays), dueUntil: addDays(anchorOn, setting.endDays) };
}

/** Is the window open on `today` (the nightly run creates the task then; a late run still catches it)? */
export function windowOpen(anchorOn: string, setting: Pick<CareRuleSetting, 'startDays' | 'endDays'>, today: string): boolean {
  const { dueFrom, dueUntil } = careWindow(anchorOn, setting);
  return dueFrom <= today && today <= dueUntil;
}

/** The birthday as it falls in the year of `today` or the next one (29 February → 28 February in other years). */
export function nextBirthday(birthday: string, today: string): string {
  const month = Number(birthday.slice(5, 7));
  const day = Number(birthday.slice(8, 10));
  const inYear = (year: number) => {
    const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
    return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(day, last)).padStart(2, '0')}`;
  };
  const year = Number(today.slice(0, 4));
  return inYear(year) >= today ? inYear(year) : inYear(year + 1);
}

/** Where a task stands after an attempt. */
export type AttemptEffect = { status: FollowUpStatus; attempts: number; outcome: string | null; callBackAt: string | null };

/**
 * reached → done (unless the agent keeps it open for another call); not the owner → the user is
 * recorded and the task stays open to call again; call back → open with the agreed time; no answer
 * → open until `maxAttempts` unanswered attempts close it as unreachable; wrong number → unreachable.
 */
export function applyAttempt(
  task: { status: FollowUpStatus; attempts: number },
  attempt: { result: CallResult; close?: boolean | undefined; callBackAt?: string | null | undefined },
  maxAttempts: number,
): AttemptEffect {
  if (task.status !== 'open') throw new RangeError(`a ${task.status} task takes no more calls`);
  const attempts = task.attempts + 1;
  switch (attempt.result) {
    case 'reached':
      return attempt.close === false
        ? { status: 'open', attempts, outcome: null, callBackAt: null }
        : { status: 'done', attempts, outcome: 'reached', callBackAt: null };
    case 'not_owner':
      return { status: 'open', attempts, outcome: null, callBackAt: attempt.callBackAt ?? null };
    case 'call_back':
      return { status: 'open', attempts, outcome: null, callBackAt: attempt.callBackAt ?? null };
    case 'no_answer':
      return attempts >= maxAttempts
        ? { status: 'unreachable', attempts, outcome: 'no_answer', callBackAt: null }
        : { status: 'open', attempts, outcome: null, callBackAt: null };
    case 'wrong_number':
      return { status: 'unreachable', attempts, outcome: 'wrong_number', callBackAt: null };
  }
}

/** An open task is overdue the day after its window closes. */
export const isOverdue = (task: { status: string; dueUntil: string }, today: string) => task.status === 'open' && task.dueUntil < today;

/** The agent with the fewest open tasks gets the next one (ties: the first in the list's order). */
export function leastLoaded<T extends { openTasks: number }>(agents: readonly T[]): T | null {
  let best: T | null = null;
  for (const agent of agents) if (!best || agent.openTasks < best.openTasks) best = agent;
  return best;
}

export type PlanStanding = 'below_minimum' | 'behind' | 'on_track' | 'target_met';

/**
 * A plan's standing on `today`: target met; or, pro rata to the days elapsed, on track (at or above the
 * target's share), behind (at or above the minimum's share) or below the minimum. After the period the
 * shares are whole.
 */
export function planStanding(
  plan: { periodFrom: string; periodTo: string; targetCount: number; minimumCount: number },
  actual: number,
  today: string,
): PlanStanding {
  if (actual >= plan.targetCount) return 'target_met';
  const total = daysBetween(plan.periodFrom, plan.periodTo) + 1;
  const elapsed = Math.min(total, Math.max(0, daysBetween(plan.periodFrom, today) + 1));
  const share = elapsed / total;
  if (actual >= Math.floor(plan.targetCount * share)) return 'on_track';
  if (actual >= Math.floor(plan.minimumCount * share)) return 'behind';
  return 'below_minimum';
}

// ---------------------------------------------------------------------------------------------
// Maintenance due prediction (domain.md §5): the one rule behind the vehicle page, the delivery
// card, the call screen and the nightly run. The nightly run computes it set-based in SQL
// (prediction.repository.ts); test/follow-up.prediction.test.ts proves the two equal on varied cases.

export type MaintenanceDueInput = {
  today: string;
  /** The model's service interval, whichever comes first (default 5,000 km / 3 months). */
  intervalKm: number;
  intervalMonths: number;
  /** Every odometer reading of the car, any source (visits, calls, the customer, imports), any order. */
  readings: readonly Reading[];
  /** The latest delivered visit in the network: its day and its mileage-in (null when none was read). */
  lastService: { on: string; km: number | null } | null;
  /** The new car's delivery; counted from only when there is no service and no reading at all. */
  deliveredOn: string | null;
};

export type MaintenanceDue = {
  dueOn: string;
  /** The odometer reading at which the distance interval is reached (estimated when the service's own reading is unknown). */
  dueKm: number | null;
  /** Estimated km per day, one decimal; null without two readings on different days. */
  dailyKm: number | null;
  confidence: 'low' | 'medium' | 'high';
  /** Which interval sets the date; `time_only` when there was no usable mileage. */
  basis: 'time_only' | 'time' | 'distance';
  /** What the due date counts from. */
  countedFrom: 'last_service' | 'readings' | 'delivery';
  /** Readings (the last service counts as one) behind the daily mileage; 0 without a daily mileage. */
  readingsUsed: number;
  /** The last service (or the delivery, at 0 km); null when counted from the readings. */
  lastServiceOn: string | null;
  /** Its reading on the current odometer; null when unknown or read on a replaced odometer. */
  lastServiceKm: number | null;
};

type Point = { on: string; km: number };

/**
 * Due date = the first date on which either the time or the distance interval is reached, counted from:
 *
 * - **the last service** in the network (the latest delivered visit) at its mileage-in. Without a
 *   mileage-in, or when the odometer was replaced since, the distance is estimated from the daily mileage.
 * - otherwise **the readings** (calls, the customer, visits without a repair order): the car is taken
 *   to be serviced by its schedule elsewhere, so the next service is at the next multiple of the
 *   distance interval above the latest reading, and at the latest one time interval after that reading.
 * - otherwise (no reading at all) **the delivery** as a new car at 0 km, by time only.
 * A car with no service, no reading and no delivery date has no prediction (null).
 *
 * Daily mileage comes from the readings of the current odometer (those before a replacement are
 * ignored; on the replacement day only the new odometer's reading counts), the last service being
 * one of them: the readings of the last 12 months, or the last 4 when those are fewer.
 *
 * Confidence, from how many readings over how long (that window):
 * - high: at least 3 readings covering at least 6 months;
 * - medium: at least 2 readings covering at least 30 days;
 * - low: anything less (one reading, readings within a month, none, or a mileage that goes down).
 */
export function maintenanceDue(input: MaintenanceDueInput): MaintenanceDue | null {
  const { intervalKm, intervalMonths, today } = input;
  if (!Number.isSafeInteger(intervalKm) || intervalKm <= 0 || !Number.isSafeInteger(intervalMonths) || intervalMonths <= 0) {
    throw new RangeError(`intervals must be positive whole numbers, got ${intervalKm} km / ${intervalMonths} months`);
  }
  const service = input.lastService && input.lastService.on <= today ? input.lastService : null;
  const sorted = input.readings.filter((r) => r.readOn <= today).sort((a, b) => (a.readOn < b.readOn ? -1 : a.readOn > b.readOn ? 1 : 0));
  // The current odometer's life starts with the last replacement: on that day only the new odometer's reading counts.
  const replacedOn = sorted.reduce<string | null>(
    (last, r) => (r.odometerReplaced && (last === null || r.readOn > last) ? r.readOn : last),
    null,
  );
  const life =
    replacedOn === null ? sorted : sorted.filter((r) => r.readOn > replacedOn || (r.readOn === replacedOn && r.odometerReplaced));
  // A service on the day of the replacement is read on the new odometer.
  const serviceKm = service && service.km !== null && (replacedOn === null || service.on >= replacedOn) ? service.km : null;

  const byDay = new Map<string, number>();
  const note = (on: string, km: number) => byDay.set(on, Math.max(km, byDay.get(on) ?? -Infinity));
  for (const r of life) note(r.readOn, r.km);
  if (service && serviceKm !== null) note(service.on, serviceKm);
  const points: Point[] = [...byDay].map(([on, km]) => ({ on, km })).sort((a, b) => (a.on < b.on ? -1 : 1));

  const since = addMonths(today, -12);
  let window = points.filter((p) => p.on >= since);
  if (window.length < 4) window = points.slice(-4);
  const first = window[0];
  const latest = points.at(-1);
  const spanDays = first && latest ? daysBetween(first.on, latest.on) : 0;
  const spanKm = first && latest ? latest.km - first.km : 0;
  const hasRate = spanDays >= 1 && spanKm >= 0;
  const moving = hasRate && spanKm > 0;

  let countedFrom: MaintenanceDue['countedFrom'];
  let timeDueOn: string;
  let distanceDueOn: string | null = null;
  let dueKm: number | null = null;
  let lastServiceOn: string | null = null;
  let lastServiceKm: number | null = null;
  if (service) {
    countedFrom = 'last_service';
    lastServiceOn = service.on;
    lastServiceKm = serviceKm;
    timeDueOn = addMonths(service.on, intervalMonths);
    if (serviceKm !== null) {
      dueKm = serviceKm + intervalKm;
      const i = points.findIndex((p) => p.on >= service.on && p.km >= dueKm!);
      const q = points[i];
      const p = points[i - 1];
      if (q && p && q.km > p.km) {
        // Already driven: interpolate the day the distance was reached.
        distanceDueOn = addDays(p.on, Math.ceil(((dueKm - p.km) * daysBetween(p.on, q.on)) / (q.km - p.km)));
      } else if (q) {
        distanceDueOn = q.on;
      } else if (moving && latest) {
        distanceDueOn = addDays(latest.on, Math.ceil(((dueKm - latest.km) * spanDays) / spanKm));
      }
    } else if (moving && latest) {
      // The service's own reading is unknown (or on a replaced odometer): the distance since is estimated from the daily mileage.
      distanceDueOn = addDays(service.on, Math.ceil((intervalKm * spanDays) / spanKm));
      dueKm = latest.km + Math.round((spanKm * daysBetween(latest.on, distanceDueOn)) / spanDays);
    }
  } else if (latest) {
    countedFrom = 'readings';
    dueKm = (Math.floor(latest.km / intervalKm) + 1) * intervalKm;
    timeDueOn = addMonths(latest.on, intervalMonths);
    if (moving) distanceDueOn = addDays(latest.on, Math.ceil(((dueKm - latest.km) * spanDays) / spanKm));
  } else if (input.deliveredOn) {
    countedFrom = 'delivery';
    lastServiceOn = input.deliveredOn;
    lastServiceKm = 0;
    dueKm = intervalKm;
    timeDueOn = addMonths(input.deliveredOn, intervalMonths);
  } else {
    return null;
  }

  const distanceFirst = distanceDueOn !== null && distanceDueOn < timeDueOn;
  let confidence: MaintenanceDue['confidence'] = 'low';
  if (hasRate && window.length >= 3 && addMonths(first!.on, 6) <= latest!.on) confidence = 'high';
  else if (hasRate && spanDays >= 30) confidence = 'medium';

  return {
    dueOn: distanceFirst ? distanceDueOn! : timeDueOn,
    dueKm,
    dailyKm: hasRate ? Math.round((10 * spanKm) / spanDays) / 10 : null,
    confidence,
    basis: distanceFirst ? 'distance' : hasRate || distanceDueOn !== null ? 'time' : 'time_only',
    countedFrom,
    readingsUsed: hasRate ? window.length : 0,
    lastServiceOn,
    lastServiceKm,
  };
}
