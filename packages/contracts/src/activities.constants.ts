// Customer activities (客户活动, issue 17): free check days, clinics and joint promotions a dealer holds
// for the customers it invites; the customer signs up from the SMS link, staff mark who came, and the
// report sets the cost against the revenue of the attendees' visits after it.

export const ACTIVITY_KINDS = ['free_check', 'clinic', 'joint_promotion'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/** draft → open (invitations, sign-up) → closed (after it took place); cancelled from draft or open. */
export const ACTIVITY_STATES = ['draft', 'open', 'closed', 'cancelled'] as const;
export type ActivityState = (typeof ACTIVITY_STATES)[number];

/** invited → signed_up ⇄ cancelled; attended / no_show once the activity has begun (staff mark them). */
export const INVITATION_STATES = ['invited', 'signed_up', 'cancelled', 'attended', 'no_show'] as const;
export type InvitationState = (typeof INVITATION_STATES)[number];
export const ATTENDANCE_MARKS = ['attended', 'no_show'] as const;
export type AttendanceMark = (typeof ATTENDANCE_MARKS)[number];

export const MIN_ACTIVITY_CAPACITY = 1;
export const MAX_ACTIVITY_CAPACITY = 10_000;
/** At most 10 million yuan. */
export const MAX_ACTIVITY_COST_FEN = 1_000_000_000;
/** An activity lasts at most this many days. */
export const MAX_ACTIVITY_DAYS = 14;
/** An activity is planned at most this far ahead. */
export const MAX_ACTIVITY_LEAD_DAYS = 366;
/** The most customers one invitation run may reach: a larger audience is refused, to be narrowed (never cut silently). */
export const ACTIVITY_INVITE_CAP = 500;
/** The report counts the attendees' payments for this many days after the activity starts (unless asked otherwise). */
export const ACTIVITY_REVENUE_DAYS = 30;
export const MAX_ACTIVITY_REVENUE_DAYS = 180;
