import { z } from 'zod';

/** The events a webhook may listen to (issue 18 §3); more are added as use-cases emit them. */
export const WEBHOOK_EVENT_TYPES = [
  'appointment.booked',
  'appointment.changed',
  'appointment.cancelled',
  'visit.checked_in',
  'visit.delivered',
  'repair_order.authorised',
  'repair_order.completed',
  'complaint.opened',
  'complaint.escalated',
  'complaint.closed',
  'survey.answered',
  'claim.submitted',
  'claim.decided',
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

const id = z.uuid();
const at = z.iso.datetime();

/** The `data` of each event type: ids, numbers, statuses and times; never a customer's name or mobile. */
export const WEBHOOK_EVENT_DATA = {
  'appointment.booked': z.object({ appointmentId: id, customerId: id, vehicleId: id.nullable(), startsAt: at }),
  'appointment.changed': z.object({
    appointmentId: id,
    change: z.enum(['rescheduled', 'assigned']).describe('What changed: the time, or the service advisor.'),
    startsAt: at,
    previousStartsAt: at.nullable().describe('The time before a reschedule; null for another change.'),
    assignedAdvisorId: id.nullable(),
  }),
  'appointment.cancelled': z.object({ appointmentId: id, customerId: id, vehicleId: id.nullable(), startsAt: at, reason: z.string() }),
  'visit.checked_in': z.object({
    visitId: id,
    appointmentId: id.nullable().describe('The appointment the car came for; null for a walk-in.'),
    customerId: id,
    vehicleId: id,
    advisorId: id,
    arrivedAt: at,
  }),
  'visit.delivered': z.object({ visitId: id, repairOrderId: id, customerId: id, vehicleId: id, deliveredAt: at }),
  'repair_order.authorised': z.object({
    repairOrderId: id,
    number: z.string(),
    visitId: id,
    customerId: id,
    vehicleId: id,
    status: z.literal('authorised'),
    authorisedAt: at.describe('When the customer signed the order.'),
    promisedAt: at,
  }),
  'repair_order.completed': z
    .object({
      repairOrderId: id,
      number: z.string(),
      visitId: id,
      customerId: id,
      vehicleId: id,
      status: z.literal('ready'),
      completedAt: at,
      promisedAt: at,
      reworkCount: z.number().int(),
    })
    .describe('The workshop finished and the quality check passed: the car is ready for the customer.'),
  'complaint.opened': z.object({
    complaintId: id,
    number: z.string(),
    channel: z.string(),
    category: z.string().nullable(),
    customerId: id,
    vehicleId: id.nullable(),
    receivedAt: at,
  }),
  'complaint.escalated': z.object({
    complaintId: id,
    number: z.string(),
    reason: z.enum(['overdue', 'severity']).describe('A step missed its deadline (one level up), or the case was marked escalated.'),
    level: z.string().nullable().describe('The level now handling the case.'),
    escalatedTo: z.string().nullable().describe('Beyond the dealer: car_maker, authority or media.'),
    missedStep: z.string().nullable(),
  }),
  'complaint.closed': z.object({
    complaintId: id,
    number: z.string(),
    finalSatisfaction: z.string().nullable(),
    causeClass: z.string().nullable(),
  }),
  'survey.answered': z.object({
    surveyResponseId: id,
    invitationId: id.nullable(),
    repairOrderId: id.nullable(),
    customerId: id,
    vehicleId: id.nullable(),
    source: z.enum(['link', 'call']),
    csi: z.number().nullable(),
    low: z.boolean(),
    complaintId: id.nullable().describe('The complaint a low score opened.'),
    answeredAt: at,
  }),
  'claim.submitted': z.object({
    claimId: id,
    number: z.string(),
    kind: z.string(),
    repairOrderId: id,
    vehicleId: id,
    status: z.literal('submitted'),
    claimedFen: z.number().int(),
    resubmitted: z.boolean(),
    at,
  }),
  'claim.decided': z.object({
    claimId: id,
    number: z.string(),
    kind: z.string(),
    repairOrderId: id,
    vehicleId: id,
    status: z.enum(['approved', 'rejected', 'returned']),
    claimedFen: z.number().int(),
    approvedFen: z.number().int().nullable().optional(),
    rejectCode: z.string().nullable().optional(),
    at,
  }),
} satisfies Record<WebhookEventType, z.ZodType>;

/** The body of one event type as posted: the envelope with that type's `data` (documented per type in OpenAPI `webhooks`). */
export function webhookEventSchemaFor(type: WebhookEventType) {
  return webhookEventSchema.extend({ type: z.literal(type), data: WEBHOOK_EVENT_DATA[type] });
}

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
