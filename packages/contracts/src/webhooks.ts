import { z } from 'zod';

/** The events a webhook may listen to (issue 18 §3); more are added as use-cases emit them. */
export const WEBHOOK_EVENT_TYPES = [
  'appointment.booked',
  'appointment.cancelled',
  'visit.delivered',
  'complaint.opened',
  'complaint.closed',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
/** The type of the test event a ping sends (not subscribable). */
export const WEBHOOK_PING_TYPE = 'webhook.ping';

export const webhookEventSchema = z
  .object({
    id: z.uuid().describe('The event id: the same on every attempt and replay of the event. Receivers dedupe on it.'),
    type: z.string().describe('The event type (one of the catalogue, or `webhook.ping`); also sent as the `ServiceBay-Event` header.'),
    occurredAt: z.iso.datetime().describe('When the change happened (ISO 8601, UTC).'),
    dealer: z.object({ id: z.uuid(), code: z.string() }).describe('The dealer whose record changed.'),
    data: z.record(z.string(), z.unknown()).describe('The changed record, by event type (ids and the facts of the change).'),
  })
  .describe(
    'The body of every webhook POST. Headers: `ServiceBay-Event: <type>`, `ServiceBay-Event-Id: <id>`, ' +
      '`ServiceBay-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" with the subscription secret>`. ' +
      'A 2xx answer within 10 s is delivered; anything else is retried with exponential backoff for 24 hours. ' +
      'Events of one record are sent in order. Delivery is at least once: dedupe on `id`.',
  );
export type WebhookEvent = z.infer<typeof webhookEventSchema>;

export const webhookInputSchema = z.object({
  url: z
    .string()
    .trim()
    .max(500)
    .refine((value) => {
      try {
        const url = new URL(value);
        return url.protocol === 'http:' || url.protocol === 'https:';
      } catch {
        return false;
      }
    }, 'an http or https URL'),
  events: z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1).max(WEBHOOK_EVENT_TYPES.length),
});
export type WebhookInput = z.infer<typeof webhookInputSchema>;

export const webhookSchema = z.object({
  id: z.uuid(),
  url: z.string(),
  events: z.array(z.string()),
  active: z.boolean(),
  consecutiveFailures: z.number().int(),
  disabledAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export type Webhook = z.infer<typeof webhookSchema>;

/** A new subscription, with its signing secret: shown this once, never again. */
export const webhookCreatedSchema = webhookSchema.extend({ secret: z.string() });
export type WebhookCreated = z.infer<typeof webhookCreatedSchema>;

export const webhookListSchema = z.object({ items: z.array(webhookSchema) });
export type WebhookList = z.infer<typeof webhookListSchema>;

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'gave_up'] as const;

export const webhookDeliverySchema = z.object({
  id: z.uuid(),
  subscriptionId: z.uuid(),
  eventId: z.uuid(),
  eventType: z.string(),
  recordKey: z.string(),
  status: z.enum(WEBHOOK_DELIVERY_STATUSES),
  attempts: z.number().int(),
  nextAttemptAt: z.iso.datetime().nullable(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.iso.datetime(),
  deliveredAt: z.iso.datetime().nullable(),
  payload: webhookEventSchema,
});
export type WebhookDelivery = z.infer<typeof webhookDeliverySchema>;

export const webhookDeliveryListSchema = z.object({ items: z.array(webhookDeliverySchema) });
export type WebhookDeliveryList = z.infer<typeof webhookDeliveryListSchema>;

/** What a ping did: the receiver's answer, at once. */
export const webhookPingResultSchema = z.object({ delivery: webhookDeliverySchema, delivered: z.boolean() });
export type WebhookPingResult = z.infer<typeof webhookPingResultSchema>;

/** A deleted subscription: no body. */
export const webhookDeletedSchema = z.null();
