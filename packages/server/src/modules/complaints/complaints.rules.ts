import {
  COMPLAINT_CATEGORIES,
  type ComplaintCategory,
  type ComplaintSettings,
  type ComplaintStatus,
  type DealerRole,
  ESCALATION_LEVELS,
  type HandlerRole,
  type Role,
  type SlaStep,
} from '@servicebay/contracts';
import { addDays, localDate, zonedInstant } from '../../platform/dealer-time.js';

// The complaint case as pure rules (domain.md §6): the SLA clock in calendar or business hours, the
// state machine, escalation one level at a time, routing by category and recovery approval limits.

const HOUR = 3_600_000;

export const DEFAULT_COMPLAINT_SETTINGS: ComplaintSettings = {
  clock: 'calendar',
  acknowledgeHours: 1,
  feedbackHours: 24,
  resolveHours: 72,
  escalationHours: 24,
  // Parts shortage → parts manager; technical or repair quality → technical director; others → service manager.
  routing: {
    service_attitude: 'service_manager',
    repair_quality: 'technical_director',
    price: 'service_manager',
    timeliness: 'service_manager',
    parts: 'parts_manager',
    product_quality: 'technical_director',
    sales: 'service_manager',
    misunderstanding: 'service_manager',
  },
  recoveryCatalogue: [
    { kind: 'free_wash', name: '免费洗车', costFen: 3_000 },
    { kind: 'gift', name: '精品礼包', costFen: 20_000 },
    { kind: 'labour_discount', name: '工时费八折', costFen: 10_000 },
    { kind: 'loaner_car', name: '代步车一天', costFen: 30_000 },
    { kind: 'free_maintenance', name: '免费保养一次', costFen: 60_000 },
    { kind: 'free_repair', name: '免费返修', costFen: 50_000 },
  ],
  approvalLimits: {
    service_advisor: 20_000,
    customer_relations: 20_000,
    front_desk_supervisor: 50_000,
    parts_manager: 50_000,
    technical_director: 100_000,
    service_manager: 300_000,
    general_manager: null,
    dealer_admin: null,
  },
};

/** The dealer's settings over the defaults (settings stored before a field existed keep working). */
export function complaintSettings(stored: Partial<ComplaintSettings> | null | undefined): ComplaintSettings {
  const s = stored ?? {};
  return {
    ...DEFAULT_COMPLAINT_SETTINGS,
    ...s,
    routing: { ...DEFAULT_COMPLAINT_SETTINGS.routing, ...s.routing },
    approvalLimits: s.approvalLimits ?? DEFAULT_COMPLAINT_SETTINGS.approvalLimits,
    recoveryCatalogue: s.recoveryCatalogue ?? DEFAULT_COMPLAINT_SETTINGS.recoveryCatalogue,
  };
}

/** What the SLA clock needs to know about the dealer. */
export type SlaClock = Pick<ComplaintSettings, 'clock' | 'acknowledgeHours' | 'feedbackHours' | 'resolveHours' | 'escalationHours'> & {
  timeZone: string;
  opensAt: string;
  closesAt: string;
};

/**
 * `hours` after `start`: on the wall clock, or counting only the dealer's opening hours (every day;
 * a 4S store opens seven days a week). A start outside opening hours counts from the next opening.
 */
export function addSlaHours(start: Date, hours: number, clock: SlaClock): Date {
  if (clock.clock === 'calendar') return new Date(start.getTime() + hours * HOUR);
  let remaining = hours * HOUR;
  let day = localDate(start, clock.timeZone);
  let at = start.getTime();
  for (let guard = 0; guard < 3660; guard++) {
    const opens = zonedInstant(day, clock.opensAt, clock.timeZone).getTime();
    const closes = zonedInstant(day, clock.closesAt, clock.timeZone).getTime();
    if (at < opens) at = opens;
    if (at < closes) {
      if (at + remaining <= closes) return new Date(at + remaining);
      remaining -= closes - at;
    }
    day = addDays(day, 1);
    at = zonedInstant(day, clock.opensAt, clock.timeZone).getTime();
  }
  throw new Error('opening hours never add up to the SLA');
}

/** The case's clock state, as stored. */
export type CaseClock = {
  status: ComplaintStatus;
  level: number;
  receivedAt: Date;
  acknowledgedAt: Date | null;
  feedbackDueAt: Date;
  feedbackAt: Date | null;
  dueStep: SlaStep | null;
  dueAt: Date | null;
  wasOverdue: boolean;
  carMakerDeadlineAt: Date | null;
  customerAcceptedAt: Date | null;
  closedAt: Date | null;
};

export type ComplaintAction = 'acknowledge' | 'feedback' | 'accept' | 'close' | 'reopen' | 'work';

/** The statuses each action may start from ('work': edit, contact, recovery, hand-over, booking). */
export const ALLOWED_FROM: Record<ComplaintAction, readonly ComplaintStatus[]> = {
  acknowledge: ['open'],
  feedback: ['open', 'acknowledged', 'feedback_given', 'solution_agreed'],
  accept: ['open', 'acknowledged', 'feedback_given'],
  close: ['feedback_given', 'solution_agreed'],
  reopen: ['closed'],
  work: ['open', 'acknowledged', 'feedback_given', 'solution_agreed'],
};

export class TransitionError extends Error {
  constructor(
    readonly action: ComplaintAction,
    readonly status: ComplaintStatus,
  ) {
    super(`cannot ${action} a complaint that is ${status}`);
  }
}

export function canDo(action: ComplaintAction, status: ComplaintStatus): boolean {
  return ALLOWED_FROM[action].includes(status);
}

function assertCan(action: ComplaintAction, status: ComplaintStatus) {
  if (!canDo(action, status)) throw new TransitionError(action, status);
}

const late = (c: CaseClock, now: Date) => c.dueAt !== null && now.getTime() > c.dueAt.getTime();

/** A new case: acknowledged at once when staff take it from the customer; otherwise its handler acknowledges. */
export function registerCase(
  input: { receivedAt: Date; acknowledged: boolean; carMakerDeadlineAt: Date | null },
  now: Date,
  clock: SlaClock,
): CaseClock {
  const feedbackDueAt = addSlaHours(input.receivedAt, clock.feedbackHours, clock);
  const base = {
    level: 0,
    receivedAt: input.receivedAt,
    feedbackDueAt,
    feedbackAt: null,
    wasOverdue: false,
    carMakerDeadlineAt: input.carMakerDeadlineAt,
    customerAcceptedAt: null,
    closedAt: null,
  };
  if (input.acknowledged) return { ...base, status: 'acknowledged', acknowledgedAt: now, dueStep: 'feedback', dueAt: feedbackDueAt };
  return {
    ...base,
    status: 'open',
    acknowledgedAt: null,
    dueStep: 'acknowledge',
    dueAt: addSlaHours(input.receivedAt, clock.acknowledgeHours, clock),
  };
}

/** The step after the customer's feedback: resolve by the car maker's deadline or within the dealer's time. */
function resolveStep(c: CaseClock, now: Date, clock: SlaClock): Pick<CaseClock, 'dueStep' | 'dueAt'> {
  return { dueStep: 'resolve', dueAt: c.carMakerDeadlineAt ?? addSlaHours(now, clock.resolveHours, clock) };
}

/** One step of the process; a step done after its deadline marks the case as having been overdue. */
export function applyAction(c: CaseClock, action: Exclude<ComplaintAction, 'work'>, now: Date, clock: SlaClock): CaseClock {
  assertCan(action, c.status);
  switch (action) {
    case 'acknowledge':
      return {
        ...c,
        status: 'acknowledged',
        acknowledgedAt: now,
        wasOverdue: c.wasOverdue || late(c, now),
        dueStep: 'feedback',
        dueAt: c.feedbackDueAt,
      };
    case 'feedback': {
      if (c.feedbackAt) return c; // later contacts are logged; the feedback clock stopped at the first
      const status = c.status === 'open' || c.status === 'acknowledged' ? 'feedback_given' : c.status;
      return {
        ...c,
        status,
        acknowledgedAt: c.acknowledgedAt ?? now,
        feedbackAt: now,
        wasOverdue: c.wasOverdue || late(c, now),
        ...resolveStep(c, now, clock),
      };
    }
    case 'accept': {
      // Agreeing a solution with the customer is feedback too.
      const fed = c.feedbackAt ? c : applyAction(c, 'feedback', now, clock);
      return { ...fed, status: 'solution_agreed', customerAcceptedAt: now };
    }
    case 'close':
      return { ...c, status: 'closed', closedAt: now, wasOverdue: c.wasOverdue || late(c, now), dueStep: null, dueAt: null };
    case 'reopen':
      return {
        ...c,
        status: 'acknowledged',
        closedAt: null,
        customerAcceptedAt: null,
        ...resolveStep({ ...c, carMakerDeadlineAt: null }, now, clock),
      };
  }
}

export function isOverdue(c: Pick<CaseClock, 'status' | 'dueAt'>, now: Date): boolean {
  return c.status !== 'closed' && c.dueAt !== null && c.dueAt.getTime() <= now.getTime();
}

export const TOP_LEVEL = ESCALATION_LEVELS.length - 1;

/**
 * The overdue step goes one level up (handler → service manager → general manager → car maker) and
 * that level gets the escalation time. Null when nothing is due: the step was done, its deadline
 * moved, or the case is with the car maker already (it stays flagged overdue there).
 */
export function escalate(c: CaseClock, planned: { step: SlaStep; dueAt: Date }, now: Date, clock: SlaClock): CaseClock | null {
  if (c.status === 'closed' || c.dueStep !== planned.step || c.dueAt?.getTime() !== planned.dueAt.getTime()) return null;
  if (now.getTime() < planned.dueAt.getTime() || c.level >= TOP_LEVEL) return null;
  return { ...c, level: c.level + 1, wasOverdue: true, dueAt: addSlaHours(now, clock.escalationHours, clock) };
}

/** The car maker sets a deadline: it becomes the resolution deadline (now, if resolution is the running step). */
export function setCarMakerDeadline(c: CaseClock, deadline: Date): CaseClock {
  assertCan('work', c.status);
  return { ...c, carMakerDeadlineAt: deadline, ...(c.dueStep === 'resolve' ? { dueAt: deadline } : {}) };
}

/** The role a new case's work order goes to. Uncategorised cases go to the service manager. */
export function routeRole(category: ComplaintCategory | null, routing: ComplaintSettings['routing']): HandlerRole {
  return category ? routing[category] : 'service_manager';
}

/** Who holds each level above the handler: the roles notified when a case reaches it. */
export const LEVEL_ROLES: Record<number, readonly Role[]> = {
  1: ['service_manager'],
  2: ['general_manager'],
  3: ['oem_complaint_desk', 'oem_admin'],
};

/** The most a person approves on their own: the highest limit of their roles; null = no limit. */
export function approvalLimit(roles: readonly Role[], limits: ComplaintSettings['approvalLimits']): number | null {
  let best = 0;
  for (const role of roles) {
    const limit = limits[role as DealerRole];
    if (limit === null) return null;
    if (typeof limit === 'number') best = Math.max(best, limit);
  }
  return best;
}

export function withinLimit(costFen: number, limit: number | null): boolean {
  return limit === null || costFen <= limit;
}

/** A dissatisfaction recorded on a follow-up call, in the complaint categories. */
const FROM_DISSATISFACTION: Record<string, ComplaintCategory | null> = {
  repair_quality: 'repair_quality',
  parts: 'parts',
  price: 'price',
  attitude: 'service_attitude',
  waiting_time: 'timeliness',
  product_quality: 'product_quality',
  other: null,
};
export const categoryOfDissatisfaction = (category: string | null): ComplaintCategory | null =>
  category ? (FROM_DISSATISFACTION[category] ?? null) : null;

/** Categories by count, largest first, with the cumulative share: the Pareto of the analysis page. */
export function pareto(counts: readonly { category: string; count: number }[]) {
  const total = counts.reduce((sum, c) => sum + c.count, 0);
  let running = 0;
  return [...counts]
    .sort(
      (a, b) =>
        b.count - a.count ||
        COMPLAINT_CATEGORIES.indexOf(a.category as ComplaintCategory) - COMPLAINT_CATEGORIES.indexOf(b.category as ComplaintCategory),
    )
    .map((c) => {
      running += c.count;
      return { category: c.category, count: c.count, cumulativeShare: total ? Math.round((running / total) * 1000) / 1000 : 0 };
    });
}

/**
 * The whole UTC months inside [from, to), as [first month's start, end of the last); null when there
 * is none. The analysis reads those months' counts from `complaint_month_counts` and the cases of
 * the partial months at either end itself.
 */
export function wholeMonthsWithin(from: Date, to: Date): { from: Date; to: Date } | null {
  const monthStart = (d: Date, add: number) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + add, 1));
  const first = monthStart(from, 0).getTime() === from.getTime() ? from : monthStart(from, 1);
  const end = monthStart(to, 0);
  return first < end ? { from: first, to: end } : null;
}
