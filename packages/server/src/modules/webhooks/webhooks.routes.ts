import {
  webhookCreatedSchema,
  webhookDeletedSchema,
  webhookDeliveryListSchema,
  webhookDeliverySchema,
  webhookInputSchema,
  webhookListSchema,
  webhookPingResultSchema,
} from '@servicebay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/authenticate.js';

const tags = ['webhooks'];
const params = z.object({ id: z.uuid() });

export const webhooksRoutes: FastifyPluginAsyncZod = async (app) => {
  const { webhooks } = app.services;

  app.get(
    '/webhooks',
    {
      schema: {
        tags,
        summary: "The dealer's webhook subscriptions (their secrets are never shown again)",
        response: { 200: webhookListSchema },
      },
    },
    (r) => webhooks.list(actorOf(r)),
  );

  app.post(
    '/webhooks',
    {
      schema: {
        tags,
        summary: 'Subscribe a URL to events; the answer carries the signing secret, this once',
        body: webhookInputSchema,
        response: { 201: webhookCreatedSchema },
      },
    },
    (r, reply) => app.idempotent(r, reply, 201, (s) => s.webhooks.create(actorOf(r), r.body)),
  );

  app.delete(
    '/webhooks/:id',
    { schema: { tags, summary: 'Delete a subscription: nothing more is sent to it', params, response: { 204: webhookDeletedSchema } } },
    async (r, reply) => {
      await webhooks.remove(actorOf(r), r.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/webhooks/:id/ping',
    {
      schema: {
        tags,
        summary: 'Send a test event (`webhook.ping`) now and answer what the receiver said',
        params,
        response: { 200: webhookPingResultSchema },
      },
    },
    (r) => webhooks.ping(actorOf(r), r.params.id),
  );

  app.get(
    '/webhooks/:id/deliveries',
    {
      schema: {
        tags,
        summary: "The subscription's delivery log, newest first; each entry carries the event as it is posted (WebhookEvent)",
        params,
        response: { 200: webhookDeliveryListSchema },
      },
    },
    (r) => webhooks.deliveries(actorOf(r), r.params.id),
  );

  app.post(
    '/webhook-deliveries/:id/replay',
    { schema: { tags, summary: 'Send a delivery again, with the same event id', params, response: { 200: webhookDeliverySchema } } },
    (r) => webhooks.replay(actorOf(r), r.params.id),
  );
};
