// Zod-free, so that a page reading these at runtime does not load zod and the schemas (see constants.ts).
export const CHANNELS = ['phone', 'web', 'walk_in_desk', 'proactive_call', 'online'] as const;
export const APPOINTMENT_STATUSES = ['booked', 'confirmed', 'arrived', 'no_show', 'cancelled'] as const;
export type AppointmentStatusDto = (typeof APPOINTMENT_STATUSES)[number];
