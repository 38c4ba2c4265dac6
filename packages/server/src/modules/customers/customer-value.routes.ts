import {
  customerValuesSchema,
  valueCallListInputSchema,
  valueCallListSchema,
  valueListQuerySchema,
  valueListSchema,
  valueMixSchema,
  valueRunSchema,
  valueSettingsSchema,
} from '@servicebay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/authenticate.js';

const tags = ['customer value'];

export const customerValueRoutes: FastifyPluginAsyncZod = async (app) => {
  const { customerValue } = app.services;

  app.get(
    '/customers/:id/value',
    {
      schema: {
        tags,
        summary: "A customer's value at the dealer (the car maker: at each dealer): RFM, segment, lifetime value with its inputs, trend",
        params: z.object({ id: z.uuid() }),
        response: { 200: customerValuesSchema },
      },
    },
    (r) => customerValue.ofCustomer(actorOf(r), r.params.id),
  );

  app.get(
    '/customer-value/mix',
    {
      schema: {
        tags,
        summary: 'Customers by segment, the top fifth’s share of revenue and the retention, per dealer of the scope',
        querystring: z.object({ dealerId: z.uuid().optional() }),
        response: { 200: valueMixSchema },
      },
    },
    (r) => customerValue.mix(actorOf(r), r.query),
  );

  app.get(
    '/customer-value/customers',
    {
      schema: {
        tags,
        summary: 'The customers of a segment filter, the highest lifetime value first',
        querystring: valueListQuerySchema,
        response: { 200: valueListSchema },
      },
    },
    (r) => customerValue.list(actorOf(r), r.query),
  );

  app.post(
    '/customer-value/call-list',
    {
      schema: {
        tags,
        summary: 'Make a value filter a call list: a care call per customer who takes calls and has none open',
        body: valueCallListInputSchema,
        response: { 201: valueCallListSchema },
      },
    },
    async (r, reply) => reply.code(201).send(await customerValue.callList(actorOf(r), r.body)),
  );

  app.get(
    '/customer-value/settings',
    { schema: { tags, summary: "The dealer's settings of the value computation", response: { 200: valueSettingsSchema } } },
    (r) => customerValue.settings(actorOf(r)),
  );

  app.put(
    '/customer-value/settings',
    {
      schema: {
        tags,
        summary: "Set the dealer's value computation: window, margin, discount rate, horizon (from the next computation)",
        body: valueSettingsSchema,
        response: { 200: valueSettingsSchema },
      },
    },
    (r) => customerValue.saveSettings(actorOf(r), r.body),
  );

  app.post(
    '/customer-value/run',
    {
      schema: {
        tags,
        summary: "Compute the dealer's customer value now (as the nightly run does)",
        response: { 200: valueRunSchema },
      },
    },
    (r) => customerValue.runNow(actorOf(r)),
  );
};
