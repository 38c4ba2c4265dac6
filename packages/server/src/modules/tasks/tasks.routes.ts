import { dealerNarrowingSchema, taskCompletedSchema, taskCompleteSchema, taskListSchema } from '@servicebay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/authenticate.js';

const params = z.object({ id: z.uuid() });
const tags = ['appointments'];

export const tasksRoutes: FastifyPluginAsyncZod = async (app) => {
  const { tasks } = app.services;

  app.get(
    '/tasks',
    {
      schema: {
        tags,
        querystring: z.object({ scope: z.enum(['mine', 'all']).default('mine'), ...dealerNarrowingSchema }),
        response: { 200: taskListSchema },
      },
    },
    async (r) => ({ items: await tasks.tasks(actorOf(r), r.query.scope, r.query.dealerId) }),
  );
  app.post('/tasks/:id/complete', { schema: { tags, params, body: taskCompleteSchema, response: { 200: taskCompletedSchema } } }, (r) =>
    tasks.completeTask(actorOf(r), r.params.id, r.body.result),
  );
};
