import { z } from 'zod';
import { appointmentBookedSchema } from './appointments.js';
import { calendarDateSchema, dateRangeSchema, idSchema, instantSchema, isoDateSchema } from './common.js';
import {
  CAUSE_CLASSES,
  COMMUNICATION_CHANNELS,
  COMPLAINT_CASE_ACTIONS,
  COMPLAINT_CATEGORIES,
  COMPLAINT_CHANNELS,
  COMPLAINT_EVENT_KINDS,
  COMPLAINT_SEVERITIES,
  COMPLAINT_STATUSES,
  COMPLAINT_SUBCATEGORY_LIST,
  COMPLAINT_VIEWS,
  type ComplaintCaseAction,
  ESCALATED_TO,
  ESCALATION_LEVELS,
  HANDLER_ROLES,
  RECOVERY_KINDS,
  SLA_STEPS,
} from './complaints.constants.js';
import { callBookingSchema, SATISFACTION } from './follow-up.js';
import { DEALER_ROLES } from './roles.js';

export * from './complaints.constants.js';

// Complaints (domain.md §6): intake from every channel, first-responder ownership, routing by
// category, SLA timers with escalation up to the car maker, service recovery, closure and the archive.

const person = z.object({ id: idSchema, name: z.string() });
const hours = (max: number) => z.number().min(0.25).max(max).multipleOf(0.25);
const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();
const version = z.number().int().min(1);
const fen = z.number().int().min(0).max(100_000_000);

export const recoveryCatalogueItemSchema = z.object({ kind: z.enum(RECOVERY_KINDS), name: text(60), costFen: fen });
export type RecoveryCatalogueItem = z.infer<typeof recoveryCatalogueItemSchema>;

export const complaintSettingsSchema = z.object({
  /** Calendar hours, or the dealer's opening hours only. */
  clock: z.enum(['calendar', 'business']),
  acknowledgeHours: hours(72),
  feedbackHours: hours(168),
  resolveHours: hours(720),
  /** The time each escalation level gets before the case goes one level up. */
  escalationHours: hours(168),
  routing: z.record(z.enum(COMPLAINT_CATEGORIES), z.enum(HANDLER_ROLES)),
  recoveryCatalogue: z.array(recoveryCatalogueItemSchema).max(50),
  /** The most (fen) a role approves on its own; null: no limit. Roles not listed approve nothing. */
  approvalLimits: z.partialRecord(z.enum(DEALER_ROLES), fen.nullable()),
});
export type ComplaintSettings = z.infer<typeof complaintSettingsSchema>;
/** Any part of the settings; routing category by category. */
export const complaintSettingsPatchSchema = complaintSettingsSchema
  .partial()
  .extend({ routing: z.partialRecord(z.enum(COMPLAINT_CATEGORIES), z.enum(HANDLER_ROLES)).optional() });

export const complaintInputSchema = z.object({
  customerId: idSchema,
  vehicleId: idSchema.nullable().optional(),
  repairOrderId: idSchema.nullable().optional(),
  channel: z.enum(COMPLAINT_CHANNELS),
  /** The customer's own words. */
  customerWords: text(2000),
  /** What the customer asks for. */
  demand: optionalText(1000),
  /** Customer background: who they are, history, temper. */
  background: optionalText(1000),
  category: z.enum(COMPLAINT_CATEGORIES).nullable().optional(),
  subcategory: z.enum(COMPLAINT_SUBCATEGORY_LIST).nullable().optional(),
  severity: z.enum(COMPLAINT_SEVERITIES).default('complaint'),
  escalatedTo: z.enum(ESCALATED_TO).nullable().optional(),
  /** When it came in, if earlier than now (a letter, a voicemail). */
  receivedAt: instantSchema.optional(),
});
export type ComplaintInput = z.input<typeof complaintInputSchema>;

/** The car maker's complaint desk registers a case (hotline, authorities, media) and assigns it to a dealer. */
export const networkComplaintInputSchema = complaintInputSchema.extend({
  dealerId: idSchema,
  /** The deadline the car maker sets for the resolution. */
  deadlineAt: instantSchema.nullable().optional(),
});
export type NetworkComplaintInput = z.input<typeof networkComplaintInputSchema>;

export const complaintPatchSchema = z.object({
  version,
  category: z.enum(COMPLAINT_CATEGORIES).nullable().optional(),
  subcategory: z.enum(COMPLAINT_SUBCATEGORY_LIST).nullable().optional(),
  causeClass: z.enum(CAUSE_CLASSES).nullable().optional(),
  severity: z.enum(COMPLAINT_SEVERITIES).optional(),
  escalatedTo: z.enum(ESCALATED_TO).nullable().optional(),
  demand: optionalText(1000),
  background: optionalText(1000),
  verification: optionalText(4000),
  rootCause: optionalText(2000),
  solutionPlan: optionalText(2000),
});
export type ComplaintPatch = z.input<typeof complaintPatchSchema>;

export const versionOnlySchema = z.object({ version });
export const communicationInputSchema = z.object({
  version,
  channel: z.enum(COMMUNICATION_CHANNELS),
  summary: text(2000),
  /** This contact gives the customer the feedback the 24-hour timer waits for. */
  feedback: z.boolean().default(false),
});
export const handoverInputSchema = z.object({ version, toUserId: idSchema, note: text(500) });
export const assignHandlerInputSchema = z.object({ version, handlerId: idSchema });
export const recoveryInputSchema = z.object({ version, kind: z.enum(RECOVERY_KINDS), description: optionalText(500), costFen: fen });
export const recoveryDecisionSchema = z.object({ version, approve: z.boolean(), note: optionalText(500) });
export const acceptanceInputSchema = z.object({ version, solutionPlan: text(2000), note: optionalText(1000) });
export const complaintBookingSchema = callBookingSchema.extend({ vehicleId: idSchema.optional() });
export const closeInputSchema = z.object({
  version,
  finalSatisfaction: z.enum(SATISFACTION),
  causeClass: z.enum(CAUSE_CLASSES),
  /** Could it have been prevented? */
  preventable: z.boolean(),
  preventionMeasure: text(2000),
  note: optionalText(1000),
});
export const reopenInputSchema = z.object({ version, reason: text(1000) });
export const assignDealerInputSchema = z.object({ version, dealerId: idSchema, deadlineAt: instantSchema.nullable().optional() });
export const deadlineInputSchema = z.object({ version, deadlineAt: instantSchema });

export const recoverySchema = z.object({
  id: idSchema,
  kind: z.enum(RECOVERY_KINDS),
  description: z.string().nullable(),
  costFen: z.number().int(),
  status: z.enum(['pending', 'approved', 'rejected']),
  requestedBy: person.nullable(),
  decidedBy: person.nullable(),
  decidedAt: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
});
export type Recovery = z.infer<typeof recoverySchema>;

export const complaintEventSchema = z.object({
  id: idSchema,
  kind: z.enum(COMPLAINT_EVENT_KINDS),
  at: z.string(),
  actor: person.nullable(),
  data: z.record(z.string(), z.unknown()),
});
export type ComplaintEvent = z.infer<typeof complaintEventSchema>;

export const complaintSchema = z.object({
  id: idSchema,
  number: z.string(),
  dealer: z.object({ id: idSchema, code: z.string(), name: z.string() }),
  status: z.enum(COMPLAINT_STATUSES),
  channel: z.enum(COMPLAINT_CHANNELS),
  customer: z.object({ id: idSchema, name: z.string(), mobile: z.string() }),
  vehicle: z.object({ id: idSchema, plate: z.string(), model: z.string().nullable() }).nullable(),
  repairOrder: z.object({ id: idSchema, number: z.string(), serviceAdvisor: person.nullable() }).nullable(),
  customerWords: z.string(),
  demand: z.string().nullable(),
  background: z.string().nullable(),
  category: z.enum(COMPLAINT_CATEGORIES).nullable(),
  subcategory: z.string().nullable(),
  causeClass: z.enum(CAUSE_CLASSES).nullable(),
  severity: z.enum(COMPLAINT_SEVERITIES),
  escalatedTo: z.enum(ESCALATED_TO).nullable(),
  /** 首问负责人: who received it. */
  firstResponder: person.nullable(),
  /** Who answers for it now: the first responder until an explicit hand-over. */
  owner: person.nullable(),
  /** Who works the internal complaint work order (routed by category). */
  handler: person.extend({ role: z.enum(HANDLER_ROLES).nullable() }).nullable(),
  level: z.enum(ESCALATION_LEVELS),
  receivedAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  feedbackAt: z.string().nullable(),
  /** The step the clock is running for and its deadline; null when closed. */
  dueStep: z.enum(SLA_STEPS).nullable(),
  dueAt: z.string().nullable(),
  overdue: z.boolean(),
  /** Was any step ever late? (kept in the archive) */
  wasOverdue: z.boolean(),
  carMakerDeadlineAt: z.string().nullable(),
  verification: z.string().nullable(),
  rootCause: z.string().nullable(),
  solutionPlan: z.string().nullable(),
  customerAcceptedAt: z.string().nullable(),
  appointmentId: idSchema.nullable(),
  /** Approved service recovery, in fen. */
  recoveryCostFen: z.number().int(),
  pendingRecoveries: z.number().int(),
  finalSatisfaction: z.enum(SATISFACTION).nullable(),
  preventable: z.boolean().nullable(),
  preventionMeasure: z.string().nullable(),
  closedAt: z.string().nullable(),
  followUpTaskId: idSchema.nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Complaint = z.infer<typeof complaintSchema>;

export const complaintAbilitiesSchema = z.object(
  Object.fromEntries(COMPLAINT_CASE_ACTIONS.map((a) => [a, z.boolean()])) as Record<ComplaintCaseAction, z.ZodBoolean>,
);

/** A case in the inbox, with what the viewer may do on it now. */
export const complaintListItemSchema = complaintSchema.extend({ can: complaintAbilitiesSchema });

export const complaintDetailSchema = complaintSchema.extend({
  events: z.array(complaintEventSchema),
  recoveries: z.array(recoverySchema),
  /**
   * What the viewer may do on this case now (allowed, and the case's status takes it), with the most
   * they approve on their own (null: no limit) and whether they may reject a recovery above it.
   */
  can: complaintAbilitiesSchema.extend({ approveUpToFen: z.number().int().nullable(), rejectAboveLimit: z.boolean() }),
});
export type ComplaintDetail = z.infer<typeof complaintDetailSchema>;

/** A figure's key in the analysis: an id, or 'none' for the cases without one. */
const analysisKeySchema = z.union([idSchema, z.literal('none')]);

export const complaintQuerySchema = z
  .object({
    view: z.enum(COMPLAINT_VIEWS).default('mine'),
    q: z.string().trim().max(50).optional(),
    category: z.enum(COMPLAINT_CATEGORIES).optional(),
    /** The car maker narrows its network view to a dealer or a region; a dealer's staff may name only their own dealer. */
    dealerId: idSchema.optional(),
    region: z.string().trim().min(1).max(40).optional(),
    /** Received in this period (dealer dates, both included): the analysis opens the cases behind its figures. */
    from: isoDateSchema.optional(),
    to: isoDateSchema.optional(),
    /** The service advisor of the case's RO, or 'none'. */
    saId: analysisKeySchema.optional(),
    /** The vehicle model, or 'none'. */
    modelId: analysisKeySchema.optional(),
    customerId: idSchema.optional(),
    preventable: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional(),
    limit: z.coerce.number().int().min(1).max(500).default(200),
  })
  .superRefine((q, ctx) => {
    if ((q.from === undefined) !== (q.to === undefined))
      ctx.addIssue({ code: 'custom', path: [q.from === undefined ? 'from' : 'to'], message: 'required' });
  });
export const complaintListSchema = z.object({
  items: z.array(complaintListItemSchema),
  counts: z.object({ mine: z.number().int(), team: z.number().int(), overdue: z.number().int(), open: z.number().int() }),
});

export type ComplaintList = z.infer<typeof complaintListSchema>;

/** Staff who can own or handle a case. */
export const complaintStaffSchema = z.object({ items: z.array(person.extend({ roles: z.array(z.string()) })) });
export type ComplaintStaffList = z.infer<typeof complaintStaffSchema>;
export type ComplaintStaff = ComplaintStaffList['items'][number];

/** The repair a complaint's solution needs, booked: the case and the appointment. */
export const complaintBookedSchema = z.object({ complaint: complaintDetailSchema, appointment: appointmentBookedSchema });
export type ComplaintBooked = z.infer<typeof complaintBookedSchema>;

export const complaintAnalysisQuerySchema = dateRangeSchema({
  dealerId: idSchema.optional(),
  region: z.string().trim().min(1).max(40).optional(),
});
const countRow = z.object({ key: z.string(), label: z.string(), count: z.number().int() });
export const complaintAnalysisSchema = z.object({
  from: calendarDateSchema,
  to: calendarDateSchema,
  totals: z.object({
    complaints: z.number().int(),
    closed: z.number().int(),
    repairOrders: z.number().int(),
    /** Complaints per 100 repair orders opened in the period. */
    per100Ros: z.number().nullable(),
    /** Share of complaints with feedback to the customer within the dealer's feedback time (24 h by default). */
    respondedInTime: z.number().int(),
    responseRate: z.number().nullable(),
    avgCloseHours: z.number().nullable(),
    overdue: z.number().int(),
    wasOverdue: z.number().int(),
    preventable: z.number().int(),
    recoveryCostFen: z.number().int(),
    repeatComplainants: z.number().int(),
  }),
  /** Categories by count, with the cumulative share (a Pareto chart). */
  pareto: z.array(z.object({ category: z.string(), count: z.number().int(), cumulativeShare: z.number() })),
  byServiceAdvisor: z.array(countRow),
  byModel: z.array(countRow),
  byDealer: z.array(
    z.object({
      dealerId: idSchema,
      code: z.string(),
      name: z.string(),
      complaints: z.number().int(),
      repairOrders: z.number().int(),
      per100Ros: z.number().nullable(),
      responseRate: z.number().nullable(),
      avgCloseHours: z.number().nullable(),
      overdue: z.number().int(),
    }),
  ),
  repeatComplainants: z.array(z.object({ customerId: idSchema, name: z.string(), count: z.number().int() })),
});
export type ComplaintAnalysis = z.infer<typeof complaintAnalysisSchema>;
