import type { CallResult, CareRule, CareRuleSetting, FollowUpStatus } from '@servicebay/contracts';
import { addDays } from '../../platform/dealer-time.js';
import { daysBetween } from '../repair-orders/repair-orders.rules.js';

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
};

/** Rules started by an event (a delivery, a closed complaint) rather than by the nightly run. */
export const EVENT_RULES = ['post_service', 'complaint_follow_up'] as const satisfies readonly CareRule[];
export type EventRule = (typeof EVENT_RULES)[number];
export const isEventRule = (rule: CareRule): rule is EventRule => (EVENT_RULES as readonly CareRule[]).includes(rule);

/** The dealer's rules: its own settings over the defaults, rule by rule. */
export function careRules(overrides: Partial<Record<string, Partial<CareRuleSetting>>> | null | undefined): Record<CareRule, CareRuleSetting> {
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
      return attempt.close === false ? { status: 'open', attempts, outcome: null, callBackAt: null } : { status: 'done', attempts, outcome: 'reached', callBackAt: null };
    case 'not_owner':
      return { status: 'open', attempts, outcome: null, callBackAt: attempt.callBackAt ?? null };
    case 'call_back':
      return { status: 'open', attempts, outcome: null, callBackAt: attempt.callBackAt ?? null };
    case 'no_answer':
      return attempts >= maxAttempts ? { status: 'unreachable', attempts, outcome: 'no_answer', callBackAt: null } : { status: 'open', attempts, outcome: null, callBackAt: null };
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
export function planStanding(plan: { periodFrom: string; periodTo: string; targetCount: number; minimumCount: number }, actual: number, today: string): PlanStanding {
  if (actual >= plan.targetCount) return 'target_met';
  const total = daysBetween(plan.periodFrom, plan.periodTo) + 1;
  const elapsed = Math.min(total, Math.max(0, daysBetween(plan.periodFrom, today) + 1));
  const share = elapsed / total;
  if (actual >= Math.floor(plan.targetCount * share)) return 'on_track';
  if (actual >= Math.floor(plan.minimumCount * share)) return 'behind';
  return 'below_minimum';
}
