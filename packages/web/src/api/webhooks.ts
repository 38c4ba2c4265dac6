// Webhooks: the dealer's subscriptions of other systems to events, their delivery log, ping and replay.
import type {
  Webhook,
  WebhookCreated,
  WebhookDelivery,
  WebhookDeliveryList,
  WebhookInput,
  WebhookList,
  WebhookPingResult,
} from '@servicebay/contracts';
import { useQuery } from '@tanstack/react-query';
import { api } from './client';

export type { Webhook, WebhookDelivery };

export const webhookKeys = {
  all: ['webhooks'] as const,
  deliveries: (id: string) => ['webhooks', id, 'deliveries'] as const,
};

export const webhooksApi = {
  list: () => api.get<WebhookList>('/webhooks').then((r) => r.items),
  create: (input: WebhookInput, idempotencyKey?: string) => api.post<WebhookCreated>('/webhooks', input, idempotencyKey),
  remove: (id: string) => api.delete<null>(`/webhooks/${id}`),
  ping: (id: string) => api.post<WebhookPingResult>(`/webhooks/${id}/ping`, {}),
  deliveries: (id: string) => api.get<WebhookDeliveryList>(`/webhooks/${id}/deliveries`).then((r) => r.items),
  replay: (deliveryId: string) => api.post<WebhookDelivery>(`/webhook-deliveries/${deliveryId}/replay`, {}),
};

export function useWebhooks() {
  return useQuery({ queryKey: webhookKeys.all, queryFn: webhooksApi.list });
}

export function useWebhookDeliveries(id: string | null) {
  return useQuery({ queryKey: webhookKeys.deliveries(id ?? ''), queryFn: () => webhooksApi.deliveries(id!), enabled: id !== null });
}
