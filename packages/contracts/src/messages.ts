import { z } from 'zod';
import { cursorQuerySchema, idSchema, isoDateSchema, pageSchema } from './common.js';
import { MESSAGE_BLOCKED_REASONS, MESSAGE_CHANNELS, MESSAGE_LOG_MAX_DAYS, MESSAGE_LOG_STATUSES } from './messages.constants.js';

export * from './messages.constants.js';

// Messages to customers (SMS, email) as the outbox holds them, and what an action that sends one
// tells the person who triggered it.

/**
 * What will happen to a message an action just queued, as the outbox's own rule predicts it:
 * `sending` now, `queued` until `until` (quiet hours, or a later send time), or `not_sent` and why.
 */
export const messageDeliverySchema = z.object({
  channel: z.enum(MESSAGE_CHANNELS),
  /** The recipient, masked (158****4149). */
  to: z.string(),
  status: z.enum(['sending', 'queued', 'not_sent']),
  until: z.string().nullable(),
  reason: z.enum(['quiet_hours', 'scheduled', ...MESSAGE_BLOCKED_REASONS]).nullable(),
});
export type MessageDelivery = z.infer<typeof messageDeliverySchema>;

/** The last 4 digits or the whole mobile number. */
export const messageRecipientFilterSchema = z.string().regex(/^(\d{4}|1\d{10})$/, { message: 'mobile_or_last_four' });

export const messageLogQuerySchema = cursorQuerySchema
  .extend({
    channel: z.enum(MESSAGE_CHANNELS).optional(),
    status: z.enum(MESSAGE_LOG_STATUSES).optional(),
    /** The viewer's days, both included, given together and at most MESSAGE_LOG_MAX_DAYS days. */
    from: isoDateSchema.optional(),
    to: isoDateSchema.optional(),
    recipient: messageRecipientFilterSchema.optional(),
  })
  .superRefine((q, ctx) => {
    if (!q.from !== !q.to) ctx.addIssue({ code: 'custom', path: [q.from ? 'to' : 'from'], message: 'required' });
    if (!q.from || !q.to) return;
    const days = (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 + 1;
    if (days < 1) ctx.addIssue({ code: 'custom', path: ['to'], message: 'before_from' });
    else if (days > MESSAGE_LOG_MAX_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: 'too_long' });
  });
export type MessageLogQuery = z.infer<typeof messageLogQuerySchema>;

export const messageLogItemSchema = z.object({
  id: idSchema,
  channel: z.string(),
  recipient: z.string(),
  template: z.string(),
  body: z.string(),
  status: z.string(),
  skipReason: z.string().nullable(),
  /** Not sent before this instant (quiet hours, or a later send time). */
  notBefore: z.string(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export type MessageLogItem = z.infer<typeof messageLogItemSchema>;
export const messageLogPageSchema = pageSchema(messageLogItemSchema);
