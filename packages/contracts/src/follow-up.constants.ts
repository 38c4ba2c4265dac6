// Zod-free, so that a page reading these at runtime does not load zod and the schemas (see constants.ts).
/** The timers of domain.md §5. Each creates call tasks with a due window around its anchor date. */
export const CARE_RULES = [
  'new_car',
  'first_maintenance',
  'post_service',
  'periodic_maintenance',
  'lost_customer',
  'birthday',
  'insurance_expiry',
  'annual_inspection',
  'licence_expiry',
  /** The call 7 days after a complaint closed with the customer satisfied (domain.md §6, step 6). */
  'complaint_follow_up',
  /** The invitation to bring the car in for a recall or service campaign. */
  'campaign_invitation',
  /** A call list made from a customer-value segment (at-risk customers of high value first). */
  'value_care',
] as const;
export type CareRule = (typeof CARE_RULES)[number];
export const FOLLOW_UP_STATUSES = ['open', 'done', 'unreachable', 'cancelled'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];
export const CALL_RESULTS = ['reached', 'not_owner', 'call_back', 'no_answer', 'wrong_number'] as const;
export type CallResult = (typeof CALL_RESULTS)[number];
/**
 * Satisfaction on the 7-level scale of domain.md §7, best first (the survey's scale). Answers stored
 * on the earlier 5-level scale keep their names and meaning here.
 */
export const SATISFACTION = [
  'very_satisfied',
  'satisfied',
  'fairly_satisfied',
  'neutral',
  'not_very_satisfied',
  'dissatisfied',
  'very_dissatisfied',
] as const;
export type Satisfaction = (typeof SATISFACTION)[number];
/** Below neutral ("not very satisfied" or worse, as a survey's low score): the customer is dissatisfied and the call records it, to become a complaint. */
export const isDissatisfied = (s: Satisfaction | null | undefined): boolean =>
  !!s && SATISFACTION.indexOf(s) > SATISFACTION.indexOf('neutral');
/** Above neutral ("fairly satisfied" or better). */
export const isSatisfied = (s: Satisfaction | null | undefined): boolean =>
  !!s && SATISFACTION.indexOf(s) < SATISFACTION.indexOf('neutral');
/** The complaint categories of domain.md §6 (a recorded dissatisfaction until the complaints module takes it). */
export const DISSATISFACTION_CATEGORIES = [
  'repair_quality',
  'parts',
  'price',
  'attitude',
  'waiting_time',
  'product_quality',
  'other',
] as const;
export const WIN_BACK_RESULTS = ['pending', 'won_back', 'lost'] as const;
export const WORK_PLAN_KINDS = ['follow_up', 'activity', 'service'] as const;
/** What counts toward a plan's actual figure, live from the system's data. */
export const WORK_PLAN_METRICS = ['follow_up_calls', 'appointments', 'service_visits', 'manual'] as const;
