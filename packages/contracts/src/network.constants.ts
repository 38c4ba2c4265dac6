// Zod-free, so that a page reading these at runtime does not load zod and the schemas (see constants.ts).
export const DEALER_GRADES = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
