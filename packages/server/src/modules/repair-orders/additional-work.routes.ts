import {
  additionalItemDecisionSchema,
  additionalItemLinkSentSchema,
  additionalItemLinkShownSchema,
  additionalItemListSchema,
  additionalItemRaiseSchema,
  additionalItemSchema,
  additionalItemSendLinkSchema,
  awaitingDecisionListSchema,
  declinedRecommendationListSchema,
} from '@servicebay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/authenticate.js';

const params = z.object({ id: z.uuid() });
const tags = ['additional work'];

/** Additional work (增修项目) on a repair order: raised during the job, billed only once the customer approves. */
export const additionalWorkRoutes: FastifyPluginAsyncZod = async (app) => {
  const { additionalWork } = app.services;

  app.post(
    '/repair-orders/:id/additional-items',
    {
      schema: {
        tags,
        summary: 'Raise additional work found during the job (technician or advisor): price, reason, photos; not billed until approved',
        params,
        body: additionalItemRaiseSchema,
        response: { 201: additionalItemSchema },
      },
    },
    (r, reply) => app.idempotent(r, reply, 201, (s) => s.additionalWork.raise(actorOf(r), r.params.id, r.body)),
  );
  app.get('/repair-orders/:id/additional-items', { schema: { tags, params, response: { 200: additionalItemListSchema } } }, async (r) => ({
    items: await additionalWork.list(actorOf(r), r.params.id),
  }));
  app.post(
    '/additional-items/:id/decision',
    {
      schema: {
        tags,
        summary:
          "The customer's answer in person: approved becomes a line of the order; a declined safety item needs the hazard wording and the customer's signature",
        params,
        body: additionalItemDecisionSchema,
        response: { 200: additionalItemSchema },
      },
    },
    (r, reply) => app.idempotent(r, reply, 200, (s) => s.additionalWork.decide(actorOf(r), r.params.id, r.body)),
  );
  app.post(
    '/additional-items/:id/send-link',
    {
      schema: {
        tags,
        summary: 'Text the customer a one-use approval link, valid 24 hours',
        params,
        body: additionalItemSendLinkSchema,
        response: { 202: additionalItemLinkSentSchema },
      },
    },
    (r, reply) => app.idempotent(r, reply, 202, (s) => s.additionalWork.sendLink(actorOf(r), r.params.id, r.body)),
  );
  // Not stored under an idempotency key: the answer holds the link itself. A retry just makes another link.
  app.post(
    '/additional-items/:id/show-link',
    {
      schema: {
        tags,
        summary:
          'A fresh one-use approval link to show as a QR code for the customer to scan in person (no SMS); replaces the previous link',
        params,
        response: { 200: additionalItemLinkShownSchema },
      },
    },
    (r) => additionalWork.showLink(actorOf(r), r.params.id),
  );
  app.get(
    '/additional-items/awaiting-decision',
    {
      schema: {
        tags,
        summary: "Additional work waiting for the customer's decision on orders in the workshop: mine (the advisor's) or the dealer's",
        querystring: z.object({
          mine: z
            .enum(['true', 'false'])
            .default('true')
            .transform((v) => v === 'true'),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: awaitingDecisionListSchema },
      },
    },
    async (r) => ({ items: await additionalWork.awaitingDecision(actorOf(r), r.query) }),
  );
  app.get(
    '/vehicles/:id/declined-recommendations',
    {
      schema: {
        tags,
        summary: "The vehicle's declined additional work from earlier orders, newest first, to offer again",
        params,
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
        response: { 200: declinedRecommendationListSchema },
      },
    },
    async (r) => ({ items: await additionalWork.declinedRecommendations(actorOf(r), r.params.id, r.query.limit) }),
  );
};
