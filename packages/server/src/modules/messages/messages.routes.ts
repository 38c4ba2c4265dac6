import { messageLogPageSchema, messageLogQuerySchema } from '@servicebay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/authenticate.js';

export const messagesRoutes: FastifyPluginAsyncZod = async (app) => {
  const { messages } = app.services;

  app.get(
    '/messages',
    {
      schema: {
        tags: ['messages'],
        summary: 'The message log: what left through the outbox (SMS and email) or was not sent, and why; filtered, newest first',
        querystring: messageLogQuerySchema,
        response: { 200: messageLogPageSchema },
      },
    },
    (r) => messages.messages(actorOf(r), r.query),
  );
};
