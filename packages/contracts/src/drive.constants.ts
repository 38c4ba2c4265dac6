// Zod-free, so that a page reading these at runtime does not load zod and the schemas (see constants.ts).
/**
 * Where a car is on the service drive today: arrived (visit open, no repair order yet), waiting for
 * the customer's signature on the RO, in the workshop, at the quality check, ready for delivery
 * (paid or not), delivered today.
 */
export const DRIVE_STAGES = ['arrived', 'waiting_signature', 'in_workshop', 'quality_check', 'ready', 'delivered'] as const;
export type DriveStage = (typeof DRIVE_STAGES)[number];
