import { z } from 'zod';
import { appointmentBookedSchema } from './appointments.js';
import { calendarDateSchema, dateRangeSchema, daysBetweenDates, idSchema, instantSchema, isoDateSchema, MAX_RANGE_DAYS } from './common.js';
import { CUSTOMER_SEGMENTS } from './customers.constants.js';
import {
  CALL_RESULTS,
  CARE_RULES,
  DISSATISFACTION_CATEGORIES,
  FOLLOW_UP_STATUSES,
  isDissatisfied,
  SATISFACTION,
  WIN_BACK_RESULTS,
  WORK_PLAN_KINDS,
  WORK_PLAN_METRICS,
} from './follow-up.constants.js';

export * from './follow-up.constants.js';

// Follow-up and proactive care (domain.md §5, §10): the care centre's timers, the call workbench,
// maintenance due prediction, win-back and work plans.

const days = z.number().int().min(-365).max(365);
export const careRuleSettingSchema = z
  .object({
    enabled: z.boolean(),
    /** The due window in days from the rule's anchor date (delivery, due date, expiry, birthday). */
    startDays: days,
    endDays: days,
    /** Who gets the call: the customer's service advisor (falling back to the pool) or the pool of agents, balanced. */
    owner: z.enum(['sa', 'pool']),
  })
  .refine((r) => r.endDays >= r.startDays, { message: 'window_reversed', path: ['endDays'] });
export type CareRuleSetting = z.infer<typeof careRuleSettingSchema>;

export const followUpSettingsSchema = z.object({
  rules: z.record(z.enum(CARE_RULES), careRuleSettingSchema),
  /** Unanswered attempts after which a task closes as unreachable. */
  maxAttempts: z.number().int().min(1).max(10),
  /** How periodic-maintenance reminders go out: a call task, an SMS, or both. */
  reminderChannel: z.enum(['call', 'sms', 'both']),
});
export type FollowUpSettings = z.infer<typeof followUpSettingsSchema>;
export const followUpSettingsPatchSchema = z.object({
  rules: z.partialRecord(z.enum(CARE_RULES), careRuleSettingSchema).optional(),
  maxAttempts: z.number().int().min(1).max(10).optional(),
  reminderChannel: z.enum(['call', 'sms', 'both']).optional(),
});

export const followUpTaskSchema = z.object({
  id: idSchema,
  rule: z.enum(CARE_RULES),
  status: z.enum(FOLLOW_UP_STATUSES),
  /** The date the timer counts from: delivery, predicted due date, expiry, birthday. */
  anchorOn: calendarDateSchema,
  dueFrom: calendarDateSchema,
  dueUntil: calendarDateSchema,
  overdue: z.boolean(),
  customer: z.object({ id: idSchema, name: z.string(), mobile: z.string() }),
  vehicle: z.object({ id: idSchema, plate: z.string(), model: z.string().nullable() }).nullable(),
  repairOrderId: idSchema.nullable(),
  owner: z.object({ id: idSchema, name: z.string() }).nullable(),
  attempts: z.number().int(),
  callBackAt: z.string().nullable(),
  outcome: z.string().nullable(),
  appointmentId: idSchema.nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
  /** What the viewer may do on this call now: attempt it, book from it, give it to another agent. */
  can: z.object({ work: z.boolean(), book: z.boolean(), reassign: z.boolean() }),
});
export type FollowUpTask = z.infer<typeof followUpTaskSchema>;

/** What tonight's care timers did when run now: tasks created by rule, and the seconds each step took. */
export const nightlyRunSchema = z.object({
  today: z.string(),
  predicted: z.number(),
  created: z.record(z.string(), z.number()),
  winBack: z.number(),
  reminders: z.number(),
  /** Customers whose value was recomputed. */
  valued: z.number(),
  /** Loaner cars out past their return time that got a chase task for their advisor tonight. */
  loanersOverdue: z.number().optional(),
  seconds: z.record(z.string(), z.number()),
});
export type NightlyRun = z.infer<typeof nightlyRunSchema>;

export const followUpQueueQuerySchema = z.object({
  /** today: due now or a call-back due today; overdue: past the window; upcoming: window not open yet. */
  view: z.enum(['today', 'overdue', 'upcoming', 'closed', 'all']).default('today'),
  rule: z.enum(CARE_RULES).optional(),
  /** Only customers of this value segment (as the last nightly run computed it). */
  segment: z.enum(CUSTOMER_SEGMENTS).optional(),
  /** mine (default for agents) or the whole team. */
  scope: z.enum(['mine', 'team']).default('mine'),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});

/** An agent's call queue with the size of each view. */
export const followUpQueueSchema = z.object({
  items: z.array(followUpTaskSchema),
  counts: z.object({ today: z.number(), overdue: z.number(), upcoming: z.number() }),
});
export type FollowUpQueue = z.infer<typeof followUpQueueSchema>;

export const callAttemptInputSchema = z
  .object({
    version: z.number().int().min(1),
    result: z.enum(CALL_RESULTS),
    /** Not the owner: who uses the car (the user is recorded on the vehicle). */
    userName: z.string().trim().min(1).max(40).nullable().optional(),
    userMobile: z
      .string()
      .trim()
      .regex(/^1[3-9]\d{9}$/, 'invalid_mobile')
      .nullable()
      .optional(),
    /** Call back at an agreed time (required with call_back). */
    callBackAt: instantSchema.nullable().optional(),
    /** The mileage the customer reports: becomes a reading. */
    reportedKm: z.number().int().min(0).max(3_000_000).nullable().optional(),
    /** Where they had the car serviced, if elsewhere. */
    servicedElsewhere: z.string().trim().max(200).nullable().optional(),
    satisfaction: z.enum(SATISFACTION).nullable().optional(),
    /** A dissatisfaction raised during the call (becomes a complaint when that module exists). */
    dissatisfaction: z
      .object({ category: z.enum(DISSATISFACTION_CATEGORIES), description: z.string().trim().min(1).max(2000) })
      .nullable()
      .optional(),
    notes: z.string().trim().max(2000).nullable().optional(),
    /** A reached call that needs no further call closes the task (default true for reached). */
    close: z.boolean().optional(),
  })
  .superRefine((input, ctx) => {
    if (input.result === 'call_back' && !input.callBackAt) ctx.addIssue({ code: 'custom', path: ['callBackAt'], message: 'required' });
    if (input.result === 'not_owner' && !input.userName) ctx.addIssue({ code: 'custom', path: ['userName'], message: 'required' });
    if (input.result !== 'reached' && (input.satisfaction || input.dissatisfaction))
      ctx.addIssue({ code: 'custom', path: ['satisfaction'], message: 'only_when_reached' });
    // A dissatisfied customer's call records what went wrong: it becomes a complaint (domain.md §5).
    else if (isDissatisfied(input.satisfaction) && !input.dissatisfaction)
      ctx.addIssue({ code: 'custom', path: ['dissatisfaction'], message: 'required_when_dissatisfied' });
  });
export type CallAttemptInput = z.input<typeof callAttemptInputSchema>;

export const callAttemptSchema = z.object({
  id: idSchema,
  at: z.string(),
  agent: z.object({ id: idSchema, name: z.string() }).nullable(),
  result: z.enum(CALL_RESULTS),
  reportedKm: z.number().int().nullable(),
  servicedElsewhere: z.string().nullable(),
  satisfaction: z.enum(SATISFACTION).nullable(),
  dissatisfaction: z.object({ category: z.enum(DISSATISFACTION_CATEGORIES), description: z.string() }).nullable(),
  notes: z.string().nullable(),
  callBackAt: z.string().nullable(),
  userName: z.string().nullable(),
  appointmentId: idSchema.nullable(),
});
export type CallAttempt = z.infer<typeof callAttemptSchema>;

/** A recorded call attempt: the task after it, and the complaint a dissatisfied customer's call opened. */
export const callAttemptRecordedSchema = z.object({
  task: followUpTaskSchema,
  attempt: callAttemptSchema,
  complaint: z.object({ id: idSchema, number: z.string() }).nullable(),
});
export type CallAttemptRecorded = z.infer<typeof callAttemptRecordedSchema>;

export const maintenancePredictionSchema = z.object({
  vehicleId: idSchema,
  /** The last service in the network (or the delivery, when counted from it); null when counted from the readings. */
  lastServiceOn: calendarDateSchema.nullable(),
  lastServiceKm: z.number().int().nullable(),
  dailyKm: z.number().nullable(),
  readingsUsed: z.number().int(),
  confidence: z.enum(['low', 'medium', 'high']),
  /** Which interval sets the date. */
  basis: z.enum(['time_only', 'time', 'distance']),
  /** What the prediction counts from: the last service in the network, the odometer readings, or the delivery as a new car. */
  countedFrom: z.enum(['last_service', 'readings', 'delivery']),
  dueOn: calendarDateSchema,
  dueKm: z.number().int().nullable(),
  computedAt: z.string(),
});
export type MaintenancePrediction = z.infer<typeof maintenancePredictionSchema>;
/** A vehicle's prediction, or null when there is nothing to count from. */
export const vehicleMaintenancePredictionSchema = maintenancePredictionSchema.nullable();

/** One call screen: the task, the customer 360 summary, the script and the attempts so far. */
export const callScreenSchema = z.object({
  task: followUpTaskSchema,
  customer: z.object({
    id: idSchema,
    name: z.string(),
    mobile: z.string(),
    consent: z.object({ sms: z.boolean(), phone: z.boolean(), email: z.boolean(), wechat: z.boolean() }),
    vehicles: z.array(z.object({ id: idSchema, plate: z.string(), model: z.string().nullable() })),
  }),
  vehicle: z
    .object({
      id: idSchema,
      plate: z.string(),
      vin: z.string(),
      model: z.string().nullable(),
      deliveredOn: calendarDateSchema.nullable(),
      lastKm: z.number().int().nullable(),
      prediction: maintenancePredictionSchema.nullable(),
    })
    .nullable(),
  /** The last visits of the customer's vehicles at this dealer, newest first. */
  /** booked: the visit came from an appointment (the survey asks the appointment questions). */
  recentVisits: z.array(
    z.object({
      repairOrderId: idSchema,
      number: z.string(),
      deliveredAt: z.string().nullable(),
      concerns: z.string(),
      plate: z.string(),
      booked: z.boolean(),
    }),
  ),
  /** The script (话术) for this rule, in the requested language, with the customer's details filled in. */
  script: z.object({ title: z.string(), steps: z.array(z.string()) }),
  attempts: z.array(callAttemptSchema),
});
export type CallScreen = z.infer<typeof callScreenSchema>;

/** Book from the call: the appointment goes through the appointments module's capacity rules. */
export const callBookingSchema = z.object({
  version: z.number().int().min(1),
  startsAt: instantSchema,
  durationMinutes: z
    .number()
    .int()
    .min(15)
    .max(24 * 60)
    .default(60),
  requestedWork: z
    .array(z.object({ kind: z.enum(['maintenance', 'repair']), description: z.string().trim().min(1).max(200) }))
    .min(1)
    .max(20),
  customerWords: z.string().trim().max(1000).nullable().optional(),
  notes: z.string().trim().max(2000).nullable().optional(),
  /** Book even though the car already has an appointment that day (otherwise 409 appointment_same_day names it). */
  confirmDuplicate: z.boolean().optional(),
});

export type CallBookingInput = z.input<typeof callBookingSchema>;

/** The appointment booked from a call, and the task it closed. */
export const callBookedSchema = z.object({ task: followUpTaskSchema, appointment: appointmentBookedSchema });
export type CallBooked = z.infer<typeof callBookedSchema>;

export const reassignSchema = z.object({ version: z.number().int().min(1), ownerId: idSchema });

export const winBackCaseSchema = z.object({
  id: idSchema,
  customer: z.object({ id: idSchema, name: z.string(), mobile: z.string() }),
  vehicle: z.object({ id: idSchema, plate: z.string() }).nullable(),
  lastVisitOn: calendarDateSchema.nullable(),
  daysOverdue: z.number().int().nullable(),
  reason: z.string().nullable(),
  reasonSuspected: z.boolean(),
  action: z.string().nullable(),
  costFen: z.number().int(),
  result: z.enum(WIN_BACK_RESULTS),
  resultOn: calendarDateSchema.nullable(),
  taskId: idSchema.nullable(),
  version: z.number().int(),
  updatedAt: z.string(),
});
export type WinBackCase = z.infer<typeof winBackCaseSchema>;
/** Lost and at-risk customers, optionally of one result. */
export const winBackListSchema = z.object({ items: z.array(winBackCaseSchema) });
export type WinBackList = z.infer<typeof winBackListSchema>;
export const winBackUpdateSchema = z.object({
  version: z.number().int().min(1),
  reason: z.string().trim().max(500).nullable().optional(),
  reasonSuspected: z.boolean().optional(),
  action: z.string().trim().max(500).nullable().optional(),
  costFen: z.number().int().min(0).max(100_000_000).optional(),
  result: z.enum(WIN_BACK_RESULTS).optional(),
});

/** The most a plan's cost or revenue target may be (¥100m). */
const PLAN_MONEY_MAX_FEN = 10_000_000_000;

export const workPlanInputSchema = z
  .object({
    kind: z.enum(WORK_PLAN_KINDS),
    title: z.string().trim().min(1).max(100),
    periodFrom: isoDateSchema,
    periodTo: isoDateSchema,
    method: z.string().trim().max(200).nullable().optional(),
    content: z.string().trim().max(2000).nullable().optional(),
    purpose: z.string().trim().max(500).nullable().optional(),
    targetCount: z.number().int().min(1).max(1_000_000),
    minimumCount: z.number().int().min(0).max(1_000_000),
    metric: z.enum(WORK_PLAN_METRICS),
    /** For follow_up_calls: count only this rule's completed calls. */
    rule: z.enum(CARE_RULES).nullable().optional(),
    /** An activity plan's participants (who takes part: staff, partners, invited customers). */
    participants: z.string().trim().max(500).nullable().optional(),
    /** An activity plan's planned cost, for the service cost budget. */
    plannedCostFen: z.number().int().min(0).max(PLAN_MONEY_MAX_FEN).nullable().optional(),
    /** A service plan's revenue target over its period. */
    revenueTargetFen: z.number().int().min(0).max(PLAN_MONEY_MAX_FEN).nullable().optional(),
  })
  .superRefine((p, ctx) => {
    if (p.kind !== 'activity')
      for (const field of ['participants', 'plannedCostFen'] as const)
        if (p[field] != null) ctx.addIssue({ code: 'custom', path: [field], message: 'activity_plans_only' });
    if (p.kind !== 'service' && p.revenueTargetFen != null)
      ctx.addIssue({ code: 'custom', path: ['revenueTargetFen'], message: 'service_plans_only' });
    if (p.periodTo < p.periodFrom) ctx.addIssue({ code: 'custom', path: ['periodTo'], message: 'before_period_from' });
    else if (daysBetweenDates(p.periodFrom, p.periodTo) > MAX_RANGE_DAYS)
      ctx.addIssue({ code: 'custom', path: ['periodTo'], message: 'too_long' });
    if (p.minimumCount > p.targetCount) ctx.addIssue({ code: 'custom', path: ['minimumCount'], message: 'above_target' });
  });
export type WorkPlanInput = z.input<typeof workPlanInputSchema>;
export const workPlanSchema = z.object({
  id: idSchema,
  kind: z.enum(WORK_PLAN_KINDS),
  title: z.string(),
  periodFrom: calendarDateSchema,
  periodTo: calendarDateSchema,
  method: z.string().nullable(),
  content: z.string().nullable(),
  purpose: z.string().nullable(),
  targetCount: z.number().int(),
  minimumCount: z.number().int(),
  metric: z.enum(WORK_PLAN_METRICS),
  rule: z.enum(CARE_RULES).nullable(),
  actualCount: z.number().int(),
  participants: z.string().nullable(),
  plannedCostFen: z.number().int().nullable(),
  /** What the activity cost, recorded after it (counted in the service cost budget's activities). */
  actualCostFen: z.number().int().nullable(),
  revenueTargetFen: z.number().int().nullable(),
  /** A service plan's revenue so far: the invoices paid in its period. Null without a revenue target. */
  actualRevenueFen: z.number().int().nullable(),
  /** below_minimum / on_track / target_met, judged against the share of the period elapsed. */
  standing: z.enum(['below_minimum', 'behind', 'on_track', 'target_met']),
  version: z.number().int(),
});
export type WorkPlan = z.infer<typeof workPlanSchema>;
/** The dealer's work plans with their live actual counts. */
export const workPlanListSchema = z.object({ items: z.array(workPlanSchema) });
export type WorkPlanList = z.infer<typeof workPlanListSchema>;
/** What a plan achieved, recorded by hand: the count of a plan counted by hand, an activity's cost. */
export const workPlanActualSchema = z
  .object({
    version: z.number().int().min(1),
    actualCount: z.number().int().min(0).max(1_000_000).optional(),
    actualCostFen: z.number().int().min(0).max(PLAN_MONEY_MAX_FEN).optional(),
  })
  .refine((a) => a.actualCount !== undefined || a.actualCostFen !== undefined, { path: ['actualCount'], message: 'required' });
export type WorkPlanActual = z.infer<typeof workPlanActualSchema>;

export const followUpKpiQuerySchema = dateRangeSchema({
  /** By month, by agent, or (the car maker's network view) by dealer. */
  groupBy: z.enum(['month', 'agent', 'dealer']).default('month'),
  /** The car maker narrows the network to a dealer or a region; a dealer's staff may name only their own dealer. */
  dealerId: idSchema.optional(),
  region: z.string().trim().min(1).max(40).optional(),
});
export const followUpKpiRowSchema = z.object({
  key: z.string(),
  label: z.string(),
  counts: z.object({
    tasksDue: z.number().int(),
    tasksClosed: z.number().int(),
    tasksReached: z.number().int(),
    /** Tasks with at least one call attempt: the base of the contact rate. */
    tasksAttempted: z.number().int(),
    tasksOverdue: z.number().int(),
    appointmentsBooked: z.number().int(),
    reminderTargets: z.number().int(),
    reminderReturned: z.number().int(),
  }),
  rates: z.object({
    completion: z.number().nullable(),
    contact: z.number().nullable(),
    conversion: z.number().nullable(),
    /** 定保成功回站率: reminded customers who came back for the maintenance ÷ all reminded. */
    periodicReturn: z.number().nullable(),
  }),
});
export type FollowUpKpiRow = z.infer<typeof followUpKpiRowSchema>;

/** The follow-up KPIs, a row per month, agent or dealer. */
export const followUpKpiListSchema = z.object({ items: z.array(followUpKpiRowSchema) });
export type FollowUpKpiList = z.infer<typeof followUpKpiListSchema>;

/** The SMS gateway's reply callback: how many customers the reply opted out of SMS. */
export const smsInboundResultSchema = z.object({ optedOut: z.number() });
