// Zod-free, so that a page reading these at runtime does not load zod and the schemas (see constants.ts).
import type { Role } from './roles.js';
export const MESSAGE_CHANNELS = ['sms', 'email'] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];
export const MESSAGE_LOG_STATUSES = ['pending', 'sending', 'sent', 'skipped', 'failed'] as const;
export type MessageLogStatus = (typeof MESSAGE_LOG_STATUSES)[number];
/** Why a message was not sent. */
export const MESSAGE_BLOCKED_REASONS = ['no_consent', 'no_recipient'] as const;
export type MessageBlockedReason = (typeof MESSAGE_BLOCKED_REASONS)[number];
export const MESSAGE_TEMPLATES = [
  'otp.code',
  'appointment.booked',
  'appointment.moved',
  'appointment.cancelled',
  'appointment.day_before',
  'repair_order.additional_work',
  'follow_up.maintenance_due',
  'survey.invitation',
  'rescue.dispatched',
  'activity.invitation',
] as const;
export type MessageTemplate = (typeof MESSAGE_TEMPLATES)[number];
/** Who may read the message log (permission `message.read`): the one list the server's policy and the page use. */
export const MESSAGE_READ_ROLES = [
  'appointment_agent',
  'customer_relations',
  'service_manager',
  'front_desk_supervisor',
  'dealer_admin',
  'oem_admin',
] as const satisfies readonly Role[];
export const MESSAGE_LOG_MAX_DAYS = 92;
