import { z } from 'zod';
import {
  ACTIVITY_INVITE_CAP,
  ACTIVITY_KINDS,
  ACTIVITY_REVENUE_DAYS,
  ACTIVITY_STATES,
  ATTENDANCE_MARKS,
  INVITATION_STATES,
  MAX_ACTIVITY_CAPACITY,
  MAX_ACTIVITY_COST_FEN,
  MAX_ACTIVITY_DAYS,
  MAX_ACTIVITY_REVENUE_DAYS,
  MIN_ACTIVITY_CAPACITY,
} from './activities.constants.js';
import { dealerRefSchema } from './appointments.js';
import { idSchema, instantSchema } from './common.js';
import { CUSTOMER_SEGMENTS, CUSTOMER_TIERS, RETENTION_PRIORITIES } from './customers.constants.js';

export * from './activities.constants.js';

// Customer activities (客户活动, issue 17): the activity, its invitations, the sign-up page and the report.

const activityFields = {
  kind: z.enum(ACTIVITY_KINDS),
  title: z.string().trim().min(1).max(60),
  /** Where it takes place (shown on the customer's page). */
  place: z.string().trim().min(1).max(100),
  /** What the customer gets: the programme, the offer (shown on the customer's page). */
  content: z.string().trim().max(1000).default(''),
  startsAt: instantSchema,
  endsAt: instantSchema,
  capacity: z.number().int().min(MIN_ACTIVITY_CAPACITY).max(MAX_ACTIVITY_CAPACITY),
  costFen: z.number().int().min(0).max(MAX_ACTIVITY_COST_FEN).default(0),
  /** The follow-up activity plan this activity carries out (its cost then counts once, here). */
  workPlanId: idSchema.nullable().optional(),
};

type Span = { startsAt: string; endsAt: string };
const checkSpan = (input: Span, ctx: z.RefinementCtx) => {
  const starts = Date.parse(input.startsAt);
  const ends = Date.parse(input.endsAt);
  if (Number.isNaN(starts) || Number.isNaN(ends)) return;
  if (ends <= starts) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'before_start' });
  else if (ends - starts > MAX_ACTIVITY_DAYS * 86_400_000) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'too_long' });
};

export const activityInputSchema = z.object(activityFields).superRefine(checkSpan);
export type ActivityInput = z.input<typeof activityInputSchema>;

export const activityUpdateSchema = z.object({ ...activityFields, version: z.number().int().min(1) }).superRefine(checkSpan);
export type ActivityUpdateInput = z.input<typeof activityUpdateSchema>;

export const activityCancelSchema = z.object({ reason: z.string().trim().min(2).max(200) });
export type ActivityCancelInput = z.input<typeof activityCancelSchema>;

export const activityCountsSchema = z.object({
  invited: z.number().int(),
  /** Invitations signed up (and not cancelled since), whether they came or not. */
  signedUp: z.number().int(),
  attended: z.number().int(),
  noShow: z.number().int(),
  cancelled: z.number().int(),
  /** Seats held now: signed up or attended. */
  seatsTaken: z.number().int(),
});
export type ActivityCounts = z.infer<typeof activityCountsSchema>;

export const activitySchema = z.object({
  id: idSchema,
  dealer: dealerRefSchema,
  kind: z.enum(ACTIVITY_KINDS),
  title: z.string(),
  place: z.string(),
  content: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  capacity: z.number().int(),
  costFen: z.number().int(),
  state: z.enum(ACTIVITY_STATES),
  workPlanId: idSchema.nullable(),
  cancelReason: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  counts: activityCountsSchema,
  /** What the actor may do now (the buttons that will work). */
  can: z.object({
    edit: z.boolean(),
    open: z.boolean(),
    cancel: z.boolean(),
    close: z.boolean(),
    invite: z.boolean(),
    markAttendance: z.boolean(),
  }),
});
export type Activity = z.infer<typeof activitySchema>;

export const activityListQuerySchema = z.object({
  state: z.enum(ACTIVITY_STATES).optional(),
  /** The car maker's narrowing to one dealer (a dealer's staff may name only their own). */
  dealerId: idSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ActivityListQuery = z.infer<typeof activityListQuerySchema>;
export const activityListSchema = z.object({ items: z.array(activitySchema) });
export type ActivityList = z.infer<typeof activityListSchema>;

/**
 * Who is invited: a customer-value filter of the dealer's customers (segment, tier, retention
 * priority, as on the customer value page), or customers picked by hand.
 */
export const activityAudienceSchema = z
  .object({
    segments: z.array(z.enum(CUSTOMER_SEGMENTS)).min(1).max(CUSTOMER_SEGMENTS.length).optional(),
    tiers: z.array(z.enum(CUSTOMER_TIERS)).min(1).max(CUSTOMER_TIERS.length).optional(),
    priority: z.enum(RETENTION_PRIORITIES).optional(),
    customerIds: z.array(idSchema).min(1).max(ACTIVITY_INVITE_CAP).optional(),
    /** The language of the SMS. */
    locale: z.enum(['zh-CN', 'en']).default('zh-CN'),
  })
  .superRefine((input, ctx) => {
    const byValue = input.segments || input.tiers || input.priority;
    if (!byValue && !input.customerIds) ctx.addIssue({ code: 'custom', path: ['segments'], message: 'pick_a_filter' });
    if (byValue && input.customerIds) ctx.addIssue({ code: 'custom', path: ['customerIds'], message: 'filter_or_customers' });
  });
export type ActivityAudience = z.input<typeof activityAudienceSchema>;

/** What inviting an audience would do, counted without writing anything. */
export const activityInvitePreviewSchema = z.object({
  /** Customers of the audience. */
  matched: z.number().int(),
  /** Would be invited (an SMS each). */
  toInvite: z.number().int(),
  /** Opted out of SMS (回复退订): never invited. */
  optedOut: z.number().int(),
  /** Invited to this activity before: never texted twice. */
  alreadyInvited: z.number().int(),
  /** The most customers one run may reach; a larger audience must be narrowed. */
  cap: z.number().int(),
  overCap: z.boolean(),
});
export type ActivityInvitePreview = z.infer<typeof activityInvitePreviewSchema>;

export const activityInviteResultSchema = z.object({
  matched: z.number().int(),
  invited: z.number().int(),
  skippedOptedOut: z.number().int(),
  alreadyInvited: z.number().int(),
  cap: z.number().int(),
});
export type ActivityInviteResult = z.infer<typeof activityInviteResultSchema>;

export const invitationSchema = z.object({
  id: idSchema,
  customer: z.object({ id: idSchema, name: z.string(), mobile: z.string() }),
  state: z.enum(INVITATION_STATES),
  invitedAt: z.string(),
  signedUpAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  attendedAt: z.string().nullable(),
  /** What the outbox did with the invitation SMS. */
  sms: z.enum(['pending', 'sending', 'sent', 'skipped', 'failed']).nullable(),
});
export type Invitation = z.infer<typeof invitationSchema>;
export const invitationListSchema = z.object({ items: z.array(invitationSchema) });
export type InvitationList = z.infer<typeof invitationListSchema>;

export const attendanceSchema = z.object({ mark: z.enum(ATTENDANCE_MARKS) });
export type AttendanceInput = z.input<typeof attendanceSchema>;

export const activityReportQuerySchema = z.object({
  /** The attendees' payments this many days from the activity's start count as its revenue. */
  days: z.coerce.number().int().min(1).max(MAX_ACTIVITY_REVENUE_DAYS).default(ACTIVITY_REVENUE_DAYS),
});

export const activityReportSchema = z.object({
  activity: z.object({ id: idSchema, title: z.string(), state: z.enum(ACTIVITY_STATES), startsAt: z.string(), dealer: dealerRefSchema }),
  invited: z.number().int(),
  signedUp: z.number().int(),
  attended: z.number().int(),
  noShow: z.number().int(),
  /** Attended ÷ signed up; null when nobody signed up. */
  attendanceRate: z.number().nullable(),
  costFen: z.number().int(),
  /** Cost ÷ attended, rounded to the fen; null when nobody came. */
  costPerAttendeeFen: z.number().int().nullable(),
  /** What the attendees paid (money, not club points) on the dealer's invoices paid within the window. */
  revenueFen: z.number().int(),
  revenueDays: z.number().int(),
  revenueFrom: z.string(),
  revenueUntil: z.string(),
  /** Attendees who paid something in the window. */
  attendeesWithRevenue: z.number().int(),
  /** Revenue ÷ cost; null when the activity cost nothing. */
  revenuePerCost: z.number().nullable(),
});
export type ActivityReport = z.infer<typeof activityReportSchema>;

/** The customer's phone page from the SMS link: the activity, and their own invitation only. */
export const publicInvitationSchema = z.object({
  dealer: z.object({ name: z.string(), phone: z.string().nullable() }),
  activity: z.object({
    kind: z.enum(ACTIVITY_KINDS),
    title: z.string(),
    place: z.string(),
    content: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    state: z.enum(ACTIVITY_STATES),
    timeZone: z.string(),
  }),
  customerName: z.string(),
  state: z.enum(INVITATION_STATES),
  canSignUp: z.boolean(),
  canCancel: z.boolean(),
  /** Why signing up is not possible now, when it is not. */
  closedBecause: z.enum(['not_open', 'started', 'full']).nullable(),
});
export type PublicInvitation = z.infer<typeof publicInvitationSchema>;
