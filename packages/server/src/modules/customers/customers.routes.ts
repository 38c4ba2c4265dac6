import {
  cursorQuerySchema,
  customerHistoryPageSchema,
  customerHistoryQuerySchema,
  customerInputSchema,
  customerPageSchema,
  customerPatchSchema,
  customerSchema,
  customerSearchResultSchema,
  openCallTaskListSchema,
  timelinePageSchema,
  vehicleListSchema,
} from '@servicebay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/authenticate.js';

const params = z.object({ id: z.uuid() });
const tags = ['customers'];

export const customersRoutes: FastifyPluginAsyncZod = async (app) => {
  const { customers, customerHistory, vehicles } = app.services;

  app.get(
    '/customers',
    {
      schema: {
        tags,
        summary: "The dealer's customers, newest first",
        querystring: cursorQuerySchema,
        response: { 200: customerPageSchema },
      },
    },
    (request) => customers.list(actorOf(request), request.query),
  );

  app.get(
    '/customers/search',
    {
      schema: {
        tags,
        summary: 'Search by name, mobile or its last 4 digits, plate (any part), VIN or its last 6',
        querystring: z.object({ q: z.string().max(60), limit: z.coerce.number().int().min(1).max(100).default(50) }),
        response: { 200: customerSearchResultSchema },
      },
    },
    async (request) => ({ items: await customers.search(actorOf(request), request.query.q, request.query.limit) }),
  );

  app.post('/customers', { schema: { tags, body: customerInputSchema, response: { 201: customerSchema } } }, (request, reply) =>
    app.idempotent(request, reply, 201, (services) => services.customers.create(actorOf(request), request.body)),
  );

  app.get('/customers/:id', { schema: { tags, params, response: { 200: customerSchema } } }, (request) =>
    customers.get(actorOf(request), request.params.id),
  );

  app.patch('/customers/:id', { schema: { tags, params, body: customerPatchSchema, response: { 200: customerSchema } } }, (request) =>
    customers.update(actorOf(request), request.params.id, request.body),
  );

  app.get(
    '/customers/:id/vehicles',
    {
      schema: {
        tags,
        params,
        summary: 'Vehicles the customer owns or uses',
        response: { 200: vehicleListSchema },
      },
    },
    async (request) => ({
      items: await vehicles.listForCustomer(actorOf(request), request.params.id),
    }),
  );

  app.get(
    '/customers/:id/timeline',
    {
      schema: {
        tags,
        params,
        querystring: cursorQuerySchema,
        summary: 'Every event of the customer, newest first',
        response: { 200: timelinePageSchema },
      },
    },
    (request) => customers.timeline(actorOf(request), request.params.id, request.query),
  );

  app.get(
    '/customers/:id/history',
    {
      schema: {
        tags,
        params,
        querystring: customerHistoryQuerySchema,
        summary:
          'The customer log (客户日志): visits and repair orders, appointments, calls, complaints, surveys and messages, newest first; filter with kinds=visit,call,…',
        response: { 200: customerHistoryPageSchema },
      },
    },
    (request) => customerHistory.history(actorOf(request), request.params.id, request.query),
  );

  app.get(
    '/customers/:id/open-calls',
    {
      schema: {
        tags,
        params,
        summary: "The dealer's care calls still to make to this customer (empty for those who make no calls)",
        response: { 200: openCallTaskListSchema },
      },
    },
    async (request) => ({ items: await customerHistory.openCalls(actorOf(request), request.params.id) }),
  );
};
