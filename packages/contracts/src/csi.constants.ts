// Zod-free, so that a page reading these at runtime does not load zod and the schemas (see constants.ts).
/** The 7-level satisfaction scale: 7 = very satisfied … 1 = very dissatisfied. */
export const SCALE_LEVELS = [7, 6, 5, 4, 3, 2, 1] as const;
export const SCALE_LABELS = [
  'very_satisfied',
  'satisfied',
  'fairly_satisfied',
  'neutral',
  'not_very_satisfied',
  'dissatisfied',
  'very_dissatisfied',
] as const;
export const RATER = ['reliability', 'assurance', 'tangibles', 'empathy', 'responsiveness'] as const;
export const QUESTION_KINDS = ['scale', 'yes_no', 'text'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];
/** What the survey knows of the visit it asks about. */
export const SURVEY_CONTEXTS = ['booked'] as const;
