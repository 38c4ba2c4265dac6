// Zod-free, so that a page reading these at runtime does not load zod and the schemas (see constants.ts).
export const ADDITIONAL_ITEM_STATUSES = ['pending', 'approved', 'declined'] as const;
export const ADDITIONAL_ITEM_DECIDED_VIA = ['in_person', 'link'] as const;
