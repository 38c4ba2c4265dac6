// Pure rules of the follow-up pages: what the outcome form sends for each result, the due window in
// words, the next call, win-back totals, work-plan progress and the KPI summary.
import type { CallAttemptInput, CallResult, CareRule, Satisfaction } from '@servicebay/contracts';
import { CARE_RULES, isDissatisfied, isSatisfied } from '@servicebay/contracts/constants';
import type { FollowUpKpiRow, FollowUpTask, WinBackCase, WorkPlan } from '../../api/followUp';

export { CARE_RULES };

export const RULE_COLORS: Record<CareRule, string> = {
  new_car: 'magenta',
  first_maintenance: 'cyan',
  post_service: 'blue',
  periodic_maintenance: 'geekblue',
  lost_customer: 'volcano',
  birthday: 'gold',
  insurance_expiry: 'purple',
  annual_inspection: 'lime',
  licence_expiry: 'orange',
  complaint_follow_up: 'red',
  campaign_invitation: 'pink',
  value_care: 'green',
};

/** The date each timer counts from (followUpSettings.anchors.*). */
export const RULE_ANCHORS: Record<
  CareRule,
  'delivery' | 'visit' | 'due_date' | 'birthday' | 'insurance' | 'inspection' | 'licence' | 'complaint_closed' | 'campaign' | 'value_list'
> = {
  new_car: 'delivery',
  first_maintenance: 'delivery',
  post_service: 'visit',
  periodic_maintenance: 'due_date',
  lost_customer: 'due_date',
  birthday: 'birthday',
  insurance_expiry: 'insurance',
  annual_inspection: 'inspection',
  licence_expiry: 'licence',
  complaint_follow_up: 'complaint_closed',
  campaign_invitation: 'campaign',
  value_care: 'value_list',
};

/** What a booking from this call is for, by default (followUp.booking.defaultWork.*). */
export function defaultWorkKey(rule: CareRule): 'first_maintenance' | 'periodic_maintenance' | 'maintenance' {
  if (rule === 'first_maintenance' || rule === 'new_car') return 'first_maintenance';
  if (rule === 'periodic_maintenance' || rule === 'lost_customer') return 'periodic_maintenance';
  return 'maintenance';
}

/** A due window in words: days before the anchor, after it, up to it, from it, or around it (followUpSettings.window.*). */
export function windowWords(
  startDays: number,
  endDays: number,
): { key: 'before' | 'after' | 'beforeToDay' | 'dayToAfter' | 'around' | 'onDay'; from: number; to: number } {
  const from = Math.abs(startDays);
  const to = Math.abs(endDays);
  if (startDays === 0 && endDays === 0) return { key: 'onDay', from: 0, to: 0 };
  if (endDays < 0) return { key: 'before', from, to };
  if (endDays === 0) return { key: 'beforeToDay', from, to: 0 };
  if (startDays > 0) return { key: 'after', from, to };
  if (startDays === 0) return { key: 'dayToAfter', from: 0, to };
  return { key: 'around', from, to };
}

/** The outcome form's values (every field of every result; only the chosen result's are sent). */
export type OutcomeValues = {
  result: CallResult | null;
  userName?: string | null;
  userMobile?: string | null;
  /** An ISO instant with offset (the dealer's wall clock), set by the date-time picker. */
  callBackAt?: string | null;
  reportedKm?: number | null;
  servicedElsewhere?: string | null;
  satisfaction?: NonNullable<CallAttemptInput['satisfaction']> | null;
  hasDissatisfaction?: boolean;
  dissatisfaction?: { category?: NonNullable<CallAttemptInput['dissatisfaction']>['category'] | null; description?: string | null } | null;
  notes?: string | null;
  close?: boolean;
};

const text = (value: string | null | undefined) => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
};

/** The request for one result: what that result records, nothing left over from another result. */
export function toAttemptInput(values: OutcomeValues, version: number): CallAttemptInput {
  const result = values.result ?? ('' as CallResult);
  const input: CallAttemptInput = { version, result, notes: text(values.notes) };
  if (result === 'not_owner') {
    input.userName = text(values.userName);
    input.userMobile = text(values.userMobile);
  }
  if (result === 'call_back') input.callBackAt = values.callBackAt ?? null;
  if (result === 'reached') {
    input.reportedKm = values.reportedKm ?? null;
    input.servicedElsewhere = text(values.servicedElsewhere);
    input.satisfaction = values.satisfaction ?? null;
    input.dissatisfaction = values.hasDissatisfaction
      ? {
          category:
            values.dissatisfaction?.category ?? (undefined as unknown as NonNullable<CallAttemptInput['dissatisfaction']>['category']),
          description: values.dissatisfaction?.description?.trim() ?? '',
        }
      : null;
    input.close = values.close ?? true;
  }
  return input;
}

/** The tag colour of a call's satisfaction: red below neutral (the complaint threshold), green above. */
export const satisfactionColor = (s: Satisfaction): 'red' | 'default' | 'green' =>
  isDissatisfied(s) ? 'red' : isSatisfied(s) ? 'green' : 'default';

/** The call after this one: the next open task in the queue's order (wrapping round), never this one. */
export function nextTaskId(items: readonly FollowUpTask[] | undefined, currentId: string): string | null {
  if (!items) return null;
  const at = items.findIndex((task) => task.id === currentId);
  const ordered = at >= 0 ? [...items.slice(at + 1), ...items.slice(0, at)] : items;
  return ordered.find((task) => task.id !== currentId && task.status === 'open')?.id ?? null;
}

/** Where a call screen opened from a queue finds its "next call": the same scope and rule. */
export function queueSearch(scope: 'mine' | 'team', rule: CareRule | undefined): string {
  const params = new URLSearchParams();
  if (scope === 'team') params.set('scope', 'team');
  if (rule) params.set('rule', rule);
  const qs = params.toString();
  return qs ? `?${qs}` : '';
}

/** Is the agreed call-back time already here (or past)? */
export function callBackDue(task: Pick<FollowUpTask, 'callBackAt' | 'status'>, now: Date = new Date()): boolean {
  return task.status === 'open' && !!task.callBackAt && new Date(task.callBackAt).getTime() <= now.getTime();
}

export type WinBackTotals = { cases: number; costFen: number; wonBack: number; lost: number; pending: number; wonBackRate: number | null };

export function winBackTotals(cases: readonly WinBackCase[]): WinBackTotals {
  const count = (result: WinBackCase['result']) => cases.filter((c) => c.result === result).length;
  const wonBack = count('won_back');
  const lost = count('lost');
  const decided = wonBack + lost;
  return {
    cases: cases.length,
    costFen: cases.reduce((sum, c) => sum + c.costFen, 0),
    wonBack,
    lost,
    pending: count('pending'),
    wonBackRate: decided > 0 ? Math.round((wonBack / decided) * 1000) / 10 : null,
  };
}

/** Yuan typed in the form → integer fen (¥12.345 → 1235). */
export function yuanToFen(yuan: number | null | undefined): number {
  return yuan === null || yuan === undefined || Number.isNaN(yuan) ? 0 : Math.round(yuan * 100);
}

export const STANDING_COLORS: Record<WorkPlan['standing'], string> = {
  below_minimum: '#cf1322',
  behind: '#fa8c16',
  on_track: '#1565c0',
  target_met: '#389e0d',
};

/** The progress bar of a plan: actual and minimum as percentages of the target (capped at 100). */
export function planProgress(plan: Pick<WorkPlan, 'actualCount' | 'targetCount' | 'minimumCount'>): {
  percent: number;
  minimumPercent: number;
} {
  const of = (n: number) => (plan.targetCount > 0 ? Math.min(100, Math.round((n / plan.targetCount) * 1000) / 10) : 0);
  return { percent: of(plan.actualCount), minimumPercent: of(plan.minimumCount) };
}

export type FollowUpKpiSummary = {
  tasksDue: number;
  tasksClosed: number;
  tasksReached: number;
  tasksOverdue: number;
  appointmentsBooked: number;
  reminderTargets: number;
  reminderReturned: number;
  completion: number | null;
  contact: number | null;
  conversion: number | null;
  periodicReturn: number | null;
};

const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 1000) / 10 : null);

/** The whole range's rates from the summed counts (contact: reached ÷ tasks called at least once). */
export function summariseFollowUp(rows: readonly FollowUpKpiRow[]): FollowUpKpiSummary {
  const sum = (key: keyof FollowUpKpiRow['counts']) => rows.reduce((s, r) => s + r.counts[key], 0);
  const totals = {
    tasksDue: sum('tasksDue'),
    tasksClosed: sum('tasksClosed'),
    tasksReached: sum('tasksReached'),
    tasksOverdue: sum('tasksOverdue'),
    appointmentsBooked: sum('appointmentsBooked'),
    reminderTargets: sum('reminderTargets'),
    reminderReturned: sum('reminderReturned'),
  };
  const contact = ratio(totals.tasksReached, sum('tasksAttempted'));
  return {
    ...totals,
    completion: ratio(totals.tasksClosed, totals.tasksDue),
    contact,
    conversion: ratio(totals.appointmentsBooked, totals.tasksReached),
    periodicReturn: ratio(totals.reminderReturned, totals.reminderTargets),
  };
}
