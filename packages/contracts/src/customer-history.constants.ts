// Zod-free, so that a page reading these at runtime does not load zod and the schemas (see constants.ts).
export const HISTORY_KINDS = ['visit', 'appointment', 'call', 'complaint', 'survey', 'message'] as const;
export type HistoryKind = (typeof HISTORY_KINDS)[number];
/** How an appointment turned out: kept (on time or early), late, no-show, cancelled, or still booked. */
export const APPOINTMENT_OUTCOMES = ['booked', 'kept', 'late', 'no_show', 'cancelled'] as const;
export type AppointmentOutcome = (typeof APPOINTMENT_OUTCOMES)[number];
/**
 * Every kind of timeline event the server records (timeline_events.kind). The server's timeline
 * repository accepts only these, and the web app has a label for each in both languages, so no
 * internal code reaches the screen.
 */
export const TIMELINE_EVENT_KINDS = [
  'customer.created',
  'customer.updated',
  'customer.consent_changed',
  'customer.linked',
  'vehicle.created',
  'vehicle.updated',
  'vehicle.owner_changed',
  'vehicle.linked',
  'mileage.recorded',
  'appointment.booked',
  'visit.opened',
  'repair_order.opened',
  'visit.delivered',
] as const;
export type TimelineEventKind = (typeof TIMELINE_EVENT_KINDS)[number];
