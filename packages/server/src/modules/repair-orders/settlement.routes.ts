import {
  deliveredSchema,
  deliverySchema,
  invoiceCreateSchema,
  invoiceSchema,
  kpiQuerySchema,
  paymentInputSchema,
  paymentReversalSchema,
  serviceKpiListSchema,
} from '@servicebay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/authenticate.js';

const params = z.object({ id: z.uuid() });
const tags = ['settlement'];

export const settlementRoutes: FastifyPluginAsyncZod = async (app) => {
  const { settlement } = app.services;

  app.post(
    '/repair-orders/:id/invoice',
    {
      schema: {
        tags,
        summary: 'Invoice a ready order; a discount beyond your authority needs a manager’s approval',
        params,
        body: invoiceCreateSchema,
        response: { 201: invoiceSchema },
      },
    },
    (r, reply) => app.idempotent(r, reply, 201, (s) => s.settlement.invoice(actorOf(r), r.params.id, r.body)),
  );
  app.get('/invoices/:id', { schema: { tags, params, response: { 200: invoiceSchema } } }, (r) =>
    settlement.getInvoice(actorOf(r), r.params.id),
  );
  app.get(
    '/kpis/service',
    {
      schema: {
        tags: ['kpis'],
        summary: 'Vehicles in, timely reception, on-time delivery, cashier time, revenue by pay type',
        querystring: kpiQuerySchema,
        response: { 200: serviceKpiListSchema },
      },
    },
    async (r) => ({
      items: await settlement.kpis(actorOf(r), r.query),
    }),
  );
  app.get(
    '/invoices/:id/pdf',
    {
      schema: {
        tags,
        summary: 'The invoice as an A4 PDF',
        params,
        querystring: z.object({ locale: z.enum(['zh-CN', 'en']).default('zh-CN') }),
      },
    },
    async (r, reply) => {
      const { filename, pdf } = await settlement.invoicePdf(actorOf(r), r.params.id, r.query.locale);
      return reply.type('application/pdf').header('content-disposition', `inline; filename="${filename}"`).send(pdf);
    },
  );
  app.post(
    '/invoices/:id/payments',
    {
      schema: {
        tags,
        summary: 'Record a payment (send an Idempotency-Key: a retried payment is recorded once)',
        params,
        body: paymentInputSchema,
        response: { 201: invoiceSchema },
      },
    },
    (r, reply) => app.idempotent(r, reply, 201, (s) => s.settlement.pay(actorOf(r), r.params.id, r.body)),
  );
  app.post(
    '/invoices/:id/payments/:paymentId/reversal',
    {
      schema: {
        tags,
        summary:
          'Take a payment back before delivery (the cashier or the service manager); points paid are given back, points earned taken back',
        params: z.object({ id: z.uuid(), paymentId: z.uuid() }),
        body: paymentReversalSchema,
        response: { 201: invoiceSchema },
      },
    },
    (r, reply) => app.idempotent(r, reply, 201, (s) => s.settlement.reversePayment(actorOf(r), r.params.id, r.params.paymentId, r.body)),
  );
  app.post(
    '/repair-orders/:id/deliver',
    {
      schema: {
        tags,
        summary: 'Hand the car back: checklist, next maintenance due, visit.delivered',
        params,
        body: deliverySchema,
        response: {
          200: deliveredSchema,
        },
      },
    },
    (r) => settlement.deliver(actorOf(r), r.params.id, r.body),
  );
};
