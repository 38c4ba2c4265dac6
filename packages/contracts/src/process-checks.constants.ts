// Process spot-checks (流程点检, domain.md §10). Zod-free (see constants.ts).

/** The process steps a checklist item belongs to, in the order of a visit. */
export const PROCESS_CHECK_STEPS = ['reception', 'walkaround', 'repair_order', 'delivery', 'follow_up'] as const;
export type ProcessCheckStep = (typeof PROCESS_CHECK_STEPS)[number];

/** Items the system judges from what the visit recorded; a dealer may switch them off, not redefine them. */
export const AUTO_CHECK_ITEMS = [
  { code: 'timely_reception', step: 'reception' },
  { code: 'covers_used', step: 'walkaround' },
  { code: 'walkaround_signed', step: 'walkaround' },
  { code: 'promised_time_on_ro', step: 'repair_order' },
  { code: 'charges_explained', step: 'delivery' },
  { code: 'old_parts_shown', step: 'delivery' },
  { code: 'next_due_given', step: 'delivery' },
  { code: 'follow_up_call_in_window', step: 'follow_up' },
] as const satisfies readonly { code: string; step: ProcessCheckStep }[];
export type AutoCheckCode = (typeof AUTO_CHECK_ITEMS)[number]['code'];
export const AUTO_CHECK_CODES = AUTO_CHECK_ITEMS.map((i) => i.code) as readonly AutoCheckCode[];

/** The standard's items that need a person's eye (the seeds' 流程点检表); a dealer adds its own with its own text. */
export const DEFAULT_MANUAL_CHECK_ITEMS = [
  { code: 'greeting_etiquette', step: 'reception' },
  { code: 'needs_confirmed', step: 'reception' },
  { code: 'walkaround_with_customer', step: 'walkaround' },
  { code: 'estimate_explained', step: 'repair_order' },
  { code: 'waiting_care', step: 'repair_order' },
  { code: 'car_clean_at_delivery', step: 'delivery' },
  { code: 'accompanied_departure', step: 'delivery' },
] as const satisfies readonly { code: string; step: ProcessCheckStep }[];

export const CHECK_RESULTS = ['pass', 'fail', 'na'] as const;
export type CheckResult = (typeof CHECK_RESULTS)[number];

export const DRILL_KINDS = ['drill', 'training'] as const;
export type DrillKind = (typeof DRILL_KINDS)[number];

/** The seeds' targets: process execution ≥ 90%, spot-check coverage ≥ 50%, drill pass 100%. */
export const PROCESS_CHECK_DEFAULT_TARGETS = { executionRate: 0.9, coverageRate: 0.5, drillPassRate: 1 } as const;
