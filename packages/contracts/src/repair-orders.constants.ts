// Zod-free, so that a page reading these at runtime does not load zod and the schemas (see constants.ts).
export const PAY_TYPES = ['customer', 'warranty', 'free_first_maintenance', 'goodwill', 'internal'] as const;
export const VISIT_STATUSES = ['open', 'closed', 'cancelled'] as const;
export const RO_STATUSES = [
  'open',
  'authorised',
  'in_progress',
  'quality_check',
  'ready',
  'invoiced',
  'delivered',
  'closed',
  'cancelled',
] as const;
