import type { Webhook, WebhookDelivery, WebhookEvent } from '@servicebay/contracts';
import type { SubscriptionRow, WebhookDeliveryRow } from './webhooks.repository.js';

/** A subscription as the API shows it: never its secret. */
export function presentWebhook(row: SubscriptionRow): Webhook {
  return {
    id: row.id,
    url: row.url,
    events: row.events,
    active: row.active,
    consecutiveFailures: row.consecutive_failures,
    disabledAt: row.disabled_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}

export function presentDelivery(row: WebhookDeliveryRow): WebhookDelivery {
  const settled = row.status === 'delivered' || row.status === 'gave_up';
  return {
    id: row.id,
    subscriptionId: (row.subscription_id ?? row.network_subscription_id)!,
    eventId: row.event_id,
    eventType: row.event_type,
    recordKey: row.record_key,
    status: row.status as WebhookDelivery['status'],
    attempts: row.attempts,
    nextAttemptAt: settled ? null : row.next_attempt_at.toISOString(),
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
    createdAt: row.created_at.toISOString(),
    deliveredAt: row.delivered_at?.toISOString() ?? null,
    payload: row.payload as WebhookEvent,
  };
}
