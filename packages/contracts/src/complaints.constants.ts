// Zod-free, so that a page reading these at runtime does not load zod and the schemas (see constants.ts).
export const COMPLAINT_CHANNELS = [
  'in_person',
  'phone',
  'email',
  'web',
  'social_media',
  'oem_hotline',
  'authority',
  'media',
  'survey',
  'follow_up',
] as const;
export type ComplaintChannel = (typeof COMPLAINT_CHANNELS)[number];
export const COMPLAINT_CATEGORIES = [
  'service_attitude',
  'repair_quality',
  'price',
  'timeliness',
  'parts',
  'product_quality',
  'sales',
  'misunderstanding',
] as const;
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];
/** The finer causes domain.md §6 lists under some categories. */
export const COMPLAINT_SUBCATEGORIES = {
  service_attitude: [],
  repair_quality: ['not_fixed_first_time', 'same_problem_again', 'long_unsolved', 'car_not_protected', 'car_returned_dirty'],
  price: [],
  timeliness: ['reception_wait', 'dispatch_wait', 'cashier_wait', 'promised_time_missed'],
  parts: ['parts_quality', 'parts_shortage'],
  product_quality: [],
  sales: [],
  misunderstanding: ['warranty_terms', 'misuse'],
} as const satisfies Record<ComplaintCategory, readonly string[]>;
export const COMPLAINT_SUBCATEGORY_LIST = [...new Set(Object.values(COMPLAINT_SUBCATEGORIES).flat())] as [string, ...string[]];
/** Decided after verification: a defect (不良), dissatisfaction while meeting the standard (不满), or the customer's own fault. */
export const CAUSE_CLASSES = ['defect', 'dissatisfaction', 'customer_fault'] as const;
export const COMPLAINT_SEVERITIES = ['grumble', 'complaint', 'escalated'] as const;
/** Where an escalated complaint went: to the car maker, to consumer authorities, to the media. */
export const ESCALATED_TO = ['car_maker', 'authority', 'media'] as const;
export const COMPLAINT_STATUSES = ['open', 'acknowledged', 'feedback_given', 'solution_agreed', 'closed'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];
/** The timed steps: acknowledge at once, feedback to the customer within 24 h, resolve within the set time. */
export const SLA_STEPS = ['acknowledge', 'feedback', 'resolve'] as const;
export type SlaStep = (typeof SLA_STEPS)[number];
/** Who holds the case at each escalation level: its handler, then the service manager, the general manager, the car maker. */
export const ESCALATION_LEVELS = ['handler', 'service_manager', 'general_manager', 'car_maker'] as const;
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];
export const RECOVERY_KINDS = ['free_repair', 'free_wash', 'loaner_car', 'labour_discount', 'gift', 'free_maintenance'] as const;
export type RecoveryKind = (typeof RECOVERY_KINDS)[number];
/** The roles a complaint work order can be routed to. */
export const HANDLER_ROLES = [
  'service_manager',
  'parts_manager',
  'technical_director',
  'service_advisor',
  'customer_relations',
  'front_desk_supervisor',
  'general_manager',
] as const;
export type HandlerRole = (typeof HANDLER_ROLES)[number];
export const COMMUNICATION_CHANNELS = ['phone', 'in_person', 'sms', 'wechat', 'email'] as const;
export const COMPLAINT_EVENT_KINDS = [
  'received',
  'acknowledged',
  'routed',
  'handed_over',
  'handler_assigned',
  'updated',
  'communication',
  'escalated',
  'recovery_requested',
  'recovery_approved',
  'recovery_rejected',
  'accepted',
  'appointment_booked',
  'closed',
  'reopened',
  'dealer_assigned',
  'deadline_set',
] as const;
/** Every use-case on a case; the server's policy answers each for the viewer, and the web app shows only those. */
export const COMPLAINT_CASE_ACTIONS = [
  'update',
  'acknowledge',
  'communicate',
  'handover',
  'assignHandler',
  'addRecovery',
  'decideRecovery',
  'accept',
  'book',
  'close',
  'reopen',
  'assignDealer',
  'setDeadline',
] as const;
export type ComplaintCaseAction = (typeof COMPLAINT_CASE_ACTIONS)[number];
export const COMPLAINT_VIEWS = ['mine', 'team', 'overdue', 'open', 'closed', 'all'] as const;
