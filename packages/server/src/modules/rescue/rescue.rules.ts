import { RESCUE_BACKDATE_HOURS, type RescueOutcome, type RescueStatus } from '@servicebay/contracts';

// Roadside rescue's rules (issue 17), pure: which step may follow which, when a step's time is
// acceptable, the response time (call → arrival on site) and the response KPI of a set of calls.

/** What a user does to a call; each leads to one status. */
export type RescueStep = 'dispatch' | 'arrive' | 'complete' | 'cancel';

const STEP_TO: Record<RescueStep, RescueStatus> = { dispatch: 'dispatched', arrive: 'arrived', complete: 'completed', cancel: 'cancelled' };

/** The statuses each step may be taken from: forward one step at a time; cancelled only before the unit is on site. */
const FROM: Record<RescueStep, readonly RescueStatus[]> = {
  dispatch: ['received'],
  arrive: ['dispatched'],
  complete: ['arrived'],
  cancel: ['received', 'dispatched'],
};

export function rescueStepAllowed(status: RescueStatus, step: RescueStep): boolean {
  return FROM[step].includes(status);
}

export const statusAfter = (step: RescueStep): RescueStatus => STEP_TO[step];

export type StepTimes = { receivedAt: Date; dispatchedAt: Date | null; arrivedAt: Date | null };

/** The time the step must not precede: the previous step's (the call's for a cancellation). */
function previousOf(step: RescueStep, times: StepTimes): Date {
  if (step === 'arrive') return times.dispatchedAt ?? times.receivedAt;
  if (step === 'complete') return times.arrivedAt ?? times.dispatchedAt ?? times.receivedAt;
  if (step === 'cancel') return times.dispatchedAt ?? times.receivedAt;
  return times.receivedAt;
}

export type StepTimeProblem = 'in_future' | 'before_previous_step' | 'too_far_back';

/**
 * Whether `at` is an acceptable time for `step`: not after `now`, not before the previous step (times
 * are monotonic), and not more than RESCUE_BACKDATE_HOURS before `now`. Null when it is.
 */
export function stepTimeProblem(step: RescueStep, at: Date, times: StepTimes, now: Date): StepTimeProblem | null {
  if (at.getTime() > now.getTime()) return 'in_future';
  if (at.getTime() < previousOf(step, times).getTime()) return 'before_previous_step';
  if (now.getTime() - at.getTime() > RESCUE_BACKDATE_HOURS * 3_600_000) return 'too_far_back';
  return null;
}

/** When a call came in: not after `now` and at most RESCUE_BACKDATE_HOURS before it. */
export function receivedAtProblem(at: Date, now: Date): 'in_future' | 'too_far_back' | null {
  if (at.getTime() > now.getTime()) return 'in_future';
  if (now.getTime() - at.getTime() > RESCUE_BACKDATE_HOURS * 3_600_000) return 'too_far_back';
  return null;
}

/** Call → arrival on site in minutes (exact); null before arrival. */
export function responseMinutes(receivedAt: Date, arrivedAt: Date | null): number | null {
  return arrivedAt ? (arrivedAt.getTime() - receivedAt.getTime()) / 60_000 : null;
}

/** Minutes since the call, for the open calls' board. */
export function elapsedMinutes(receivedAt: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - receivedAt.getTime()) / 60_000));
}

export type KpiCall = {
  status: RescueStatus;
  receivedAt: Date;
  arrivedAt: Date | null;
  outcome: RescueOutcome | null;
  /** The call's dealer's target in minutes. */
  targetMinutes: number;
};

export type RescueFigures = {
  calls: number;
  arrived: number;
  completed: number;
  cancelled: number;
  medianResponseMinutes: number | null;
  averageResponseMinutes: number | null;
  withinTarget: number;
  withinTargetShare: number | null;
  towedToDealer: number;
};

const oneDecimal = (x: number) => Math.round(x * 10) / 10;

/** The middle value (the mean of the two middle ones for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The response KPI of some calls: the median and average response in minutes (one decimal) over the
 * calls a unit reached, and the share of those reached within their dealer's target (at most the
 * target counts). Cancelled calls count as calls and cancellations, never in the response time.
 */
export function rescueFigures(calls: readonly KpiCall[]): RescueFigures {
  const responses = calls.flatMap((c) => {
    const minutes = responseMinutes(c.receivedAt, c.arrivedAt);
    return minutes === null ? [] : [{ minutes, target: c.targetMinutes }];
  });
  const minutes = responses.map((r) => r.minutes);
  const withinTarget = responses.filter((r) => r.minutes <= r.target).length;
  const mid = median(minutes);
  return {
    calls: calls.length,
    arrived: responses.length,
    completed: calls.filter((c) => c.status === 'completed').length,
    cancelled: calls.filter((c) => c.status === 'cancelled').length,
    medianResponseMinutes: mid === null ? null : oneDecimal(mid),
    averageResponseMinutes: minutes.length ? oneDecimal(minutes.reduce((a, b) => a + b, 0) / minutes.length) : null,
    withinTarget,
    withinTargetShare: responses.length ? withinTarget / responses.length : null,
    towedToDealer: calls.filter((c) => c.outcome === 'towed_to_dealer').length,
  };
}
