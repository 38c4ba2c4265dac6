import {
  callAttemptInputSchema,
  callAttemptRecordedSchema,
  callBookedSchema,
  callBookingSchema,
  callScreenSchema,
  followUpKpiListSchema,
  followUpKpiQuerySchema,
  followUpQueueQuerySchema,
  followUpQueueSchema,
  followUpSettingsPatchSchema,
  followUpSettingsSchema,
  followUpTaskSchema,
  nightlyRunSchema,
  reassignSchema,
  smsInboundResultSchema,
  vehicleMaintenancePredictionSchema,
  WIN_BACK_RESULTS,
  winBackCaseSchema,
  winBackListSchema,
  winBackUpdateSchema,
  workPlanActualSchema,
  workPlanInputSchema,
  workPlanListSchema,
  workPlanSchema,
} from '@servicebay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/authenticate.js';
import { AppError } from '../../platform/errors.js';
import { smsInboundSchema } from './follow-up.service.js';

const params = z.object({ id: z.uuid() });
const tags = ['follow-up'];

export const followUpRoutes: FastifyPluginAsyncZod = async (app) => {
  const { followUp } = app.services;

  app.get(
    '/follow-up/settings',
    {
      schema: {
        tags,
        summary: 'The care timers (defaults of domain.md §5 until the dealer sets its own), attempts and reminder channel',
        response: { 200: followUpSettingsSchema },
      },
    },
    (r) => followUp.settings(actorOf(r)),
  );
  app.patch(
    '/follow-up/settings',
    { schema: { tags, body: followUpSettingsPatchSchema, response: { 200: followUpSettingsSchema } } },
    (r) => followUp.updateSettings(actorOf(r), r.body),
  );

  app.post(
    '/follow-up/run',
    {
      schema: {
        tags,
        summary: "Run tonight's care timers now for this dealer (idempotent: a task is created once)",
        response: { 200: nightlyRunSchema },
      },
    },
    (r) => followUp.runNow(actorOf(r)),
  );
  app.get(
    '/follow-up/tasks',
    {
      schema: {
        tags,
        summary: "An agent's call queue: today (incl. call-backs due), overdue, upcoming, closed",
        querystring: followUpQueueQuerySchema,
        response: { 200: followUpQueueSchema },
      },
    },
    (r) => followUp.queue(actorOf(r), r.query),
  );
  app.get(
    '/follow-up/tasks/:id',
    {
      schema: {
        tags,
        summary: 'One call screen: task, customer 360 summary, script (话术), attempts',
        params,
        querystring: z.object({ locale: z.enum(['zh-CN', 'en']).default('zh-CN') }),
        response: { 200: callScreenSchema },
      },
    },
    (r) => followUp.screen(actorOf(r), r.params.id, r.query.locale),
  );
  app.post(
    '/follow-up/tasks/:id/attempts',
    {
      schema: {
        tags,
        summary: 'Record a call attempt (the outcome form); three unanswered attempts close the task as unreachable',
        params,
        body: callAttemptInputSchema,
        response: { 201: callAttemptRecordedSchema },
      },
    },
    (r, reply) => app.idempotent(r, reply, 201, (s) => s.followUp.recordAttempt(actorOf(r), r.params.id, r.body)),
  );
  app.post(
    '/follow-up/tasks/:id/appointment',
    {
      schema: {
        tags,
        summary: 'The call books an appointment (same capacity rules; 409 slot_full with alternatives); the task closes with it',
        params,
        body: callBookingSchema,
        response: { 201: callBookedSchema },
      },
    },
    (r, reply) => app.idempotent(r, reply, 201, (s) => s.followUp.book(actorOf(r), r.params.id, r.body)),
  );
  app.post(
    '/follow-up/tasks/:id/reassign',
    { schema: { tags, params, body: reassignSchema, response: { 200: followUpTaskSchema } } },
    (r) => followUp.reassign(actorOf(r), r.params.id, r.body),
  );

  app.get(
    '/vehicles/:id/maintenance-prediction',
    {
      schema: {
        tags,
        summary: 'Maintenance due prediction of one vehicle, recomputed now',
        params,
        response: { 200: vehicleMaintenancePredictionSchema },
      },
    },
    (r) => followUp.predictVehicle(actorOf(r), r.params.id),
  );

  app.get(
    '/win-back',
    {
      schema: {
        tags,
        summary: 'Lost and at-risk customers: reason, action, cost, result',
        querystring: z.object({ result: z.enum(WIN_BACK_RESULTS).optional() }),
        response: { 200: winBackListSchema },
      },
    },
    async (r) => ({
      items: await followUp.winBack(actorOf(r), r.query.result),
    }),
  );
  app.patch('/win-back/:id', { schema: { tags, params, body: winBackUpdateSchema, response: { 200: winBackCaseSchema } } }, (r) =>
    followUp.updateWinBack(actorOf(r), r.params.id, r.body),
  );

  app.get(
    '/work-plans',
    {
      schema: {
        tags,
        summary: 'Follow-up, activity and service plans with their live actual counts',
        response: { 200: workPlanListSchema },
      },
    },
    async (r) => ({ items: await followUp.plans(actorOf(r)) }),
  );
  app.post('/work-plans', { schema: { tags, body: workPlanInputSchema, response: { 201: workPlanSchema } } }, (r, reply) =>
    app.idempotent(r, reply, 201, (s) => s.followUp.createPlan(actorOf(r), r.body)),
  );
  app.post(
    '/work-plans/:id/actual',
    {
      schema: {
        tags,
        summary: 'The actual count of a plan counted by hand',
        params,
        body: workPlanActualSchema,
        response: { 200: workPlanSchema },
      },
    },
    (r) => followUp.setPlanActual(actorOf(r), r.params.id, r.body),
  );

  app.get(
    '/kpis/follow-up',
    {
      schema: {
        tags: ['kpis'],
        summary: 'Follow-up completion, contact, conversion to appointment, tasks overdue, periodic-maintenance return rate',
        querystring: followUpKpiQuerySchema,
        response: { 200: followUpKpiListSchema },
      },
    },
    async (r) => ({
      items: await followUp.kpis(actorOf(r), r.query),
    }),
  );
};

/** The SMS gateway's callback for replies (no login; a shared bearer token). Off unless SMS_INBOUND_TOKEN is set. */
export const smsInboundRoutes: FastifyPluginAsyncZod<{ token: string | undefined }> = async (app, options) => {
  app.post(
    '/sms/inbound',
    {
      schema: {
        tags,
        summary: 'A reply to our SMS: 退订 / STOP turns SMS consent off for the number',
        body: smsInboundSchema,
        response: { 200: smsInboundResultSchema },
      },
    },
    async (r) => {
      if (!options.token || r.headers.authorization !== `Bearer ${options.token}`)
        throw new AppError('not_found', { detail: 'no such route' });
      return app.services.followUp.smsInbound(r.body);
    },
  );
};
