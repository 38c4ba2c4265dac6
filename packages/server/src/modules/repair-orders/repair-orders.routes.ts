import {
  authoriseSchema,
  catalogueSchema,
  dealerNarrowingSchema,
  RO_STATUSES,
  repairOrderCreateSchema,
  repairOrderListSchema,
  repairOrderPatchSchema,
  repairOrderSchema,
  roTransitionSchema,
  visitCreateSchema,
  visitSchema,
} from '@servicebay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/authenticate.js';

const params = z.object({ id: z.uuid() });
const tags = ['repair orders'];

export const repairOrdersRoutes: FastifyPluginAsyncZod = async (app) => {
  const { repairOrders } = app.services;

  app.get(
    '/catalogue',
    {
      schema: {
        tags,
        summary: 'Labour operations and maintenance packages',
        response: {
          200: catalogueSchema,
        },
      },
    },
    (r) => repairOrders.catalogue(actorOf(r)),
  );
  app.post(
    '/visits',
    {
      schema: {
        tags,
        summary: "Check a car in: from today's appointment or as a walk-in",
        body: visitCreateSchema,
        response: { 201: visitSchema },
      },
    },
    (r, reply) => app.idempotent(r, reply, 201, (s) => s.repairOrders.openVisit(actorOf(r), r.body)),
  );
  app.get('/visits/:id', { schema: { tags, params, response: { 200: visitSchema } } }, (r) =>
    repairOrders.getVisit(actorOf(r), r.params.id),
  );
  app.post(
    '/repair-orders',
    {
      schema: {
        tags,
        summary: 'Open a repair order; the promised delivery time is required',
        body: repairOrderCreateSchema,
        response: { 201: repairOrderSchema },
      },
    },
    (r, reply) => app.idempotent(r, reply, 201, (s) => s.repairOrders.create(actorOf(r), r.body)),
  );
  app.get(
    '/repair-orders',
    {
      schema: {
        tags,
        querystring: z.object({
          status: z.enum(RO_STATUSES).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
          ...dealerNarrowingSchema,
        }),
        response: { 200: repairOrderListSchema },
      },
    },
    async (r) => ({
      items: await repairOrders.list(actorOf(r), r.query),
    }),
  );
  app.get('/repair-orders/:id', { schema: { tags, params, response: { 200: repairOrderSchema } } }, (r) =>
    repairOrders.get(actorOf(r), r.params.id),
  );
  app.get(
    '/repair-orders/:id/pdf',
    {
      schema: {
        tags,
        summary: 'The repair order as an A4 PDF',
        params,
        querystring: z.object({ locale: z.enum(['zh-CN', 'en']).default('zh-CN'), progressToken: z.string().min(16).max(100).optional() }),
      },
    },
    async (r, reply) => {
      const { filename, pdf } = await repairOrders.pdf(actorOf(r), r.params.id, r.query);
      return reply.type('application/pdf').header('content-disposition', `inline; filename="${filename}"`).send(pdf);
    },
  );
  app.patch(
    '/repair-orders/:id',
    {
      schema: {
        tags,
        summary: 'Edit with the version you started from; a stale one gets 409',
        params,
        body: repairOrderPatchSchema,
        response: { 200: repairOrderSchema },
      },
    },
    (r) => repairOrders.update(actorOf(r), r.params.id, r.body),
  );
  app.post(
    '/repair-orders/:id/authorise',
    {
      schema: {
        tags,
        summary: "The customer's signature authorises the work",
        params,
        body: authoriseSchema,
        response: { 200: repairOrderSchema },
      },
    },
    (r) => repairOrders.authorise(actorOf(r), r.params.id, r.body),
  );
  app.post(
    '/repair-orders/:id/transitions',
    {
      schema: {
        tags,
        summary: 'Move through the workshop: in progress, quality check (fail → back with a reason), ready, cancelled',
        params,
        body: roTransitionSchema,
        response: { 200: repairOrderSchema },
      },
    },
    (r) => repairOrders.transition(actorOf(r), r.params.id, r.body),
  );
};
