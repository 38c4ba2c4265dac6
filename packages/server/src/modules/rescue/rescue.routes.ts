import {
  plateSchema,
  rescueArrivedSchema,
  rescueCallInputSchema,
  rescueCallListQuerySchema,
  rescueCallListSchema,
  rescueCallSchema,
  rescueCancelSchema,
  rescueCompleteSchema,
  rescueDispatchSchema,
  rescueKpiQuerySchema,
  rescueKpiSchema,
  rescueSettingsSchema,
  rescueUnitInputSchema,
  rescueUnitListSchema,
  rescueUnitSchema,
} from '@servicebay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/authenticate.js';

const tags = ['rescue'];
const params = z.object({ id: z.uuid() });
const openVisitBody = z.object({ plate: plateSchema.optional() });

export const rescueRoutes: FastifyPluginAsyncZod = async (app) => {
  const { rescue } = app.services;

  app.get(
    '/rescue-calls',
    {
      schema: {
        tags,
        summary: 'The rescue calls: the open ones (oldest first) or the closed ones (newest first), per dealer of the scope',
        querystring: rescueCallListQuerySchema,
        response: { 200: rescueCallListSchema },
      },
    },
    (r) => rescue.listCalls(actorOf(r), r.query),
  );

  app.post(
    '/rescue-calls',
    {
      schema: {
        tags,
        summary: "Record a rescue call: where, the caller's mobile, the car when its plate is known, the problem",
        body: rescueCallInputSchema,
        response: { 201: rescueCallSchema },
      },
    },
    (r, reply) => app.idempotent(r, reply, 201, (s) => s.rescue.recordCall(actorOf(r), r.body)),
  );

  app.get(
    '/rescue-calls/:id',
    { schema: { tags, summary: 'A rescue call with its steps and what happened to its SMS', params, response: { 200: rescueCallSchema } } },
    (r) => rescue.getCall(actorOf(r), r.params.id),
  );

  app.post(
    '/rescue-calls/:id/dispatch',
    {
      schema: {
        tags,
        summary: 'Send a rescue unit (refused while it is on another open call); the caller is texted',
        params,
        body: rescueDispatchSchema,
        response: { 200: rescueCallSchema },
      },
    },
    (r) => rescue.dispatch(actorOf(r), r.params.id, r.body),
  );

  app.post(
    '/rescue-calls/:id/arrived',
    { schema: { tags, summary: 'The unit is on site', params, body: rescueArrivedSchema, response: { 200: rescueCallSchema } } },
    (r) => rescue.arrived(actorOf(r), r.params.id, r.body),
  );

  app.post(
    '/rescue-calls/:id/complete',
    {
      schema: {
        tags,
        summary: 'Close the call with its outcome; towed to the dealer opens the visit when the car is known',
        params,
        body: rescueCompleteSchema,
        response: { 200: rescueCallSchema },
      },
    },
    (r) => rescue.complete(actorOf(r), r.params.id, r.body),
  );

  app.post(
    '/rescue-calls/:id/visit',
    {
      schema: {
        tags,
        summary: 'Open the visit of a call towed to the dealer (again: the same visit)',
        params,
        body: openVisitBody,
        response: { 200: rescueCallSchema },
      },
    },
    (r) => rescue.openVisit(actorOf(r), r.params.id, r.body),
  );

  app.post(
    '/rescue-calls/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a call before the unit is on site',
        params,
        body: rescueCancelSchema,
        response: { 200: rescueCallSchema },
      },
    },
    (r) => rescue.cancel(actorOf(r), r.params.id, r.body),
  );

  app.get(
    '/rescue-units',
    {
      schema: {
        tags,
        summary: "The dealer's rescue vehicles and partners, with the call each is on",
        response: { 200: rescueUnitListSchema },
      },
    },
    (r) => rescue.listUnits(actorOf(r)),
  );

  app.post(
    '/rescue-units',
    { schema: { tags, summary: 'Add a rescue vehicle or partner', body: rescueUnitInputSchema, response: { 201: rescueUnitSchema } } },
    async (r, reply) => reply.code(201).send(await rescue.addUnit(actorOf(r), r.body)),
  );

  app.put(
    '/rescue-units/:id',
    {
      schema: {
        tags,
        summary: 'Change a rescue unit (or take it out of service)',
        params,
        body: rescueUnitInputSchema,
        response: { 200: rescueUnitSchema },
      },
    },
    (r) => rescue.updateUnit(actorOf(r), r.params.id, r.body),
  );

  app.get('/rescue-settings', { schema: { tags, summary: "The dealer's response target", response: { 200: rescueSettingsSchema } } }, (r) =>
    rescue.settings(actorOf(r)),
  );

  app.put(
    '/rescue-settings',
    { schema: { tags, summary: "Set the dealer's response target", body: rescueSettingsSchema, response: { 200: rescueSettingsSchema } } },
    (r) => rescue.saveSettings(actorOf(r), r.body),
  );

  app.get(
    '/rescue-kpis',
    {
      schema: {
        tags,
        summary: 'The rescue response KPI (median and average minutes from call to arrival, share within target) per dealer and month',
        querystring: rescueKpiQuerySchema,
        response: { 200: rescueKpiSchema },
      },
    },
    (r) => rescue.kpi(actorOf(r), r.query),
  );
};
