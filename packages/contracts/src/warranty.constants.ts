// Zod-free, so that a page reading these at runtime does not load zod and the schemas (see constants.ts).

/** Why a repair is not covered (domain.md §8), in the order the eligibility rule names them. */
export const WARRANTY_EXCLUSIONS = [
  'no_policy',
  'not_delivered',
  'expired',
  'not_serviced_on_schedule',
  'non_authorised_repair',
  'unapproved_parts',
  'misuse',
  'accident',
  'not_fitted_here',
] as const;
export type WarrantyExclusion = (typeof WARRANTY_EXCLUSIONS)[number];

/** What the clerk and the technician found on the car that voids the warranty for this repair. */
export const WARRANTY_FINDINGS = ['nonAuthorisedRepair', 'unapprovedParts', 'misuse', 'accident'] as const;
export type WarrantyFinding = (typeof WARRANTY_FINDINGS)[number];

/** The kinds of term a policy has: the whole vehicle, a component, parts fitted at a dealer, the free first maintenance. */
export const WARRANTY_TERM_KINDS = ['vehicle', 'component', 'fitted_parts', 'free_first_maintenance'] as const;
export type WarrantyTermKind = (typeof WARRANTY_TERM_KINDS)[number];

/** A campaign's claim is raised by the campaign work itself, without the clerk's check. */
export const CLAIM_KINDS = ['warranty', 'free_first_maintenance', 'campaign'] as const;
export type ClaimKind = (typeof CLAIM_KINDS)[number];

/** draft → submitted → approved | rejected, or → returned → submitted again; a rejected claim may be corrected and submitted again (the dealer's appeal). */
export const CLAIM_STATUSES = ['draft', 'submitted', 'returned', 'approved', 'rejected'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

export const CLAIM_LINE_KINDS = ['labour', 'parts', 'sublet'] as const;
export type ClaimLineKind = (typeof CLAIM_LINE_KINDS)[number];

/** The failure as the customer and the technician meet it (故障现象). */
export const FAILURE_CODES = [
  'noise',
  'leak',
  'no_start',
  'warning_light',
  'abnormal_wear',
  'electrical',
  'vibration',
  'overheating',
  'loss_of_power',
  'maintenance',
  'other',
] as const;
export type FailureCode = (typeof FAILURE_CODES)[number];

/** What caused it (故障原因). */
export const CAUSE_CODES = [
  'material_defect',
  'assembly_defect',
  'design',
  'software',
  'supplier_part',
  'scheduled_service',
  'unknown',
] as const;
export type CauseCode = (typeof CAUSE_CODES)[number];

/** Why the car maker refuses a claim. */
export const CLAIM_REJECT_CODES = [
  'not_covered',
  'insufficient_evidence',
  'late_submission',
  'wrong_causal_part',
  'duplicate',
  'labour_not_justified',
] as const;
export type ClaimRejectCode = (typeof CLAIM_REJECT_CODES)[number];

/** The replaced parts the car maker wants back (旧件返还): asked for at approval, shipped, received; charged back when late. */
export const PARTS_RETURN_STATUSES = ['requested', 'shipped', 'received', 'charged_back'] as const;
export type PartsReturnStatus = (typeof PARTS_RETURN_STATUSES)[number];

/** A recall (安全召回) or a service campaign (服务活动). */
export const CAMPAIGN_KINDS = ['recall', 'service'] as const;
export type CampaignKind = (typeof CAMPAIGN_KINDS)[number];

/** The 三包 thresholds of the national rules on household cars a vehicle is watched against. */
export const SANBAO_THRESHOLDS = ['repair_days', 'same_defect', 'major_part', 'early_major_failure', 'failure_at_delivery'] as const;
export type SanbaoThreshold = (typeof SANBAO_THRESHOLDS)[number];
/** Thresholds met by one event: a yes or no, not a count against a limit. */
export const SANBAO_EVENT_THRESHOLDS = ['early_major_failure', 'failure_at_delivery'] as const satisfies readonly SanbaoThreshold[];
export type SanbaoEventThreshold = (typeof SANBAO_EVENT_THRESHOLDS)[number];
export const isSanbaoEvent = (threshold: SanbaoThreshold): threshold is SanbaoEventThreshold =>
  (SANBAO_EVENT_THRESHOLDS as readonly SanbaoThreshold[]).includes(threshold);
/** What the case decides: go on repairing, replace the car, or take it back. */
export const SANBAO_DECISIONS = ['continue_repair', 'replacement', 'return'] as const;
export type SanbaoDecision = (typeof SANBAO_DECISIONS)[number];
